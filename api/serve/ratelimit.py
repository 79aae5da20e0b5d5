"""Per-client rate limits on the `limits` library, counted in memory or in Redis.

What a client may send (`HIRING_ADVISOR_RATE_LIMIT_PER_MINUTE` = R, `..._BURST` = B): every
request takes one slot in two moving windows, and is refused (429) when either is full:

- the burst: at most B requests in any 1 second;
- the sustained rate: at most R requests in any 60 seconds.

So a client may send B requests at once, and R a minute in all, however it spaces them. A burst
larger than R is capped by R; an R above 60 x B is capped by the burst (B a second). R = 0 turns
limiting off. A refused request takes no slot in the window that refused it, but one refused by
the per-minute window has taken a burst slot (the two windows are not updated in one step); a
client that waits `Retry-After` before asking again is not held back by that. `Retry-After` is
the number of seconds until the window that refused frees a slot (at least 1).

Where the counts live is `HIRING_ADVISOR_RATE_LIMIT_STORAGE`: `memory://` (the default) counts
in each worker process, so `--workers 2` lets a client through twice as often; a Redis URI
(`redis://host:6379/0`, `rediss://…`, `redis+unix:///path?db=0`) shares one count among every
worker and replica (its entries carry each server's clock, which should agree to well under a
second).

Redis is reached with short timeouts and without blocking the event loop. When it cannot be
reached the limiter fails open: requests pass unchecked (counted in
`hiring_advisor_rate_limit_storage_errors_total`), Redis is left alone for a few seconds before
it is tried again, a warning is logged when the trouble starts and at most every
`WARN_EVERY` seconds while it lasts, one line when it ends, and `state` says "degraded".
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from limits import RateLimitItem, RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.errors import StorageError
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from limits.util import WindowStats

from api.config import MEMORY_SCHEMES, REDIS_SCHEMES, redact
from api.errors import HiringAdvisorError
from api.serve import metrics
from api.serve.clients import ClientKeys

if TYPE_CHECKING:
    from redis.asyncio import ConnectionPool

log = logging.getLogger("hiring_advisor")

SETTING = "HIRING_ADVISOR_RATE_LIMIT_STORAGE"
NAMESPACE = "hiring-advisor"  # keys are LIMITS:hiring-advisor/<client>/<amount>/<n>/<unit>
# Redis answers in well under a millisecond; anything slower than this is treated as down, so a
# dead or hung Redis costs the one request that finds out at most ~2 x 0.2 s (one reconnect).
REDIS_TIMEOUT = 0.2
RETRY_STORAGE_AFTER = 2.0  # seconds requests pass unchecked after a failure, before a new try
WARN_EVERY = 10.0  # seconds between warnings while the storage stays unreachable
SWEEP_EVERY = 5.0  # seconds between sweeps of expired entries out of memory:// (see below)


class RateLimitConfigError(HiringAdvisorError, ValueError):
    """The rate-limit settings cannot be used; the message names the setting."""


class _Strategy(Protocol):
    """What the limiter needs of a `limits` strategy, awaited (see `_Inline`)."""

    async def hit(self, item: RateLimitItem, *identifiers: str) -> bool: ...

    async def test(self, item: RateLimitItem, *identifiers: str) -> bool: ...

    async def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats: ...


class _SweptMemoryStorage(MemoryStorage):
    """`limits`' in-process storage, swept of expired entries every `SWEEP_EVERY` seconds.

    The library sweeps 10 ms after any hit, in a new thread that visits every client: under
    steady traffic that costs 5% of a core with 100 recent clients and half a core with
    10,000. A window counts only its own entries, so sweeping less often changes nothing but
    memory (a few seconds more of entries are kept).
    """

    def __init__(self) -> None:
        super().__init__()
        self._next_sweep = 0.0

    def _MemoryStorage__schedule_expiry(self) -> None:
        # Overrides the library's private (name-mangled) hook; a test checks that it exists.
        now = time.monotonic()
        if now < self._next_sweep or self.timer.is_alive():
            return
        self._next_sweep = now + SWEEP_EVERY
        self.timer = threading.Timer(
            0, self._MemoryStorage__expire_events)  # type: ignore[attr-defined]
        self.timer.daemon = True
        self.timer.start()


class _Inline:
    """A synchronous in-memory strategy behind the awaited interface: it never waits on I/O,
    so calling it on the event loop is cheaper than any thread or task hop."""

    def __init__(self, strategy: MovingWindowRateLimiter) -> None:
        self._strategy = strategy

    async def hit(self, item: RateLimitItem, *identifiers: str) -> bool:
        return self._strategy.hit(item, *identifiers)

    async def test(self, item: RateLimitItem, *identifiers: str) -> bool:
        return self._strategy.test(item, *identifiers)

    async def get_window_stats(self, item: RateLimitItem, *identifiers: str) -> WindowStats:
        return self._strategy.get_window_stats(item, *identifiers)


class _Windows:
    """Counts per client in moving windows, in memory or in Redis, failing open (module doc).

    A client is its address, IPv6 addresses by their network of `ipv6_prefix` bits (one host
    usually holds a whole /64, so counting each address would give it 2^64 allowances).
    """

    def __init__(self, windows: tuple[RateLimitItem, ...], storage: str, *,
                 clock: Callable[[], float], ipv6_prefix: int) -> None:
        try:
            self.storage_uri = check_storage_uri(storage)
        except ValueError as exc:
            raise RateLimitConfigError(f"{SETTING}: {exc}") from None
        self.limits = windows
        self.client = ClientKeys(ipv6_prefix)
        self._clock = clock
        self._close: Callable[[], Awaitable[None]] | None = None
        self._strategy = self._connect(storage) if windows else None
        # Fail-open bookkeeping: the current problem, when the storage may be tried again, and
        # what was let through since the trouble started / since the last warning.
        self.problem: str | None = None
        self._skip_until = 0.0
        self._failing_since = 0.0
        self._warned_at = 0.0
        self._passed = 0
        self._passed_since_warning = 0

    @property
    def enabled(self) -> bool:
        return bool(self.limits)

    @property
    def state(self) -> str:
        """For /readyz: "off", "ok", or "degraded: <why>" while the storage is unreachable."""
        if not self.enabled:
            return "off"
        return f"degraded: {self.problem}" if self.problem else "ok"

    async def _count(self, address: str, *, hit: bool = True) -> float:
        """Count one request of the client at `address` (`hit`), or only look whether one
        would be refused: 0.0 when it may go on, else seconds to wait.

        Never raises for the storage: while it cannot be reached, every request may go on.
        """
        strategy = self._strategy
        if strategy is None:
            return 0.0
        if self.problem is not None and self._clock() < self._skip_until:
            self._let_through()
            return 0.0
        client = self.client(address)
        try:
            for item in self.limits:
                allowed = await (strategy.hit if hit else strategy.test)(item, client)
                if not allowed:
                    reset = (await strategy.get_window_stats(item, client)).reset_time
                    self._recovered()
                    return max(1.0, reset - time.time())
        except (StorageError, OSError) as exc:  # OSError covers timeouts and refused sockets
            self._failed(exc)
            return 0.0
        self._recovered()
        return 0.0

    @staticmethod
    def retry_after(wait: float) -> str:
        """The Retry-After header value for a wait in seconds (whole seconds, at least 1)."""
        return str(max(1, math.ceil(wait)))

    async def aclose(self) -> None:
        """Close the connections to the storage (Redis); the limiter is not used after this."""
        if self._close is not None:
            await self._close()
            self._close = None

    def _connect(self, uri: str) -> _Strategy:
        if urlsplit(uri).scheme in MEMORY_SCHEMES:
            return _Inline(MovingWindowRateLimiter(_SweptMemoryStorage()))
        # The Redis client is loaded only by a process configured to count in Redis.
        from limits.aio.storage import RedisStorage
        from limits.aio.strategies import MovingWindowRateLimiter as AsyncMovingWindow

        pool = _redis_pool(uri)
        # `limits` types its pass-through options as scalars; redis-py takes the pool as is.
        storage = RedisStorage(uri, implementation="redispy", wrap_exceptions=True,
                               connection_pool=pool)  # type: ignore[arg-type]
        self._close = pool.aclose
        return AsyncMovingWindow(storage)

    def _let_through(self) -> None:
        """A request passes unchecked because the storage is down: count it, warn now and then."""
        metrics.RATE_LIMIT_ERRORS.inc()
        self._passed += 1
        self._passed_since_warning += 1
        now = self._clock()
        if now - self._warned_at >= WARN_EVERY:
            log.warning("rate limits are not enforced: their storage is unreachable",
                        extra={"fields": {"storage": redact(self.storage_uri),
                                          "error": self.problem,
                                          "passed_unchecked": self._passed_since_warning}})
            self._warned_at = now
            self._passed_since_warning = 0

    def _failed(self, error: Exception) -> None:
        cause = error.storage_error if isinstance(error, StorageError) else error
        now = self._clock()
        if self.problem is None:
            self._failing_since = now
            self._warned_at = -math.inf  # the first failure is always logged
            self._passed = self._passed_since_warning = 0
        self.problem = f"{type(cause).__name__}: {cause}".rstrip(": ")
        self._skip_until = now + RETRY_STORAGE_AFTER
        self._let_through()

    def _recovered(self) -> None:
        if self.problem is None:
            return
        log.info("rate limits are enforced again: their storage answers",
                 extra={"fields": {"storage": redact(self.storage_uri),
                                   "seconds": round(self._clock() - self._failing_since, 1),
                                   "passed_unchecked": self._passed}})
        self.problem = None


class RateLimiter(_Windows):
    """Counts each client's requests against the burst and per-minute windows (module doc)."""

    def __init__(self, per_minute: int, burst: int, storage: str = "memory://", *,
                 clock: Callable[[], float] = time.monotonic, ipv6_prefix: int = 64) -> None:
        """Validate the settings and prepare the storage (Redis is not contacted here).

        Raises:
            RateLimitConfigError: `storage` is not a URI of a storage this service supports.
        """
        if per_minute < 0:
            raise ValueError(f"per_minute must be >= 0, got {per_minute}")
        if burst <= 0:
            raise ValueError(f"burst must be > 0, got {burst}")
        super().__init__((
            RateLimitItemPerSecond(burst, namespace=NAMESPACE),
            RateLimitItemPerMinute(per_minute, namespace=NAMESPACE),
        ) if per_minute else (), storage, clock=clock, ipv6_prefix=ipv6_prefix)

    async def acquire(self, address: str) -> float:
        """Count one request of the client at `address`; 0.0 when it may go on, else seconds
        to wait (never raises for the storage: while it is down every request may go on)."""
        wait = await self._count(address)
        if wait:
            metrics.RATE_LIMITED.inc()
        return wait


class FailureThrottle(_Windows):
    """Failed attempts at a secret (the admin API's bearer token, the console's sign-in) per
    client: after `failures` within `minutes`, the client is refused (429) until the oldest
    failure leaves the window, whether its next attempt is right or wrong. Counted where the
    rate limits are, so replicas share the count in Redis; `failures` = 0 turns it off."""

    def __init__(self, failures: int, minutes: int, storage: str = "memory://", *,
                 clock: Callable[[], float] = time.monotonic, ipv6_prefix: int = 64) -> None:
        if failures < 0 or minutes <= 0:
            raise ValueError(f"failures must be >= 0 and minutes > 0, got {failures}, {minutes}")
        super().__init__(
            (RateLimitItemPerMinute(failures, minutes, namespace=f"{NAMESPACE}-failures"),)
            if failures else (), storage, clock=clock, ipv6_prefix=ipv6_prefix)

    async def wait(self, address: str) -> float:
        """Seconds the client at `address` must wait before another attempt, or 0.0."""
        return await self._count(address, hit=False)

    async def failed(self, address: str) -> None:
        """Count a failed attempt of the client at `address`."""
        await self._count(address)
        metrics.AUTH_FAILURES.inc()


def check_storage_uri(uri: str) -> str:
    """`uri` when it names a storage this service supports; else ValueError saying what to use.

    Nothing is contacted: a Redis that is down at start-up is a run-time problem (fail open).
    """
    scheme = urlsplit(uri).scheme
    if scheme in MEMORY_SCHEMES:
        return uri
    if scheme not in REDIS_SCHEMES:
        raise ValueError(f"{redact(uri)!r} is not a storage this service supports; use "
                         "memory:// (each process counts) or redis://host:6379/0 (shared)")
    try:
        _redis_pool(uri)
    except ValueError as exc:
        raise ValueError(f"{redact(uri)!r} is not a valid Redis URI: {exc}") from None
    return uri


def _redis_pool(uri: str) -> ConnectionPool:
    """Connections to Redis that give up quickly: short timeouts, one immediate retry on a
    fresh connection (one pooled from before a Redis restart is dead), and none of the
    back-off waits that redis-py would otherwise add, for seconds, to a request."""
    # The Redis client is loaded only by a process configured to count in Redis.
    from redis.asyncio import ConnectionPool
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    return ConnectionPool.from_url(uri.replace("redis+unix://", "unix://", 1),
                                   socket_timeout=REDIS_TIMEOUT,
                                   socket_connect_timeout=REDIS_TIMEOUT,
                                   retry=Retry(NoBackoff(), 1))
