"""Property-based fuzzing: the OpenAPI schema (schemathesis, every check: the server accepts what
the schema calls valid, refuses what it does not, and answers as it documents), and the whole
space of JSON strings (lone surrogates, NUL and other controls, long text, mixed scripts): no
input may cause a 5xx, and text the service cannot store is refused as 422, never half stored."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.config import SchemathesisConfig

from api.config import Settings
from api.index.build import build_index
from api.main import create_app
from api.serve.service import ChatService
from tests.conftest import KB2, FakeEmbedder, wait_ready

# schemathesis reads the schema at import time, so the app (fake model) is built here.
_tmp = Path(tempfile.mkdtemp(prefix="hiring-advisor-fuzz-"))
build_index(KB2, _tmp / "index", FakeEmbedder())
# No rate limit, and no throttle on wrong admin tokens: the fuzzer sends none, many times.
_settings = Settings(knowledge_dir=KB2, index_dir=_tmp / "index",
                     database_url=f"sqlite:///{_tmp / 'chat.db'}", rate_limit_per_minute=0,
                     auth_max_failures=0, admin_token="s3cret-admin-token-for-tests")
app = create_app(_settings, service=ChatService(_settings, embedder=FakeEmbedder()))
# Which roles, levels, places and kit sections exist is content, published while the server
# runs: the schema cannot list them and documents the 422 that names those there are. So a kit
# request valid by the schema may get that 422 (schemathesis's defaults, and 422).
KNOWLEDGE_NAMES = {"include-path": "/api/kit", "checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "3xx", "401", "403", "404", "409", "422", "429", "5xx"]}}}
# From the document itself, not over ASGI: schemathesis would start the app's lifespan a second
# time, and stop it (closing what the test client's lifespan opened) after the first test.
schema = schemathesis.openapi.from_dict(
    app.openapi(), config=SchemathesisConfig.from_dict({"operations": [KNOWLEDGE_NAMES]}))

# Every code point, surrogates included ("Cs"), as JSON can carry them (\ud800 escapes).
ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300)
NASTY = st.sampled_from(["\ud800", "\udfff x", "a\x00b", "\x1b[31m", "\u202e", "\ufeff",
                         "x" * 5000, "日本語 and عربى", "\U0001f600" * 50, "\r\n\t"])


@pytest.fixture(scope="module")
def client():
    with TestClient(app, raise_server_exceptions=False) as running:
        wait_ready(running)
        yield running


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_request_is_answered_as_the_schema_says(case, client):
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    if isinstance(kwargs.get("data"), (bytes, str)):  # requests-style raw body -> httpx
        kwargs["content"] = kwargs.pop("data")
    if not kwargs.get("cookies"):
        kwargs.pop("cookies", None)
    response = client.request(**kwargs)
    assert response.status_code < 500, (case.method, case.path, case.body, response.text)
    try:  # a multipart body (an import) is streamed: schemathesis reads it back to check it
        response.request.read()
    except (AttributeError, TypeError):  # a form field that no encoder can write (a number as
        return  # the file): httpx sent no body, so there is nothing to check it against
    case.validate_response(response)  # every check schemathesis has


def post_json(client: TestClient, path: str, body: dict) -> object:
    # ensure_ascii keeps lone surrogates as \ud800 escapes, as a client's JSON would.
    return client.post(path, content=json.dumps(body, ensure_ascii=True),
                       headers={"content-type": "application/json"})


@given(text=st.one_of(ANY_TEXT, NASTY))
@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
def test_any_json_string_is_answered_or_refused_never_a_500(client, text):
    chat = post_json(client, "/api/chat", {"message": text})
    assert chat.status_code in (200, 422), (repr(text), chat.text)
    if chat.status_code == 422:
        assert chat.json()["detail"]
    feedback = post_json(client, "/api/feedback",
                         {"message_id": text or "m", "rating": "down", "comment": text})
    assert feedback.status_code in (404, 422), (repr(text), feedback.text)
    # A URL carries bytes: a lone surrogate arrives as invalid UTF-8 (%ED%A0%80).
    query = quote(text.encode("utf-8", "surrogatepass"))
    search = client.get(f"/api/search?q={query}")
    assert search.status_code in (200, 422), (repr(text), search.text)


@pytest.mark.parametrize("text", ["\ud800 x", "a\x00b", "tab\tand\x07bell"])
def test_text_that_cannot_be_stored_is_a_clear_422(client, text):
    response = post_json(client, "/api/chat", {"message": text})
    assert response.status_code == 422
    assert "cannot be stored as text" in response.json()["detail"]


def test_line_breaks_and_other_scripts_are_stored(client):
    response = post_json(client, "/api/chat", {"message": "Zurich pay?\n日本語 \U0001f600"})
    assert response.status_code == 200
    turns = client.get(f"/api/sessions/{response.json()['session_id']}").json()["turns"]
    assert turns[0]["question"] == "Zurich pay?\n日本語 \U0001f600"
