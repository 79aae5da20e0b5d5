"""Named accounts in the console and the admin API, on the fake model: signing in by name and
password (a wrong name and a wrong password refused alike, and throttled), a role changed or an
account removed applying at the next request, the cookie's role standing while the store cannot
be read, the admins' account routes, and HTTP Basic on the admin API. Which role each route
needs: test_roles.py."""

from __future__ import annotations

import base64
import logging

import pytest

from api.publish.history import build_history
from api.store.records import StoreUnavailable
from api.store.roles import Role
from tests.support.http import PASSWORD, TOKEN, add_account, sign_in, sign_in_with_token
from tests.support.knowledge import edit_figure


def session(client):
    return client.get("/admin/api/session")


def post_session(client, **body):
    return client.post("/admin/api/session", json=body)


def basic(name: str, password: str = PASSWORD) -> dict[str, str]:
    token = base64.b64encode(f"{name}:{password}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


# --- signing in -------------------------------------------------------------------------------

def test_an_account_signs_in_with_its_password_and_nothing_else(client):
    add_account(client, "Ann", Role.EDITOR)
    right = post_session(client, name="ann", password=PASSWORD)
    assert right.status_code == 200
    assert (right.json()["name"], right.json()["role"]) == ("Ann", "editor")
    client.cookies.clear()
    wrong_password = post_session(client, name="Ann", password=PASSWORD + "!")
    wrong_name = post_session(client, name="Anne", password=PASSWORD)
    for refused in (wrong_password, wrong_name):  # the same: it tells no one who exists
        assert refused.status_code == 401
        assert refused.json() == {"detail": "wrong name or password"}
        assert "set-cookie" not in refused.headers
    assert session(client).status_code == 401


def test_wrong_names_and_passwords_count_towards_the_throttle(make_client):
    client = make_client(auth_max_failures=3)
    add_account(client, "Ann", Role.EDITOR)
    assert post_session(client, name="Ann", password="not the password").status_code == 401
    assert post_session(client, name="Nobody", password=PASSWORD).status_code == 401
    assert post_session(client, token="not the admin token at all").status_code == 401
    throttled = post_session(client, name="Ann", password=PASSWORD)  # right, but too late
    assert throttled.status_code == 429 and "retry-after" in throttled.headers
    assert client.get("/api/admin/gaps", headers=basic("Ann")).status_code == 429


def test_passwords_are_never_logged_nor_answered(client, caplog):
    caplog.set_level(logging.DEBUG)
    csrf = sign_in_with_token(client)
    added = client.post("/admin/api/accounts", headers=csrf,
                        json={"name": "Ann", "role": "editor", "password": PASSWORD})
    new = "a brand new password"
    changed = client.patch("/admin/api/accounts/Ann", headers=csrf, json={"password": new})
    listed = client.get("/admin/api/accounts")
    client.cookies.clear()
    post_session(client, name="Ann", password=new)
    post_session(client, name="Ann", password=PASSWORD)
    for response in (added, changed, listed):
        assert response.status_code in (200, 201)
        assert PASSWORD not in response.text and new not in response.text
        assert "argon2" not in response.text
    logged = " ".join(f"{r.getMessage()} {getattr(r, 'fields', '')}" for r in caplog.records)
    assert "account added" in logged and "console sign-in refused" in logged
    assert PASSWORD not in logged and new not in logged and "argon2" not in logged


# --- what applies at once ---------------------------------------------------------------------

def test_a_role_changed_applies_at_the_next_request(client):
    csrf = sign_in(client, "Ann", Role.EDITOR)
    mark = {"key": "no such group"}
    assert client.post("/admin/api/gaps/handled", json=mark, headers=csrf).status_code == 404
    client.app.state.service.store.set_role("Ann", Role.VIEWER)  # by another admin, anywhere
    refused = client.post("/admin/api/gaps/handled", json=mark, headers=csrf)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "editing needs the editor role; you are a viewer"
    now = session(client).json()
    assert now["role"] == "viewer" and now["can"] == {"edit": False, "publish": False,
                                                      "admin": False}
    client.app.state.service.store.set_role("Ann", Role.PUBLISHER)
    assert session(client).json()["can"]["publish"] is True


def test_a_removed_account_is_signed_out_at_its_next_request(client):
    sign_in(client, "Ann", Role.PUBLISHER)
    assert session(client).status_code == 200
    client.app.state.service.store.remove_account("Ann")
    gone = session(client)
    assert gone.status_code == 401 and "removed" in gone.json()["detail"]
    assert client.get("/admin/api/gaps").status_code == 401
    assert post_session(client, name="Ann", password=PASSWORD).status_code == 401


def test_while_the_store_cannot_be_read_the_cookies_role_stands(client, monkeypatch, caplog):
    csrf = sign_in(client, "Ann", Role.EDITOR)
    store = client.app.state.service.store
    store.set_role("Ann", Role.VIEWER)

    def down(name):
        raise StoreUnavailable("cannot read the account: disk I/O error")

    monkeypatch.setattr(store, "account", down)
    degraded = session(client)
    assert degraded.status_code == 200 and degraded.json()["role"] == "editor"
    assert "the role the session was given stands" in caplog.text
    mark = client.post("/admin/api/gaps/handled", json={"key": "x"}, headers=csrf)
    assert mark.status_code != 403
    monkeypatch.undo()
    assert session(client).json()["role"] == "viewer"


# --- the accounts, for admins -----------------------------------------------------------------

def test_an_admin_adds_changes_and_removes_accounts(client):
    csrf = sign_in(client, "Ada", Role.ADMIN)
    assert [a["name"] for a in client.get("/admin/api/accounts").json()["accounts"]] == ["Ada"]
    added = client.post("/admin/api/accounts", headers=csrf,
                        json={"name": " Ann  Lee ", "role": "viewer", "password": PASSWORD})
    assert added.status_code == 201
    assert added.json()["name"] == "Ann Lee" and added.json()["role"] == "viewer"
    assert set(added.json()) == {"name", "role", "created_at", "updated_at"}
    listing = client.get("/admin/api/accounts").json()
    assert [(a["name"], a["role"]) for a in listing["accounts"]] == [
        ("Ada", "admin"), ("Ann Lee", "viewer")]
    assert listing["roles"] == ["viewer", "editor", "publisher", "admin"]
    promoted = client.patch("/admin/api/accounts/ann lee", headers=csrf,
                            json={"role": "publisher", "password": "a new password for Ann"})
    assert promoted.status_code == 200 and promoted.json()["role"] == "publisher"
    assert client.app.state.service.store.authenticate("Ann Lee", "a new password for Ann")
    removed = client.delete("/admin/api/accounts/Ann Lee", headers=csrf)
    assert removed.status_code == 200 and removed.json() == {"removed": "Ann Lee"}
    assert client.delete("/admin/api/accounts/Ann Lee", headers=csrf).status_code == 404


@pytest.mark.parametrize("method, path, body, status, detail", [
    ("post", "/admin/api/accounts", {"name": "Bo", "role": "editor", "password": "short"}, 422,
     "at least 12 characters"),
    ("post", "/admin/api/accounts", {"name": "Bo/x", "role": "editor", "password": PASSWORD},
     422, "letters, digits, spaces"),
    ("post", "/admin/api/accounts", {"name": "", "role": "editor", "password": PASSWORD}, 422,
     "give the account a name"),
    ("post", "/admin/api/accounts", {"name": "automation", "role": "admin",
                                     "password": PASSWORD}, 422, "admin token's name"),
    ("post", "/admin/api/accounts", {"name": "Bo", "role": "root", "password": PASSWORD}, 422,
     "role"),
    ("post", "/admin/api/accounts", {"name": "Bo", "role": "editor"}, 422, "password"),
    ("post", "/admin/api/accounts", {"name": "Bo", "role": "editor", "password": PASSWORD,
                                     "admin": True}, 422, "unknown field"),
    ("post", "/admin/api/accounts", {"name": "ANN", "role": "editor", "password": PASSWORD},
     409, "exists already"),
    ("patch", "/admin/api/accounts/Ann", {}, 422, "give a new role, a new password, or both"),
    ("patch", "/admin/api/accounts/Ann", {"password": "short"}, 422, "at least 12"),
    ("patch", "/admin/api/accounts/Nobody", {"role": "viewer"}, 404, "no account named"),
    ("patch", "/admin/api/accounts/ada", {"role": "publisher"}, 409,
     "cannot take the admin role from your own account"),
    ("delete", "/admin/api/accounts/Ada", None, 409, "cannot remove your own account"),
    ("delete", "/admin/api/accounts/" + "x" * 201, None, 422, "at most 200"),
])
def test_bad_account_changes_are_a_json_4xx(client, method, path, body, status, detail):
    csrf = sign_in(client, "Ada", Role.ADMIN)
    add_account(client, "Ann", Role.EDITOR)
    kwargs = {"headers": csrf, **({"json": body} if body is not None else {})}
    response = client.request(method.upper(), path, **kwargs)
    assert response.status_code == status, response.text
    assert detail in response.json()["detail"]
    assert PASSWORD not in response.text


def test_the_accounts_say_503_while_the_store_is_down(make_client, tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the database's directory should be")
    client = make_client(database_url=f"sqlite:///{blocker}/chat.db")
    csrf = sign_in_with_token(client)  # the admin token needs no store
    for response in (client.get("/admin/api/accounts"),
                     client.post("/admin/api/accounts", headers=csrf, json={
                         "name": "Bo", "role": "editor", "password": PASSWORD}),
                     client.delete("/admin/api/accounts/Bo", headers=csrf)):
        assert response.status_code == 503 and "accounts cannot be read" in response.text
        assert response.headers["retry-after"] == "30"


# --- the admin API ----------------------------------------------------------------------------

def test_the_admin_api_takes_an_accounts_name_and_password(client):
    add_account(client, "Zoë", Role.EDITOR)  # not ASCII: Basic credentials are UTF-8
    assert client.get("/api/admin/gaps", headers=basic("zoë")).status_code == 200
    refused = client.post("/api/admin/reindex", headers=basic("Zoë"))
    assert refused.status_code == 403
    assert refused.json()["detail"] == ("this needs the publisher role; the account 'Zoë' has "
                                        "the editor role")
    for wrong in (basic("Zoë", "not the password"), basic("Nobody"),
                  {"Authorization": "Basic !!!"}, {"Authorization": f"Basic {TOKEN}"}):
        response = client.get("/api/admin/gaps", headers=wrong)
        assert response.status_code == 401, wrong
        assert response.headers["www-authenticate"].startswith("Bearer, Basic")


def test_the_admin_apis_publishes_name_who_published(client, service_settings):
    add_account(client, "Pat", Role.PUBLISHER)
    edit_figure(service_settings.knowledge_dir)
    published = client.post("/api/admin/reindex", headers=basic("Pat"))
    assert published.json()["status"] == "published"
    (event,) = build_history(service_settings.index_dir)
    assert (event.action, event.by) == ("published", "Pat")


def test_wrong_basic_credentials_count_towards_the_throttle(make_client):
    client = make_client(auth_max_failures=2)
    add_account(client, "Ann", Role.ADMIN)
    assert client.get("/api/admin/gaps", headers=basic("Ann", "wrong")).status_code == 401
    assert client.get("/api/admin/gaps", headers=basic("Bob", "wrong")).status_code == 401
    assert client.get("/api/admin/gaps", headers=basic("Ann")).status_code == 429
    assert client.get("/api/admin/gaps", headers={
        "Authorization": f"Bearer {TOKEN}"}).status_code == 429


def test_the_admin_api_is_404_without_an_admin_token_whatever_the_account(make_client):
    client = make_client(admin_token=None)
    add_account(client, "Ann", Role.ADMIN)
    assert client.get("/api/admin/gaps", headers=basic("Ann")).status_code == 404
    assert post_session(client, name="Ann", password=PASSWORD).status_code == 404
