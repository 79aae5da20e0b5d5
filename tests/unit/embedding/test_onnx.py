"""The ONNX Runtime encoder without running the model: pooling as sentence-transformers does it,
an export made once and again only when the weights change (the export itself faked), and the
vector space each backend names. With the real model: tests/integration/test_onnx.py."""

from __future__ import annotations

import json
import subprocess
import threading
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pytest

from api.config import Settings
from api.embedding.factory import make_embedder
from api.embedding.models import ModelLoadError, export_dir, resolve_model
from api.embedding.onnx_backend import OnnxEmbedder, pool
from api.embedding.onnx_export import (
    EXPORT_FILE,
    EXPORT_FORMAT,
    MODEL_FILE,
    TOKENIZER_FILE,
    WEIGHTS_FILE,
    ExportInfo,
    fingerprint,
    read_pooling,
)

# --- pooling, as sentence-transformers does it --------------------------------------------------


def test_pooling_modes_follow_the_mask():
    tokens = np.array([[[1.0, 2.0], [3.0, 4.0], [100.0, -100.0]]], dtype=np.float32)
    mask = np.array([[1, 1, 0]])
    assert pool(tokens, mask, "mean").tolist() == [[2.0, 3.0]]
    assert pool(tokens, mask, "cls").tolist() == [[1.0, 2.0]]
    assert pool(tokens, mask, "max").tolist() == [[3.0, 4.0]]  # the padded token is ignored
    assert np.allclose(pool(tokens, mask, "mean_sqrt_len"), [[4.0 / 2**0.5, 6.0 / 2**0.5]])


def test_the_bundled_model_says_mean_pooling_normalised_256_tokens():
    _, location = resolve_model("all-MiniLM-L6-v2")
    assert read_pooling(Path(location)) == ("mean", True, 256)


# --- the export is made once, again only when the weights change --------------------------------


def write_export(directory: Path, **changes) -> None:
    """A hand-made export (files present, content irrelevant) for the bookkeeping tests."""
    directory.mkdir(parents=True, exist_ok=True)
    for name in (MODEL_FILE, WEIGHTS_FILE, TOKENIZER_FILE):
        (directory / name).write_text("x")
    _, location = resolve_model("all-MiniLM-L6-v2")
    info = ExportInfo(format=EXPORT_FORMAT, model_id="m", fingerprint=fingerprint(Path(location)),
                      pooling="mean", normalize=True, max_seq_length=256, dimension=384,
                      quantized=False, exported_at="now")
    (directory / EXPORT_FILE).write_text(json.dumps({**asdict(info), **changes}))


@pytest.fixture
def exports(monkeypatch):
    """Count exports instead of running torch: each writes a valid export after a pause."""
    calls = []

    def fake_export(self):
        calls.append(self.directory)
        time.sleep(0.2)
        write_export(self.directory)

    monkeypatch.setattr(OnnxEmbedder, "_export", fake_export)
    return calls


def test_a_missing_export_is_made_then_reused(tmp_path, exports):
    embedder = OnnxEmbedder(cache_dir=tmp_path)
    embedder.ensure_exported()
    embedder.ensure_exported()
    OnnxEmbedder(cache_dir=tmp_path).ensure_exported()
    assert exports == [export_dir(tmp_path, embedder.model_id)]


@pytest.mark.parametrize("damage", ["other weights", "unreadable", "file missing", "old format"])
def test_an_outdated_or_broken_export_is_made_again(tmp_path, exports, damage):
    embedder = OnnxEmbedder(cache_dir=tmp_path)
    if damage == "other weights":
        write_export(embedder.directory, fingerprint="weights-of-another-model")
    elif damage == "unreadable":
        write_export(embedder.directory)
        (embedder.directory / EXPORT_FILE).write_text("{not json")
    elif damage == "file missing":
        write_export(embedder.directory)
        (embedder.directory / WEIGHTS_FILE).unlink()
    else:
        write_export(embedder.directory, format=EXPORT_FORMAT - 1)
    embedder.ensure_exported()
    assert len(exports) == 1


def test_a_quantised_model_is_exported_when_first_wanted(tmp_path, exports):
    write_export(export_dir(tmp_path, OnnxEmbedder().model_id))
    OnnxEmbedder(cache_dir=tmp_path).ensure_exported()
    assert exports == []
    OnnxEmbedder(cache_dir=tmp_path, quantized=True).ensure_exported()
    assert len(exports) == 1


def test_workers_starting_together_export_once(tmp_path, exports):
    errors = []

    def start():
        try:
            OnnxEmbedder(cache_dir=tmp_path).ensure_exported()
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(exports) == 1


def test_an_unwritable_cache_is_one_clear_error(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    with pytest.raises(ModelLoadError, match="HIRING_ADVISOR_CACHE_DIR"):
        OnnxEmbedder(cache_dir=blocked / "cache").ensure_exported()


def test_a_failed_export_names_the_way_out(tmp_path, monkeypatch):
    def failing_run(*args, **kwargs):
        return subprocess.CompletedProcess(args, 1, "", "error: the weights are damaged\n")

    monkeypatch.setattr(subprocess, "run", failing_run)
    with pytest.raises(ModelLoadError, match="damaged.*HIRING_ADVISOR_EMBED_BACKEND=torch"):
        OnnxEmbedder(cache_dir=tmp_path).ensure_exported()


def test_an_export_in_a_read_only_cache_is_used_as_it_is(tmp_path, exports):
    embedder = OnnxEmbedder(cache_dir=tmp_path)
    write_export(embedder.directory)
    tmp_path.chmod(0o500)
    try:
        assert embedder.ensure_exported().dimension == 384
    finally:
        tmp_path.chmod(0o700)
    assert exports == [] and not list(tmp_path.rglob("*.lock"))  # nothing written at all


# --- vector spaces: torch and ONNX interchangeable, int8 not ------------------------------------


def test_backends_name_their_vector_space():
    torch_space = make_embedder(Settings(embed_backend="torch")).vector_space
    assert make_embedder(Settings(embed_backend="onnx")).vector_space == torch_space
    assert make_embedder(Settings(embed_backend="onnx-int8")).vector_space != torch_space
