"""Vectors as the index wants them: rows of unit length, contiguous float32 (shared by the
encoders and the query batcher, which both normalise)."""

from __future__ import annotations

import numpy as np


def normalize(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, as contiguous float32 (what FAISS inner product expects)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms
