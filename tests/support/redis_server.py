"""A real, throw-away `redis-server` for tests: a free loopback port, no persistence.

    with redis_server() as server:
        env["HIRING_ADVISOR_RATE_LIMIT_STORAGE"] = server.url
        server.stop()   # Redis is down (connections refused) ...
        server.start()  # ... and back, on the same port, empty
        server.freeze() # Redis hangs (connections accepted, nothing answered) until thaw()

Without Debian's redis-server the test using it is skipped, unless CI=true, where it fails.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.live import free_port, stop_process

START_TIMEOUT = 10.0  # seconds; redis-server is ready in milliseconds


def redis_server_path() -> str:
    """The redis-server executable; skips the test without it (fails it when CI=true)."""
    path = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if Path("/usr/bin/redis-server").exists() else None)
    if path is None:
        problem = "redis-server not found (apt-get install redis-server)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"the Redis tests need redis-server in CI: {problem}")
        pytest.skip(problem)
    return path


class RedisServer:
    """One redis-server process on 127.0.0.1:`port`, which can be stopped and started again."""

    def __init__(self, executable: str, directory: Path, port: int) -> None:
        self.executable = executable
        self.directory = directory
        self.port = port
        self.url = f"redis://127.0.0.1:{port}/0"
        self.log = directory / "redis.log"
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> RedisServer:
        """Start the server (empty: nothing is saved) and wait until it answers PING."""
        if self.running:
            return self
        self._process = subprocess.Popen(
            [self.executable, "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--dir", str(self.directory),
             "--logfile", str(self.log)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            if self._pong():
                return self
            time.sleep(0.02)
        self.stop()
        tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
        raise RuntimeError(f"redis-server did not start on port {self.port}:\n{tail}")

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL); its port refuses connections after this."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGCONT)  # a frozen server cannot act on SIGTERM
        stop_process(process, grace=5)

    def freeze(self) -> None:
        """Suspend the server (SIGSTOP): it accepts connections but answers nothing."""
        assert self._process is not None, "start() the server first"
        self._process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        """Resume a frozen server (SIGCONT)."""
        assert self._process is not None, "start() the server first"
        self._process.send_signal(signal.SIGCONT)

    def _pong(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


@contextmanager
def redis_server() -> Iterator[RedisServer]:
    """A started RedisServer (its URL is `.url`), stopped and removed on exit."""
    executable = redis_server_path()
    with tempfile.TemporaryDirectory(prefix="redis-") as directory:
        for attempt in range(3):
            # Another process may take the free port between the look and the start: retry.
            server = RedisServer(executable, Path(directory), free_port())
            try:
                server.start()
                break
            except RuntimeError:
                if attempt == 2:
                    raise
        try:
            yield server
        finally:
            server.stop()
