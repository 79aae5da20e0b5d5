"""HTTP contract of the chat service, on the made-up second knowledge base and the fake model
(fast, and independent of the shipped content; the real model is in test_chat_flows)."""

from __future__ import annotations

import json
import threading
import time

import pytest
from fastapi.testclient import TestClient

from api.main import create_app
from api.serve.service import ChatService
from tests.conftest import FakeEmbedder, wait_ready
from tests.support.http import chat

SOURCE_KEYS = {"id", "title", "snippet", "score", "path", "line"}
RESPONSE_KEYS = {"session_id", "message_id", "answer", "answered", "reason", "sources",
                 "suggestions", "data", "saved"}


def sse_events(text: str) -> list[tuple[str, dict]]:
    events = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        events.append((lines["event"], json.loads(lines["data"])))
    return events


def test_chat_answers_with_sources_and_suggestions(client):
    body = chat(client, "How much does an L5 platform engineer make?")
    assert set(body) == RESPONSE_KEYS
    assert body["answered"] is True and body["reason"] is None
    assert "CHF 142,000" in body["answer"] and "Alpenrose Engineering Pay Study" in body["answer"]
    assert body["sources"] and set(body["sources"][0]) == SOURCE_KEYS
    assert body["sources"][0]["id"] == "salaries/platform-engineer-l5"
    assert body["sources"][0]["path"] == "kb2/salaries.csv"
    assert body["suggestions"] and all(isinstance(s, str) for s in body["suggestions"])


def test_a_conversation_continues_in_its_session(client):
    first = chat(client, "L5 platform engineer salary")
    second = chat(client, "and an L3 one?", first["session_id"])
    assert second["session_id"] == first["session_id"]
    assert second["message_id"] != first["message_id"]
    assert "CHF 98,000" in second["answer"] and "CHF 142,000" not in second["answer"]


def test_an_unknown_session_starts_a_new_one(client):
    body = chat(client, "what does a platform engineer do?", "no-such-session")
    assert body["session_id"] != "no-such-session" and body["session_id"].startswith("s_")


def test_out_of_scope_is_not_answered_and_offers_questions(client):
    body = chat(client, "asdf qwer zxcv")
    assert body["answered"] is False and body["reason"] == "out_of_scope"
    assert body["sources"] == []
    assert "platform engineers, product designers and engineering managers" in body["answer"]
    assert len(body["suggestions"]) >= 3


@pytest.mark.parametrize(
    ("message", "reason"),
    [("How much equity should we offer an L6 platform engineer?", "not_covered"),
     ("What does a platform engineer earn in Brazil?", "not_covered"),
     ("How much does an engineering manager earn?", "not_covered"),
     ("Only shortlist platform engineers under 30", "declined"),
     ("What is the weather in Zurich?", "out_of_scope"),
     ("Welche Fähigkeiten braucht ein Designer bei euch?", "other_language")],
)
def test_every_refusal_says_why(client, message, reason):
    body = chat(client, message)
    assert (body["answered"], body["reason"]) == (False, reason), body["answer"]


def test_the_profile_gives_the_assistants_own_lines(client):
    profile = client.get("/api/profile").json()
    assert profile["name"] == "Kirschberg hiring desk"
    assert profile["greeting"].startswith("Grüezi")
    assert profile["placeholder"].startswith("Ask about platform engineers")
    assert "What does an L4 platform engineer earn?" in profile["starters"]


@pytest.mark.parametrize(
    ("kwargs", "status", "fragment"),
    [
        ({"json": {"message": ""}}, 422, "message is empty"),
        ({"json": {"message": "   \n\t "}}, 422, "message is empty"),
        ({"json": {"message": "x" * 2001}}, 422, "limit is 2000"),
        ({"json": {"message": 42}}, 422, "valid string"),
        ({"json": {"message": "hi", "session_id": 7}}, 422, "session_id"),
        ({"json": {"message": "hi", "colour": "red"}}, 422, "unknown field"),
        ({"json": {}}, 422, "message"),
        ({"json": ["message"]}, 422, "invalid request"),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422,
         "not valid JSON"),
        ({"content": b"message=hi", "headers": {"content-type": "text/plain"}}, 415,
         "Content-Type: application/json"),
        ({"content": b'{"message": "hi"}'}, 415, "Content-Type"),
        ({"content": b'{"message": "' + b"a" * 70_000 + b'"}',
          "headers": {"content-type": "application/json"}}, 413, "64 KB"),
    ],
)
def test_bad_chat_requests_get_a_clear_4xx(client, kwargs, status, fragment):
    for path in ("/api/chat", "/api/chat/stream"):
        response = client.post(path, **kwargs)
        assert response.status_code == status, response.text
        assert fragment in response.json()["detail"]


def test_a_chunked_body_over_the_limit_gets_413(client):
    def chunks():
        yield b'{"message": "'
        for _ in range(80):
            yield b"a" * 1024
        yield b'"}'

    response = client.post("/api/chat", content=chunks(),
                           headers={"content-type": "application/json"})
    assert response.status_code == 413 and "64 KB" in response.json()["detail"]


def test_stream_sends_sources_deltas_and_done(client):
    response = client.post("/api/chat/stream",
                           json={"message": "compare platform engineer pay in Zurich and Tokyo"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = sse_events(response.text)
    names = [name for name, _ in events]
    assert names[0] == "sources" and names[-1] == "done"
    assert set(names[1:-1]) == {"delta"} and len(names) > 3
    done = events[-1][1]
    assert set(done) == RESPONSE_KEYS
    assert "".join(data["text"] for name, data in events if name == "delta") == done["answer"]
    assert events[0][1]["sources"] == done["sources"]
    assert done["data"]["kind"] == "salaries"
    assert {r["currency"] for r in done["data"]["rows"]} == {"CHF", "JPY"}
    assert {r["role"] for r in done["data"]["rows"]} == {"platform engineer"}


def test_a_failure_mid_stream_ends_with_an_error_event(client, monkeypatch):
    service = client.app.state.service

    def broken(message, session_id):
        raise RuntimeError("database is on fire at /srv/secret/path")

    monkeypatch.setattr(service, "chat", broken)
    response = client.post("/api/chat/stream", json={"message": "hello there AI engineer"})
    events = sse_events(response.text)
    assert events[-1][0] == "error" and "retry" in events[-1][1]["detail"]
    assert "/srv/secret" not in response.text and "Traceback" not in response.text


def test_an_internal_error_is_a_500_without_internals(client, monkeypatch):
    def broken(message, session_id):
        raise RuntimeError("boom at /srv/secret/path.py line 3")

    monkeypatch.setattr(client.app.state.service, "chat", broken)
    response = client.post("/api/chat", json={"message": "what does a platform engineer do"})
    assert response.status_code == 500
    assert "request id" in response.json()["detail"]
    assert "/srv/secret" not in response.text and "Traceback" not in response.text
    assert response.headers["x-request-id"] in response.json()["detail"]


def test_search_returns_ranked_sources(client):
    response = client.get("/api/search", params={"q": "Lausanne salary", "k": 3})
    assert response.status_code == 200
    results = response.json()["results"]
    assert 1 <= len(results) <= 3 and set(results[0]) == SOURCE_KEYS
    assert results[0]["id"] == "salaries/platform-engineer-lausanne"
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)


@pytest.mark.parametrize(
    "params", [{"q": ""}, {"q": "   "}, {"q": "x", "k": 0}, {"q": "x", "k": 21},
               {"q": "x", "k": "many"}, {}]
)
def test_bad_searches_get_422(client, params):
    response = client.get("/api/search", params=params)
    assert response.status_code == 422 and response.json()["detail"]


def test_feedback_is_stored_and_checked(client):
    body = chat(client, "which certifications matter for platform engineers?")
    ok = client.post("/api/feedback", json={"message_id": body["message_id"], "rating": "up",
                                            "comment": "useful"})
    assert ok.status_code == 200 and ok.json() == {"status": "recorded"}
    stored = client.app.state.service.store.feedback_for(body["message_id"])
    assert [(f.rating, f.comment) for f in stored] == [("up", "useful")]
    missing = client.post("/api/feedback", json={"message_id": "m_nope", "rating": "up"})
    assert missing.status_code == 404 and "m_nope" in missing.json()["detail"]
    bad = client.post("/api/feedback", json={"message_id": body["message_id"], "rating": "meh"})
    assert bad.status_code == 422 and "rating" in bad.json()["detail"]


def test_history_restores_a_conversation(client):
    first = chat(client, "what does a platform engineer do?")
    chat(client, "and what about on-call duty?", first["session_id"])
    history = client.get(f"/api/sessions/{first['session_id']}")
    assert history.status_code == 200
    turns = history.json()["turns"]
    assert [t["question"] for t in turns] == [
        "what does a platform engineer do?", "and what about on-call duty?"
    ]
    assert turns[0]["answer"] == first["answer"]
    assert client.get("/api/sessions/s_unknown").status_code == 404


def test_admin_endpoints_need_the_token(client):
    for method, path in (("get", "/api/admin/gaps"), ("post", "/api/admin/reindex")):
        assert getattr(client, method)(path).status_code == 401
        wrong = getattr(client, method)(path, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        # The two ways in: the admin token, or an account's name and password.
        assert wrong.headers["www-authenticate"].startswith("Bearer, Basic realm=")


def test_admin_endpoints_are_hidden_without_a_token(make_client):
    client = make_client(admin_token=None)
    assert client.get("/api/admin/gaps").status_code == 404
    assert client.post("/api/admin/reindex",
                       headers={"Authorization": "Bearer anything"}).status_code == 404


def test_gaps_group_unanswered_low_and_thumbs_down(client):
    admin = {"Authorization": "Bearer s3cret-admin-token-for-tests"}
    chat(client, "salary for a platform engineer in Lima?")
    chat(client, "lima salary for platform engineers")
    disliked = chat(client, "what does a platform engineer do?")
    client.post("/api/feedback", json={"message_id": disliked["message_id"], "rating": "down",
                                       "comment": "too vague"})
    gaps = client.get("/api/admin/gaps", headers=admin).json()["gaps"]
    lima = next(g for g in gaps if "lima" in g["question"].lower())
    assert lima["count"] == 2 and lima["reasons"] == {"not_covered": 2}
    assert lima["detail"] == "place missing: Lima"
    assert len(lima["examples"]) == 2
    down = next(g for g in gaps if g["question"] == "what does a platform engineer do?")
    assert down["reasons"].get("thumbs_down") == 1


def test_a_question_in_another_language_is_answered_or_kept_as_a_gap_of_its_own(client):
    admin = {"Authorization": "Bearer s3cret-admin-token-for-tests"}
    clear = chat(client, "Wie viel verdient ein L5 Platform Engineer?")
    assert clear["answered"] is True and clear["reason"] is None
    assert clear["answer"].startswith("Hier die Antwort, auf Englisch:")
    assert "CHF 142,000" in clear["answer"]
    body = chat(client, "Wie lange dauert die Probezeit bei euch?")
    assert (body["answered"], body["reason"]) == (False, "other_language")
    assert "Der Schalter liest nur Englisch." in body["answer"]
    assert "please ask again in English" in body["answer"]
    gaps = client.get("/api/admin/gaps", headers=admin).json()["gaps"]
    gap = next(g for g in gaps if g["question"] == "Wie lange dauert die Probezeit bei euch?")
    assert gap["reasons"] == {"other_language": 1} and gap["detail"] == "asked in German"
    assert not any(g["question"] == "Wie viel verdient ein L5 Platform Engineer?" for g in gaps)


def test_rate_limit_answers_429_with_retry_after(make_client):
    client = make_client(rate_limit_per_minute=60, rate_limit_burst=2)
    statuses = [client.get("/api/search", params={"q": "salary"}).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    limited = client.get("/api/search", params={"q": "salary"})
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) >= 1
    assert "wait" in limited.json()["detail"]
    assert client.get("/healthz").status_code == 200  # ops endpoints are not limited


def test_readyz_is_503_until_the_model_is_warm(service_settings):
    release = threading.Event()

    class SlowService(ChatService):
        def warm_up(self):
            release.wait(30)
            return super().warm_up()

    app = create_app(service_settings,
                     service=SlowService(service_settings, embedder=FakeEmbedder()))
    with TestClient(app) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        not_ready = client.get("/readyz")
        assert not_ready.status_code == 503 and not_ready.headers["retry-after"]
        early = client.post("/api/chat", json={"message": "hi"})
        assert early.status_code == 503 and "starting up" in early.json()["detail"]
        release.set()
        wait_ready(client)
        assert client.get("/readyz").json()["status"] == "ready"


def test_a_missing_index_says_what_to_run(service_settings, tmp_path):
    settings = service_settings.model_copy(update={"index_dir": tmp_path / "none"})
    app = create_app(settings, service=ChatService(settings, embedder=FakeEmbedder()))
    with TestClient(app) as client:
        for _ in range(100):
            if "build-index" in client.get("/readyz").text:
                break
            time.sleep(0.05)
        response = client.post("/api/chat", json={"message": "hi"})
        assert response.status_code == 503 and "hiring-advisor build-index" in response.text


def test_one_structured_log_line_per_request_without_message_text(make_client, capfd):
    client = make_client()
    capfd.readouterr()
    client.post("/api/chat", json={"message": "private question about Zurich pay"},
                headers={"X-Request-ID": "req-123"})
    lines = [json.loads(line) for line in capfd.readouterr().err.splitlines()
             if line.startswith("{")]
    requests = [entry for entry in lines if entry["event"] == "request"]
    assert len(requests) == 1
    entry = requests[0]
    assert entry["request_id"] == "req-123" and entry["route"] == "/api/chat"
    assert entry["status"] == 200 and entry["latency_ms"] >= 0
    assert entry["answer_route"] == "salary"  # the conversation's route that answered
    assert "private question" not in json.dumps(lines)


def test_message_text_is_logged_only_when_enabled(make_client, capfd):
    client = make_client(log_messages=True)
    capfd.readouterr()
    client.post("/api/chat", json={"message": "private question about Zurich pay"})
    assert "private question about Zurich pay" in capfd.readouterr().err


def test_conversations_survive_a_restart(service_settings):
    def start() -> TestClient:
        app = create_app(service_settings,
                         service=ChatService(service_settings, embedder=FakeEmbedder()))
        client = TestClient(app)
        client.__enter__()
        wait_ready(client)
        return client

    first = start()
    body = chat(first, "What does a platform engineer earn in Geneva?")
    first.__exit__(None, None, None)
    second = start()
    try:
        follow = chat(second, "what about Osaka?", body["session_id"])
        assert follow["session_id"] == body["session_id"]
        assert "¥9,800,000" in follow["answer"] and "CHF 128,000" not in follow["answer"]
        history = second.get(f"/api/sessions/{body['session_id']}").json()["turns"]
        assert len(history) == 2
    finally:
        second.__exit__(None, None, None)


def test_turns_per_session_are_capped(make_client):
    client = make_client(max_turns_per_session=3)
    session = None
    for question in ("what does a platform engineer do", "on-call duty", "core hours",
                     "certifications", "squads"):
        session = chat(client, question, session)["session_id"]
    turns = client.get(f"/api/sessions/{session}").json()["turns"]
    assert [t["question"] for t in turns] == ["core hours", "certifications", "squads"]


def test_openapi_documents_the_contract(client):
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in ("/api/chat", "/api/chat/stream", "/api/search", "/api/feedback",
                 "/api/admin/gaps", "/api/admin/reindex", "/api/profile", "/healthz",
                 "/readyz"):
        assert path in paths
    chat_response = schema["components"]["schemas"]["ChatResponse"]
    assert "data" in chat_response["properties"] and "reason" in chat_response["properties"]
    assert "SalaryRow" in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 200


# --- reindex ---------------------------------------------------------------------------------

ADMIN = {"Authorization": "Bearer s3cret-admin-token-for-tests"}


def test_reindex_publishes_an_edited_figure_at_once(client, service_settings):
    path = service_settings.knowledge_dir / "salaries.csv"
    path.write_text(path.read_text().replace(",98000,CHF,", ",101500,CHF,"))
    before = client.get("/readyz").json()["index"]
    response = client.post("/api/admin/reindex", headers=ADMIN)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "published" and "embedded 2 new/changed" in body["summary"]
    gate = body["gate"]
    assert gate["worse"] == [] and gate["stale"] == [] and gate["before"] and gate["after"]
    assert "in service" in gate["table"] and "new build" in gate["table"]
    assert client.get("/readyz").json()["index"] == body["build"] != before
    assert "CHF 101,500" in chat(client, "What does an L3 platform engineer earn?")["answer"]
    again = client.post("/api/admin/reindex", headers=ADMIN).json()
    assert again["status"] == "unchanged"


def test_reindex_with_broken_knowledge_keeps_serving(client, service_settings):
    (service_settings.knowledge_dir / "roles.md").write_text("no front matter\n")
    before = client.get("/readyz").json()["index"]
    response = client.post("/api/admin/reindex", headers=ADMIN)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "failed"
    assert body["problems"] == [{"path": "kb2/roles.md", "line": 1, "message": (
        "missing front matter: the file must start with a '---' line, then title, topic, "
        "source and as_of, then '---'")}]
    assert client.get("/readyz").json()["index"] == before
    assert chat(client, "what does a platform engineer do?")["answered"]


def test_reindex_refuses_a_stale_check_unless_forced(client, service_settings):
    path = service_settings.knowledge_dir / "remote-work.md"
    text = path.read_text()
    path.write_text(text[: text.index("## Anchor days")] + text[text.index("## Fully remote"):])
    before = client.get("/readyz").json()["index"]
    refused = client.post("/api/admin/reindex", headers=ADMIN)
    assert refused.status_code == 409
    body = refused.json()
    assert body["status"] == "refused" and "stale" in body["message"]
    stale = body["gate"]["stale"]
    assert [s["ask"] for s in stale] == ["How many days a week do we have to be in the office?"]
    assert "remote/anchor-days" in stale[0]["detail"] and stale[0]["path"] == "kb2/checks.yml"
    assert client.get("/readyz").json()["index"] == before
    forced = client.post("/api/admin/reindex", params={"force": "true"}, headers=ADMIN)
    assert forced.status_code == 200 and forced.json()["status"] == "published"
    assert "forced" in forced.json()["message"]
    assert client.get("/readyz").json()["index"] != before


def test_reindex_refuses_a_snippet_replaced_by_unrelated_text(client, service_settings):
    path = service_settings.knowledge_dir / "interview-playbook.md"
    text = path.read_text()
    start = text.index("{#interview/take-home-platform}")
    end = text.index("## ", start)
    path.write_text(text[:start] + "{#interview/take-home-platform}\n\nThe canteen serves "
                    "soup on Mondays and fruit on Fridays.\n\n" + text[end:])
    before = client.get("/readyz").json()["index"]
    refused = client.post("/api/admin/reindex", headers=ADMIN)
    assert refused.status_code == 409, refused.text
    worse = refused.json()["gate"]["worse"]
    assert "How long is the take-home test for platform engineers?" in [w["ask"] for w in worse]
    assert client.get("/readyz").json()["index"] == before


def test_requests_during_a_reindex_all_succeed(client, service_settings):
    path = service_settings.knowledge_dir / "team-structure.md"
    path.write_text(path.read_text() + "\n## Team lunches\n\nSquads lunch together on Thursdays.\n")
    failures: list[str] = []
    stop = threading.Event()

    def ask() -> None:
        questions = ["L5 salary", "what does a platform engineer do", "take-home test"]
        i = 0
        while not stop.is_set():
            r = client.post("/api/chat", json={"message": questions[i % 3]})
            if r.status_code != 200:
                failures.append(f"{r.status_code} {r.text}")
            i += 1

    workers = [threading.Thread(target=ask) for _ in range(4)]
    for w in workers:
        w.start()
    try:
        time.sleep(0.3)
        swap = client.post("/api/admin/reindex", params={"force": "true"}, headers=ADMIN)
        assert swap.status_code == 200 and swap.json()["status"] == "published"
        time.sleep(0.3)
    finally:
        stop.set()
        for w in workers:
            w.join()
    assert failures == []


def test_a_build_from_the_cli_is_picked_up_by_the_server(make_client, service_settings):
    from api.index.build import build_index

    client = make_client(index_check_seconds=0.0)
    before = client.get("/readyz").json()["index"]
    path = service_settings.knowledge_dir / "remote-work.md"
    path.write_text(path.read_text() + "\n## Quiet rooms\n\nEvery office has quiet rooms.\n")
    build_index(service_settings.knowledge_dir, service_settings.index_dir, FakeEmbedder())
    chat(client, "what are the core hours?")
    assert client.get("/readyz").json()["index"] != before




def test_a_fault_in_one_turn_is_answered_and_the_conversation_goes_on(client, monkeypatch,
                                                                        caplog):
    first = chat(client, "What does an L4 platform engineer earn?")
    engine = client.app.state.service.engine

    def broken(message, state):
        raise IndexError("a made-up fault in reading the message")

    monkeypatch.setattr(engine.conversation, "reply", broken)
    failed = client.post("/api/chat", json={"message": "and an L5?",
                                            "session_id": first["session_id"]})
    assert failed.status_code == 200  # not a 500: the chat goes on
    body = failed.json()
    assert body["answered"] is False and body["reason"] == "not_covered"
    assert body["answer"].startswith("Something went wrong while I worked that out")
    assert "turn failed" in caplog.text
    monkeypatch.undo()
    after = chat(client, "and an L5?", first["session_id"])  # the state before is kept
    assert "CHF 142,000" in after["answer"]
