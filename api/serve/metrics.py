"""Prometheus metrics of the service (prometheus-client).

Every worker process records into the same metrics; with several workers (`serve --workers N`)
prometheus-client's multiprocess mode adds them up: `serve` points PROMETHEUS_MULTIPROC_DIR at
a fresh directory before the workers start, and `GET /metrics` reads every worker's file.
Without that variable (one process, tests) the default registry is used.

prometheus-client picks its mode when it is first imported, from that variable: a worker must
have it in its environment from the start (`multiprocess_directory` sets it before uvicorn
starts the workers; an operator may set it for the whole process instead).

The names follow Prometheus conventions: `_total` for counters, `_seconds` for durations, and
labels with few values (route templates, not paths; outcomes, not questions).
"""

from __future__ import annotations

import errno
import glob
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, values
from prometheus_client.core import Metric
from prometheus_client.exposition import choose_encoder
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead

from api.embedding.base import BaseEmbedder

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

# Latency buckets for chat turns on a CPU: most take 5-50 ms, a cold start or a queue more.
LATENCY_BUCKETS = (0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.25,
                   0.5, 1.0, 2.5, 5.0, 10.0)
ENCODER_BUCKETS = (0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1,
                   0.25, 1.0)

REQUESTS = Counter(
    "hiring_advisor_http_requests_total",
    "HTTP requests answered, by route template, method and status code.",
    ["route", "method", "status"],
)
REQUEST_SECONDS = Histogram(
    "hiring_advisor_http_request_duration_seconds",
    "Time from receiving a request to the end of its response, by route template and method.",
    ["route", "method"],
    buckets=LATENCY_BUCKETS,
)
ANSWERS = Counter(
    "hiring_advisor_answers_total",
    "Chat turns by outcome: answered, not_covered, out_of_scope, declined, other_language.",
    ["outcome"],
)
TURNS_NOT_SAVED = Counter(
    "hiring_advisor_turns_not_saved_total",
    "Chat turns answered while the store could not write them.",
)
QUERY_CACHE = Counter(
    "hiring_advisor_query_cache_total",
    "Query embeddings looked up in the cache, by result (hit or miss).",
    ["result"],
)
ENCODER_SECONDS = Histogram(
    "hiring_advisor_encoder_duration_seconds",
    "Time of one call of the embedding model for chat and search queries (one or several "
    "texts: concurrent queries share a call).",
    buckets=ENCODER_BUCKETS,
)
REINDEX = Counter(
    "hiring_advisor_reindex_total",
    "Reindex requests by outcome: published, unchanged (nothing to do), refused (the gate), "
    "invalid (the knowledge), failed (the index directory, or an error).",
    ["outcome"],
)
RATE_LIMITED = Counter(
    "hiring_advisor_rate_limited_total",
    "Requests refused with 429 by the rate limit.",
)
CONNECTIONS_REFUSED = Counter(
    "hiring_advisor_connections_refused_total",
    "Connections closed by the server's guard: a client over its cap of open connections "
    "(per_client) or a request head that did not arrive in time (header_timeout).",
    ["why"],
)
AUTH_FAILURES = Counter(
    "hiring_advisor_auth_failures_total",
    "Wrong admin tokens given to the admin API or the console's sign-in.",
)
RATE_LIMIT_ERRORS = Counter(
    "hiring_advisor_rate_limit_storage_errors_total",
    "Requests let through because the rate-limit storage (Redis) could not be reached.",
)
INDEX_INFO = Gauge(
    "hiring_advisor_index_info",
    "The index build a worker serves (value 1), with its id and embedding model.",
    ["build", "model"],
    multiprocess_mode="liveall",
)
INDEX_SNIPPETS = Gauge(
    "hiring_advisor_index_snippets",
    "Snippets in the index being served.",
    multiprocess_mode="livemax",
)
INDEX_BUILT = Gauge(
    "hiring_advisor_index_built_timestamp_seconds",
    "When the index being served was built (Unix time); its age is time() minus this.",
    multiprocess_mode="livemax",
)

# Label children looked up once: `labels()` validates and locks on every call, and these are
# recorded on every request or query.
CACHE_HIT = QUERY_CACHE.labels("hit")
CACHE_MISS = QUERY_CACHE.labels("miss")
UNMATCHED = "unmatched"  # the route label of a request that no route handled (unknown path)
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# Every outcome's series exists from the start (at 0), so that rates over them work at once.
_ANSWERS = {o: ANSWERS.labels(o) for o in ("answered", "not_covered", "out_of_scope", "declined",
                                           "other_language")}
# A publish result's status -> the reindex outcome it counts as.
_REINDEX = {status: REINDEX.labels(outcome) for status, outcome in {
    "published": "published", "unchanged": "unchanged", "refused": "refused",
    "failed": "invalid", "unavailable": "failed"}.items()}
_request_children: dict[tuple[str, str, int], tuple[Counter, Histogram]] = {}


def record_request(route: str | None, method: str, status: int, seconds: float) -> None:
    """Count one answered request and its latency; `route` is its template (None: unmatched).

    Labels stay few whatever clients send: unknown paths share one route label, and methods
    outside HTTP's usual ones are "other".
    """
    key = (route or UNMATCHED, method, status)
    children = _request_children.get(key)
    if children is None:
        label = method if method in _METHODS else "other"
        children = (REQUESTS.labels(key[0], label, str(status)),
                    REQUEST_SECONDS.labels(key[0], label))
        if len(_request_children) < 10_000:  # bounded, however many label sets appear
            _request_children[key] = children
    children[0].inc()
    children[1].observe(seconds)


def observe_embedder(embedder: BaseEmbedder) -> None:
    """Count the embedder's query-cache lookups (hit or miss) and time its model calls for
    queries."""
    embedder.observe(on_cache=_record_cache, on_model_call=ENCODER_SECONDS.observe)


def _record_cache(hit: bool) -> None:
    (CACHE_HIT if hit else CACHE_MISS).inc()


def record_answer(answered: bool, reason: str) -> None:
    """Count a chat turn by outcome: answered, or the reason it was not."""
    outcome = _ANSWERS["answered"] if answered else _ANSWERS.get(reason)
    (outcome or ANSWERS.labels("other")).inc()  # "other": a reason this code does not know


def record_reindex(status: str | None) -> None:
    """Count a reindex by the status of its publish result (None: it raised, "failed")."""
    _REINDEX.get(status or "", _REINDEX["unavailable"]).inc()


_index_lock = threading.Lock()
_index_labels: tuple[str, str] | None = None


def record_index(build: str, model: str, snippets: int, built_at: float) -> None:
    """The index this process now serves: its build id and model, size and build time.

    The previous build's series goes: removed in one process; set to 0 in multiprocess mode,
    which cannot remove a series from a worker's file (`exposition` leaves zeros out).
    """
    global _index_labels
    with _index_lock:
        if _index_labels is not None and _index_labels != (build, model):
            if values.ValueClass._multiprocess:
                INDEX_INFO.labels(*_index_labels).set(0)
            else:
                INDEX_INFO.remove(*_index_labels)
        _index_labels = (build, model)
        INDEX_INFO.labels(build, model).set(1)
        INDEX_SNIPPETS.set(snippets)
        INDEX_BUILT.set(built_at)


# --- exposition -------------------------------------------------------------------------------


def exposition(accept: str = "") -> tuple[bytes, str]:
    """The metrics and their content type: every worker's, added up, when
    PROMETHEUS_MULTIPROC_DIR is set; this process's otherwise.

    `accept` is the scraper's Accept header: the Prometheus text format (0.0.4) unless it asks
    for OpenMetrics or a newer text format.
    """
    encode, content_type = choose_encoder(accept)
    directory = os.environ.get(MULTIPROC_ENV)
    if not directory:
        return encode(REGISTRY), content_type
    forget_dead_processes(directory)
    registry = CollectorRegistry()
    registry.register(_ServedBuildsOnly(MultiProcessCollector(None, path=directory)))
    return encode(registry), content_type


class _ServedBuildsOnly:
    """A collector without the index_info series of builds no longer served (value 0)."""

    def __init__(self, collector: MultiProcessCollector) -> None:
        self.collector = collector

    def collect(self) -> Iterable[Metric]:
        for metric in self.collector.collect():
            if metric.name == INDEX_INFO._name:
                metric.samples = [s for s in metric.samples if s.value]
            yield metric


def forget_dead_processes(directory: str) -> list[int]:
    """Mark processes that left live-gauge files and no longer run as dead (their gauges go);
    returns their ids.

    uvicorn restarts a worker that dies, but tells nobody: checking at each scrape catches a
    worker killed in any way (its counters stay: they count what it did).
    """
    dead: set[int] = set()
    for path in glob.glob(os.path.join(directory, "gauge_live*_*.db")):
        name = os.path.basename(path)[: -len(".db")].rsplit("_", 1)[-1]
        if name.isdigit() and not _running(int(name)):
            dead.add(int(name))
    for pid in dead:
        mark_process_dead(pid, directory)
    return sorted(dead)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as exc:
        return exc.errno == errno.EPERM  # it runs, as another user
    return True


@contextmanager
def multiprocess_directory(workers: int) -> Iterator[str | None]:
    """Point PROMETHEUS_MULTIPROC_DIR at a fresh private directory while several workers run,
    and delete it after; yields the directory in use (None: one process, the default registry).

    A directory the operator set is used as it is and kept (prometheus-client wants it emptied
    between runs of the server: that is then the operator's to do).
    """
    given = os.environ.get(MULTIPROC_ENV)
    if given or workers < 2:
        yield given or None
        return
    directory = tempfile.mkdtemp(prefix="hiring-advisor-metrics-")
    os.environ[MULTIPROC_ENV] = directory  # inherited by the workers that uvicorn starts
    try:
        yield directory
    finally:
        os.environ.pop(MULTIPROC_ENV, None)
        shutil.rmtree(directory, ignore_errors=True)
