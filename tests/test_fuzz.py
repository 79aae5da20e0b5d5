"""Property-based fuzzing of the OpenAPI schema (schemathesis): no input may cause a 5xx."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from api.config import Settings
from api.indexing import build_index
from api.main import create_app
from api.service import ChatService
from tests.conftest import KNOWLEDGE, ROOT, FakeEmbedder, wait_ready

# schemathesis loads the schema at import time, so the app (fake model) is built here.
_tmp = Path(tempfile.mkdtemp(prefix="hiring-advisor-fuzz-"))
build_index(KNOWLEDGE, _tmp / "index", FakeEmbedder())
_settings = Settings(knowledge_dir=KNOWLEDGE, index_dir=_tmp / "index",
                     database_url=f"sqlite:///{_tmp / 'chat.db'}", rate_limit_per_minute=0,
                     admin_token="s3cret", eval_path=ROOT / "tests/eval/questions.jsonl")
app = create_app(_settings, service=ChatService(_settings, embedder=FakeEmbedder()))
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


@pytest.fixture(scope="module")
def client():
    with TestClient(app, raise_server_exceptions=False) as running:
        wait_ready(running)
        yield running


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_request_causes_a_server_error(case, client):
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    if "data" in kwargs:  # requests-style raw body -> httpx
        kwargs["content"] = kwargs.pop("data")
    if not kwargs.get("cookies"):
        kwargs.pop("cookies", None)
    response = client.request(**kwargs)
    assert response.status_code < 500, (case.method, case.path, case.body, response.text)
