"""The content console (/admin) at the HTTP level, on the made-up second knowledge base and the
fake model: sign-in, expiry, CSRF and origin checks, 404 without a token, JSON 4xx on bad input,
the gap report (filters, handled marks, CSV, reasons in plain words), conversations (named
without what was typed), knowledge, check / publish / roll back / try (led by what the new build
changes). Underneath, the store's new reads and migration 0003 are in tests/component/store,
the index's candidate and roll back in tests/component/index/test_lifecycle.py, the palette in
tests/unit/console, and the console in a browser in tests/browser/test_console.py."""

from __future__ import annotations

import csv
import io
import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.console import auth as console_auth
from api.console.views import why
from api.publish.history import build_history
from api.store.repository import Store
from api.store.roles import Role
from api.text.words import gap_key
from tests.conftest import ROOT
from tests.support.http import PASSWORD, TOKEN, add_account, chat, sign_in, sign_in_with_token
from tests.support.knowledge import edit_figure

STATIC = ROOT / "api" / "console" / "static"
L3_QUESTION = "What does an L3 platform engineer earn?"


@pytest.fixture
def console(client) -> tuple[TestClient, dict[str, str]]:
    return client, sign_in(client)


# --- existence, sign-in, session ----------------------------------------------------------------

def test_the_console_does_not_exist_without_an_admin_token(make_client):
    client = make_client(admin_token=None)
    for path in ("/admin", "/admin/admin.js", "/admin/admin.css", "/admin/api/session",
                 "/admin/api/gaps", "/admin/api/gaps.csv"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not Found"}
    assert client.post("/admin/api/session", json={"token": TOKEN}).status_code == 404
    assert client.post("/admin/api/builds/rollback").status_code == 404


def test_the_page_runs_only_its_own_files_under_a_strict_policy(client):
    page = client.get("/admin")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "'unsafe-inline'" not in policy and "script-src 'self'" in policy
    assert "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    html = page.text
    tags = re.findall(r"<script[^>]*>", html)
    scripts = re.findall(r'<script src="/admin/([a-z]+\.js)" defer>', html)
    assert len(tags) == len(scripts) and scripts[0] == "admin.js"
    assert {"accounts.js", "content.js"} <= set(scripts)
    styles = re.findall(r'<link rel="stylesheet" href="/admin/([a-z]+\.css)">', html)
    assert styles == ["admin.css", "content.css"]
    assert "<style" not in html and not re.search(r"\sstyle=", html)
    assert not re.search(r"\son[a-z]+=", html)  # no inline event handlers
    for name, kind in [*((s, "text/javascript") for s in scripts),
                       *((s, "text/css") for s in styles)]:
        response = client.get(f"/admin/{name}")
        assert response.status_code == 200 and response.headers["content-type"].startswith(kind)
        assert response.headers["cache-control"] == "no-cache", name  # revalidated, not stored
    for name in scripts:
        script = re.sub(r"/\*.*?\*/|(?<![:\\])//[^\n]*", "", (STATIC / name).read_text(),
                        flags=re.S)  # the code, without its comments
        assert "innerHTML" not in script and "outerHTML" not in script, name
        assert "insertAdjacentHTML" not in script and "document.write" not in script, name
        assert "localStorage" not in script and "sessionStorage" not in script, name
        assert "http://" not in script.replace("http://www.w3.org/2000/svg", ""), name  # no CDN


def test_sign_in_gives_a_strict_cookie_and_the_session(client):
    add_account(client, "Ann Editor", Role.EDITOR)
    response = client.post("/admin/api/session",
                           json={"name": "  ann  editor ", "password": PASSWORD})
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{console_auth.COOKIE}=")
    for attribute in ("HttpOnly", "Max-Age=28800", "Path=/admin", "SameSite=strict"):
        assert attribute.lower() in cookie.lower(), attribute
    assert PASSWORD not in cookie and PASSWORD not in response.text
    body = response.json()
    assert body["name"] == "Ann Editor" and body["csrf_token"]  # the account's own spelling
    assert body["role"] == "editor"
    assert body["can"] == {"edit": True, "publish": False, "admin": False}
    assert body["show_text"] is False
    assert {r["reason"] for r in body["reasons"]} == {
        "not_covered", "out_of_scope", "declined", "other_language", "low_score", "thumbs_down"}
    again = client.get("/admin/api/session")
    assert again.status_code == 200 and again.json()["csrf_token"] == body["csrf_token"]
    assert again.headers["cache-control"] == "no-store"


def test_the_admin_token_signs_in_as_automation_with_the_admin_role(client):
    # The body of old clients, a name with the token: the name is no longer taken on trust.
    response = client.post("/admin/api/session", json={"token": TOKEN, "name": "Ann Editor"})
    assert response.status_code == 200
    assert TOKEN not in response.headers["set-cookie"] and TOKEN not in response.text
    body = response.json()
    assert (body["name"], body["role"]) == ("automation", "admin")
    assert body["can"] == {"edit": True, "publish": True, "admin": True}
    assert client.get("/admin/api/session").json()["name"] == "automation"


@pytest.mark.parametrize("body, status, detail", [
    ({"token": "not-the-token-but-long-enough"}, 401, "not the admin token"),
    ({"token": ""}, 401, "not the admin token"),
    ({"name": "Ann Editor", "password": "not the password of Ann"}, 401,
     "wrong name or password"),
    ({"name": "Nobody Here", "password": PASSWORD}, 401, "wrong name or password"),
    ({"name": "Ann"}, 422, "give your account's name and password (or the admin token)"),
    ({"password": PASSWORD}, 422, "give your account's name and password"),
    ({}, 422, "give your account's name and password"),
    ({"token": TOKEN, "password": PASSWORD}, 422, "not both"),
    ({"token": TOKEN, "role": "root"}, 422, "unknown field"),
    ({"token": TOKEN + "\x00"}, 422, "cannot be stored"),
    ({"token": TOKEN, "name": "x" * 61}, 422, "at most 60"),
])
def test_a_wrong_sign_in_is_refused_without_a_cookie(client, body, status, detail):
    add_account(client, "Ann Editor", Role.EDITOR)
    response = client.post("/admin/api/session", json=body)
    assert response.status_code == status and detail in response.json()["detail"]
    assert "set-cookie" not in response.headers
    assert client.get("/admin/api/session").status_code == 401


def test_sign_in_takes_json_only(client):
    form = client.post("/admin/api/session", data={"token": TOKEN})
    assert form.status_code == 415 and "JSON" in form.json()["detail"]
    broken = client.post("/admin/api/session", content=b"{not json",
                         headers={"Content-Type": "application/json"})
    assert broken.status_code == 422


def test_a_session_expires(client, monkeypatch):
    now = time.time()
    monkeypatch.setattr(console_auth, "clock", lambda: now)
    sign_in(client)
    monkeypatch.setattr(console_auth, "clock", lambda: now + 8 * 3600 - 1)
    assert client.get("/admin/api/gaps").status_code == 200
    monkeypatch.setattr(console_auth, "clock", lambda: now + 8 * 3600 + 1)
    expired = client.get("/admin/api/gaps")
    assert expired.status_code == 401 and "expired" in expired.json()["detail"]


def test_a_forged_or_foreign_cookie_is_no_session(make_client, client):
    sign_in(client)
    value = client.cookies[console_auth.COOKIE]
    payload, signature = value.split(".")
    client.cookies.clear()
    client.cookies.set(console_auth.COOKIE, f"{payload}x.{signature}", path="/admin")
    assert client.get("/admin/api/session").status_code == 401
    # Signed with another admin token (another deployment, or the token was changed).
    other = make_client(admin_token=SecretStr("another-admin-token-of-24-chars"))
    sign_in_other = other.post("/admin/api/session",
                               json={"token": "another-admin-token-of-24-chars"})
    assert sign_in_other.status_code == 200
    client.cookies.clear()
    client.cookies.set(console_auth.COOKIE, other.cookies[console_auth.COOKIE], path="/admin")
    assert client.get("/admin/api/session").status_code == 401


def test_sign_out_ends_the_session(console):
    client, csrf = console
    response = client.post("/admin/api/session/end", headers=csrf)
    assert response.status_code == 200
    assert 'max-age=0' in response.headers["set-cookie"].lower()
    assert response.json()["everywhere"] is True
    assert client.get("/admin/api/session").status_code == 401


def test_a_copy_of_a_signed_out_cookie_is_refused(console):
    client, csrf = console
    copied = client.cookies.get("ha_console")
    assert client.post("/admin/api/session/end", headers=csrf).status_code == 200
    client.cookies.set("ha_console", copied, path="/admin")
    response = client.get("/admin/api/session")
    assert response.status_code == 401 and "signed out" in response.json()["detail"]
    sign_in(client)  # signing in again gives a new session
    assert client.get("/admin/api/session").status_code == 200


def test_every_api_route_needs_a_session(client):
    for path in ("/admin/api/overview", "/admin/api/gaps", "/admin/api/gaps.csv",
                 "/admin/api/conversations", "/admin/api/conversations/s_x",
                 "/admin/api/knowledge", "/admin/api/builds"):
        assert client.get(path).status_code == 401, path
    for path in ("/admin/api/gaps/handled", "/admin/api/builds/check", "/admin/api/builds/publish",
                 "/admin/api/builds/rollback", "/admin/api/builds/discard", "/admin/api/try",
                 "/admin/api/session/end"):
        assert client.post(path, json={}).status_code == 401, path


# --- CSRF and origin ------------------------------------------------------------------------------

CHANGES = [("/admin/api/gaps/handled", {"key": "x"}), ("/admin/api/builds/check", {}),
           ("/admin/api/builds/publish", {}), ("/admin/api/builds/rollback", None),
           ("/admin/api/builds/discard", None), ("/admin/api/try", {"question": "hi"}),
           ("/admin/api/session/end", None)]


@pytest.mark.parametrize("path, body", CHANGES)
def test_a_change_without_the_csrf_token_is_refused(console, path, body):
    client, _ = console
    for headers in ({}, {"X-CSRF-Token": "wrong"}, {"X-CSRF-Token": ""}):
        response = client.post(path, json=body, headers=headers)
        assert response.status_code == 403, (path, headers)
        assert "X-CSRF-Token" in response.json()["detail"]
    assert client.get("/admin/api/session").status_code == 200  # still signed in


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"},
                                     {"Origin": "null"},
                                     {"Sec-Fetch-Site": "cross-site"},
                                     {"Sec-Fetch-Site": "same-site"}])
def test_a_change_from_another_site_is_refused_even_with_the_token(console, headers):
    client, csrf = console
    response = client.post("/admin/api/try", json={"question": "hi"}, headers={**csrf, **headers})
    assert response.status_code == 403 and "another site" in response.json()["detail"]
    login = client.post("/admin/api/session", json={"token": TOKEN}, headers=headers)
    assert login.status_code == 403
    same = client.post("/admin/api/try", json={"question": "hi"},
                       headers={**csrf, "Origin": "http://testserver",
                                "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 200


@pytest.mark.parametrize("host, origin, status", [
    ("testserver:8000", "http://testserver:8000", 200),
    ("testserver:8000", "http://testserver:9000", 403),  # another port is another origin
    ("testserver:8000", "https://testserver:8000", 403),
    ("testserver", "http://testserver:8000", 200),  # a proxy passed the host without its port
    ("testserver", "http://testserver.evil.example", 403),
    ("testserver", "http://testserver:notaport", 403),
])
def test_the_origin_is_compared_with_the_host_the_request_names(console, host, origin, status):
    client, csrf = console
    response = client.post("/admin/api/try", json={"question": "hi"},
                           headers={**csrf, "Host": host, "Origin": origin})
    assert response.status_code == status, response.text


# --- bad input: JSON 4xx, never 500 ---------------------------------------------------------------

@pytest.mark.parametrize("method, path, kwargs, status", [
    ("get", "/admin/api/overview?days=0", {}, 422),
    ("get", "/admin/api/overview?days=abc", {}, 422),
    ("get", "/admin/api/gaps?days=-3", {}, 422),
    ("get", "/admin/api/gaps?reason=boredom", {}, 422),
    ("get", "/admin/api/gaps?status=closed", {}, 422),
    ("get", "/admin/api/gaps.csv?reason=%00", {}, 422),
    ("get", "/admin/api/conversations?q=" + "x" * 201, {}, 422),
    ("get", "/admin/api/conversations?q=%00", {}, 422),
    ("get", "/admin/api/conversations/" + "s" * 129, {}, 422),
    ("get", "/admin/api/conversations/s_unknown", {}, 404),
    ("get", "/admin/api/nothing-here", {}, 404),
    ("post", "/admin/api/gaps/handled", {"json": {"key": ""}}, 422),
    ("post", "/admin/api/gaps/handled", {"json": {"key": "no such group"}}, 404),
    ("post", "/admin/api/gaps/handled", {"json": {"key": "x", "handled": "maybe"}}, 422),
    ("post", "/admin/api/gaps/handled", {"json": ["x"]}, 422),
    ("post", "/admin/api/gaps/handled", {"content": b"key=x"}, 415),
    ("post", "/admin/api/builds/check", {"json": {"publish": "soon"}}, 422),
    ("post", "/admin/api/builds/publish", {"json": {"force": True}}, 422),
    ("post", "/admin/api/builds/publish", {"json": {}}, 409),
    ("post", "/admin/api/builds/rollback", {}, 409),
    ("post", "/admin/api/try", {"json": {"question": "   "}}, 422),
    ("post", "/admin/api/try", {"json": {"question": "x" * 2001}}, 422),
    ("post", "/admin/api/try", {"content": b'{"question": "\\ud800"}', "headers": {
        "Content-Type": "application/json"}}, 422),  # a lone surrogate, as JSON escapes it
    ("post", "/admin/api/try", {"json": {"question": "hi", "session_id": "s"}}, 422),
    ("post", "/admin/api/try", {"content": b'{"question": ', "headers": {
        "Content-Type": "application/json"}}, 422),
])
def test_bad_input_is_a_json_4xx(console, method, path, kwargs, status):
    client, csrf = console
    kwargs = {**kwargs, "headers": {**csrf, **kwargs.get("headers", {})}}
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"]


def test_a_store_that_cannot_be_read_degrades_the_console(make_client, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the database's directory should be")
    client = make_client(database_url=f"sqlite:///{blocker}/chat.db")
    # No account can be read: the admin token still signs in, and the console degrades.
    refused = client.post("/admin/api/session", json={"name": "Ann", "password": PASSWORD})
    assert refused.status_code == 503 and "admin token" in refused.json()["detail"]
    csrf = sign_in_with_token(client)
    for path in ("/admin/api/overview", "/admin/api/gaps", "/admin/api/gaps.csv",
                 "/admin/api/conversations", "/admin/api/conversations/s_1"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert "store is not available" in response.json()["detail"]
        assert response.headers["retry-after"] == "30"
    knowledge = client.get("/admin/api/knowledge").json()  # what does not need the store works
    assert knowledge["valid"] and knowledge["usage"] is None
    assert client.get("/admin/api/builds").status_code == 200
    assert client.get("/admin/api/session").status_code == 200  # sign-outs unread: signed in
    tried = client.post("/admin/api/try", json={"question": L3_QUESTION}, headers=csrf)
    assert tried.status_code == 200 and "CHF 98,000" in tried.json()["live"]["text"]


# --- gaps ---------------------------------------------------------------------------------------

def ask_badly(client: TestClient) -> None:
    chat(client, "salary for a platform engineer in Lima?")
    chat(client, "lima salary for platform engineers")
    chat(client, "Can you recommend a good sushi restaurant in Tokyo?")
    disliked = chat(client, "what does a platform engineer do?")
    client.post("/api/feedback", json={"message_id": disliked["message_id"], "rating": "down",
                                       "comment": "=HYPERLINK(\"http://x\")"})
    liked = chat(client, "How long is the take-home test for platform engineers?")
    client.post("/api/feedback", json={"message_id": liked["message_id"], "rating": "up"})


def test_gaps_are_grouped_with_reasons_examples_and_comments(console):
    client, _ = console
    ask_badly(client)
    gaps = {g["question"]: g for g in client.get("/admin/api/gaps").json()["gaps"]}
    lima = gaps["lima salary for platform engineers"]
    assert lima["count"] == 2 and lima["examples"] == [
        "lima salary for platform engineers", "salary for a platform engineer in Lima?"]
    assert lima["reasons"] == [{"reason": "not_covered", "label": "not covered", "count": 2}]
    assert lima["missing"] == "place missing: Lima" and lima["comments"] == []
    assert lima["key"] == gap_key("lima salary for platform engineers")
    assert not lima["handled"] and not lima["reopened"]
    assert datetime.fromisoformat(lima["last_seen"]) > datetime.now(UTC) - timedelta(minutes=1)
    disliked = gaps["what does a platform engineer do?"]
    assert disliked["reasons"][0]["reason"] == "thumbs_down"
    assert disliked["comments"] == ['=HYPERLINK("http://x")'] and disliked["missing"] == ""
    assert gaps["Can you recommend a good sushi restaurant in Tokyo?"]["reasons"][0][
        "reason"] == "out_of_scope"
    assert "How long is the take-home test for platform engineers?" not in gaps

    only = client.get("/admin/api/gaps", params={"reason": ["thumbs_down", "out_of_scope"]})
    assert {g["question"] for g in only.json()["gaps"]} == {
        "what does a platform engineer do?",
        "Can you recommend a good sushi restaurant in Tokyo?"}


def test_the_period_filter_leaves_out_older_gaps(console, service_settings):
    client, _ = console
    chat(client, "salary for a platform engineer in Lima?")
    store = Store(service_settings.database_url, session_ttl=timedelta(hours=1), max_turns=5)
    with store.engine.begin() as db:
        db.exec_driver_sql("UPDATE gaps SET created_at = '2020-01-01 00:00:00.000000'")
    store.close()
    chat(client, "what does a platform engineer earn in Berlin?")
    recent = client.get("/admin/api/gaps", params={"days": 7}).json()["gaps"]
    assert [g["question"] for g in recent] == ["what does a platform engineer earn in Berlin?"]
    assert len(client.get("/admin/api/gaps").json()["gaps"]) == 2  # everything kept


def test_a_handled_group_leaves_the_open_list_until_asked_again(console):
    client, csrf = console
    ask_badly(client)
    key = gap_key("lima salary for platform engineers")
    marked = client.post("/admin/api/gaps/handled",
                         json={"key": key, "note": "added the Lima figures"}, headers=csrf)
    assert marked.status_code == 200 and marked.json()["handled_by"] == "Ann Editor"
    open_now = client.get("/admin/api/gaps").json()["gaps"]
    assert key not in [g["key"] for g in open_now]
    (handled,) = client.get("/admin/api/gaps", params={"status": "handled"}).json()["gaps"]
    assert handled["key"] == key and handled["handled"] and handled["handled_by"] == "Ann Editor"
    assert handled["note"] == "added the Lima figures"
    every = client.get("/admin/api/gaps", params={"status": "all"}).json()["gaps"]
    assert len(every) == len(open_now) + 1

    time.sleep(0.01)
    chat(client, "platform engineer salary in Lima")  # asked again: open again, marked reopened
    again = next(g for g in client.get("/admin/api/gaps").json()["gaps"] if g["key"] == key)
    assert again["count"] == 3 and again["reopened"] and not again["handled"]

    reopened = client.post("/admin/api/gaps/handled", json={"key": key, "handled": False},
                           headers=csrf)
    assert reopened.status_code == 200
    plain = next(g for g in client.get("/admin/api/gaps").json()["gaps"] if g["key"] == key)
    assert plain["handled_at"] is None and not plain["reopened"]


def test_the_gap_report_exports_as_csv_safe_for_spreadsheets(console):
    client, _ = console
    ask_badly(client)
    response = client.get("/admin/api/gaps.csv", params={"reason": "thumbs_down"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(r'attachment; filename="content-gaps-\d{4}-\d\d-\d\d\.csv"',
                        response.headers["content-disposition"])
    assert response.text.startswith("\ufeff")  # spreadsheets read it as UTF-8
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["question", "count", "reasons"]
    assert rows[1][:3] == ["what does a platform engineer do?", "1", "thumbs down: 1"]
    assert rows[0][5:8] == ["what was missing", "detail", "thumbs-down comments"]
    # A comment that starts like a formula is text in a spreadsheet, not a formula.
    assert rows[1][7] == "'=HYPERLINK(\"http://x\")"
    every = list(csv.reader(io.StringIO(client.get("/admin/api/gaps.csv").text)))
    assert len(every) == 1 + len(client.get("/admin/api/gaps").json()["gaps"])
    # What was missing, in plain words, and the stored detail beside it.
    (lima,) = [r for r in every if r[0] == "lima salary for platform engineers"]
    assert lima[5:7] == ["No salary figures for this place: Lima", "place missing: Lima"]


# --- gap reasons in plain words -------------------------------------------------------------------

@pytest.mark.parametrize("detail, reason, text, line", [
    ("best score 0.28 is below 0.30", "not_covered",
     "Nothing in the knowledge matched closely enough", "best match 0.28, needs 0.30"),
    ("unknown words carry the question (weather): 0.69", "out_of_scope",
     "The question hinges on words the knowledge doesn't use: weather",
     "unknown words carry the question (weather): 0.69"),
    # Words masked for privacy are left out, and the sentence says so.
    ("unknown words carry the question (weather, […]): 0.69", "out_of_scope",
     "The question hinges on words the knowledge doesn't use: weather and words not kept",
     "unknown words carry the question (weather, […]): 0.69"),
    ("unknown words carry the question ([…], […]): 0.77", "out_of_scope",
     "The question hinges on words the knowledge doesn't use (the words typed are not kept)",
     "unknown words carry the question ([…], […]): 0.77"),
    ("asks about another role (plumber)", "out_of_scope",
     "Asked about a role the knowledge doesn't cover: plumber",
     "asks about another role (plumber)"),
    ("asks about another role ([…])", "out_of_scope",
     "Asked about a role the knowledge doesn't cover (the words typed are not kept)",
     "asks about another role ([…])"),
    ("asks for a task (write)", "out_of_scope", "Asked for a task the assistant doesn't do: write",
     "asks for a task (write)"),
    ("no word of the query is known", "out_of_scope",
     "None of the question's words appear in the knowledge", "no word of the query is known"),
    ("not covered: Work permits and visas", "not_covered",
     "The knowledge says it doesn't cover this: Work permits and visas",
     "not covered: Work permits and visas"),
    ("no kit: plumber", "out_of_scope",
     "Asked for a kit for a role the knowledge doesn't cover: plumber", "no kit: plumber"),
    ("no kit: I have no level 'L9' for platform engineers; their levels are L3, L4 and L5.",
     "not_covered", "Asked for a kit at a level the knowledge doesn't have: L9",
     "no kit: I have no level 'L9' for platform engineers; their levels are L3, L4 and L5."),
    ("no salary figures: data scientist", "not_covered",
     "The knowledge names this role but has no salary figures for it: data scientist",
     "no salary figures: data scientist"),
    ("asked in German", "other_language",
     "Asked in a language the assistant doesn't answer in: German", "asked in German"),
    # A message that asked several things: each question's detail after it (masked here).
    ("[…]: place missing: Lima; […]: no word of the query is known", "not_covered",
     "No salary figures for this place: Lima; none of the question's words appear in the "
     "knowledge", "[…]: place missing: Lima; […]: no word of the query is known"),
    # No detail, or one no pattern knows: the reason says why, the detail is kept.
    ("", "low_score", "Answered, but from a weak match", ""),
    ("a detail of a later version", "out_of_scope", "Not a question the assistant is for",
     "a detail of a later version"),
])
def test_a_gap_reason_reads_in_plain_words_with_its_detail_line(detail, reason, text, line):
    assert why(detail, reason) == {"text": text, "detail": line}


def test_the_gap_list_and_conversation_give_the_reasons_in_plain_words(console):
    client, _ = console  # what people typed is not kept: their words are masked
    asked = chat(client, "salary for a platform engineer in Lima?")
    chat(client, "how much does a plumber earn?")
    chat(client, "what is the parental leave policy")
    gaps = {g["question"]: g for g in client.get("/admin/api/gaps").json()["gaps"]}
    assert gaps["salary for a platform engineer in Lima?"]["why"] == {
        "text": "No salary figures for this place: Lima", "detail": "place missing: Lima"}
    assert gaps["how much does a plumber earn?"]["why"] == {
        "text": "Asked about a role the knowledge doesn't cover (the words typed are not kept)",
        "detail": "asks about another role ([…])"}
    leave = gaps["what is the parental leave policy"]["why"]
    assert leave["text"] == "Nothing in the knowledge matched closely enough"
    assert re.fullmatch(r"best match 0\.\d\d, needs 0\.\d\d", leave["detail"])
    (turn_,) = client.get(f"/admin/api/conversations/{asked['session_id']}").json()["turns"]
    assert turn_["reasons"] == [{"reason": "not_covered", "label": "not covered",
                                 "text": "No salary figures for this place: Lima",
                                 "detail": "place missing: Lima"}]  # the gap's own detail


def test_the_words_asked_about_are_named_when_text_is_kept(make_client):
    client = make_client(log_messages=True)
    sign_in(client)
    chat(client, "how much does a plumber earn?")
    chat(client, "tell me about the company picnic")
    gaps = {g["question"]: g["why"]["text"] for g in client.get("/admin/api/gaps").json()["gaps"]}
    assert gaps == {
        "how much does a plumber earn?": "Asked about a role the knowledge doesn't cover: plumber",
        "tell me about the company picnic":
            "The question hinges on words the knowledge doesn't use: picnic"}


# --- overview -----------------------------------------------------------------------------------

def test_the_overview_counts_questions_answers_and_ratings_per_day(console):
    client, _ = console
    ask_badly(client)
    overview = client.get("/admin/api/overview", params={"days": 7}).json()
    assert len(overview["days"]) == 7
    assert overview["days"][-1]["day"] == datetime.now(UTC).date().isoformat()
    assert overview["totals"] == {"questions": 5, "answered": 2, "thumbs_up": 1,
                                  "thumbs_down": 1}
    assert overview["answer_rate"] == pytest.approx(2 / 5)
    assert [g["count"] for g in overview["top_gaps"]][:1] == [2]
    assert overview["serving"]["build"].startswith("build-")
    assert overview["store_problem"] is None


# --- conversations ------------------------------------------------------------------------------

def test_conversations_hide_what_people_typed_unless_the_settings_allow(console):
    client, _ = console
    first = chat(client, "what does a platform engineer do? asks Zoltan")
    chat(client, "and what about on-call duty?", first["session_id"])
    client.post("/api/feedback", json={"message_id": first["message_id"], "rating": "down",
                                       "comment": "my phone is 555-0100"})
    listed = client.get("/admin/api/conversations").json()
    assert listed["show_text"] is False
    (summary,) = listed["conversations"]
    assert summary["first_question"] is None and summary["turns"] == 2
    assert summary["thumbs_down"] == 1
    detail = client.get(f"/admin/api/conversations/{first['session_id']}").json()
    assert [t["question"] for t in detail["turns"]] == [None, None]
    assert detail["turns"][0]["comments"] is None and detail["turns"][0]["answer"]
    source = detail["turns"][0]["sources"][0]
    assert set(source) == {"id", "title", "path", "line", "score"}
    # Searching text would tell what was typed: only ids and sources are searched.
    assert client.get("/admin/api/conversations", params={"q": "zoltan"}).json()[
        "conversations"] == []
    by_source = client.get("/admin/api/conversations", params={"q": source["id"]}).json()
    assert [c["session_id"] for c in by_source["conversations"]] == [first["session_id"]]
    by_id = client.get("/admin/api/conversations", params={"q": first["session_id"][:12]})
    assert len(by_id.json()["conversations"]) == 1


def test_conversations_can_be_searched_and_read_when_text_is_kept(make_client):
    client = make_client(log_messages=True)
    sign_in(client)
    first = chat(client, "what does a platform engineer do?")
    chat(client, "and what about on-call duty?", first["session_id"])
    other = chat(client, "salary for a platform engineer in Lima?")
    client.post("/api/feedback", json={"message_id": other["message_id"], "rating": "down",
                                       "comment": "no Lima data"})
    listed = client.get("/admin/api/conversations").json()["conversations"]
    assert [c["first_question"] for c in listed] == [
        "salary for a platform engineer in Lima?", "what does a platform engineer do?"]
    assert [(c["label"], c["outcome"]) for c in listed] == [
        ("salary for a platform engineer in Lima?", "not answered"),
        ("what does a platform engineer do?", "all 2 answered")]
    found = client.get("/admin/api/conversations", params={"q": "WHAT ABOUT ON"}).json()
    assert [c["session_id"] for c in found["conversations"]] == [first["session_id"]]
    assert client.get("/admin/api/conversations", params={"q": "100%_"}).json()[
        "conversations"] == []  # LIKE wildcards are searched as text
    detail = client.get(f"/admin/api/conversations/{other['session_id']}").json()
    (turn_,) = detail["turns"]
    assert turn_["question"] == "salary for a platform engineer in Lima?"
    assert turn_["answered"] is False and turn_["rating"] == "down"
    assert [r["reason"] for r in turn_["reasons"]] == ["not_covered", "thumbs_down"]
    assert turn_["comments"] == ["no Lima data"]
    assert turn_["route"] == "salary"  # the route that answered, kept with the turn


def test_conversations_are_named_by_what_they_were_about_without_what_was_typed(console):
    client, _ = console
    first = chat(client, L3_QUESTION + " asks Zoltan")
    chat(client, "How many days a week do we have to be in the office?", first["session_id"])
    chat(client, "how much does a plumber earn?")
    chat(client, "salary for a platform engineer in Lima?")
    listed = client.get("/admin/api/conversations").json()["conversations"]
    assert [(c["label"], c["topics"], c["outcome"]) for c in listed] == [
        ("Pay", ["pay"], "not answered"),
        ("A role the knowledge doesn't cover", ["a role the knowledge doesn't cover"],
         "not answered"),
        ("L3 platform engineer salary, Anchor days in the office",
         ["L3 platform engineer salary", "Anchor days in the office"], "all 2 answered"),
    ]
    assert "Zoltan" not in str(listed) and "plumber" not in str(listed)


def test_expired_conversations_are_not_shown(make_client):
    client = make_client(session_ttl_minutes=1)
    sign_in(client)
    body = chat(client, "what does a platform engineer do?")
    service = client.app.state.service
    with service.store.engine.begin() as db:
        db.exec_driver_sql("UPDATE sessions SET last_active = '2020-01-01 00:00:00.000000'")
    assert client.get("/admin/api/conversations").json()["conversations"] == []
    assert client.get(f"/admin/api/conversations/{body['session_id']}").status_code == 404


# --- knowledge ----------------------------------------------------------------------------------

def test_knowledge_lists_files_snippets_salaries_and_retrieval(console, service_settings):
    client, _ = console
    chat(client, L3_QUESTION)
    chat(client, "How much does an L3 platform engineer make?")
    k = client.get("/admin/api/knowledge").json()
    assert k["valid"] and k["problems"] == [] and k["listed_from"] == "files"
    assert k["index"]["fresh"] is True
    files = {f["path"]: f for f in k["files"]}
    assert files["kb2/salaries.csv"]["kind"] == "salary table"
    assert files["kb2/salaries.csv"]["items"] == len(k["salaries"])
    assert files["kb2/roles.md"]["title"] == "Roles Kirschberg hires for (Fictional test fixture)"
    assert files["kb2/roles.md"]["as_of"] == "2025-03-01" and files["kb2/profile.yml"]["kind"] == (
        "profile")
    snippet = next(s for s in k["snippets"] if s["id"] == "remote/anchor-days")
    assert snippet["path"] == "kb2/remote-work.md" and snippet["line"] == 8
    assert snippet["source"].startswith("Kirschberg Systems hiring handbook")
    row = next(r for r in k["salaries"] if r["id"] == "platform-engineer-l3")
    assert row["figure"] == "CHF 98,000 a year" and row["level"] == "L3"
    assert row["path"] == "kb2/salaries.csv" and row["line"] == 2
    most = k["usage"]["most"][0]
    assert (most["id"], most["retrieved"]) == ("salaries/platform-engineer-l3", 2)
    never = {s["id"] for s in k["usage"]["never"]}
    assert "remote/anchor-days" in never and "salaries/platform-engineer-l3" not in never
    assert len(never) == len(k["snippets"]) - len([s for s in k["snippets"] if s["retrieved"]])


def test_knowledge_problems_are_listed_as_file_and_line(console, service_settings):
    client, _ = console
    path = service_settings.knowledge_dir / "salaries.csv"
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace(",118000,", ",lots,")
    path.write_text("\n".join(lines) + "\n")
    k = client.get("/admin/api/knowledge").json()
    assert not k["valid"] and k["listed_from"] == "index in service"
    assert [p["text"] for p in k["problems"]] == [
        "kb2/salaries.csv:3: salary 'platform-engineer-l4': amount must be a number without "
        "symbols, got 'lots'"]
    assert next(f for f in k["files"] if f["path"] == "kb2/salaries.csv")["problems"] == 1
    assert k["snippets"] and k["salaries"]  # what is served is still listed
    assert "problems" in k["index"]["status"]


# --- check, publish, roll back, try ------------------------------------------------------------

def test_check_keeps_a_candidate_that_try_compares_and_publish_serves(console, service_settings):
    client, csrf = console
    before = client.get("/admin/api/builds").json()
    assert before["candidate"] is None and before["previous"] is None
    assert before["knowledge"]["fresh"]
    edit_figure(service_settings.knowledge_dir)
    assert not client.get("/admin/api/builds").json()["knowledge"]["fresh"]

    checked = client.post("/admin/api/builds/check", json={"publish": False}, headers=csrf)
    assert checked.status_code == 200, checked.text
    body = checked.json()
    assert body["status"] == "checked" and body["gate"]["worse"] == []
    assert "in service" in body["gate"]["table"]
    assert body["candidate"]["build"] == body["build"] and body["candidate"]["ok"] is True
    assert body["candidate"]["by"] == "Ann Editor"
    assert "CHF 98,000" in chat(client, L3_QUESTION)["answer"]  # nothing published yet

    tried = client.post("/admin/api/try", json={"question": L3_QUESTION}, headers=csrf).json()
    assert "CHF 98,000" in tried["live"]["text"] and "CHF 101,500" in tried["other"]["text"]
    assert tried["other_kind"] == "candidate" and tried["other"]["build"] == body["build"]
    assert tried["live"]["sources"][0]["id"] == "salaries/platform-engineer-l3"

    published = client.post("/admin/api/builds/publish", json={}, headers=csrf)
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert published.json()["build"] == body["build"] and published.json()["candidate"] is None
    assert client.get("/readyz").json()["index"] == body["build"]
    assert "CHF 101,500" in chat(client, L3_QUESTION)["answer"]
    history = client.get("/admin/api/builds").json()["history"]
    assert [(e["action"], e["by"]) for e in history] == [("published", "Ann Editor"),
                                                         ("checked", "Ann Editor")]


def edit_content(knowledge: Path) -> None:
    """A figure, a snippet's words, a snippet added and one removed."""
    edit_figure(knowledge)
    path = knowledge / "remote-work.md"
    text = path.read_text().replace("CHF 600", "CHF 750")
    path.write_text(text[: text.index("## Core hours")] + text[text.index("## Home office"):])
    (knowledge / "parking.md").write_text(
        "---\ntitle: Parking\ntopic: remote-work\nsource: Kirschberg handbook\n"
        "as_of: 2025-01-01\n---\n\n## Parking at the Zurich office {#parking/zurich}\n\n"
        "Every Kirschberg employee may park for free in the Zurich garage.\n")


def test_a_check_leads_with_what_the_new_build_changes(console, service_settings):
    client, csrf = console
    edit_content(service_settings.knowledge_dir)
    checked = client.post("/admin/api/builds/check", json={}, headers=csrf).json()
    assert checked["status"] == "checked"
    changes = checked["changes"]
    assert (changes["from"], changes["to"]) == (client.get("/readyz").json()["index"],
                                                checked["build"])
    (figure,) = changes["figures"]
    assert (figure["id"], figure["label"], figure["old"], figure["new"], figure["change"]) == (
        "platform-engineer-l3", "L3 platform engineer", "CHF 98,000", "CHF 101,500", "changed")
    assert figure["text"] == "L3 platform engineer: CHF 98,000 \u2192 CHF 101,500"
    assert figure["where"] == "kb2/salaries.csv:2"
    assert [(s["id"], s["title"]) for s in changes["added"]] == [
        ("parking/zurich", "Parking at the Zurich office")]
    assert [(s["id"], s["title"]) for s in changes["removed"]] == [
        ("remote/core-hours", "Core hours")]
    (edited,) = changes["edited"]  # the salary snippets made from the figure are not listed
    assert edited["id"] == "remote/home-office-allowance" and edited["fields"] == ["text"]
    changed = [op for op in edited["diff"] if op[0] != "="]
    assert changed == [["-", "600"], ["+", "750"]]
    assert changes["summary"] == ("1 salary figure changed, 1 snippet added, 1 snippet removed, "
                                  "1 snippet edited")
    hit = next(m for m in checked["measures"] if m["name"] == "hit@1")
    assert hit["text"] == ("hit@1: how often the right snippet comes first for the check "
                           "questions; 1.00 before, 1.00 now \u2014 the same")
    assert [m["name"] for m in checked["measures"]][-3:] == ["pass", "fail", "stale"]

    # The candidate says the same until it is published; publishing says it again.
    candidate = client.get("/admin/api/builds").json()["candidate"]
    assert candidate["changes"] == changes and candidate["measures"] == checked["measures"]
    published = client.post("/admin/api/builds/publish", json={}, headers=csrf).json()
    assert published["status"] == "published" and published["changes"] == changes
    assert published["measures"] == checked["measures"]  # the checks it passed

    back = client.post("/admin/api/builds/rollback", headers=csrf).json()
    (undone,) = back["changes"]["figures"]
    assert undone["text"] == "L3 platform engineer: CHF 101,500 \u2192 CHF 98,000"
    assert [s["id"] for s in back["changes"]["added"]] == ["remote/core-hours"]


def test_a_refused_build_names_what_it_changes_and_an_unchanged_one_nothing(
        console, service_settings):
    client, csrf = console
    path = service_settings.knowledge_dir / "remote-work.md"
    text = path.read_text()
    path.write_text(text[: text.index("## Anchor days")] + text[text.index("## Fully remote"):])
    refused = client.post("/admin/api/builds/check", json={"publish": True}, headers=csrf).json()
    assert refused["status"] == "refused"
    assert [s["id"] for s in refused["changes"]["removed"]] == ["remote/anchor-days"]
    stale = next(m for m in refused["measures"] if m["name"] == "stale")
    assert stale["moved"] == "0 before, 1 now \u2014 worse" and stale["change"] == "worse"
    client.post("/admin/api/builds/discard", headers=csrf)
    path.write_text(text)
    unchanged = client.post("/admin/api/builds/check", json={}, headers=csrf).json()
    assert unchanged["status"] == "unchanged" and unchanged["changes"] is None


def test_roll_back_serves_the_previous_answer_and_can_go_forward(console, service_settings):
    client, csrf = console
    first = client.get("/readyz").json()["index"]
    edit_figure(service_settings.knowledge_dir)
    published = client.post("/admin/api/builds/check", json={"publish": True}, headers=csrf)
    assert published.status_code == 200 and published.json()["status"] == "published"
    second = published.json()["build"]
    assert "CHF 101,500" in chat(client, L3_QUESTION)["answer"]
    builds = client.get("/admin/api/builds").json()
    assert builds["previous"]["build"] == first and builds["serving"]["build"] == second

    # Try compares with the build before when there is no candidate.
    tried = client.post("/admin/api/try", json={"question": L3_QUESTION}, headers=csrf).json()
    assert tried["other_kind"] == "previous" and "CHF 98,000" in tried["other"]["text"]

    back = client.post("/admin/api/builds/rollback", headers=csrf)
    assert back.status_code == 200 and back.json()["status"] == "rolled_back"
    assert back.json()["build"] == first
    assert client.get("/readyz").json()["index"] == first
    assert "CHF 98,000" in chat(client, L3_QUESTION)["answer"]
    assert client.get("/admin/api/builds").json()["previous"]["build"] == second

    forward = client.post("/admin/api/builds/rollback", headers=csrf)
    assert forward.json()["build"] == second
    assert "CHF 101,500" in chat(client, L3_QUESTION)["answer"]
    actions = [e["action"] for e in client.get("/admin/api/builds").json()["history"]]
    assert actions == ["rolled_back", "rolled_back", "published"]


def test_a_refused_build_needs_force_and_a_second_confirmation(console, service_settings):
    client, csrf = console
    before = client.get("/readyz").json()["index"]
    path = service_settings.knowledge_dir / "remote-work.md"
    text = path.read_text()
    path.write_text(text[: text.index("## Anchor days")] + text[text.index("## Fully remote"):])
    refused = client.post("/admin/api/builds/check", json={"publish": True}, headers=csrf)
    assert refused.status_code == 409
    body = refused.json()
    assert body["status"] == "refused" and "1 stale check" in body["message"]
    (stale,) = body["gate"]["stale"]
    assert (stale["path"], stale["ask"]) == (
        "kb2/checks.yml", "How many days a week do we have to be in the office?")
    candidate = body["candidate"]
    assert candidate["ok"] is False and candidate["reasons"] == ["1 stale check(s)"]
    assert client.get("/readyz").json()["index"] == before

    plain = client.post("/admin/api/builds/publish", json={}, headers=csrf)
    assert plain.status_code == 409 and "publish anyway" in plain.json()["message"]
    unconfirmed = client.post("/admin/api/builds/publish", json={"force": True}, headers=csrf)
    assert unconfirmed.status_code == 422 and "second confirmation" in unconfirmed.json()[
        "detail"]
    wrong = client.post("/admin/api/builds/publish",
                        json={"force": True, "confirm": before}, headers=csrf)
    assert wrong.status_code == 422
    assert client.get("/readyz").json()["index"] == before
    forced = client.post("/admin/api/builds/publish",
                         json={"force": True, "confirm": candidate["build"]}, headers=csrf)
    assert forced.status_code == 200 and "forced despite 1 stale" in forced.json()["message"]
    assert client.get("/readyz").json()["index"] == candidate["build"]


def test_broken_knowledge_blocks_publishing_with_file_and_line(console, service_settings):
    client, csrf = console
    before = client.get("/readyz").json()["index"]
    (service_settings.knowledge_dir / "roles.md").write_text("no front matter\n")
    failed = client.post("/admin/api/builds/check", json={"publish": True}, headers=csrf)
    assert failed.status_code == 422
    body = failed.json()
    assert body["status"] == "failed" and body["candidate"] is None
    assert body["problems"][0]["path"] == "kb2/roles.md" and body["problems"][0]["line"] == 1
    assert client.get("/readyz").json()["index"] == before
    (event,) = client.get("/admin/api/builds").json()["history"]
    assert event["action"] == "failed" and event["summary"].startswith("kb2/roles.md:1: ")


def test_nothing_to_check_when_the_knowledge_is_in_service(console):
    client, csrf = console
    unchanged = client.post("/admin/api/builds/check", json={"publish": True}, headers=csrf)
    assert unchanged.status_code == 200 and unchanged.json()["status"] == "unchanged"
    assert client.get("/admin/api/builds").json()["history"] == []


def test_a_candidate_can_be_discarded(console, service_settings):
    client, csrf = console
    edit_figure(service_settings.knowledge_dir)
    build = client.post("/admin/api/builds/check", json={}, headers=csrf).json()["build"]
    assert (service_settings.index_dir / build).is_dir()
    assert client.post("/admin/api/builds/discard", headers=csrf).json() == {"discarded": True}
    assert not (service_settings.index_dir / build).exists()
    assert client.get("/admin/api/builds").json()["candidate"] is None
    assert client.post("/admin/api/builds/discard", headers=csrf).json() == {"discarded": False}
    tried = client.post("/admin/api/try", json={"question": L3_QUESTION}, headers=csrf).json()
    assert tried["other"] is None


def test_trying_a_question_stores_nothing(console):
    client, csrf = console
    tried = client.post("/admin/api/try", json={"question": "sushi in Tokyo, anyone?"},
                        headers=csrf)
    assert tried.status_code == 200
    live = tried.json()["live"]
    assert live["answered"] is False and live["reason"] == "out_of_scope"
    assert live["reason_label"] == "out of scope"
    assert client.get("/admin/api/gaps", params={"status": "all"}).json()["gaps"] == []
    assert client.get("/admin/api/conversations").json()["conversations"] == []
    assert client.get("/admin/api/overview").json()["totals"]["questions"] == 0


def test_the_admin_api_publishes_are_in_the_history_too(client, service_settings):
    edit_figure(service_settings.knowledge_dir)
    response = client.post("/api/admin/reindex", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.json()["status"] == "published"
    (event,) = build_history(service_settings.index_dir)
    assert (event.action, event.by, event.build) == ("published", "automation",
                                                     response.json()["build"])


