"""The torch backend: a sentence-transformers model on the CPU (on request; serving runs ONNX
Runtime). torch is imported only when the model loads."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from api.config import DEFAULT_MODEL, Settings
from api.embedding.base import BaseEmbedder
from api.embedding.models import ModelLoadError, stay_offline
from api.errors import NotLoadedError

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


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
        self._target = self._use_model(model, threads)
        self.backend = "torch"
        self._model: SentenceTransformer | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> SentenceTransformerEmbedder:
        """The configured model (not loaded yet)."""
        return cls(
            settings.model,
            batch_size=settings.embed_batch_size or 32,
            cache_size=settings.query_cache_size,
            threads=settings.embed_threads,
        )

    def load(self) -> SentenceTransformerEmbedder:
        """Load the model weights (once); returns self for chaining."""
        if self._model is not None:
            return self
        stay_offline()  # before the Hugging Face stack is first imported: it reads these then
        # Deferred: torch and sentence-transformers are heavy, and only this backend needs them.
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
