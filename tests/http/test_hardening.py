"""Reliability findings of the service (issue 8), each reproduced through the app on the fake
model: the admin token, security headers, JSON for every error, HEAD, forwarded addresses, a
store that cannot write, purging, an index directory that cannot be written, concurrent clients.
The findings that need more are elsewhere: the settings in tests/unit/test_config.py, the
commands in tests/component/test_cli.py, several workers in tests/system/test_workers.py, a
client leaving mid-stream in tests/system/test_live_server.py."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.config import Settings
from api.index.build import build_index
from api.main import create_app
from api.serve.service import ChatService
from tests.conftest import FakeEmbedder, wait_ready
from tests.support.disk import fill, small_disk
from tests.support.http import TOKEN, chat, sign_in
from tests.support.knowledge import edit_figure

# --- 9: the admin token -----------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", "   ", "\t\n"])
def test_a_blank_admin_token_disables_the_admin_api(blank, make_client):
    assert Settings(admin_token=blank).admin_token is None
    client = make_client(admin_token=Settings(admin_token=blank).admin_token)
    for header in ("Bearer   ", "Bearer ", ""):
        assert client.get("/api/admin/gaps", headers={"Authorization": header}).status_code == 404


# --- 10: security headers and JSON errors -------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "policy_part"),
    [("/", "script-src 'self';"), ("/docs", "script-src 'self' 'unsafe-inline';"),
     ("/widget.js", "default-src 'none'"), ("/healthz", "default-src 'none'"),
     ("/api/profile", "default-src 'none'"), ("/no-such-page", "default-src 'none'")],
)
def test_every_response_carries_security_headers(client, path, policy_part):
    response = client.get(path)
    assert "https:" not in response.headers["content-security-policy"]  # nothing from a CDN
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert policy_part in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


def test_the_widget_script_may_be_loaded_by_other_sites(client):
    response = client.get("/widget.js")
    assert response.headers["cross-origin-resource-policy"] == "cross-origin"
    assert client.get("/").headers["cross-origin-resource-policy"] == "same-site"


def test_a_rejected_cors_preflight_is_json(make_client):
    client = make_client(cors_origins=["https://careers.example"])
    ok = client.options("/api/chat", headers={
        "Origin": "https://careers.example", "Access-Control-Request-Method": "POST"})
    assert ok.status_code == 200
    rejected = client.options("/api/chat", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert rejected.status_code == 400
    assert rejected.headers["content-type"].startswith("application/json")
    assert "Disallowed CORS origin" in rejected.json()["detail"]


def test_unknown_paths_and_methods_are_json(client):
    missing = client.get("/nowhere")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}
    wrong = client.delete("/api/chat")
    assert wrong.status_code == 405 and wrong.json()["detail"]


# --- 11: HEAD ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/healthz", "/readyz", "/", "/widget.js", "/api/profile",
                                  "/docs", "/openapi.json"])
def test_head_answers_wherever_get_does(client, path):
    get = client.get(path)
    head = client.head(path)
    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]


def test_head_on_a_post_only_route_is_still_405(client):
    assert client.head("/api/chat").status_code == 405


# --- 12: forwarded addresses ----------------------------------------------------------------------


def rotating(client: TestClient, n: int) -> list[int]:
    return [client.get("/api/search", params={"q": "salary"},
                       headers={"X-Forwarded-For": f"203.0.113.{i}"}).status_code
            for i in range(n)]


def test_forwarded_addresses_are_ignored_without_a_trusted_proxy(make_client):
    client = make_client(rate_limit_per_minute=60, rate_limit_burst=2)
    assert rotating(client, 3) == [200, 200, 429]  # one client, whatever it claims


def test_a_trusted_proxy_gives_each_client_its_own_limit(service_settings):
    settings = service_settings.model_copy(update={
        "rate_limit_per_minute": 60, "rate_limit_burst": 2, "trusted_proxies": ["testclient"]})
    app = create_app(settings, service=ChatService(settings, embedder=FakeEmbedder()))
    with TestClient(app) as client:
        wait_ready(client)
        assert rotating(client, 3) == [200, 200, 200]  # three clients behind the proxy
        same = [client.get("/api/search", params={"q": "salary"},
                           headers={"X-Forwarded-For": "198.51.100.7"}).status_code
                for _ in range(3)]
        assert same == [200, 200, 429]


# --- 2: a store that cannot write --------------------------------------------------------------


def test_chat_goes_on_when_the_store_cannot_write_and_resumes_after(client):
    from tests.support.store import DiskFull

    service = client.app.state.service
    before = client.post("/api/chat", json={"message": "What does an L3 platform engineer earn?"})
    assert before.json()["saved"] is True
    session = before.json()["session_id"]
    with DiskFull(service.store):
        answer = client.post("/api/chat", json={"message": "and an L4 one?", "session_id": session})
        assert answer.status_code == 200
        body = answer.json()
        assert body["answered"] and body["saved"] is False and "CHF 118,000" in body["answer"]
        ready = client.get("/readyz")
        assert ready.status_code == 200 and ready.json()["status"] == "degraded"
        assert "database or disk is full" in ready.json()["store"]
        feedback = client.post("/api/feedback", json={
            "message_id": before.json()["message_id"], "rating": "up"})
        assert feedback.status_code == 503 and int(feedback.headers["retry-after"]) > 0
        assert "not available right now" in feedback.json()["detail"]
        stream = client.post("/api/chat/stream", json={"message": "L5 salary?"})
        assert stream.status_code == 200 and '"saved": false' in stream.text
    after = client.post("/api/chat", json={"message": "and an L5?", "session_id": session})
    assert after.json()["saved"] is True
    assert client.get("/readyz").json()["status"] == "ready"
    turns = client.get(f"/api/sessions/{session}").json()["turns"]
    assert [t["question"] for t in turns] == ["What does an L3 platform engineer earn?",
                                              "and an L5?"]  # nothing stored was lost


def test_a_database_that_cannot_be_opened_degrades_from_the_start(make_client, tmp_path):
    (tmp_path / "not-a-dir").write_text("")
    client = make_client(database_url=f"sqlite:///{tmp_path / 'not-a-dir' / 'chat.db'}")
    body = client.post("/api/chat", json={"message": "What does a platform engineer do?"}).json()
    assert body["answered"] and body["saved"] is False
    assert client.get("/readyz").json()["status"] == "degraded"
    assert client.get(f"/api/sessions/{body['session_id']}").status_code == 503


# --- 5: purging ----------------------------------------------------------------------------------


def test_expired_conversations_are_purged_on_a_schedule(make_client):
    import time

    client = make_client(session_ttl_minutes=0.005, purge_interval_minutes=0.005)  # 0.3 s
    session = client.post("/api/chat", json={"message": "hi there, L3 pay?"}).json()["session_id"]
    store = client.app.state.service.store
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with store._sessions() as db:
            from api.store.tables import ChatSession

            if db.get(ChatSession, session) is None:
                break
        time.sleep(0.1)
    else:
        raise AssertionError("the expired conversation was not purged")


# --- 7: an index directory that cannot be written ------------------------------------------------


def test_a_disk_that_fills_up_under_a_reindex_or_a_check_is_a_503(make_client, service_settings,
                                                                  tmp_path):
    """The index directory on a real disk that is full (a small tmpfs): the admin API's
    reindex and the console's Check both answer 503 with one line, the index in service
    keeps answering, and nothing is left half-written."""
    with small_disk(tmp_path / "disk", 8 * 1024 * 1024) as disk:
        build_index(service_settings.knowledge_dir, disk, FakeEmbedder())
        client = make_client(index_dir=disk)
        before = client.get("/readyz").json()["index"]
        edit_figure(service_settings.knowledge_dir)
        fill(disk, 0)

        response = client.post("/api/admin/reindex", headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 503 and int(response.headers["retry-after"]) > 0
        body = response.json()
        assert body["status"] == "unavailable"
        assert body["message"].startswith("cannot write the index directory")
        assert "No space left on device" in body["message"] and "\n" not in body["message"]

        checked = client.post("/admin/api/builds/check", json={"publish": False},
                              headers=sign_in(client))
        assert checked.status_code == 503, checked.text
        assert "No space left on device" in checked.json()["detail"]

        assert client.get("/readyz").json()["index"] == before
        assert chat(client, "What does an L3 platform engineer earn?")["answered"]
        assert not [p.name for p in disk.iterdir() if p.name.startswith(".tmp-")]


# --- 4: concurrent clients on one session --------------------------------------------------------


def test_concurrent_clients_on_one_session_keep_every_turn(make_client):
    import threading

    client = make_client(max_turns_per_session=500)
    session = client.post("/api/chat", json={"message": "hello"}).json()["session_id"]
    answered: list[str] = []
    failures: list[str] = []

    def ask(n: int) -> None:
        for i in range(10):
            r = client.post("/api/chat", json={"message": f"L{3 + i % 3} salary? ({n}/{i})",
                                               "session_id": session})
            if r.status_code == 200 and r.json()["saved"]:
                answered.append(r.json()["message_id"])
            else:
                failures.append(r.text)

    threads = [threading.Thread(target=ask, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    turns = client.get(f"/api/sessions/{session}").json()["turns"]
    assert len(turns) == 41 and len({t["message_id"] for t in turns}) == 41
    assert {t["message_id"] for t in turns[1:]} == set(answered)
    store = client.app.state.service.store
    numbers = [m.turn for m in store.history(session)]
    assert numbers == list(range(1, 42))  # each stored once, in order
