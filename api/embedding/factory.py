"""The configured embedder: which backend a setting names, made (not loaded)."""

from __future__ import annotations

from api.config import Settings
from api.embedding.base import BaseEmbedder
from api.embedding.onnx_backend import ONNX_BATCH_SIZE, OnnxEmbedder
from api.embedding.torch_backend import SentenceTransformerEmbedder


def make_embedder(settings: Settings) -> BaseEmbedder:
    """The configured embedder (not loaded yet): ONNX Runtime unless the torch backend is set."""
    if settings.embed_backend == "torch":
        return SentenceTransformerEmbedder.from_settings(settings)
    return OnnxEmbedder(settings.model, cache_dir=settings.cache_dir,
                        quantized=settings.embed_backend == "onnx-int8",
                        batch_size=settings.embed_batch_size or ONNX_BATCH_SIZE,
                        cache_size=settings.query_cache_size, threads=settings.embed_threads)
