"""Editing the knowledge on a two-replica deployment, as compose runs it: two real `hiring-advisor
serve` processes (the real model) on one PostgreSQL and one index directory, and each with its
OWN knowledge directory, as each container has its image's copy. The knowledge they share is the
revisions in the database: an edit saved through one replica and published through either is
served by both, and a revert published through the other brings the old figure back on both.

The browser flow (an editor in the table editor, a publisher on the Publish tab, the widget
on both replicas) is in tests/browser/test_content_replicas.py on the same fixture.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from api.store.passwords import hash_password
from api.store.repository import Store
from api.store.roles import Role
from tests.conftest import KNOWLEDGE
from tests.support.http import PASSWORD
from tests.support.postgres import postgres_server, require_postgres
from tests.system.test_replicas import Replica

pytestmark = pytest.mark.integration

TOKEN = "content-replicas-admin-token-made-up-for-tests"
QUESTION = "What does a junior AI engineer earn?"


@dataclass
class Deployment:
    first: Replica
    second: Replica
    database: str
    knowledge: tuple[Path, Path]


@pytest.fixture(scope="module")
def content_deployment(tmp_path_factory, real_index) -> Iterator[Deployment]:
    require_postgres()
    work = tmp_path_factory.mktemp("content-replicas")
    index = work / "index"
    shutil.copytree(real_index, index, symlinks=True)
    folders = (work / "first" / "knowledge", work / "second" / "knowledge")
    for folder in folders:
        shutil.copytree(KNOWLEDGE, folder)
    with postgres_server() as postgres:
        database = postgres.new_database("content")
        store = Store(database, session_ttl=timedelta(hours=1), max_turns=5)
        for name, role in (("Ann Editor", Role.EDITOR), ("Pat Publisher", Role.PUBLISHER)):
            store.add_account(name, role, hash_password(PASSWORD))
        store.close()
        base = {**os.environ, "HIRING_ADVISOR_INDEX_DIR": str(index),
                "HIRING_ADVISOR_DATABASE_URL": database, "HIRING_ADVISOR_ADMIN_TOKEN": TOKEN,
                "HIRING_ADVISOR_RATE_LIMIT_PER_MINUTE": "0",
                "HIRING_ADVISOR_INDEX_CHECK_SECONDS": "0.5", "HIRING_ADVISOR_EMBED_THREADS": "1"}
        first = Replica({**base, "HIRING_ADVISOR_KNOWLEDGE_DIR": str(folders[0])},
                        work / "first.log")
        try:
            second = Replica({**base, "HIRING_ADVISOR_KNOWLEDGE_DIR": str(folders[1])},
                             work / "second.log")
        except BaseException:
            first.stop()
            raise
        try:
            yield Deployment(first, second, database, folders)
        finally:
            logs = first.stop() + second.stop()
            assert "Traceback" not in logs, logs[-5000:]


def signed_in(replica: Replica, name: str) -> httpx.Client:
    """A console session on `replica` as the account `name`."""
    client = httpx.Client(base_url=replica.url, timeout=300)
    response = client.post("/admin/api/session", json={"name": name, "password": PASSWORD})
    assert response.status_code == 200, response.text
    client.headers["X-CSRF-Token"] = response.json()["csrf_token"]
    return client


def answer_on(replica: Replica, figure: str, seconds: float = 20) -> str:
    """The answer to QUESTION on `replica` once it names `figure` (it loads a new build from
    the shared index directory by itself)."""
    deadline = time.monotonic() + seconds
    while figure not in (text := replica.chat(QUESTION)["answer"]):
        assert time.monotonic() < deadline, text
        time.sleep(0.3)
    return text


def test_an_edit_through_one_replica_is_published_and_reverted_on_both(content_deployment):
    deployment = content_deployment
    first, second = deployment.first, deployment.second
    answer_on(first, "124,000")
    answer_on(second, "124,000")
    editor = signed_in(first, "Ann Editor")
    read = editor.get("/admin/api/content/files/salaries.csv")
    assert read.status_code == 200, read.text
    edited = read.json()["body"].replace(",junior,,,,,124000,", ",junior,,,,,131000,")
    saved = editor.put("/admin/api/content/files/salaries.csv",
                       json={"body": edited, "message": "new survey"},
                       headers={"If-Match": read.headers["etag"]})
    assert saved.status_code == 200, saved.text

    # The other replica sees the draft (its own directory does not have it yet) ...
    publisher = signed_in(second, "Pat Publisher")
    draft = publisher.get("/admin/api/content/draft").json()
    assert draft["changed"] == ["salaries.csv"] and "+ai-engineer-junior" in draft["diff"]
    # ... publishes it, and both serve it.
    published = publisher.post("/admin/api/builds/check", json={"publish": True})
    assert published.status_code == 200 and published.json()["status"] == "published", (
        published.text)
    answer_on(second, "131,000")
    answer_on(first, "131,000")
    assert ",junior,,,,,131000," in (deployment.knowledge[1] / "salaries.csv").read_text()
    log = publisher.get("/admin/api/content/log", params={"path": "salaries.csv"}).json()
    assert log["revisions"][0]["author"] == "Ann Editor"

    # Revert through the second, publish through the first: the old figure on both.
    revision = log["revisions"][0]["id"]
    reverted = publisher.post(f"/admin/api/content/revisions/{revision}/revert", json={})
    assert reverted.status_code == 200, reverted.text
    again = signed_in(first, "Pat Publisher").post("/admin/api/builds/check",
                                                   json={"publish": True})
    assert again.json()["status"] == "published", again.text
    answer_on(first, "124,000")
    answer_on(second, "124,000")
