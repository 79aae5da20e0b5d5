"""Editing the knowledge over HTTP, in the console (/admin/api/content) and the admin API
(/api/admin/content), on the made-up second knowledge base and the fake model: files read with
an ETag and saved on it, a save on an old revision refused with the diff, drafts checked as the
editor types (`file:line`), a figure edited, published, served, and reverted, the log naming
people, and the same through the admin API with the token ("automation") or an account.

Underneath: the revisions in tests/component/store/test_content_store.py, the directory's sync
in tests/component/serve/test_content_sync.py; which role may call which route in
tests/http/test_roles.py; in a browser, on two replicas, tests/system/test_content_replicas.py.
"""

from __future__ import annotations

import base64

import pytest

from api.store.roles import Role
from tests.support.http import PASSWORD, TOKEN, add_account, chat, sign_in

L3_QUESTION = "What does an L3 platform engineer earn?"
CONTENT = "/admin/api/content"


@pytest.fixture
def editor(client):
    return client, sign_in(client, "Ann Editor", Role.EDITOR)


def read(client, path: str) -> tuple[str, str]:
    response = client.get(f"{CONTENT}/files/{path}")
    assert response.status_code == 200, response.text
    assert response.headers["etag"] == response.json()["etag"]
    return response.json()["body"], response.headers["etag"]


def save(client, csrf, path: str, body: str, etag: str | None, message: str = ""):
    headers = {**csrf, **({"If-Match": etag} if etag else {"If-None-Match": "*"})}
    return client.put(f"{CONTENT}/files/{path}", json={"body": body, "message": message},
                      headers=headers)


def test_the_files_are_the_knowledge_seeded_from_the_directory(editor, service_settings):
    client, _ = editor
    listing = client.get(CONTENT).json()
    paths = {f["path"] for f in listing["files"]}
    on_disk = {p.name for p in service_settings.knowledge_dir.iterdir()}
    assert paths == on_disk and "salaries.csv" in paths
    kinds = {f["path"]: f["kind"] for f in listing["files"]}
    assert (kinds["salaries.csv"], kinds["roles.md"], kinds["profile.yml"]) == (
        "salaries", "topic", "settings")
    assert all(f["author"] == "shipped knowledge" for f in listing["files"])
    body, _ = read(client, "salaries.csv")
    assert body == (service_settings.knowledge_dir / "salaries.csv").read_text()


def test_a_save_on_an_old_revision_gets_409_with_the_diff_and_loses_nothing(editor):
    client, csrf = editor
    body, etag = read(client, "salaries.csv")
    first = save(client, csrf, "salaries.csv", body.replace(",98000,", ",99000,"), etag,
                 "first editor")
    assert first.status_code == 200, first.text
    assert first.headers["etag"] != etag and first.json()["author"] == "Ann Editor"
    second = save(client, csrf, "salaries.csv", body.replace(",98000,", ",97000,"), etag)
    assert second.status_code == 409
    conflict = second.json()
    assert "changed since you opened it" in conflict["detail"] and "Ann Editor" in conflict[
        "detail"]
    assert conflict["current"]["etag"] == first.headers["etag"]
    assert "-platform-engineer-l3,platform-engineer,l3,,,,99000" in conflict["diff"]
    assert "+platform-engineer-l3,platform-engineer,l3,,,,97000" in conflict["diff"]
    assert ",99000," in read(client, "salaries.csv")[0]  # the first save stands


@pytest.mark.parametrize("headers, status, detail", [
    ({}, 428, "If-Match"), ({"If-Match": "abc"}, 412, "ETag of this service"),
])
def test_a_save_needs_the_revision_it_was_made_on(editor, headers, status, detail):
    client, csrf = editor
    response = client.put(f"{CONTENT}/files/roles.md", json={"body": "x"},
                          headers={**csrf, **headers})
    assert response.status_code == status and detail in response.json()["detail"]


@pytest.mark.parametrize("path", ["../escape.md", "README.md", "notes.txt", ".hidden.md"])
def test_a_path_that_is_not_a_knowledge_file_is_refused(editor, path):
    client, csrf = editor
    response = save(client, csrf, path, "x", None)
    assert response.status_code in (404, 422), response.text
    assert response.headers["content-type"].startswith("application/json")


def test_drafts_are_checked_with_file_and_line_before_saving(editor):
    client, csrf = editor
    body, _ = read(client, "salaries.csv")
    broken = body.replace(",98000,CHF,", ",lots,CHF,")
    checked = client.post(f"{CONTENT}/check", json={"path": "salaries.csv", "body": broken},
                          headers=csrf).json()
    assert checked["problems"], checked
    problem = checked["problems"][0]
    assert problem["path"] == "salaries.csv" and problem["line"] == 2
    assert problem["text"].startswith("kb2/salaries.csv:2:")
    fine = client.post(f"{CONTENT}/check", json={"path": "salaries.csv", "body": body},
                       headers=csrf).json()
    assert fine["problems"] == []


def test_new_files_are_made_deleted_and_brought_back(editor):
    client, csrf = editor
    topic = ("---\ntitle: Made-up hiring note\ntopic: gaps\nsource: Made-up source\n"
             "as_of: 2025-01-15\n---\n\n## A made-up note {#made-up/note}\n\nText.\n\n"
             "Asked as: A made-up question?\n")
    made = save(client, csrf, "notes/made-up.md", topic, None, "a new file")
    assert made.status_code == 200, made.text
    assert save(client, csrf, "notes/made-up.md", topic, None).status_code == 409
    etag = made.headers["etag"]
    gone = client.delete(f"{CONTENT}/files/notes/made-up.md", headers={**csrf, "If-Match": etag})
    assert gone.status_code == 200 and gone.json()["deleted"] is True
    assert client.get(f"{CONTENT}/files/notes/made-up.md").status_code == 404
    publisher = sign_in(client, "Pat Publisher", Role.PUBLISHER)
    back = client.post(f"{CONTENT}/revisions/{gone.json()['id']}/revert", json={},
                       headers=publisher)
    assert back.status_code == 200, back.text
    assert read(client, "notes/made-up.md")[0] == topic


def test_an_edited_figure_is_published_served_logged_and_reverted(client):
    csrf = sign_in(client, "Ann Editor", Role.EDITOR)
    body, etag = read(client, "salaries.csv")
    edited = save(client, csrf, "salaries.csv", body.replace(",98000,CHF,", ",101500,CHF,"),
                  etag, "new survey")
    assert edited.status_code == 200
    draft = client.get(f"{CONTENT}/draft").json()
    assert draft["changed"] == ["salaries.csv"] and "+platform-engineer-l3" in draft["diff"]
    assert "CHF 98,000" in chat(client, L3_QUESTION)["answer"]  # a draft is not served
    refused = client.post("/admin/api/builds/check", json={"publish": True}, headers=csrf)
    assert refused.status_code == 403  # an editor checks; a publisher publishes
    csrf = sign_in(client, "Pat Publisher", Role.PUBLISHER)
    published = client.post("/admin/api/builds/check", json={"publish": True}, headers=csrf)
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert "CHF 101,500" in chat(client, L3_QUESTION)["answer"]
    listing = client.get(CONTENT).json()
    assert listing["published"]["by"] == "Pat Publisher"
    assert not any(f["changed"] for f in listing["files"])
    log = client.get(f"{CONTENT}/log", params={"path": "salaries.csv"}).json()["revisions"]
    assert [(r["author"], r["message"]) for r in log[:1]] == [("Ann Editor", "new survey")]
    diff = client.get(f"{CONTENT}/revisions/{log[0]['id']}").json()["diff"]
    assert "-platform-engineer-l3,platform-engineer,l3,,,,98000" in diff
    reverted = client.post(f"{CONTENT}/revisions/{log[0]['id']}/revert",
                           json={"message": "back to the study"}, headers=csrf)
    assert reverted.status_code == 200 and reverted.json()["author"] == "Pat Publisher"
    again = client.post("/admin/api/builds/check", json={"publish": True}, headers=csrf)
    assert again.json()["status"] == "published"
    assert "CHF 98,000" in chat(client, L3_QUESTION)["answer"]


def _basic(name: str) -> dict[str, str]:
    token = base64.b64encode(f"{name}:{PASSWORD}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


def test_the_admin_api_edits_as_automation_or_as_an_account(client):
    api = "/api/admin/content"
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    current = client.get(f"{api}/files/salaries.csv", headers=bearer)
    assert current.status_code == 200
    body, etag = current.json()["body"], current.headers["etag"]
    saved = client.put(f"{api}/files/salaries.csv", headers={**bearer, "If-Match": etag},
                       json={"body": body.replace(",98000,", ",99000,"), "message": "CI"})
    assert saved.status_code == 200 and saved.json()["author"] == "automation"
    add_account(client, "Vera Viewer", Role.VIEWER)
    refused = client.put(f"{api}/files/salaries.csv", json={"body": body},
                         headers={**_basic("Vera Viewer"), "If-Match": saved.headers["etag"]})
    assert refused.status_code == 403 and "editor" in refused.json()["detail"]
    add_account(client, "Ed Editor", Role.EDITOR)
    stale = client.put(f"{api}/files/salaries.csv", json={"body": body},
                       headers={**_basic("Ed Editor"), "If-Match": etag})
    assert stale.status_code == 409 and "automation" in stale.json()["detail"]
    log = client.get(f"{api}/log", headers=_basic("Vera Viewer")).json()["revisions"]
    assert log[0]["author"] == "automation" and log[0]["message"] == "CI"
    assert client.get(f"{api}/log").status_code == 401
