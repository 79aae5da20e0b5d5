"""Rate limits shared through a real redis-server by the workers of one server and by two
servers, failing open while Redis is down or hung (their semantics on memory:// are in
tests/unit/serve/test_ratelimit.py, through the app in tests/http/test_ratelimit.py).

The servers are real `hiring-advisor serve` processes on the real model; the Redis tests skip
without Debian's redis-server, unless CI=true, where they fail.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.serve import ratelimit
from tests.conftest import KNOWLEDGE
from tests.support.live import stop_process
from tests.support.ratelimit import QUESTION, counter, log_events
from tests.support.redis_server import RedisServer, free_port, redis_server

LIMIT = 6  # per minute, for the servers below; their burst (10) is never what refuses
FAILURES = 3  # wrong admin tokens a client may give, for the servers below
ADMIN_TOKEN = "admin-token-of-the-redis-tests"


# --- Redis: down, hung, and back ------------------------------------------------------------------


@pytest.fixture
def quick_retry(monkeypatch):
    """Try a failed storage again after 0.3 s rather than 2 s, to keep the tests short."""
    monkeypatch.setattr(ratelimit, "RETRY_STORAGE_AFTER", 0.3)


def test_chat_answers_while_redis_is_down_and_limits_resume_when_it_is_back(
        make_client, quick_retry, capfd):
    with redis_server() as server:
        client = make_client(rate_limit_storage=server.url, rate_limit_per_minute=3,
                             rate_limit_burst=10)

        def statuses(n: int) -> list[int]:
            return [client.post("/api/chat", json={"message": QUESTION}).status_code
                    for _ in range(n)]

        assert statuses(4) == [200, 200, 200, 429]
        errors_before = counter("hiring_advisor_rate_limit_storage_errors_total")
        server.stop()
        capfd.readouterr()
        started = time.monotonic()
        assert statuses(5) == [200] * 5  # over the limit, and answered: limits are off
        assert time.monotonic() - started < 2.0
        assert counter("hiring_advisor_rate_limit_storage_errors_total") == errors_before + 5
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "degraded"
        assert ready.json()["rate_limit"].startswith("degraded: ConnectionError")
        events = log_events(capfd.readouterr().err)
        warnings = [e for e in events if e["level"] == "warning"]
        assert len(warnings) == 1 and "not enforced" in warnings[0]["event"]
        assert warnings[0]["storage"] == server.url

        server.start()  # empty: the counts start again
        time.sleep(0.4)
        assert statuses(4) == [200, 200, 200, 429]
        assert client.get("/readyz").json()["rate_limit"] == "ok"
        assert client.get("/readyz").json()["status"] == "ready"
        back = [e for e in log_events(capfd.readouterr().err) if "enforced again" in e["event"]]
        assert len(back) == 1 and back[0]["passed_unchecked"] == 5


def test_a_hung_redis_costs_a_fraction_of_a_second_once_per_back_off(make_client):
    with redis_server() as server:
        client = make_client(rate_limit_storage=server.url, rate_limit_per_minute=100,
                             rate_limit_burst=100)
        assert client.post("/api/chat", json={"message": QUESTION}).status_code == 200
        server.freeze()
        try:
            seconds = []
            for _ in range(6):
                started = time.monotonic()
                response = client.post("/api/chat", json={"message": QUESTION})
                seconds.append(time.monotonic() - started)
                assert response.status_code == 200
            assert "TimeoutError" in client.get("/readyz").json()["rate_limit"]
        finally:
            server.thaw()
        # One request finds out (two timeouts of 0.2 s: a try and one retry); the next ones
        # pass unchecked during the back-off.
        assert seconds[0] < 1.0 and max(seconds[1:]) < 0.3, seconds


# --- Redis shared by the workers of one server and by two servers ------------------------------


def _serve(port: int, workers: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port),
             "--workers", str(workers)], env=env, stdout=out, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def shared_redis() -> Iterator[RedisServer]:
    with redis_server() as server:
        yield server


@pytest.fixture(scope="module")
def servers(shared_redis, real_index, tmp_path_factory) -> Iterator[tuple[str, str]]:
    """Two servers counting in one Redis: A with two workers, B with one. They trust
    127.0.0.1 as a proxy, so each test names its own client in X-Forwarded-For."""
    import redis

    work = tmp_path_factory.mktemp("servers")
    processes, bases = [], []
    for name, workers in (("a", 2), ("b", 1)):
        port = free_port()
        env = {**os.environ,
               "HIRING_ADVISOR_RATE_LIMIT_STORAGE": shared_redis.url,
               "HIRING_ADVISOR_RATE_LIMIT_PER_MINUTE": str(LIMIT),
               "HIRING_ADVISOR_RATE_LIMIT_BURST": "10",
               "HIRING_ADVISOR_TRUSTED_PROXIES": "127.0.0.1",
               "HIRING_ADVISOR_INDEX_DIR": str(real_index),
               "HIRING_ADVISOR_KNOWLEDGE_DIR": str(KNOWLEDGE),
               "HIRING_ADVISOR_DATABASE_URL": f"sqlite:///{work / name}.db",
               "HIRING_ADVISOR_EMBED_THREADS": "1",
               "HIRING_ADVISOR_ADMIN_TOKEN": ADMIN_TOKEN,
               "HIRING_ADVISOR_AUTH_MAX_FAILURES": str(FAILURES)}
        processes.append(_serve(port, workers, env, work / f"{name}.log"))
        bases.append(f"http://127.0.0.1:{port}")
    try:
        # Ready when all three workers have logged "ready" and have counted in Redis (each
        # warm-up request is a client of its own, so nothing counts against the tests).
        store = redis.Redis.from_url(shared_redis.url)
        deadline = time.monotonic() + 90
        for i in range(10_000):
            warm = [_readies(work / f"{name}.log") for name in ("a", "b")]
            counting = {c["addr"] for c in store.client_list() if c["cmd"] == "evalsha"}
            if warm == [2, 1] and len(counting) == 3:
                break
            assert time.monotonic() < deadline, (work / "a.log").read_text()[-3000:]
            assert all(p.poll() is None for p in processes), "a server stopped"
            try:
                httpx.post(f"{bases[i % 2]}/api/chat", json={"message": "hello"},
                           headers={"X-Forwarded-For": f"192.0.2.{i % 250}",
                                    "Connection": "close"}, timeout=10)
            except httpx.HTTPError:
                time.sleep(0.2)  # not listening yet
        store.close()
        yield bases[0], bases[1]
    finally:
        for process in processes:
            stop_process(process)
        for name in ("a", "b"):
            assert "Traceback" not in (work / f"{name}.log").read_text()


def _readies(log: Path) -> int:
    """How many workers of a server have logged that they are ready."""
    return sum(e["event"] == "ready" for e in log_events(log.read_text(errors="replace")))


def _chat(base: str, client: str) -> httpx.Response:
    # A new connection each time, so that the workers of a server take turns at random.
    return httpx.post(f"{base}/api/chat", json={"message": "what does a senior AI engineer earn?"},
                      headers={"X-Forwarded-For": client, "Connection": "close"}, timeout=10)


@pytest.mark.integration
def test_the_workers_of_one_server_share_one_limit(servers):
    a, _ = servers
    responses = [_chat(a, "198.51.100.10") for _ in range(LIMIT + 1)]
    assert [r.status_code for r in responses] == [200] * LIMIT + [429]
    assert 50 <= int(responses[-1].headers["retry-after"]) <= 60


@pytest.mark.integration
def test_two_servers_share_one_limit(servers):
    a, b = servers
    responses = [_chat((a, b)[i % 2], "198.51.100.20") for i in range(LIMIT + 2)]
    assert [r.status_code for r in responses] == [200] * LIMIT + [429, 429]  # on each server
    assert all(50 <= int(r.headers["retry-after"]) <= 60 for r in responses[-2:])


@pytest.mark.integration
def test_two_servers_share_one_count_of_wrong_admin_tokens(servers):
    def gaps(base: str, token: str) -> int:
        return httpx.get(f"{base}/api/admin/gaps", timeout=10, headers={
            "Authorization": f"Bearer {token}", "X-Forwarded-For": "198.51.100.30",
            "Connection": "close"}).status_code

    a, b = servers
    assert [gaps((a, b)[i % 2], f"guess-{i}") for i in range(FAILURES)] == [401] * FAILURES
    assert [gaps(a, ADMIN_TOKEN), gaps(b, ADMIN_TOKEN)] == [429, 429]
