"""Queries of several threads share model calls (api/embedding/batching.py), with a made-up
model function: each gets its own vector, and a failed call reaches every waiting query."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest


def test_queries_at_the_same_moment_share_model_calls_and_get_their_own_vectors():
    from api.embedding.batching import QueryBatcher

    started, release = threading.Event(), threading.Event()
    seen: list[list[str]] = []

    def model(texts, began):
        seen.append(list(texts))
        began()
        if len(seen) == 1:  # hold the first call so that the others queue behind it
            started.set()
            release.wait(5)
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)

    batcher = QueryBatcher(model, max_texts=16)
    results: dict[str, np.ndarray] = {}

    hooks: dict[str, list[int]] = {}  # query: the calls during which its hook ran

    def ask(text):
        results[text] = batcher.encode(
            [text], lambda: hooks.setdefault(text, []).append(len(seen)))[0]

    first = threading.Thread(target=ask, args=("a",))
    first.start()
    started.wait(5)
    others = [threading.Thread(target=ask, args=("b" * n,)) for n in range(2, 8)]
    for thread in others:
        thread.start()
    time.sleep(0.2)  # all six are waiting now
    release.set()
    for thread in [first, *others]:
        thread.join(5)
    assert seen[0] == ["a"] and sorted(seen[1]) == sorted("b" * n for n in range(2, 8))
    assert batcher.calls == 2
    # Each query's hook ran once, in the call that encoded it (work beside the model).
    assert hooks == {text: [1 if text == "a" else 2] for text in results}
    for text, vector in results.items():  # each thread got its own row, normalised
        expected = np.array([len(text), 1.0]) / np.hypot(len(text), 1.0)
        assert np.allclose(vector, expected)


def test_a_failed_model_call_reaches_every_waiting_query():
    from api.embedding.batching import QueryBatcher

    def broken(texts, began):
        raise RuntimeError("model crashed")

    batcher = QueryBatcher(broken)
    with pytest.raises(RuntimeError, match="model crashed"):
        batcher.encode(["x"])
    with pytest.raises(RuntimeError):  # and the model is not left marked busy
        batcher.encode(["y"])
