"""Requests the HTTP tests make again and again."""

from __future__ import annotations

from fastapi.testclient import TestClient


def chat(client: TestClient, message: str, session_id: str | None = None) -> dict:
    """POST /api/chat; the body of its 200 answer."""
    response = client.post("/api/chat", json={"message": message, "session_id": session_id})
    assert response.status_code == 200, response.text
    return response.json()
