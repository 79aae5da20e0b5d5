"""Requests the HTTP tests make again and again."""

from __future__ import annotations

from fastapi.testclient import TestClient

from api.store.passwords import hash_password
from api.store.roles import Role

# The admin token of the `service_settings` fixture (tests/conftest.py).
TOKEN = "s3cret-admin-token-for-tests"
# The password of every account `sign_in` makes.
PASSWORD = "correct horse battery staple"


def chat(client: TestClient, message: str, session_id: str | None = None) -> dict:
    """POST /api/chat; the body of its 200 answer."""
    response = client.post("/api/chat", json={"message": message, "session_id": session_id})
    assert response.status_code == 200, response.text
    return response.json()


def add_account(client: TestClient, name: str, role: Role) -> None:
    """The account `name` with `role` (and PASSWORD) in the store of the client's app, made or
    given that role."""
    store = client.app.state.service.store  # type: ignore[attr-defined]
    if store.account(name) is None:
        store.add_account(name, role, hash_password(PASSWORD))
    else:
        store.set_role(name, role)


def sign_in(client: TestClient, name: str = "Ann Editor", role: Role = Role.PUBLISHER
            ) -> dict[str, str]:
    """Sign the client in to the console as the account `name` with `role` (made if need be;
    a publisher may do all but manage accounts); the headers a change needs (its CSRF token)."""
    add_account(client, name, role)
    response = client.post("/admin/api/session", json={"name": name, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}


def sign_in_with_token(client: TestClient) -> dict[str, str]:
    """Sign the client in to the console with the admin token (the account "automation", an
    admin); the headers a change needs."""
    response = client.post("/admin/api/session", json={"token": TOKEN})
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}
