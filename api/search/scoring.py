"""Scoring helpers of search: the best positive scores of many, the proper names only a few
snippets use, and BM25's inverse document frequency."""

from __future__ import annotations

import math
import re
from collections import Counter

import numpy as np

from api.knowledge.model import Snippet
from api.text.words import english_frequency, tokenize

COMMON_WORD = 20_000  # corpus frequency above which a capitalised word is not a name ("Big")


def top_positive(scores: np.ndarray, k: int) -> np.ndarray:
    """The indices of the `k` highest positive scores (all positive ones when fewer), in no
    order. A selection over every score costs milliseconds at 100,000 documents (most of them
    tie at zero); the few above a falling threshold are found in a pass or two."""
    peak = float(scores.max()) if len(scores) else 0.0
    if peak <= 0.0:
        return np.zeros(0, dtype=np.int64)
    floor = peak / 2
    while True:
        chosen = np.flatnonzero(scores >= floor)
        if len(chosen) >= k or floor <= peak * 1e-6:
            break
        floor /= 4
    chosen = chosen[scores[chosen] > 0]
    if len(chosen) > k:
        chosen = chosen[np.argpartition(-scores[chosen], k - 1)[:k]]
    return chosen


def rare_names(snippets: list[Snippet], max_snippets: int = 4) -> frozenset[str]:
    """Proper names (capitalised inside a sentence) that only a few snippets mention."""
    names: set[str] = set()
    count: Counter[str] = Counter()
    for snippet in snippets:
        text = f"{snippet.title}. {snippet.text}"
        names.update(
            m.group(1).lower()
            for m in re.finditer(r"(?<![.!?:]\s)(?<!^)\b([A-Z][A-Za-z]*)\b", text)
        )
        count.update(set(tokenize(snippet.search_text)))
    common = english_frequency()
    return frozenset(
        n for n in names if count[n] <= max_snippets and len(n) > 1 and common[n] < COMMON_WORD
    )


def idf(n: int, df: int) -> float:
    """Lucene's BM25 idf, as bm25s computes it."""
    return math.log(1.0 + (n - df + 0.5) / (df + 0.5))
