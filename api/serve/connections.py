"""What one client may hold of a server that faces the network itself: connections that must
send their headers in time, and a cap on how many one client keeps open.

uvicorn reads a request's headers for as long as the client takes, so a client that opens
connections and sends half a request on each (a "slowloris") holds a file descriptor per
connection until the process runs out of them, and then nobody else is accepted. `hiring-advisor
serve` runs uvicorn with `GuardedHttp`, its own HTTP protocol with two limits added:

- **Headers in time** (`HIRING_ADVISOR_HEADER_TIMEOUT_SECONDS`, default 10): a connection that
  has not sent a whole request head that long after it opened, or after its last response,
  gets `408 Request Timeout` and is closed. A request whose head has arrived is not timed (a
  long answer or a slow body is the app's business), and an idle keep-alive connection is
  closed by uvicorn's own keep-alive timeout (5 s) before this one.
- **Connections per client** (`HIRING_ADVISOR_MAX_CONNECTIONS_PER_CLIENT`, default 64, 0 for
  no cap): a client's connections beyond the cap get `503` and are closed as soon as they are
  accepted, so they hold a descriptor for microseconds. A client is an IPv4 address or an IPv6
  network (`api.serve.clients`); the trusted proxies (`HIRING_ADVISOR_TRUSTED_PROXIES`) are not
  capped, since every client behind them shares their address. Each worker process counts its
  own connections (a client may hold the cap in each).

Both are settings of the server process (each worker reads them from the environment when it
starts), not of the app: an app served another way (TestClient, another ASGI server) is not
affected.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from collections import Counter
from collections.abc import Sequence
from functools import cache

from uvicorn.protocols.http.auto import AutoHTTPProtocol

from api.config import get_settings
from api.serve import metrics
from api.serve.clients import ClientKeys

log = logging.getLogger("hiring_advisor")

TIMED_OUT = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: text/plain; charset=utf-8\r\n"
             b"content-length: 46\r\nconnection: close\r\n\r\n"
             b"the request's headers did not arrive in time\r\n")
TOO_MANY = (b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"retry-after: 5\r\ncontent-length: 45\r\nconnection: close\r\n\r\n"
            b"too many connections open from this address\r\n")


class TrustedProxies:
    """Whether an address is one of the trusted proxies (addresses or networks, "*" for any)."""

    def __init__(self, entries: Sequence[str]) -> None:
        self.any = "*" in entries
        self.networks = [ipaddress.ip_network(e, strict=False) for e in entries if e != "*"]

    def __contains__(self, address: str) -> bool:
        if self.any:
            return True
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            return False
        return any(ip in network for network in self.networks)


class Guard:
    """The limits of one worker process: its settings and the connections open per client."""

    def __init__(self, header_timeout: float, per_client: int, ipv6_prefix: int,
                 trusted: Sequence[str]) -> None:
        self.header_timeout = header_timeout
        self.per_client = per_client
        self.client = ClientKeys(ipv6_prefix)
        self.trusted = TrustedProxies(trusted)
        self.open: Counter[str] = Counter()

    def admit(self, address: str) -> str | None:
        """Count a new connection from `address`: the client it counts against, or None when
        it is over the cap (it is not counted then)."""
        if not self.per_client or address in self.trusted:
            return ""
        client = self.client(address)
        if self.open[client] >= self.per_client:
            return None
        self.open[client] += 1
        return client

    def release(self, client: str) -> None:
        if client:
            self.open[client] -= 1
            if self.open[client] <= 0:
                del self.open[client]


@cache
def worker_guard() -> Guard:
    """This process's guard, from the environment's settings (read once per worker)."""
    settings = get_settings()
    return Guard(settings.header_timeout_seconds, settings.max_connections_per_client,
                 settings.client_ipv6_prefix, settings.trusted_proxies)


class GuardedHttp(AutoHTTPProtocol):  # type: ignore[misc, valid-type]
    """uvicorn's HTTP protocol (httptools, else h11) with the limits of the module doc."""

    guard: Guard | None = None  # tests set one; else `worker_guard()`

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        guard = self.guard or worker_guard()
        self._guard = guard
        self._counted: str | None = None
        self._timer: asyncio.TimerHandle | None = None
        address = self.client[0] if self.client else ""
        counted = guard.admit(address)
        if counted is None:
            metrics.CONNECTIONS_REFUSED.labels("per_client").inc()
            log.debug("connection refused: too many from one client",
                      extra={"fields": {"client": guard.client(address)}})
            self.transport.write(TOO_MANY)
            self.transport.close()
            return
        self._counted = counted
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()  # the next request's head must arrive in time too

    def connection_lost(self, exc: Exception | None) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._counted is not None:
            self._guard.release(self._counted)
            self._counted = None
        super().connection_lost(exc)

    def _arm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self.loop.call_later(self._guard.header_timeout, self._late)

    def _late(self) -> None:
        self._timer = None
        # uvicorn makes a request's cycle once its head is read; while the last one is not
        # answered (or a pipelined one is), the connection is not waiting for a head.
        cycle = self.cycle
        if (cycle is not None and not cycle.response_complete) or self.transport.is_closing():
            return
        metrics.CONNECTIONS_REFUSED.labels("header_timeout").inc()
        self.transport.write(TIMED_OUT)
        self.transport.close()
