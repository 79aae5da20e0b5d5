"""The server's guard on connections (api.serve.connections) under a real uvicorn in a thread,
on a small ASGI app: a late request head gets 408, a slow answer is not cut, a client's
connections beyond its cap get 503, and a trusted proxy has no cap. Under the real server and
the common 1024-file limit: tests/system/test_connections.py."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import uvicorn

from api.serve.connections import Guard, GuardedHttp, TrustedProxies
from tests.support.live import free_port

HEAD = b"GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n"


async def app(scope, receive, send):  # noqa: ANN001 - a bare ASGI app
    if scope["type"] != "http":
        return
    if scope["path"] == "/slow":
        await asyncio.sleep(0.8)  # longer than the heads' timeout below
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@contextmanager
def guarded_server(guard: Guard) -> Iterator[int]:
    protocol = type("TestGuardedHttp", (GuardedHttp,), {"guard": guard})
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, http=protocol,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=3)
    return sock


def read_reply(sock: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def test_a_late_head_gets_408_a_slow_answer_does_not():
    with guarded_server(Guard(0.4, 0, 64, [])) as port:
        with connect(port) as sock:  # nothing sent at all
            sock.sendall(b"GET / HTTP/1.1\r\nHost: loc")
            started = time.monotonic()
            assert read_reply(sock).startswith(b"HTTP/1.1 408 ")
            assert 0.3 < time.monotonic() - started < 2
        with connect(port) as sock:  # the answer takes 0.8 s: the head came in time
            sock.sendall(HEAD)
            assert read_reply(sock).startswith(b"HTTP/1.1 200 ")


def test_the_next_head_on_a_kept_alive_connection_must_come_in_time_too():
    with guarded_server(Guard(0.4, 0, 64, [])) as port, connect(port) as sock:
        sock.sendall(b"GET /fast HTTP/1.1\r\nHost: localhost\r\n\r\n")
        assert read_reply(sock).startswith(b"HTTP/1.1 200 ")
        sock.sendall(b"GET /fast HTTP/1.1\r\n")  # and no more
        assert b"HTTP/1.1 408 " in read_reply(sock)


def test_connections_beyond_a_clients_cap_get_503_and_free_their_place_when_closed():
    guard = Guard(5, 2, 64, [])
    with guarded_server(guard) as port:
        first, second = connect(port), connect(port)
        third = connect(port)
        assert read_reply(third).startswith(b"HTTP/1.1 503 ")
        first.close()
        time.sleep(0.2)
        with connect(port) as again:
            again.sendall(b"GET /fast HTTP/1.1\r\nHost: localhost\r\n\r\n")
            assert read_reply(again).startswith(b"HTTP/1.1 200 ")
        second.close()
        third.close()
    assert guard.open == {}  # every connection released its place


def test_a_trusted_proxy_has_no_cap():
    guard = Guard(5, 1, 64, ["127.0.0.0/8"])
    with guarded_server(guard) as port:
        socks = [connect(port) for _ in range(5)]
        for sock in socks:
            sock.sendall(b"GET /fast HTTP/1.1\r\nHost: localhost\r\n\r\n")
            assert read_reply(sock).startswith(b"HTTP/1.1 200 ")
            sock.close()


@pytest.mark.parametrize(("entries", "address", "trusted"), [
    (["*"], "203.0.113.9", True),
    (["10.0.0.1"], "10.0.0.1", True),
    (["10.0.0.0/8"], "10.2.3.4", True),
    (["10.0.0.0/8"], "11.0.0.1", False),
    (["2001:db8::/32"], "2001:db8:1::5", True),
    ([], "127.0.0.1", False),
    (["10.0.0.0/8"], "testclient", False),
])
def test_trusted_proxies_are_addresses_or_networks(entries, address, trusted):
    assert (address in TrustedProxies(entries)) is trusted


def test_a_client_is_counted_by_its_ipv6_network():
    guard = Guard(5, 2, 64, [])
    assert guard.admit("2001:db8:1:2::1") == "2001:db8:1:2::/64"
    assert guard.admit("2001:db8:1:2::2") == "2001:db8:1:2::/64"
    assert guard.admit("2001:db8:1:2::3") is None  # the cap, for the whole /64
    assert guard.admit("2001:db8:1:3::1") == "2001:db8:1:3::/64"
    guard.release("2001:db8:1:2::/64")
    assert guard.admit("2001:db8:1:2::4") == "2001:db8:1:2::/64"
