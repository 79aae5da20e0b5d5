"""The base of every encoder: text to L2-normalised float32 vectors in input order, batches
sorted by length, the LRU query cache, and hooks for the layers above to watch encoding."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import overload

import numpy as np
from cachetools import LRUCache
from tqdm.auto import tqdm

from api.embedding.batching import QueryBatcher
from api.embedding.models import resolve_model, vector_space
from api.embedding.vectors import normalize


class BaseEmbedder:
    """Encodes text to L2-normalised float32 vectors, in input order, with an LRU query cache.

    Subclasses implement `_encode_batch` and `dimension`; everything else lives here once.
    """

    model_id: str = ""
    # How the vectors are computed ("torch", "onnx", "onnx-int8"); backends whose vectors are
    # interchangeable share a `vector_space` (an index built by one serves queries of the other).
    backend: str = ""

    @property
    def vector_space(self) -> str:
        return vector_space(self.model_id, self.backend)

    def load(self) -> BaseEmbedder:
        """Load what encoding needs (once); returns self. Nothing to load by default."""
        return self

    def _use_model(self, model: str, threads: int | None) -> str:
        """Record which model this is and how many threads it may use; where its files are."""
        if threads is not None and threads <= 0:
            raise ValueError(f"threads must be > 0, got {threads}")
        self.model_name = model
        self.threads = threads
        self.model_id, target = resolve_model(model)
        return target

    def __init__(self, *, batch_size: int = 32, cache_size: int = 2048) -> None:
        if batch_size <= 0:
            raise ValueError(f"batch_size must be > 0, got {batch_size}")
        if cache_size < 0:
            raise ValueError(f"cache_size must be >= 0, got {cache_size}")
        self.batch_size = batch_size
        self._cache: LRUCache[str, np.ndarray] | None = (
            LRUCache(maxsize=cache_size) if cache_size else None
        )
        self._cache_lock = threading.Lock()
        self.cache_hits = 0
        self.cache_misses = 0
        self._queries = QueryBatcher(self._encode_queries)
        self._on_cache: Callable[[bool], None] | None = None

    def observe(self, on_cache: Callable[[bool], None] | None = None,
                on_model_call: Callable[[float], None] | None = None) -> None:
        """Have the layers above watch encoding (the server counts it in its metrics):
        `on_cache(hit)` at each lookup of a query in the cache, `on_model_call(seconds)` after
        each model call for queries. None: not watched (the default); a call replaces the hooks
        set before."""
        self._on_cache = on_cache
        self._queries.on_call = on_model_call

    @property
    def dimension(self) -> int:
        raise NotImplementedError

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

    def _encode_queries(self, texts: list[str], started: Callable[[], object]) -> np.ndarray:
        """`_encode_batch` for queries, calling `started()` as the model call begins (a
        backend that prepares its input first calls it once that is done)."""
        started()
        return self._encode_batch(texts)

    @overload
    def encode(self, texts: str, *, progress: bool = False) -> np.ndarray: ...
    @overload
    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray: ...

    def encode(self, texts: str | Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Embed one text (1-d vector out) or many (2-d, one row per text, in order)."""
        if isinstance(texts, str):
            return self.encode([texts])[0]
        items = list(texts)
        if not items:
            return np.zeros((0, self.dimension), dtype=np.float32)
        # Longest first, so each batch pads to lengths alike (and a progress bar's estimate
        # only improves); rows go back to input order at the end.
        order = sorted(range(len(items)), key=lambda i: -len(items[i]))
        ordered = [items[i] for i in order]
        size = self.batch_size
        batches = [ordered[i : i + size] for i in range(0, len(items), size)]
        with tqdm(total=len(batches), desc="embedding", unit="batch",
                  disable=not progress or len(batches) < 2) as bar:
            chunks = self._encode_many(batches, bar.update)
        vectors = np.empty((len(items), chunks[0].shape[1]), dtype=np.float32)
        vectors[order] = np.vstack(chunks)
        return normalize(vectors)

    def _encode_many(self, batches: list[list[str]], done: Callable[[int], object]
                     ) -> list[np.ndarray]:
        """The model's output for each batch, in order; `done(1)` after each."""
        chunks = []
        for batch in batches:
            chunks.append(self._encode_batch(batch))
            done(1)
        return chunks

    def encode_query(self, text: str, started: Callable[[], object] | None = None
                     ) -> np.ndarray:
        """Embed a search query; a repeated query is served from the LRU cache. Queries of
        several threads at the same moment share one model call (see `QueryBatcher`).
        `started()` is called, from the thread running the model, as its call for this query
        begins: work that does not need the vector can go on beside it (not called when the
        vector comes from the cache)."""
        vector = self._cached(text)
        if vector is None:
            vector = self._store(text, self._queries.encode([text], started)[0])
        return vector

    def encode_query_without(
        self, text: str, drop: Sequence[str], started: Callable[[], object] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Embed a query and the same query with the words in `drop` taken out, in one model
        call; both are cached like `encode_query`, `started` as there."""
        dropped = set(drop)
        shorter = " ".join(w for w in text.split() if w not in dropped)
        full, without = self._cached(text), self._cached(shorter)
        if full is None or without is None:
            both = self._queries.encode([text, shorter], started)
            full, without = self._store(text, both[0]), self._store(shorter, both[1])
        return full, without

    def _cached(self, text: str) -> np.ndarray | None:
        with self._cache_lock:
            vector = self._cache.get(text) if self._cache is not None else None
            if vector is None:
                self.cache_misses += 1
            else:
                self.cache_hits += 1
        if self._on_cache is not None:
            self._on_cache(vector is not None)
        return vector

    def _store(self, text: str, vector: np.ndarray) -> np.ndarray:
        vector.flags.writeable = False  # shared by every reader of the cache
        with self._cache_lock:
            if self._cache is not None:
                self._cache[text] = vector
        return vector

    def cache_clear(self) -> None:
        with self._cache_lock:
            if self._cache is not None:
                self._cache.clear()
