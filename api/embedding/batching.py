"""Queries asked from several threads at once share model calls: the query batcher."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

from api.embedding.vectors import normalize


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
        # Called with each model call's seconds (see `BaseEmbedder.observe`); None: nobody.
        self.on_call: Callable[[float], None] | None = None

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
            if self.on_call is not None:
                self.on_call(time.perf_counter() - started)
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
