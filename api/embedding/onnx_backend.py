"""The ONNX Runtime backend (the default): the exported model run by onnxruntime with the
model's own fast tokenizer, pooling as sentence-transformers does, and a build's batches over
one session per core."""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from api.config import DEFAULT_MODEL
from api.embedding.base import BaseEmbedder
from api.embedding.models import ModelLoadError, export_dir, stay_offline
from api.embedding.onnx_export import (
    MODEL_FILE,
    QUANTIZED_FILE,
    TOKENIZER_FILE,
    ExportInfo,
    fingerprint,
)
from api.errors import NotLoadedError

log = logging.getLogger("hiring_advisor")

# Texts per model call when a build embeds many with ONNX Runtime (sorted by length).
ONNX_BATCH_SIZE = 8
# Batches per core from which a build runs one session per core (fewer: the extra sessions
# cost more to make than they save).
BULK_MIN_BATCHES = 16


class OnnxEmbedder(BaseEmbedder):
    """The model exported to ONNX, run by onnxruntime with the model's own fast tokenizer;
    pooling and normalisation as its sentence-transformers configuration says. No torch here:
    a missing or outdated export is made in a child process
    (`python -m api.embedding.onnx_export`)."""

    def __init__(
        self,
        model: str = DEFAULT_MODEL,
        *,
        cache_dir: Path = Path("cache"),
        quantized: bool = False,
        batch_size: int = ONNX_BATCH_SIZE,
        cache_size: int = 2048,
        threads: int | None = None,
    ) -> None:
        super().__init__(batch_size=batch_size, cache_size=cache_size)
        self._target = self._use_model(model, threads)
        self.directory = export_dir(cache_dir, self.model_id)
        self.quantized = quantized
        self.backend = "onnx-int8" if quantized else "onnx"
        self._session: Any = None
        self._tokenizer: Any = None
        self._info: ExportInfo | None = None
        self._load_lock = threading.Lock()

    def ensure_exported(self) -> ExportInfo:
        """The export for this model, made first (in a child process) when missing or made
        from other weights. Several processes may call this at once: one exports.

        Raises:
            ModelLoadError: the export failed or the model directory cannot be written.
        """
        source = Path(self._target)
        wanted = fingerprint(source) if source.is_dir() else None

        def usable(info: ExportInfo | None) -> bool:
            return info is not None and (not wanted or info.fingerprint == wanted) and (
                info.quantized or not self.quantized)

        info = ExportInfo.read(self.directory)
        if usable(info):  # the usual case: nothing to write (the cache may be read-only)
            assert info is not None
            return info
        try:
            self.directory.parent.mkdir(parents=True, exist_ok=True)
            with open(self.directory.parent / f".{self.directory.name}.lock", "a+") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)
                info = ExportInfo.read(self.directory)  # another process may have made it
                if not usable(info):
                    self._export()
                    info = ExportInfo.read(self.directory)
        except OSError as exc:
            raise ModelLoadError(
                f"cannot write the model directory {self.directory.parent}/: "
                f"{exc.strerror or exc}; set HIRING_ADVISOR_CACHE_DIR to a writable directory "
                "or use HIRING_ADVISOR_EMBED_BACKEND=torch") from exc
        if info is None:
            raise ModelLoadError(f"the ONNX export in {self.directory} is incomplete")
        return info

    def _export(self) -> None:
        log.info("exporting %s to ONNX in %s (once)", self.model_id, self.directory)
        done = subprocess.run(
            [sys.executable, "-m", "api.embedding.onnx_export", self.model_name,
             str(self.directory), *(["--quantize"] if self.quantized else [])],
            capture_output=True, text=True, check=False)
        if done.returncode != 0:
            detail = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise ModelLoadError(
                f"cannot export embedding model '{self.model_name}' to ONNX: {detail}. Set "
                "HIRING_ADVISOR_EMBED_BACKEND=torch to run it with torch instead.")

    def load(self) -> OnnxEmbedder:
        with self._load_lock:
            if self._session is not None:
                return self
            # Before the tokenizer first runs: it reads TOKENIZERS_PARALLELISM at each call.
            stay_offline()
            info = self.ensure_exported()
            try:
                session = self._new_session(self.threads)
                tokenizer = Tokenizer.from_file(str(self.directory / TOKENIZER_FILE))
            except Exception as exc:  # noqa: BLE001 - a broken export means the same to a user
                raise ModelLoadError(
                    f"cannot load the ONNX export in {self.directory}: {exc}; delete that "
                    "directory to export again") from exc
            padding = tokenizer.padding or {}
            tokenizer.enable_padding(pad_id=int(padding.get("pad_id", 0)),
                                     pad_type_id=int(padding.get("pad_type_id", 0)),
                                     pad_token=str(padding.get("pad_token", "[PAD]")))
            tokenizer.enable_truncation(max_length=info.max_seq_length)
            self._inputs = {i.name for i in session.get_inputs()}
            self._tokenizer, self._info, self._session = tokenizer, info, session
        return self

    @property
    def dimension(self) -> int:
        if self._info is None:
            raise NotLoadedError("the embedding model is not loaded; call load() first")
        return self._info.dimension

    def _new_session(self, threads: int | None) -> Any:
        """An ONNX Runtime session of the export, running each call on `threads` threads."""
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or 0  # 0: one per core
        options.inter_op_num_threads = 1
        # Idle threads sleep instead of spinning: other requests and workers need the cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        options.log_severity_level = 3
        name = QUANTIZED_FILE if self.quantized else MODEL_FILE
        return ort.InferenceSession(str(self.directory / name), options,
                                    providers=["CPUExecutionProvider"])

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        return self._run(self._session, texts)

    def _encode_queries(self, texts: list[str], started: Callable[[], object]) -> np.ndarray:
        return self._run(self._session, texts, started)

    def _run(self, session: Any, texts: list[str],
             started: Callable[[], object] | None = None) -> np.ndarray:
        if session is None or self._info is None:
            raise NotLoadedError("the embedding model is not loaded; call load() first")
        encodings = self._tokenizer.encode_batch(texts)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feed = {"input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
                "attention_mask": mask,
                "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64)}
        feed = {k: v for k, v in feed.items() if k in self._inputs}
        if started is not None:
            started()  # just before the GIL is released for the model's run
        tokens = session.run(None, feed)[0]
        return pool(tokens, mask, self._info.pooling)

    def _encode_many(self, batches: list[list[str]], done: Callable[[int], object]
                     ) -> list[np.ndarray]:
        """Many batches (a build): one single-threaded session per core, each taking the next
        batch, rather than one session splitting each call over the cores. Small batches of
        texts of alike length keep each call's work in the core's cache; on two cores this
        embeds 8-16 % more texts a second (docs/benchmarks.md). The extra sessions live for
        this call only."""
        parallel = self.threads or os.cpu_count() or 1
        if parallel < 2 or len(batches) < BULK_MIN_BATCHES * parallel:
            return super()._encode_many(batches, done)
        self.load()
        sessions = [self._new_session(1) for _ in range(parallel)]
        chunks: list[np.ndarray] = [np.empty(0)] * len(batches)
        taken = iter(range(len(batches)))
        lock = threading.Lock()
        failed = threading.Event()

        def work(session: Any) -> None:
            while not failed.is_set():
                with lock:
                    i = next(taken, None)
                if i is None:
                    return
                try:
                    chunks[i] = self._run(session, batches[i])
                except BaseException:
                    failed.set()  # the other sessions stop at their next batch
                    raise
                with lock:
                    done(1)

        with ThreadPoolExecutor(parallel, thread_name_prefix="embed") as executor:
            for future in [executor.submit(work, session) for session in sessions]:
                future.result()  # the first error, if any
        return chunks


def pool(tokens: np.ndarray, mask: np.ndarray, mode: str) -> np.ndarray:
    """Sentence vectors from token vectors, as sentence-transformers' Pooling module does."""
    if mode == "cls":
        return np.ascontiguousarray(tokens[:, 0], dtype=np.float32)
    weights = mask[..., None].astype(np.float32)
    if mode == "max":
        return np.where(weights > 0, tokens, -1e9).max(axis=1).astype(np.float32)
    summed = (tokens * weights).sum(axis=1)
    counts = np.clip(weights.sum(axis=1), 1e-9, None)
    if mode == "mean_sqrt_len":
        return (summed / np.sqrt(counts)).astype(np.float32)
    return (summed / counts).astype(np.float32)
