"""One client cannot starve a server that faces the network itself (api.serve.connections):
a real `hiring-advisor serve` under the common limit of 1024 open files, and one client
holding 1,100 connections that each sent half a request head (a "slowloris").

With the guard, the client's connections beyond its cap are closed at once, the ones within
it get 408 once the head is late, and everyone else is served throughout. Without it (the
finding this answers) the server ran out of descriptors on the machine where it was found and
answered 0 of 3 others; whether an unguarded server starves depends on the kernel and event
loop, so that half is not a test: it failed to reproduce on a CI machine.
"""

from __future__ import annotations

import os
import resource
import socket
import time

import httpx
import pytest

from tests.conftest import KNOWLEDGE
from tests.support.live import serve_process

HELD = 1100  # connections the slow client opens: more than the server's 1024 descriptors
SLOW_CLIENT = "127.0.0.2"  # on Linux all of 127/8 is loopback: a client apart from the tests'
HALF_A_HEAD = b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: "


def _server_limits() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


@pytest.fixture
def room_for_the_slow_client():
    """This process may hold the slow client's sockets (its own limit raised, if it may)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = HELD + 512
    if hard != resource.RLIM_INFINITY and hard < wanted:
        pytest.skip(f"the tests may open only {hard} files; this needs {wanted}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def _hold(port: int, n: int) -> list[socket.socket]:
    held = []
    for _ in range(n):
        sock = socket.socket()
        sock.settimeout(2)
        sock.bind((SLOW_CLIENT, 0))
        try:
            sock.connect(("127.0.0.1", port))
            sock.sendall(HALF_A_HEAD)
        except OSError:
            sock.close()
            continue
        held.append(sock)
    return held


def _healthz(base: str, n: int, timeout: float) -> list[int | str]:
    outcomes: list[int | str] = []
    for _ in range(n):
        try:
            outcomes.append(httpx.get(f"{base}/healthz", timeout=timeout,
                                      headers={"Connection": "close"}).status_code)
        except httpx.HTTPError as exc:
            outcomes.append(type(exc).__name__)
    return outcomes


def _reply(sock: socket.socket) -> bytes:
    try:
        return sock.recv(200)
    except OSError as exc:
        return type(exc).__name__.encode()


@pytest.mark.integration
def test_half_sent_requests_from_one_client_do_not_starve_the_others(
        real_index, tmp_path, room_for_the_slow_client):
    env = {**os.environ, "HIRING_ADVISOR_INDEX_DIR": str(real_index),
           "HIRING_ADVISOR_KNOWLEDGE_DIR": str(KNOWLEDGE),
           "HIRING_ADVISOR_DATABASE_URL": f"sqlite:///{tmp_path / 'chat.db'}",
           "HIRING_ADVISOR_EMBED_THREADS": "1",
           "HIRING_ADVISOR_HEADER_TIMEOUT_SECONDS": "3",
           "HIRING_ADVISOR_MAX_CONNECTIONS_PER_CLIENT": "64"}
    with serve_process(env, tmp_path / "server.log", preexec_fn=_server_limits) as base:
        port = int(base.rsplit(":", 1)[1])
        held = _hold(port, HELD)
        try:
            time.sleep(0.5)
            assert _healthz(base, 19, timeout=2) == [200] * 19
            over = [_reply(s) for s in held[64:74]]
            assert all(r.startswith(b"HTTP/1.1 503 ") for r in over), over[:2]
            time.sleep(3.5)  # the heads within the cap are now late
            late = [_reply(s) for s in held[:10]]
            assert all(r.startswith(b"HTTP/1.1 408 ") for r in late), late[:2]
            assert _healthz(base, 5, timeout=2) == [200] * 5
            metrics = httpx.get(f"{base}/metrics", timeout=5).text
            assert 'hiring_advisor_connections_refused_total{why="per_client"} ' in metrics
            assert 'hiring_advisor_connections_refused_total{why="header_timeout"} ' in metrics
        finally:
            for sock in held:
                sock.close()
    assert "Traceback" not in (tmp_path / "server.log").read_text()
