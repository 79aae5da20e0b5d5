"""Requests the HTTP tests make again and again."""

from __future__ import annotations

from fastapi.testclient import TestClient

# The admin token of the `service_settings` fixture (tests/conftest.py).
TOKEN = "s3cret-admin-token-for-tests"


def chat(client: TestClient, message: str, session_id: str | None = None) -> dict:
    """POST /api/chat; the body of its 200 answer."""
    response = client.post("/api/chat", json={"message": message, "session_id": session_id})
    assert response.status_code == 200, response.text
    return response.json()


def sign_in(client: TestClient, name: str = "Ann Editor") -> dict[str, str]:
    """Sign the client in to the console; the headers a change needs (its CSRF token)."""
    response = client.post("/admin/api/session", json={"token": TOKEN, "name": name})
    assert response.status_code == 200, response.text
    return {"X-CSRF-Token": response.json()["csrf_token"]}
