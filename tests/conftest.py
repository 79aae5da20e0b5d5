"""Shared fixtures: every path in tmp_path, a fast deterministic embedder, sample knowledge; and
the layer markers, set by folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from argon2 import PasswordHasher, profiles

from api.config import get_settings
from api.embedding.base import BaseEmbedder
from api.store import passwords
from api.text.words import index_terms

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
KNOWLEDGE = ROOT / "knowledge"
# The ONNX export of the model and the derived tables are made once and kept, as `make run`
# keeps them, whatever directory a test (or a server it starts) runs in.
os.environ.setdefault("HIRING_ADVISOR_CACHE_DIR", str(ROOT / "cache"))
# A second, made-up knowledge base (other roles, another ladder, CHF and JPY): tests of the code
# run on it so that nothing passes only because the code knows the article.
KB2 = ROOT / "tests/fixtures/kb2"


# The layers of the suite, one folder each under tests/; each is also a marker (pyproject.toml),
# so `-m unit` or `-m "not system and not browser"` picks layers by name.
LAYERS = ("unit", "component", "http", "system", "browser", "integration")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test with its layer: the folder under tests/ that holds it."""
    for item in items:
        folder = item.path.relative_to(TESTS).parts[0]
        if folder in LAYERS:
            item.add_marker(folder)


class FakeEmbedder(BaseEmbedder):
    """Bag of hashed word stems in a tiny space: deterministic, offline, and it counts calls."""

    def __init__(self, dimension: int = 64, model_id: str = "fake-model", **kwargs) -> None:
        super().__init__(**kwargs)
        self._dimension = dimension
        self.model_id = model_id
        self.backend = "fake"
        self.batches = 0
        self.texts = 0
        self.sizes: list[int] = []  # the number of texts in each batch, in order
        self.loaded = False

    def load(self) -> FakeEmbedder:
        self.loaded = True
        return self

    @property
    def dimension(self) -> int:
        return self._dimension

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        self.batches += 1
        self.texts += len(texts)
        self.sizes.append(len(texts))
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in index_terms(text) or ["<empty>"]:
                bucket = int(hashlib.md5(term.encode()).hexdigest(), 16) % self._dimension
                out[row, bucket] += 1.0
        return out


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point every configurable path at tmp_path; fresh settings for each test."""
    monkeypatch.setenv("HIRING_ADVISOR_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("HIRING_ADVISOR_KNOWLEDGE_DIR", str(KNOWLEDGE))
    monkeypatch.setenv("HIRING_ADVISOR_DATABASE_URL", f"sqlite:///{tmp_path / 'chat.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash the console's passwords with argon2's cheapest parameters: its defaults take a tenth
    of a second a hash, on purpose (the rehash on a change of parameters is tested apart)."""
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher.from_parameters(profiles.CHEAPEST))


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def database_url(new_database: Callable[[str], str]) -> str:
    """A new, empty database on the backend of the test's layer: `new_database` is SQLite's in
    tests/component, PostgreSQL's in tests/system."""
    return new_database("chat")


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the real knowledge base."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture
def kb2_copy(tmp_path: Path) -> Path:
    """A writable copy of the made-up second knowledge base."""
    target = tmp_path / "kb2"
    shutil.copytree(KB2, target)
    return target


def write(path: Path, text: str) -> Path:
    """Write dedented text, creating parents."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


SMALL_PROFILE = """
assistant:
  name: Test desk
  scope: I answer questions about testers and their pay, from made-up test data.
  greeting: Hello from the test desk.
  placeholder: Ask the test desk
  starters: ["What does a tester do?"]
roles:
  - id: tester
    name: tester
    aliases: [QA engineer]
ladders:
  - id: grades
    levels:
      - id: g1
        aliases: [beginner]
      - id: g2
    nearest:
      lead: g2
"""

SMALL_DOC = """
---
title: Small
topic: testing
source: unit tests
as_of: 2024-01-22
---

## First snippet

The first snippet talks about Bellevue and junior engineers.

Asked as: where is Bellevue?

## Second snippet {#custom/second}

The second snippet is about certifications from IBM.
"""


@pytest.fixture
def small_knowledge(tmp_path: Path) -> Path:
    """A two-snippet knowledge base with one salary table."""
    root = tmp_path / "small"
    write(root / "doc.md", SMALL_DOC)
    write(root / "profile.yml", SMALL_PROFILE)
    write(
        root / "pay.csv",
        """
        id,role,level,location,region,aliases,amount,currency,period,source,as_of
        t-g1,tester,g1,,,,50000,CHF,year,Test Survey,2024-01-22
        t-g2,tester,g2,,,,70000,CHF,year,Test Survey,2024-01-22
        """,
    )
    return root


# --- the chat service -----------------------------------------------------------------------

import time as _time  # noqa: E402

from fastapi.testclient import TestClient  # noqa: E402

from api.config import Settings  # noqa: E402
from api.index.build import build_index  # noqa: E402
from api.main import create_app  # noqa: E402
from api.serve.service import ChatService  # noqa: E402


def wait_ready(client: TestClient, timeout: float = 120.0) -> None:
    """Poll /readyz until the background warm-up is done."""
    deadline = _time.monotonic() + timeout
    while _time.monotonic() < deadline:
        if client.get("/readyz").status_code == 200:
            return
        _time.sleep(0.05)
    raise AssertionError(f"not ready: {client.get('/readyz').json()}")


@pytest.fixture
def service_settings(tmp_path, kb2_copy) -> Settings:
    """Settings for a service on a fake-model index built from a writable copy of the made-up
    knowledge base (the HTTP layer must not depend on what the content is)."""
    index = tmp_path / "index"
    build_index(kb2_copy, index, FakeEmbedder())
    return Settings(
        knowledge_dir=kb2_copy,
        index_dir=index,
        database_url=f"sqlite:///{tmp_path / 'chat.db'}",
        rate_limit_per_minute=0,
        admin_token="s3cret-admin-token-for-tests",
    )


@pytest.fixture
def make_client(service_settings):
    """Start apps on the fake model: make_client(**setting_overrides) -> ready TestClient."""
    clients = []

    def make(**overrides) -> TestClient:
        settings = service_settings.model_copy(update=overrides)
        app = create_app(settings, service=ChatService(settings, embedder=FakeEmbedder()))
        client = TestClient(app, raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        wait_ready(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client) -> TestClient:
    return make_client()


@pytest.fixture(scope="session")
def real_embedder() -> BaseEmbedder:
    """The bundled model as the service runs it by default (ONNX Runtime)."""
    from api.config import Settings
    from api.embedding.factory import make_embedder

    return make_embedder(Settings()).load()


@pytest.fixture(scope="session")
def real_index(tmp_path_factory, real_embedder) -> Path:
    """The real knowledge embedded with the bundled model, built once per test run."""
    out = tmp_path_factory.mktemp("real") / "index"
    build_index(KNOWLEDGE, out, real_embedder)
    return out


@pytest.fixture(scope="session")
def real_service(real_index, tmp_path_factory) -> ChatService:
    """One warm ChatService on the real model, shared by the integration tests."""
    db = tmp_path_factory.mktemp("db") / "chat.db"
    settings = Settings(index_dir=real_index, database_url=f"sqlite:///{db}",
                        rate_limit_per_minute=0, admin_token="s3cret-admin-token-for-tests")
    service = ChatService(settings).warm_up()
    yield service
    service.close()


@pytest.fixture(scope="session")
def real_client(real_service) -> TestClient:
    app = create_app(real_service.settings, service=real_service)
    with TestClient(app) as client:
        wait_ready(client)
        yield client
