"""A live server for tests that need a real socket (browsers, stream aborts): the app under
uvicorn in a thread, on a free loopback port."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def serve_app(app: Any, *, log_level: str = "warning", ready_seconds: float = 60
              ) -> Iterator[str]:
    """Serve `app` until the block ends; yields its base URL once /readyz answers 200."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level=log_level, access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_seconds
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError("live server did not become ready")
            time.sleep(0.05)
        yield base
    finally:
        server.should_exit = True
        thread.join(10)


@contextmanager
def serve_process(env: dict[str, str], log: Any, *, workers: int = 1,
                  preexec_fn: Any = None, ready_seconds: float = 90) -> Iterator[str]:
    """`hiring-advisor serve` in a process of its own (output into the file `log`), until the
    block ends; yields its base URL once /readyz answers 200."""
    import subprocess
    import sys

    port = free_port()
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port),
             "--workers", str(workers)], env=env, stdout=out, stderr=subprocess.STDOUT,
            preexec_fn=preexec_fn)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + ready_seconds
        while True:
            assert process.poll() is None, f"the server stopped: {open(log).read()[-3000:]}"
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"not ready: {open(log).read()[-3000:]}"
            time.sleep(0.1)
        yield base
    finally:
        stop_process(process)


def stop_process(process: Any, grace: float = 20) -> None:
    """Stop a child process: SIGTERM, then SIGKILL after `grace` seconds."""
    import subprocess

    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)
