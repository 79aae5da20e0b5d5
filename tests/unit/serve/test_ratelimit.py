"""The rate limiter's semantics on memory://, and how it fails open when its storage is
unreachable (nothing listens on the port). Through HTTP: tests/http/test_ratelimit.py; with a real
redis-server: tests/system/test_ratelimit_redis.py."""

from __future__ import annotations

import asyncio
import time

import pytest
from limits.storage import MemoryStorage

from api.serve import logs
from api.serve.clients import ClientKeys
from api.serve.ratelimit import FailureThrottle, RateLimiter
from tests.support.live import free_port
from tests.support.ratelimit import acquire, counter, log_events


def test_a_burst_a_second_and_the_per_minute_total():
    limiter = RateLimiter(per_minute=5, burst=2)
    first = acquire(limiter, "203.0.113.1", 3)
    assert first[:2] == [0.0, 0.0] and 0 < first[2] <= 1.0  # the burst: 2 in any second
    assert limiter.retry_after(first[2]) == "1"
    time.sleep(1.05)
    assert acquire(limiter, "203.0.113.1", 3)[:2] == [0.0, 0.0]  # a new second, a new burst
    time.sleep(1.05)
    last = acquire(limiter, "203.0.113.1", 2)
    assert last[0] == 0.0  # the fifth request of the minute
    # the sixth waits until the first of the minute is 60 s old
    assert 55 < last[1] <= 58 and limiter.retry_after(last[1]) in {"56", "57", "58"}


def test_each_client_has_its_own_limits():
    limiter = RateLimiter(per_minute=2, burst=10)
    assert acquire(limiter, "203.0.113.1", 3)[:2] == [0.0, 0.0]
    assert acquire(limiter, "203.0.113.1", 1)[0] > 0
    assert acquire(limiter, "203.0.113.2", 3)[:2] == [0.0, 0.0]


@pytest.mark.parametrize(("wait", "header"), [(0.01, "1"), (1.0, "1"), (1.2, "2"), (59.5, "60")])
def test_retry_after_is_whole_seconds_and_at_least_one(wait, header):
    assert RateLimiter.retry_after(wait) == header


def test_an_unreachable_storage_lets_requests_through_backs_off_and_warns_now_and_then(capfd):
    """Fail open, without Redis at all (nothing listens on the port)."""
    logs.configure()
    now = [1000.0]
    limiter = RateLimiter(per_minute=1, burst=1, storage=f"redis://127.0.0.1:{free_port()}/0",
                          clock=lambda: now[0])
    tries = []
    hit = limiter._strategy.hit  # type: ignore[union-attr]

    async def counted_hit(*args):
        tries.append(now[0])
        return await hit(*args)

    limiter._strategy.hit = counted_hit  # type: ignore[union-attr, method-assign]
    errors_before = counter("hiring_advisor_rate_limit_storage_errors_total")
    capfd.readouterr()

    async def requests() -> list[float]:
        waits = []
        for step in [0.0, 0.5, 1.0, 1.5, 2.5, 5.0, 12.0]:  # seconds since the first
            now[0] = 1000.0 + step
            waits.append(await limiter.acquire("203.0.113.1"))
        await limiter.aclose()
        return waits

    assert asyncio.run(requests()) == [0.0] * 7  # far over 1 a minute, all let through
    assert counter("hiring_advisor_rate_limit_storage_errors_total") == errors_before + 7
    # Redis was tried at the first request, then only once each back-off had passed.
    assert [t - 1000.0 for t in tries] == [0.0, 2.5, 5.0, 12.0]
    assert limiter.state.startswith("degraded: ConnectionError")
    warnings = [e for e in log_events(capfd.readouterr().err) if e["level"] == "warning"]
    assert len(warnings) == 2  # when it started, and once more after WARN_EVERY (10 s)
    assert warnings[0]["event"] == "rate limits are not enforced: their storage is unreachable"
    assert warnings[1]["passed_unchecked"] == 6


def test_the_memory_sweep_hook_is_still_in_the_library():
    """api.ratelimit sweeps memory:// less often through a private hook of `limits`: an upgrade
    that renames it would bring back a sweep of every client 10 ms after any request."""
    assert "_MemoryStorage__schedule_expiry" in vars(MemoryStorage)
    assert "_MemoryStorage__expire_events" in vars(MemoryStorage)


# --- who a client is ------------------------------------------------------------------------


@pytest.mark.parametrize(("address", "prefix", "client"), [
    ("203.0.113.7", 64, "203.0.113.7"),
    ("2001:db8:1:2:aaaa::1", 64, "2001:db8:1:2::/64"),
    ("2001:db8:1:2:ffff:ffff:ffff:ffff", 64, "2001:db8:1:2::/64"),
    ("2001:db8:1:3::1", 64, "2001:db8:1:3::/64"),
    ("2001:db8:1:2:aaaa::1", 48, "2001:db8:1::/48"),
    ("2001:db8:1:2:aaaa::1", 128, "2001:db8:1:2:aaaa::1"),
    ("::ffff:203.0.113.7", 64, "203.0.113.7"),  # IPv4 written as IPv6 is the IPv4 client
    ("fe80::1%eth0", 64, "fe80::/64"),
    ("testclient", 64, "testclient"),
])
def test_a_client_is_an_ipv4_address_or_an_ipv6_network(address, prefix, client):
    assert ClientKeys(prefix)(address) == client


def test_one_ipv6_64_is_one_client_for_the_limits():
    limiter = RateLimiter(per_minute=5, burst=100)
    waits = [acquire(limiter, f"2001:db8:77:5::{n:x}", 1)[0] for n in range(1, 41)]
    assert waits[:5] == [0.0] * 5 and all(w > 0 for w in waits[5:])  # 35 of 40 refused
    assert acquire(limiter, "2001:db8:77:6::1", 1) == [0.0]  # the next /64 is someone else
    each = RateLimiter(per_minute=5, burst=100, ipv6_prefix=128)
    assert [acquire(each, f"2001:db8:77:5::{n:x}", 1)[0] for n in range(1, 41)] == [0.0] * 40


def test_wrong_secrets_are_counted_apart_and_refuse_the_client_for_the_window():
    throttle = FailureThrottle(failures=3, minutes=15)

    async def attempts() -> list[float]:
        waits = []
        for _ in range(4):
            waits.append(await throttle.wait("203.0.113.9"))
            await throttle.failed("203.0.113.9")
        return waits

    waits = asyncio.run(attempts())
    assert waits[:3] == [0.0] * 3 and 14 * 60 < waits[3] <= 15 * 60
    assert asyncio.run(throttle.wait("203.0.113.10")) == 0.0  # another client
    off = FailureThrottle(failures=0, minutes=15)
    assert asyncio.run(off.wait("203.0.113.9")) == 0.0 and off.state == "off"
