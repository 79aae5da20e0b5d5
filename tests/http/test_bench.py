"""The bench's stack floor (scripts/bench.py): the bare app that `POST /api/chat` is measured
against takes the same request and runs exactly the model calls recorded for the question."""

from __future__ import annotations

import json
import os

from fastapi.testclient import TestClient

import scripts.bench as bench
from tests.conftest import FakeEmbedder


def test_the_stack_floor_runs_the_recorded_model_calls_of_a_question(tmp_path, monkeypatch):
    recorded = {  # made-up questions and the texts their turns encoded, one model call each
        "what does a widget engineer do?": [["what does a widget engineer do?"]],
        "and a zorblat one?": [["and a zorblat one?", "and a one?"]],
    }
    path = tmp_path / "encodings.json"
    path.write_text(json.dumps(recorded), encoding="utf-8")
    monkeypatch.setenv("BENCH_ENCODINGS", str(path))
    model = FakeEmbedder(cache_size=0)
    monkeypatch.setattr(bench, "make_embedder", lambda settings: model)

    with TestClient(bench.stack_floor_app()) as client:
        assert client.get("/readyz").json() == {"pid": os.getpid()}
        response = client.post("/api/chat", json={"message": "and a zorblat one?"})
        assert response.status_code == 200
        assert (model.batches, model.texts) == (1, 2)
        client.post("/api/chat", json={"message": "what does a widget engineer do?"})
        assert (model.batches, model.texts) == (2, 3)
        # The route's own request model: a bad body is refused before any model call.
        assert client.post("/api/chat", json={"message": ""}).status_code == 422
        assert client.post("/api/chat", json={"text": "hi"}).status_code == 422
        assert model.batches == 2
