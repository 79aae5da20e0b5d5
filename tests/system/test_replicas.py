"""Two replicas behind one PostgreSQL, one Redis and one index directory, as deployed.

Two real `hiring-advisor serve` processes on two ports (the real model), sharing what the README's
deployment section says they share. A client may land on either replica for any request: the
conversation, the feedback, the rate limit and a published index must all be the same on both.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import KNOWLEDGE
from tests.support.live import free_port
from tests.support.postgres import postgres_server, require_postgres
from tests.support.redis_server import redis_server

pytestmark = pytest.mark.integration

TOKEN = "replica-admin-token-made-up-for-tests"
PER_MINUTE = 40


class Replica:
    """One `hiring-advisor serve` process."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "w") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "api.cli", "serve", "--port", str(self.port)],
                env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"replica died: {log.read_text()[-3000:]}"
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"replica not ready: {log.read_text()[-3000:]}")

    def chat(self, message: str, session_id: str | None = None, *, client: str = "203.0.113.1"
             ) -> dict:
        """A chat turn from `client` (the address the load balancer forwards)."""
        body = {"message": message, **({"session_id": session_id} if session_id else {})}
        response = httpx.post(f"{self.url}/api/chat", json=body, timeout=30,
                              headers={"X-Forwarded-For": client})
        assert response.status_code == 200, response.text
        return response.json()

    def stop(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        return self.log.read_text()


@pytest.fixture(scope="module")
def deployment(tmp_path_factory, real_index) -> Iterator[tuple[Replica, Replica, str, Path]]:
    """(first, second, database URL, knowledge directory) of a two-replica deployment."""
    require_postgres()
    work = tmp_path_factory.mktemp("replicas")
    knowledge = work / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    index = work / "index"
    shutil.copytree(real_index, index, symlinks=True)
    with postgres_server() as postgres, redis_server() as redis:
        database = postgres.new_database("replicas")
        env = {**os.environ,
               "HIRING_ADVISOR_KNOWLEDGE_DIR": str(knowledge),
               "HIRING_ADVISOR_INDEX_DIR": str(index),
               "HIRING_ADVISOR_DATABASE_URL": database,
               "HIRING_ADVISOR_RATE_LIMIT_STORAGE": redis.url,
               "HIRING_ADVISOR_RATE_LIMIT_PER_MINUTE": str(PER_MINUTE),
               "HIRING_ADVISOR_RATE_LIMIT_BURST": str(PER_MINUTE),
               "HIRING_ADVISOR_ADMIN_TOKEN": TOKEN,
               # The load balancer in front: clients are told apart by X-Forwarded-For.
               "HIRING_ADVISOR_TRUSTED_PROXIES": "127.0.0.1",
               "HIRING_ADVISOR_INDEX_CHECK_SECONDS": "0.5",
               "HIRING_ADVISOR_EMBED_THREADS": "1"}
        first = Replica(env, work / "first.log")
        try:
            second = Replica(env, work / "second.log")
        except BaseException:
            first.stop()
            raise
        try:
            yield first, second, database, knowledge
        finally:
            logs = first.stop() + second.stop()
            assert "Traceback" not in logs, logs[-5000:]


def test_a_conversation_started_on_one_replica_continues_on_the_other(deployment):
    first, second, _, _ = deployment
    opening = first.chat("What does a senior AI engineer earn?")
    assert opening["answered"]
    # The follow-up lands on the other replica: it must know what "one" refers to.
    followup = second.chat("and a junior one?", opening["session_id"])
    assert followup["session_id"] == opening["session_id"]
    assert followup["answered"]
    # The same two turns in one replica give the same answer: nothing was lost on the way.
    alone = first.chat("What does a senior AI engineer earn?")
    same = first.chat("and a junior one?", alone["session_id"])
    assert followup["answer"] == same["answer"]
    history = httpx.get(f"{second.url}/api/sessions/{opening['session_id']}", timeout=10)
    assert [t["question"] for t in history.json()["turns"]] == [
        "What does a senior AI engineer earn?", "and a junior one?"]


def test_feedback_given_on_either_replica_is_stored_once(deployment):
    first, second, database, _ = deployment
    one = first.chat("Which certifications should an AI engineer have?")
    two = second.chat("How should I build an AI team?")
    for replica, turn, rating in ((second, one, "up"), (first, two, "down")):
        response = httpx.post(f"{replica.url}/api/feedback", timeout=10, json={
            "message_id": turn["message_id"], "rating": rating})
        assert response.status_code == 200, response.text
    engine = create_engine(database)
    try:
        with engine.connect() as db:
            rows = db.execute(text(
                "SELECT message_id, rating FROM feedback WHERE message_id IN (:a, :b)"),
                {"a": one["message_id"], "b": two["message_id"]}).all()
            rated = db.execute(text(
                "SELECT id, rating FROM messages WHERE id IN (:a, :b)"),
                {"a": one["message_id"], "b": two["message_id"]}).all()
    finally:
        engine.dispose()
    assert sorted(rows) == sorted([(one["message_id"], "up"), (two["message_id"], "down")])
    assert sorted(rated) == sorted([(one["message_id"], "up"), (two["message_id"], "down")])


def test_a_reindex_through_one_replica_is_served_by_the_other_within_seconds(deployment):
    first, second, _, knowledge = deployment
    question = "What does a senior AI engineer earn?"
    before = second.chat(question, client="203.0.113.3")["answer"]
    # Made-up figure for the test: one salary row changes on disk, as an editor would do it.
    table = knowledge / "salaries.csv"
    rows = table.read_text(encoding="utf-8").splitlines()
    header = rows[0].split(",")
    amount = header.index("amount")
    target = next(i for i, line in enumerate(rows[1:], 1)
                  if "senior" in line.lower() and line.split(",")[amount].isdigit())
    cells = rows[target].split(",")
    old = int(cells[amount])
    cells[amount] = str(old + 1234)
    rows[target] = ",".join(cells)
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    published = httpx.post(f"{first.url}/api/admin/reindex", params={"force": "true"},
                           headers={"Authorization": f"Bearer {TOKEN}"}, timeout=300)
    assert published.status_code == 200, published.text
    assert published.json()["status"] == "published"
    new = f"{old + 1234:,}"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        answer = second.chat(question, client="203.0.113.3")["answer"]
        if new in answer:
            break
        time.sleep(0.5)
    assert new in answer and answer != before, answer


def test_one_client_gets_the_limit_once_across_both_replicas(deployment):
    first, second, _, _ = deployment
    statuses = []
    for i in range(PER_MINUTE + 10):
        replica = (first, second)[i % 2]
        response = httpx.get(f"{replica.url}/api/search", params={"q": "AI engineer skills"},
                             headers={"X-Forwarded-For": "198.51.100.7"}, timeout=10)
        statuses.append(response.status_code)
        if response.status_code == 429:
            assert int(response.headers["Retry-After"]) >= 1
            break
    # The client got the limit once in total, not once per replica.
    assert statuses == [200] * PER_MINUTE + [429]
    # Another client is not affected.
    assert second.chat("What does a junior AI engineer earn?", client="198.51.100.8")[
        "answered"]
