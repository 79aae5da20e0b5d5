"""Retrieval's arithmetic on its own (the retriever on an index is in tests/component/search)."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.mark.parametrize("size", [0, 3, 50, 10_000])
def test_top_positive_finds_the_best_scores_like_a_full_sort(size):
    from api.search.scoring import top_positive

    rng = np.random.default_rng(size)
    scores = np.where(rng.random(size) < 0.6, 0.0, rng.random(size) * 9).astype(np.float32)
    found = top_positive(scores, 20)
    expected = [i for i in np.argsort(-scores, kind="stable")[:20] if scores[i] > 0]
    assert sorted(scores[found].tolist()) == sorted(scores[expected].tolist())
    assert all(scores[found] > 0)
