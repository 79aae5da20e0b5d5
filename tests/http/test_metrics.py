"""Prometheus metrics (`GET /metrics`) and request ids, in process on the fake model. Several
workers: their bookkeeping in tests/unit/serve/test_metrics.py, and for real with `serve
--workers 2`, where every worker's numbers add up, in tests/system/test_workers.py."""

from __future__ import annotations

import json
import time
from datetime import datetime

import pytest
from prometheus_client import REGISTRY

from api.index.format import read_manifest
from api.index.lifecycle import current_build

ADMIN = {"Authorization": "Bearer s3cret-admin-token-for-tests"}
L5 = "How much does an L5 platform engineer make?"


def value(name: str, **labels: str) -> float:
    """A sample of this process's registry (0 when it was never recorded)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


def requests(route: str, method: str, status: int) -> float:
    return value("hiring_advisor_http_requests_total", route=route, method=method,
                 status=str(status))


def latencies(route: str, method: str) -> float:
    return value("hiring_advisor_http_request_duration_seconds_count", route=route,
                 method=method)


# --- what is recorded ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "route", "status"),
    [("POST", "/api/chat", {"json": {"message": L5}}, "/api/chat", 200),
     ("POST", "/api/chat/stream", {"json": {"message": L5}}, "/api/chat/stream", 200),
     ("GET", "/api/sessions/s_nobody", {}, "/api/sessions/{session_id}", 404),
     ("GET", "/no/such/path/9f3a", {}, "unmatched", 404),
     ("POST", "/api/chat", {"content": b"hi"}, "/api/chat", 415)],
)
def test_requests_are_counted_by_route_template_method_and_status(client, method, path, kwargs,
                                                                  route, status):
    count, timed = requests(route, method, status), latencies(route, method)
    response = client.request(method, path, **kwargs)
    assert response.status_code == status
    assert requests(route, method, status) == count + 1
    assert latencies(route, method) == timed + 1
    if path != route:
        assert requests(path, method, status) == 0  # never the raw path


def test_a_streamed_answer_is_timed_to_its_last_event(client, monkeypatch):
    service = client.app.state.service
    real_chat = service.chat

    def slow_chat(*args):
        time.sleep(0.2)
        return real_chat(*args)

    monkeypatch.setattr(service, "chat", slow_chat)
    before = value("hiring_advisor_http_request_duration_seconds_sum",
                   route="/api/chat/stream", method="POST")
    answered = value("hiring_advisor_answers_total", outcome="answered")
    assert "event: done" in client.post("/api/chat/stream", json={"message": L5}).text
    spent = value("hiring_advisor_http_request_duration_seconds_sum",
                  route="/api/chat/stream", method="POST") - before
    assert spent >= 0.2
    assert value("hiring_advisor_answers_total", outcome="answered") == answered + 1


def test_rate_limited_requests_are_counted_as_429(make_client):
    client = make_client(rate_limit_per_minute=60, rate_limit_burst=1)
    refused = requests("/api/chat", "POST", 429)
    statuses = [client.post("/api/chat", json={"message": L5}).status_code for _ in range(2)]
    assert statuses == [200, 429]
    assert requests("/api/chat", "POST", 429) == refused + 1


@pytest.mark.parametrize(
    ("message", "outcome"),
    [(L5, "answered"),
     ("How much equity should we offer an L6 platform engineer?", "not_covered"),
     ("What is the weather in Zurich?", "out_of_scope"),
     ("Only shortlist platform engineers under 30", "declined"),
     ("Welche Fähigkeiten braucht ein Designer bei euch?", "other_language")],
)
def test_every_chat_outcome_is_counted(client, message, outcome):
    before = {o: value("hiring_advisor_answers_total", outcome=o)
              for o in ("answered", "not_covered", "out_of_scope", "declined", "other_language")}
    client.post("/api/chat", json={"message": message})
    after = {o: value("hiring_advisor_answers_total", outcome=o) for o in before}
    assert {o: after[o] - before[o] for o in before} == {
        o: 1.0 if o == outcome else 0.0 for o in before}


def test_a_turn_the_store_cannot_keep_is_counted(client):
    from tests.support.store import DiskFull

    lost = value("hiring_advisor_turns_not_saved_total")
    with DiskFull(client.app.state.service.store):
        assert client.post("/api/chat", json={"message": L5}).json()["saved"] is False
    assert client.post("/api/chat", json={"message": L5}).json()["saved"] is True
    assert value("hiring_advisor_turns_not_saved_total") == lost + 1


def test_a_repeated_question_is_a_cache_hit_and_needs_no_model_call(client):
    question = "What does an L4 platform engineer earn in Basel, roughly?"
    client.post("/api/chat", json={"message": question})
    hits = value("hiring_advisor_query_cache_total", result="hit")
    misses = value("hiring_advisor_query_cache_total", result="miss")
    calls = value("hiring_advisor_encoder_duration_seconds_count")
    client.post("/api/chat", json={"message": question})
    assert value("hiring_advisor_query_cache_total", result="hit") > hits
    assert value("hiring_advisor_query_cache_total", result="miss") == misses
    assert value("hiring_advisor_encoder_duration_seconds_count") == calls
    client.post("/api/chat", json={"message": question + " And in Zug?"})
    assert value("hiring_advisor_encoder_duration_seconds_count") > calls  # a new one is


def test_the_served_index_is_described_and_a_swap_replaces_it(client, service_settings):
    served = client.get("/readyz").json()["index"]
    manifest = read_manifest(current_build(service_settings.index_dir))
    assert value("hiring_advisor_index_info", build=served, model="fake-model") == 1
    assert value("hiring_advisor_index_snippets") == len(manifest.snippet_hashes)
    built = datetime.fromisoformat(manifest.built_at).timestamp()
    assert value("hiring_advisor_index_built_timestamp_seconds") == built
    assert 0 <= time.time() - built < 600  # its age, as a dashboard computes it

    path = service_settings.knowledge_dir / "team-structure.md"
    path.write_text(path.read_text() + "\n## Team lunches\n\nSquads lunch together.\n")
    assert client.post("/api/admin/reindex", headers=ADMIN).json()["status"] == "published"
    new = client.get("/readyz").json()["index"]
    assert new != served
    body = client.get("/metrics").text
    assert f'hiring_advisor_index_info{{build="{new}",model="fake-model"}} 1.0' in body
    assert served not in body  # the old build's series is gone
    assert value("hiring_advisor_index_snippets") == len(manifest.snippet_hashes) + 1


def test_every_reindex_outcome_is_counted(client, service_settings, monkeypatch):
    from api.index import format as index_format

    outcomes = ("published", "unchanged", "refused", "invalid", "failed")

    def reindex(**params: str) -> dict[str, float]:
        before = {o: value("hiring_advisor_reindex_total", outcome=o) for o in outcomes}
        client.post("/api/admin/reindex", params=params, headers=ADMIN)
        return {o: d for o in outcomes
                if (d := value("hiring_advisor_reindex_total", outcome=o) - before[o])}

    knowledge = service_settings.knowledge_dir
    assert reindex() == {"unchanged": 1}
    roles = (knowledge / "roles.md").read_text()
    (knowledge / "roles.md").write_text("no front matter\n")
    assert reindex() == {"invalid": 1}
    (knowledge / "roles.md").write_text(roles)
    remote = knowledge / "remote-work.md"
    text = remote.read_text()
    remote.write_text(text[: text.index("## Anchor days")] + text[text.index("## Fully remote"):])
    assert reindex() == {"refused": 1}
    assert reindex(force="true") == {"published": 1}
    remote.write_text(text)
    monkeypatch.setattr(index_format, "_write_vectors",
                        lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
    assert reindex() == {"failed": 1}


# --- the endpoint ----------------------------------------------------------------------------


def test_metrics_are_open_by_default_in_the_prometheus_text_format(client):
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    assert "# TYPE hiring_advisor_http_requests_total counter" in response.text
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"].startswith("default-src 'none'")
    head = client.head("/metrics")
    assert head.status_code == 200 and head.content == b""
    assert "/metrics" not in client.get("/openapi.json").json()["paths"]
    openmetrics = client.get("/metrics", headers={"Accept": "application/openmetrics-text"})
    assert openmetrics.headers["content-type"].startswith("application/openmetrics-text")
    assert openmetrics.text.endswith("# EOF\n")


def test_metrics_can_require_the_admin_token(make_client):
    client = make_client(metrics_require_token=True)
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.head("/metrics").status_code == 401
    response = client.get("/metrics", headers=ADMIN)
    assert response.status_code == 200 and "hiring_advisor_answers_total" in response.text


def test_required_metrics_without_an_admin_token_do_not_exist(make_client):
    client = make_client(metrics_require_token=True, admin_token=None)
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", headers=ADMIN).status_code == 404


# --- request ids --------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "expected"), [
    (None, None), ("client-chosen-id-42", "client-chosen-id-42"), ("x" * 100, "x" * 64)])
def test_the_log_line_of_a_request_carries_the_id_its_response_returns(client, capsys, given,
                                                                       expected):
    capsys.readouterr()
    headers = {"X-Request-ID": given} if given else {}
    returned = client.get("/api/profile", headers=headers).headers["x-request-id"]
    assert returned == expected if expected else len(returned) == 32
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()
             if line.startswith("{")]
    logged = [line["request_id"] for line in lines
              if line["event"] == "request" and line["route"] == "/api/profile"]
    assert logged == [returned]


