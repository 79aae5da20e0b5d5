"""The production path of `make bench` (section `production` of scripts/bench.py), and the
targets both paths are held to against the bare stack.

Production keeps conversations in PostgreSQL and counts rate limits in Redis. `services()`
starts both for one run, as the tests do (tests/support: Debian's initdb/pg_ctl, as the
`postgres` user when root, and redis-server, on free loopback ports), and gives the settings
that put a `hiring-advisor serve` on them; scripts/bench.py measures that server exactly as it
measures the SQLite one (1 client on 1 worker, then its clients on every core). Without the
binaries, `services()` raises `Unavailable` with a one-line reason, and the bench prints
"skipped: <reason>" in place of the production rows.

The targets (each a `Target`, one row of the bench's table):
- POST /api/chat p50, 1 client <= the bare stack's p50 + 1.5 ms (both paths);
- throughput >= 0.8 x the bare stack's, same clients and workers (both paths);
- the production path's throughput >= 0.9 x the SQLite path's.
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

SQLITE = "SQLite, rate limits off"
PRODUCTION = "PostgreSQL, rate limits in Redis"
P50_OVER_BARE = 0.0015  # seconds a chat turn may add to the bare stack's p50 (1 client)
OF_BARE_RATE = 0.8  # the least share of the bare stack's throughput
OF_SQLITE_RATE = 0.9  # the least share of the SQLite path's throughput (the production path)
# Rate limits on, so that every request is counted in Redis, and far above what the bench sends
# (all its clients are one address, 127.0.0.1).
PER_MINUTE, BURST = 1_000_000, 100_000


@dataclass(frozen=True)
class Target:
    """One row of the bench's table: figure | measured | against | ratio | met or missed."""

    figure: str
    measured: str
    against: str
    ratio: float | None  # None: no ratio to show
    ok: bool


def against_bare_stack(path: str, p50: float, rate: float, bare_p50: float, bare_rate: float,
                       load: str) -> list[Target]:
    """A path's 1-client p50 and throughput under `load` (seconds, requests a second) against
    the same two figures of the bare stack."""
    most = bare_p50 + P50_OVER_BARE
    return [
        Target(f"POST /api/chat, 1 client, p50 ({path})", f"{p50 * 1000:.2f} ms",
               f"<= bare stack {bare_p50 * 1000:.2f} ms + {P50_OVER_BARE * 1000:.1f} ms",
               p50 / most, p50 <= most),
        Target(f"throughput, {load} ({path})", f"{rate:.0f} req/s",
               f">= {OF_BARE_RATE} x bare stack {bare_rate:.0f} req/s", rate / bare_rate,
               rate >= OF_BARE_RATE * bare_rate),
    ]


def against_sqlite(rate: float, sqlite_rate: float, load: str) -> Target:
    """The production path's throughput against the SQLite path's, under the same load."""
    return Target(f"throughput, {load} ({PRODUCTION}) against {SQLITE.split(',')[0]}",
                  f"{rate:.0f} req/s", f">= {OF_SQLITE_RATE} x {sqlite_rate:.0f} req/s",
                  rate / sqlite_rate, rate >= OF_SQLITE_RATE * sqlite_rate)


def services_answered(readiness: dict[str, str]) -> Target:
    """/readyz after the load: PostgreSQL kept the conversations and Redis counted the requests
    (its limiter fails open, so errors alone would not show a Redis that never answered)."""
    store, limits = readiness.get("store", "?"), readiness.get("rate_limit", "?")
    return Target("/readyz after the load: store, rate limits", f"{store}, {limits}",
                  "ok, ok (PostgreSQL and Redis answered)", None, store == limits == "ok")


class Unavailable(Exception):
    """PostgreSQL or Redis cannot be started here; the message says why, on one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(textwrap.shorten(reason, 200, placeholder=" …") or "unknown")


def skipped(reason: Unavailable) -> str:
    """What the bench prints in place of the production rows."""
    return f"skipped: {reason}"


@contextmanager
def services() -> Iterator[dict[str, str]]:
    """A new PostgreSQL cluster and redis-server for the block; the settings that put a server
    on them (a new database, Redis rate limits high enough for the bench's own requests).

    Raises:
        Unavailable: the test support or a binary is missing, or a service did not start.
    """
    try:
        import pytest

        from tests.support.postgres import postgres_problem, postgres_server
        from tests.support.redis_server import redis_server, redis_server_path
    except ImportError as exc:
        raise Unavailable(f"tests/support needs the test extras (pip install -e '.[test]'): "
                          f"{exc}") from None
    try:
        redis_server_path()  # skips (or fails, when CI=true) without redis-server
    except (pytest.skip.Exception, pytest.fail.Exception) as exc:
        raise Unavailable(str(exc.msg)) from None
    problem = postgres_problem()
    if problem:
        raise Unavailable(problem)
    with ExitStack() as stack:
        try:
            # Durable, as production runs: every turn's commit is synced to disk.
            database = stack.enter_context(postgres_server(durable=True)).new_database("bench")
            redis = stack.enter_context(redis_server())
        except Exception as exc:  # a start that failed: its log, said on one line
            raise Unavailable(f"did not start: {exc}") from None
        yield {"HIRING_ADVISOR_DATABASE_URL": database,
               "HIRING_ADVISOR_RATE_LIMIT_STORAGE": redis.url,
               "HIRING_ADVISOR_RATE_LIMIT_PER_MINUTE": str(PER_MINUTE),
               "HIRING_ADVISOR_RATE_LIMIT_BURST": str(BURST)}


SERVICE_PROCESSES = ("postgres", "redis-server")


def services_cpu() -> float:
    """CPU seconds (user and system) that PostgreSQL's and Redis's processes have used so far
    (from /proc; 0 where it cannot be read)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if not (entry / "comm").read_text().strip().startswith(SERVICE_PROCESSES):
                continue
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks
