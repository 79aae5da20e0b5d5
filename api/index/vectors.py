"""FAISS helpers: the vector index of a build, exact or approximate, and searching it.

Owns how vectors are indexed (exact below `APPROXIMATE_FROM` vectors, product-quantisation codes
with exact re-scoring from there), read back without a copy, and searched; and which snippet each
vector row belongs to.
"""

from __future__ import annotations

import faiss
import numpy as np

from api.knowledge.model import Snippet

# From this many vectors on, search is approximate. A single query against every vector costs
# time in proportion to the knowledge (about 0.3 ms at 10,000 vectors here, 6.5 ms at 100,000:
# memory-bound). Above the threshold, vectors are also kept as product-quantisation codes (FAISS
# fast scan, 4 bits per 2 dimensions, a sixteenth of the floats); a search scans the codes for
# the best `RERANK` candidates and scores those exactly with the float vectors, which stay in
# the index. Measured on 100,000 synthetic snippets (`make bench-large`): recall@10 against
# exact search 0.9986 with 150 candidates (0.999 with 200, 0.997 with 100), in about 0.45 ms.
# Graph (HNSW) and inverted-list (IVF) indexes were measured too and needed more time for less
# recall on these vectors.
APPROXIMATE_FROM = 20_000
RERANK = 150
PQ_DIMS_PER_CODE = 2
PQ_BITS = 4


def stored_vectors(index: faiss.Index) -> np.ndarray:
    """The float vectors held by an index (exact, or approximate with its exact copy), as a
    read-only (rows, d) view (no copy).

    The view is valid only while `index` lives: keep the index, or copy what you keep."""
    flat = faiss.downcast_index(index.refine_index) if isinstance(index, faiss.IndexRefine) \
        else index
    if not isinstance(flat, faiss.IndexFlat):  # another kind (an older build): a copy
        return flat.reconstruct_n(0, flat.ntotal)
    data = flat.get_xb()  # type: ignore[attr-defined]  # untyped in the stubs
    view = faiss.rev_swig_ptr(data, flat.ntotal * flat.d).reshape(flat.ntotal, flat.d)
    view.flags.writeable = False
    return view


def vector_index(matrix: np.ndarray, *, approximate: bool | None = None) -> tuple[faiss.Index, str]:
    """A FAISS inner-product index over `matrix` (unit rows) and its kind: exact ("flat")
    below `APPROXIMATE_FROM` vectors, codes with exact re-scoring ("pq-refine") from there."""
    if approximate is None:
        approximate = len(matrix) >= APPROXIMATE_FROM
    dimension = matrix.shape[1]
    if not approximate:
        flat = faiss.IndexFlatIP(dimension)
        flat.add(matrix)
        return flat, "flat"
    codes = max(m for m in range(1, dimension // PQ_DIMS_PER_CODE + 1) if dimension % m == 0)
    base = faiss.IndexPQFastScan(dimension, codes, PQ_BITS, faiss.METRIC_INNER_PRODUCT)
    base.train(matrix)
    index = faiss.IndexRefineFlat(base)
    index.add(matrix)
    return index, "pq-refine"


def search_vectors(index: faiss.Index, vector: np.ndarray, k: int) -> np.ndarray:
    """The rows of the `k` vectors nearest to `vector`, best first (exact scores decide)."""
    candidates = candidate_rows(index, vector, k)
    if not isinstance(index, faiss.IndexRefine):
        return candidates
    scores = stored_vectors(index)[candidates] @ vector
    best = np.argpartition(-scores, k - 1)[:k] if len(scores) > k else np.arange(len(scores))
    return candidates[best[np.argsort(-scores[best], kind="stable")]]


def candidate_rows(index: faiss.Index, vector: np.ndarray, k: int) -> np.ndarray:
    """Rows that hold the `k` vectors nearest to `vector`, for a caller that scores them
    exactly itself: an exact index's best `k`; an approximate one's best `max(k, RERANK)` by
    its codes, in no particular order (what `search_vectors` would re-score)."""
    if not isinstance(index, faiss.IndexRefine):
        _, rows = index.search(vector.reshape(1, -1), k)
    else:
        _, rows = index.base_index.search(vector.reshape(1, -1), max(k, RERANK))
    return rows[0][rows[0] >= 0]


def vector_rows(snippets: list[Snippet]) -> np.ndarray:
    """For each vector row, the index of the snippet it belongs to (rows are grouped in order)."""
    counts = [len(s.embedding_texts) for s in snippets]
    return np.repeat(np.arange(len(snippets)), counts)
