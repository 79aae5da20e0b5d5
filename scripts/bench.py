#!/usr/bin/env python3
"""`make bench`: every performance figure of hiring-advisor against its floor, in one run.

A floor is what the same machine does in the same run with nothing of ours around it: the
encoder alone (replaying exactly the encodings a request makes), FAISS alone, the model's torch
build, the stack itself (the same model calls behind a bare FastAPI endpoint). Targets are
ratios to those floors (or absolute where the target is one), so a slower or busier machine
moves both sides alike.

Sections (each prints Markdown rows: figure | measured | floor or target | ratio | verdict):
  encoder    torch vs ONNX Runtime vs int8: one query (1 thread) and batches (all cores)
  (the sections below run the configured backend, HIRING_ADVISOR_EMBED_BACKEND, by default
  onnx-int8; its encoder is their floor)
  serving    start to ready, RSS per worker, POST /api/chat with 1 client and with N clients on
             workers = cores (a real `hiring-advisor serve` on SQLite, rate limits off, cache
             off: every question encodes), and the same two loads on a bare FastAPI endpoint
             that makes the same model calls, which both figures are also held to
  production the same two loads on the production path: PostgreSQL store, rate limits in
             Redis (both started for the run, as the tests start them; skipped without their
             binaries), held to the bare endpoint and to the SQLite path
             (scripts/bench_production.py; it runs after serving, whose figures it is held
             to: --only production runs serving too)
  10k        synthetic knowledge of 10,000 snippets (the shipped knowledge plus made-up ones):
             full build, one-snippet rebuild, retrieval against encoder + FAISS
  100k       (--large) the same at 100,000 snippets: approximate index recall@10 against exact
             search, retrieval, build time and memory

Usage: python scripts/bench.py [--large] [--only encoder,serving,production,10k]
                               [--write docs/benchmarks.md]
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from fastapi import FastAPI
from fastapi.responses import JSONResponse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.cli.evaluation import load_questions
from api.config import Settings
from api.dialogue.engine import open_engine
from api.dialogue.state import DialogueState
from api.embedding.base import BaseEmbedder
from api.embedding.factory import make_embedder
from api.embedding.onnx_backend import OnnxEmbedder
from api.embedding.torch_backend import SentenceTransformerEmbedder
from api.index.build import build_index
from api.index.lifecycle import load_index
from api.index.vectors import search_vectors, stored_vectors
from api.knowledge.loader import knowledge_files, load_knowledge
from api.search.retrieval import Retriever
from api.serve.schemas import ChatRequest
from scripts import bench_production as production

KNOWLEDGE = ROOT / "knowledge"
CORES = os.cpu_count() or 1
BACKEND = Settings().embed_backend  # what a server runs: the floor of every section after encoder


def embedder(threads: int | None = None) -> BaseEmbedder:
    """The configured backend's embedder, loaded, without a query cache (every query encodes)."""
    return make_embedder(Settings(embed_backend=BACKEND, embed_threads=threads,
                                  query_cache_size=0)).load()


# --- reporting ----------------------------------------------------------------------------------


@dataclass
class Row:
    section: str
    figure: str
    measured: str
    against: str  # the floor or target it is held to
    ratio: str = ""
    verdict: str = ""  # "met", "missed" or "" (for information)


ROWS: list[Row] = []


def row(section: str, figure: str, measured: str, against: str = "", ratio: float | None = None,
        ok: bool | None = None) -> None:
    verdict = "" if ok is None else ("met" if ok else "MISSED")
    ROWS.append(Row(section, figure, measured, against,
                    "" if ratio is None else f"{ratio:.2f}", verdict))
    print(f"  {figure:<52} {measured:>16}  {against:<34} {verdict}", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def p(values: Sequence[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def rss_mb(pid: int | str = "self") -> tuple[float, float]:
    """(current, peak) resident set size of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return (int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024)


# --- what is measured ---------------------------------------------------------------------------


def questions() -> list[str]:
    """The article's evaluation questions, in-scope and out-of-scope alike."""
    items = load_questions(ROOT / "tests/eval/questions.jsonl")
    items += load_questions(ROOT / "tests/eval/holdout/questions.jsonl")
    return list(dict.fromkeys(q.question for q in items))


class Recorder:
    """Wraps an embedder: records each batch its model runs for queries, to replay them as the
    floor."""

    def __init__(self, embedder: BaseEmbedder) -> None:
        self.embedder = embedder
        self.batches: list[list[str]] = []
        inner = embedder._queries._encode_batch

        def recording(texts: list[str], started: Callable[[], object]) -> np.ndarray:
            self.batches.append(list(texts))
            return inner(texts, started)

        embedder._queries._encode_batch = recording
        self._inner = inner

    def take(self) -> list[list[str]]:
        batches, self.batches = self.batches, []
        return batches

    def replay(self, batches: list[list[str]]) -> float:
        """Seconds the model alone takes for these batches."""
        started = time.perf_counter()
        for batch in batches:
            self._inner(batch, _nothing)
        return time.perf_counter() - started


def _nothing() -> None:
    """No work beside a replayed model call."""


def synthetic_knowledge(target: Path, count: int, seed: int = 7) -> None:
    """The shipped knowledge plus `count` made-up snippets (100 per file) of its own words."""
    shutil.copytree(KNOWLEDGE, target)
    words = sorted({w for s in load_knowledge(KNOWLEDGE).snippets
                    for w in s.text.replace(",", " ").replace(".", " ").split()
                    if w.isalpha() and w.islower()})
    rng = random.Random(seed)
    per_file = 100
    for f in range((count + per_file - 1) // per_file):
        lines = ["---", f"title: Synthetic notes {f}", "topic: synthetic",
                 "source: made up for the benchmark", "as_of: 2024-01-22", "---", ""]
        for i in range(min(per_file, count - f * per_file)):
            heading = " ".join(rng.choice(words) for _ in range(5))
            body = " ".join(rng.choice(words) for _ in range(rng.randint(25, 60)))
            lines += [f"## {heading.capitalize()} {{#syn/{f}-{i}}}", "", body.capitalize() + ".",
                      ""]
        (target / f"synthetic-{f:04d}.md").write_text("\n".join(lines), encoding="utf-8")


def edit_one_snippet(knowledge: Path) -> None:
    path = next(p for p in knowledge_files(knowledge) if p.name.startswith("synthetic-"))
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(".\n", " Edited for the benchmark.\n", 1), encoding="utf-8")


def retrieval_against_floor(retriever: Retriever, recorder: Recorder, queries: list[str]
                            ) -> tuple[list[float], list[float]]:
    """Per query: `retrieve` (cache off) and the encoder alone on the same batches (recorded in
    a first pass). Which of the two runs first alternates query by query, so that neither
    always finds the model's weights warm in the CPU caches."""
    batches = {}
    for query in queries:
        retriever.embedder.cache_clear()
        retriever.retrieve(query)
        batches[query] = recorder.take()
    ours, floor = [], []
    for i, query in enumerate(queries):
        for which in ((0, 1) if i % 2 == 0 else (1, 0)):
            if which == 0:
                retriever.embedder.cache_clear()
                started = time.perf_counter()
                retriever.retrieve(query)
                ours.append(time.perf_counter() - started)
                recorder.take()
            else:
                floor.append(recorder.replay(batches[query]))
    return ours, floor


# --- sections -----------------------------------------------------------------------------------


class OneSession(OnnxEmbedder):
    """A build's embedding as it was before 2026-11-26: one session on every core."""

    def _encode_many(self, batches: list[list[str]], done: Callable[[int], object]
                     ) -> list[np.ndarray]:
        return BaseEmbedder._encode_many(self, batches, done)


def bench_encoder(qs: list[str], texts: list[str]) -> None:
    print("\n## Encoder", flush=True)
    single = {"torch": SentenceTransformerEmbedder(threads=1, cache_size=0).load(),
              "onnx": OnnxEmbedder(threads=1, cache_size=0).load(),
              "onnx-int8": OnnxEmbedder(threads=1, cache_size=0, quantized=True).load()}
    times: dict[str, list[float]] = {name: [] for name in single}
    for query in qs:
        for name, embedder in single.items():
            started = time.perf_counter()
            embedder._encode_batch([query])
            times[name].append(time.perf_counter() - started)
    torch50 = p(times["torch"], 50)
    for name in single:
        row("encoder", f"one query, {name}, 1 thread, p50", ms(p(times[name], 50)),
            f"torch {ms(torch50)}", torch50 / p(times[name], 50))
    reference = single["torch"].encode(qs)
    for name in ("onnx", "onnx-int8"):
        cosine = float((single[name].encode(qs) * reference).sum(axis=1).min())
        row("encoder", f"{name} vectors: lowest cosine to torch", f"{cosine:.7f}",
            ">= 0.9999 to be interchangeable", ok=cosine >= 0.9999 if name == "onnx" else None)
    del single
    rates = {}
    one_session = OneSession(cache_size=0, batch_size=32).load()
    for name, bulk in (("torch", SentenceTransformerEmbedder(cache_size=0).load()),
                       ("onnx", OnnxEmbedder(cache_size=0).load()),
                       ("onnx-int8", OnnxEmbedder(cache_size=0, quantized=True).load()),
                       ("onnx, one session", one_session)):
        bulk.encode(texts[:64])
        started = time.perf_counter()
        bulk.encode(texts)
        rates[name] = len(texts) / (time.perf_counter() - started)
    for name in ("onnx", "onnx-int8"):
        row("encoder", f"a build's embedding, {name}, all {CORES} cores ({len(texts)} snippets)",
            f"{rates[name]:.0f} texts/s", f"torch {rates['torch']:.0f} texts/s",
            rates[name] / rates["torch"])
    row("encoder", f"onnx, one session on {CORES} threads, batches of 32 (before)",
        f"{rates['onnx, one session']:.0f} texts/s",
        f"one session per core, batches of 8: {rates['onnx']:.0f} texts/s",
        rates["onnx"] / rates["onnx, one session"])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


LOAD_SECONDS = 10.0  # each throughput load, after its second of warm-up
READY_WITHIN = 180.0  # seconds; a server not ready by then has failed (its log says why)


def readyz(port: int) -> http.client.HTTPResponse:
    """The response to `GET /readyz` on 127.0.0.1:`port`."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    connection.request("GET", "/readyz")
    return connection.getresponse()


class Server:
    """A real `hiring-advisor serve` in a child process."""

    def __init__(self, index: Path, work: Path, *, workers: int = 1, backend: str = BACKEND,
                 query_cache: int = 0, env: dict[str, str] | None = None) -> None:
        """`env`: settings over these (the production path's store and rate limits)."""
        self.port = free_port()
        env = {**os.environ,
               "HIRING_ADVISOR_INDEX_DIR": str(index),
               "HIRING_ADVISOR_DATABASE_URL": f"sqlite:///{work}/chat-{self.port}.db",
               "HIRING_ADVISOR_RATE_LIMIT_PER_MINUTE": "0",
               # 0: every question is encoded
               "HIRING_ADVISOR_QUERY_CACHE_SIZE": str(query_cache),
               "HIRING_ADVISOR_EMBED_THREADS": "1",
               "HIRING_ADVISOR_EMBED_BACKEND": backend, **(env or {})}
        self._start([sys.executable, "-m", "api.cli", "serve", "--port", str(self.port),
                     "--workers", str(workers)], env, work)

    def _start(self, command: list[str], env: dict[str, str], work: Path) -> None:
        self.log = work / f"server-{self.port}.log"
        started = time.perf_counter()
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
        deadline = started + READY_WITHIN
        while not self._ready():
            if self.process.poll() is not None or time.perf_counter() > deadline:
                self.stop()
                raise RuntimeError(f"server not ready: {self.log.read_text()[-2000:]}")
            time.sleep(0.01)
        self.ready_seconds = time.perf_counter() - started

    def _ready(self) -> bool:
        try:
            return readyz(self.port).status == 200
        except OSError:
            return False

    def readiness(self) -> dict[str, str]:
        """What /readyz says now (of the worker that answers): the store, the rate limits."""
        return json.loads(readyz(self.port).read())

    def workers(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(c) for c in children.read_text().split()]
        # uvicorn runs one worker in its own process; several under a supervisor.
        workers = [pid for pid in pids if "python" in Path(f"/proc/{pid}/cmdline").read_text()]
        return [w for w in workers if "multiprocessing" in Path(f"/proc/{w}/cmdline").read_text()
                ] or [self.process.pid]

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


class StackFloor(Server):
    """The stack with the model and nothing of ours around it: uvicorn and FastAPI serving
    `POST /api/chat` (the same request model), whose turn is only the model calls the real turn
    makes for the message (recorded in-process), handed to a thread and shared between
    concurrent turns as the real route does, answered with a small JSON. What any app on this
    stack that encodes the same texts spends at least; `stack_floor_app` is the app."""

    def __init__(self, encodings: dict[str, list[list[str]]], work: Path, *, workers: int = 1
                 ) -> None:
        self.port = free_port()
        self.workers_wanted, self.seen = workers, set[int]()
        recorded = work / f"encodings-{self.port}.json"
        recorded.write_text(json.dumps(encodings), encoding="utf-8")
        env = {**os.environ, "BENCH_ENCODINGS": str(recorded),
               "HIRING_ADVISOR_EMBED_THREADS": "1", "HIRING_ADVISOR_EMBED_BACKEND": BACKEND}
        self._start([sys.executable, "-m", "uvicorn", "scripts.bench:stack_floor_app",
                     "--factory", "--port", str(self.port), "--workers", str(workers),
                     "--no-access-log", "--log-level", "warning"], env, work)

    def _ready(self) -> bool:
        """Every worker answers: each loads the model before it accepts connections, and the
        load's keep-alive connections would all land on the workers already up."""
        try:
            self.seen.add(json.loads(readyz(self.port).read())["pid"])
        except OSError:
            return False
        return len(self.seen) >= self.workers_wanted


def stack_floor_app() -> FastAPI:
    """The app of `StackFloor` (a uvicorn factory: `scripts.bench:stack_floor_app`)."""
    settings = Settings(query_cache_size=0)
    encodings = json.loads(Path(os.environ["BENCH_ENCODINGS"]).read_text(encoding="utf-8"))
    model = make_embedder(settings).load()
    answering = ThreadPoolExecutor(settings.chat_concurrency, thread_name_prefix="answer")
    app = FastAPI()

    def turn(message: str) -> None:
        for texts in encodings[message]:
            model._queries.encode(texts)

    @app.post("/api/chat")
    async def chat(body: ChatRequest) -> JSONResponse:
        await asyncio.get_running_loop().run_in_executor(answering, turn, body.message)
        return JSONResponse({"answer": "", "answered": True})

    @app.get("/readyz")
    async def ready() -> dict[str, int]:
        return {"pid": os.getpid()}

    return app


def chat_request(port: int, message: str) -> bytes:
    """The bytes of one keep-alive `POST /api/chat`, built before the clock starts."""
    body = json.dumps({"message": message}).encode()
    return (f"POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            ).encode() + body


class Response:
    """Reads one HTTP/1.1 response with a Content-Length from bytes as they arrive."""

    def __init__(self) -> None:
        self.buffer = b""
        self.status = 0
        self.length: int | None = None
        self.head = 0

    def feed(self, data: bytes) -> bool:
        """Whether the response is complete (the connection stays open for the next)."""
        if not data:
            raise ConnectionError("the server closed the connection")
        self.buffer += data
        if self.length is None:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return False
            head = self.buffer[:end].decode("latin-1").split("\r\n")
            self.status = int(head[0].split()[1])
            fields = dict(line.split(":", 1) for line in head[1:])
            lengths = [v for k, v in fields.items() if k.lower() == "content-length"]
            self.length, self.head = int(lengths[0]), end + 4
        return len(self.buffer) >= self.head + self.length


class Client:
    """One keep-alive connection posting chat messages, as lean as a load tool: the request
    bytes are prebuilt and the response is read with one socket call when it fits, so that the
    client's own work (on the same cores as the server) stays out of the figures."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.socket = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def chat(self, message: str) -> tuple[float, int]:
        return self.send(chat_request(self.port, message))

    def send(self, request: bytes) -> tuple[float, int]:
        response = Response()
        started = time.perf_counter()
        self.socket.sendall(request)
        while not response.feed(self.socket.recv(65536)):
            pass
        return time.perf_counter() - started, response.status


@dataclass
class PathFigures:
    """One way of serving (a store, a rate-limit storage) measured as the serving section
    measures it: each question from 1 client on 1 worker, beside the encoder's replay of its
    model calls; then `clients` clients on `CORES` workers for 10 s."""

    latency: list[float]  # 1 client, seconds a request
    floor: list[float]  # the encoder alone on the same model calls
    statuses: list[int]  # 1 client
    rate: float  # requests a second, `clients` clients
    latencies: list[float]  # `clients` clients, seconds a request
    errors: int  # `clients` clients
    rss: list[float]  # MB per worker, after the load
    readiness: dict[str, str]  # /readyz after the load: how the store and the rate limits fared
    services: float  # CPU seconds PostgreSQL's and Redis's processes used a request under load


def measure_path(index: Path, work: Path, qs: list[str], recorder: Recorder,
                 encodings: dict[str, list[list[str]]], clients: int,
                 env: dict[str, str] | None = None) -> PathFigures:
    """`hiring-advisor serve` on `index` with the settings `env` (over `Server`'s), measured."""
    with Server(index, work, env=env) as server:
        latency, floor, statuses = one_client(server, qs, recorder, encodings)
    with Server(index, work, workers=CORES, env=env) as server:
        before = production.services_cpu()
        rate, latencies, errors = load(server.port, qs, clients, seconds=LOAD_SECONDS)
        # The services' own CPU a request, over the load and its second of warm-up.
        services = (production.services_cpu() - before) / max(1.0, rate * (LOAD_SECONDS + 1))
        rss = [rss_mb(pid)[0] for pid in server.workers()]
        readiness = server.readiness()
    return PathFigures(latency, floor, statuses, rate, latencies, errors, rss, readiness,
                       services)


@dataclass
class Serving:
    """What the production path takes from the serving section: the index and the model calls
    of each question, the load, and the figures it is held to."""

    index: Path
    recorder: Recorder
    encodings: dict[str, list[list[str]]]
    clients: int
    load: str  # "8 clients, 2 workers"
    sqlite: PathFigures
    bare_p50: float  # the bare stack, 1 client
    bare_rate: float  # the bare stack, `clients` clients


def rows(section: str, targets: Sequence[production.Target]) -> None:
    for target in targets:
        row(section, target.figure, target.measured, target.against, target.ratio, target.ok)


def bench_serving(qs: list[str], work: Path) -> Serving:
    print("\n## Serving (the shipped knowledge)", flush=True)
    index = work / "index-real"
    served = embedder(threads=1)
    build_index(KNOWLEDGE, index, served)
    # What a chat turn encodes, per question: recorded in-process on the same index.
    recorder = Recorder(served)
    conversation = open_engine(load_index(index), served, Settings()).conversation
    recorder.take()
    encodings = {}
    for question in qs:
        conversation.reply(question, DialogueState())
        encodings[question] = recorder.take()

    # torch makes full-precision vectors: its server needs an index of those unless the
    # configured backend makes them too.
    torch_index, full_precision = index, OnnxEmbedder(cache_size=0)
    if served.vector_space != full_precision.vector_space:
        torch_index = work / "index-real-full-precision"
        build_index(KNOWLEDGE, torch_index, full_precision.load())
    for backend in ("torch", BACKEND):
        with Server(torch_index if backend == "torch" else index, work,
                    backend=backend) as server:
            client = Client(server.port)
            for question in qs[:20]:
                client.chat(question)
            current, peak = rss_mb(server.workers()[0])
        target = backend == BACKEND
        row("serving", f"start to /readyz 200, {backend}", f"{server.ready_seconds:.2f} s",
            "<= 2 s" if target else "", ok=server.ready_seconds <= 2.0 if target else None)
        row("serving", f"RSS of a worker after 20 questions, {backend}",
            f"{current:.0f} MB", "<= 300 MB" if target else f"peak {peak:.0f} MB",
            ok=current <= 300 if target else None)

    # The SQLite store, rate limits off: 1 client, then `clients` on every core.
    clients = CORES * 4
    sqlite = measure_path(index, work, qs, recorder, encodings, clients)
    latency, floor, statuses = sqlite.latency, sqlite.floor, sqlite.statuses
    p50, f50 = p(latency, 50), p(floor, 50)
    row("serving", "POST /api/chat, 1 client, p50", ms(p50),
        f"encoder {ms(f50)} + 2 ms", p50 / (f50 + 0.002), ok=p50 <= f50 + 0.002)
    row("serving", "POST /api/chat, 1 client, p99", ms(p(latency, 99)),
        f"encoder p99 {ms(p(floor, 99))}")
    row("serving", "errors, 1 client", str(sum(s != 200 for s in statuses)), "0",
        ok=all(s == 200 for s in statuses))
    with StackFloor(encodings, work) as stack:
        bare, bare_floor, _ = one_client(stack, qs, recorder, encodings)
    bare50, bare_f50 = p(bare, 50), p(bare_floor, 50)
    row("serving", "the same model calls behind a bare FastAPI endpoint, 1 client, p50",
        ms(bare50), f"encoder {ms(bare_f50)} + {ms(bare50 - bare_f50)}; POST /api/chat "
        f"{ms(p50 - f50)} besides it", bare50 / bare_f50)

    # Where the time around the encoder goes: the HTTP stack alone, and a chat turn whose
    # vectors are all cached (no model call, so the caches of the CPU stay warm).
    with Server(index, work, query_cache=4096) as server:
        client = Client(server.port)
        health = chat_request(server.port, "").replace(b"POST /api/chat", b"GET /healthz", 1)
        health = health[: health.index(b"Content-Type")] + b"\r\n"
        for question in qs:
            client.chat(question)
        http_floor = [client.send(health)[0] for _ in qs]
        cached = [client.chat(question)[0] for question in qs]
    row("serving", "GET /healthz, 1 client, p50 (the HTTP stack)", ms(p(http_floor, 50)), "")
    row("serving", "POST /api/chat, vectors cached (no model call), p50", ms(p(cached, 50)),
        f"measured with the model: {ms(p50 - f50)} besides the encoder")

    # The single-thread encoder's ceiling: the rate one thread encodes the questions at, one
    # after another, on every core (from the mean time, not the median: a rate is set by the
    # mean, and a question with unknown words needs two texts encoded).
    ceiling, by_median = CORES / float(np.mean(floor)), CORES / f50
    rate, errors, rss = sqlite.rate, sqlite.errors, sqlite.rss
    loaded = f"{clients} clients, {CORES} workers"
    row("serving", f"throughput, {loaded}", f"{rate:.0f} req/s",
        f">= 0.8 x {ceiling:.0f} (encoder ceiling; from its median {by_median:.0f})",
        rate / ceiling, ok=rate >= 0.8 * ceiling)
    load50, load99 = p(sqlite.latencies, 50), p(sqlite.latencies, 99)
    row("serving", f"p50 / p99, {clients} clients", f"{ms(load50)} / {ms(load99)}",
        "p99 <= 5 x p50", load99 / load50, ok=load99 <= 5 * load50)
    row("serving", f"errors, {clients} clients", str(errors), "0", ok=errors == 0)
    row("serving", f"RSS per worker under load ({CORES} workers)",
        " / ".join(f"{r:.0f} MB" for r in rss), "<= 300 MB", ok=max(rss) <= 300)
    with StackFloor(encodings, work, workers=CORES) as stack:
        bare_rate, _, bare_errors = load(stack.port, qs, clients, seconds=LOAD_SECONDS)
    row("serving", f"the same model calls behind a bare FastAPI endpoint, {loaded}",
        f"{bare_rate:.0f} req/s" + (f", {bare_errors} errors" if bare_errors else ""),
        f"encoder ceiling {ceiling:.0f}; POST /api/chat {rate / bare_rate:.2f} of it",
        bare_rate / ceiling)
    rows("serving", production.against_bare_stack(production.SQLITE, p50, rate, bare50,
                                                  bare_rate, loaded))
    return Serving(index, recorder, encodings, clients, loaded, sqlite, bare50, bare_rate)


def bench_production(qs: list[str], work: Path, serving: Serving) -> None:
    """The production path (scripts/bench_production.py) measured as the SQLite path was, held
    to the bare stack and to the SQLite path."""
    print(f"\n## Production path ({production.PRODUCTION})", flush=True)
    try:
        with production.services() as env:
            path = measure_path(serving.index, work, qs, serving.recorder, serving.encodings,
                                serving.clients, env)
    except production.Unavailable as exc:
        row("production", f"the production path ({production.PRODUCTION})",
            production.skipped(exc))
        return
    rows("production", production.against_bare_stack(
        production.PRODUCTION, p(path.latency, 50), path.rate, serving.bare_p50,
        serving.bare_rate, serving.load))
    rows("production", [production.against_sqlite(path.rate, serving.sqlite.rate,
                                                  serving.load),
                        production.services_answered(path.readiness)])
    errors = sum(s != 200 for s in path.statuses) + path.errors
    row("production", f"errors, 1 client and {serving.clients} clients", str(errors), "0",
        ok=errors == 0)
    row("production", f"PostgreSQL's and Redis's own CPU a request, {serving.load}",
        ms(path.services), "on the same cores as the server here; on their own hosts in "
        "production")
    row("production", "POST /api/chat, 1 client, p99", ms(p(path.latency, 99)),
        f"SQLite {ms(p(serving.sqlite.latency, 99))}")
    row("production", f"p50 / p99, {serving.clients} clients",
        f"{ms(p(path.latencies, 50))} / {ms(p(path.latencies, 99))}",
        f"SQLite {ms(p(serving.sqlite.latencies, 50))} / {ms(p(serving.sqlite.latencies, 99))}")


def one_client(server: Server, qs: list[str], recorder: Recorder,
               encodings: dict[str, list[list[str]]]
               ) -> tuple[list[float], list[float], list[int]]:
    """Each question once on one keep-alive connection, beside the replay of its model calls
    (which one goes first alternates, so that neither always finds the caches of the CPU warm
    from the other): (latencies, replays, statuses)."""
    client = Client(server.port)
    for question in qs[:20]:
        client.chat(question)
    latency, floor, statuses = [], [], []
    for i, question in enumerate(qs):
        if i % 2:
            floor.append(recorder.replay(encodings[question]))
        seconds, status = client.chat(question)
        latency.append(seconds)
        statuses.append(status)
        if not i % 2:
            floor.append(recorder.replay(encodings[question]))
    return latency, floor, statuses


def load(port: int, qs: list[str], clients: int, seconds: float
         ) -> tuple[float, list[float], int]:
    """`clients` connections posting questions for `seconds` (after a second of warm-up),
    driven from one thread by readiness events, as wrk does: no thread switches or lock
    hand-offs in the client to take the cores from the server."""
    import selectors

    requests = [chat_request(port, q) for q in qs]
    selector = selectors.DefaultSelector()
    latencies: list[float] = []
    errors = 0
    start = time.perf_counter() + 1.0
    stop = start + seconds

    def post(connection: Client, i: int) -> None:
        connection.socket.setblocking(True)
        connection.socket.sendall(requests[i % len(requests)])
        connection.socket.setblocking(False)
        selector.register(connection.socket, selectors.EVENT_READ,
                          (connection, i, Response(), time.perf_counter()))

    for n in range(clients):
        post(Client(port), n * 7)
    while selector.get_map():
        for key, _ in selector.select(timeout=30):
            connection, i, response, sent = key.data
            try:
                done = response.feed(connection.socket.recv(65536))
            except OSError:
                selector.unregister(connection.socket)
                errors += 1
                post(Client(port), i + 1)
                continue
            if not done:
                continue
            now = time.perf_counter()
            selector.unregister(connection.socket)
            if sent >= start and now <= stop:
                latencies.append(now - sent)
                errors += response.status != 200
            if now < stop:
                post(connection, i + 1)
            else:
                connection.socket.close()
    return len(latencies) / seconds, latencies, errors


def bench_corpus(size: int, qs: list[str], work: Path, *, large: bool) -> None:
    label = f"{size // 1000}k"
    print(f"\n## Synthetic knowledge, {size:,} snippets", flush=True)
    knowledge = work / f"knowledge-{label}"
    synthetic_knowledge(knowledge, size)
    index = work / f"index-{label}"
    builder = embedder()
    started = time.perf_counter()
    report = build_index(knowledge, index, builder, progress=sys.stderr.isatty())
    full = time.perf_counter() - started
    loaded = load_index(index)
    kind = loaded.manifest.search
    row(label, f"full build ({report.total:,} snippets, {kind} index)", f"{full:.1f} s",
        "<= 80 s" if not large else "", ok=full <= 80 if not large else None)
    if not large:
        edit_one_snippet(knowledge)
        started = time.perf_counter()
        rebuilt = build_index(knowledge, index, builder)
        one = time.perf_counter() - started
        row(label, f"rebuild after editing one snippet ({rebuilt.embedded} embedded)",
            f"{one:.2f} s", "<= 1 s", ok=one <= 1.0)
        loaded = load_index(index)
    started = time.perf_counter()
    thread_embedder = embedder(threads=1)
    recorder = Recorder(thread_embedder)
    retriever = open_engine(loaded, thread_embedder, Settings()).retriever
    warm = time.perf_counter() - started
    recorder.take()
    row(label, "load the index and warm up the retriever", f"{warm:.1f} s", "")
    served, loading = served_memory(index)
    row(label, "RSS of a process serving it (index + retriever + model)", f"{served:.0f} MB",
        f"vectors file {(loaded.path / 'vectors.faiss').stat().st_size / 2**20:.0f} MB; "
        f"loads in {loading:.1f} s")
    texts = [s.text for s in random.Random(3).sample(loaded.snippets, 200)]
    queries = qs + [" ".join(t.split()[:12]) for t in texts]
    ours, floor = retrieval_against_floor(retriever, recorder, queries)
    o50, f50 = p(ours, 50), p(floor, 50)
    row(label, "retrieval p50 (cache off)", ms(o50), f"encoder {ms(f50)} + 1 ms",
        o50 / (f50 + 0.001), ok=o50 <= f50 + 0.001 if large else None)
    vectors = thread_embedder.encode(queries)
    search = loaded.vectors
    faiss_times = timed(lambda v: search_vectors(search, v, 10), vectors)
    row(label, f"FAISS alone, top 10 ({kind}) p50", ms(p(faiss_times, 50)), "")
    if kind != "flat":
        import faiss

        exact = faiss.IndexFlatIP(loaded.dimension)
        exact.add(stored_vectors(search))
        exact_times = timed(lambda v: exact.search(v.reshape(1, -1), 10), vectors)
        _, truth = exact.search(vectors, 10)
        found = [search_vectors(search, v, 10) for v in vectors]
        recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth, found, strict=True)])
        row(label, f"{kind} recall@10 against exact search", f"{recall:.3f}", ">= 0.98",
            ok=recall >= 0.98)
        row(label, "exact search alone, top 10, p50", ms(p(exact_times, 50)),
            f"{kind} {ms(p(faiss_times, 50))}", p(exact_times, 50) / p(faiss_times, 50))
    analyses = [retriever._nearest_terms(retriever.lexicon.analyze(q)) for q in queries]
    bm25_times = timed(retriever._bm25_scores, analyses)
    row(label, "BM25 scores (bm25s) p50", ms(p(bm25_times, 50)), "")


def served_memory(index: Path) -> tuple[float, float]:
    """(RSS in MB, seconds to load) of a fresh process that loads the index and warms up a
    retriever on it, as a server worker does."""
    script = (
        "import json, sys, time\n"
        "sys.path.insert(0, sys.argv[2])\n"
        "from api.config import Settings\n"
        "from api.embedding.factory import make_embedder\n"
        "from api.index.lifecycle import load_index\n"
        "from api.dialogue.engine import open_engine\n"
        "from scripts.bench import rss_mb\n"
        "started = time.perf_counter()\n"
        "embedder = make_embedder(Settings(embed_backend=sys.argv[3], embed_threads=1))\n"
        "retriever = open_engine(load_index(sys.argv[1]), embedder, Settings()).retriever\n"
        "retriever.retrieve('how much does a senior engineer earn')\n"
        "print(json.dumps([rss_mb()[0], time.perf_counter() - started]))\n")
    done = subprocess.run([sys.executable, "-c", script, str(index), str(ROOT), BACKEND], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    rss, seconds = json.loads(done.stdout.strip().splitlines()[-1])
    return float(rss), float(seconds)


def timed(call: Callable, items: Sequence) -> list[float]:
    out = []
    for item in items:
        started = time.perf_counter()
        call(item)
        out.append(time.perf_counter() - started)
    return out


# --- main ---------------------------------------------------------------------------------------


START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def write_markdown(path: Path, started: datetime, seconds: float) -> None:
    """The table between the markers of `path`, keeping the prose around them (a new file gets
    a title and the markers)."""
    command = " ".join(["scripts/bench.py", *sys.argv[1:]])
    lines = [
        START,
        f"Measured {started:%Y-%m-%d %H:%M} UTC by `{command}` "
        f"in {seconds / 60:.1f} minutes on {platform.machine()}, {CORES} cores, Python "
        f"{platform.python_version()}, no GPU. Every ratio is taken against a floor measured "
        "in the same run (see scripts/bench.py).",
        "",
        "| section | figure | measured | floor / target | ratio | verdict |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| {r.section} | {r.figure} | {r.measured} | {r.against} | {r.ratio} | "
              f"{r.verdict} |" for r in ROWS]
    table = "\n".join([*lines, END])
    text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{START}{END}\n"
    if START in text and END in text:
        text = text[: text.index(START)] + table + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + table + "\n"
    path.write_text(text, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="also 100,000 snippets")
    parser.add_argument("--only", default="",
                        help="sections: encoder,serving,production,10k,100k")
    parser.add_argument("--write", type=Path,
                        help="put the table in this Markdown file (between its markers)")
    args = parser.parse_args()
    sections = set(filter(None, args.only.split(","))) or {
        "encoder", "serving", "production", "10k"} | ({"100k"} if args.large else set())
    started, clock = datetime.now(UTC), time.perf_counter()
    qs = questions()
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        if "encoder" in sections:
            texts = [s.text for s in load_knowledge(KNOWLEDGE).snippets]
            synthetic_knowledge(work / "sample", 1000)
            texts += [s.text for s in load_knowledge(work / "sample").snippets][-1000:]
            bench_encoder(qs, texts)
        if sections & {"serving", "production"}:
            serving = bench_serving(qs, work)
            if "production" in sections:
                bench_production(qs, work, serving)
        if "10k" in sections:
            bench_corpus(10_000, qs, work, large=False)
        if "100k" in sections:
            bench_corpus(100_000, qs, work, large=True)
    missed = [r for r in ROWS if r.verdict == "MISSED"]
    print(f"\n{len(ROWS)} figures, {len(missed)} targets missed, "
          f"{(time.perf_counter() - clock) / 60:.1f} minutes")
    if args.write:
        write_markdown(args.write, started, time.perf_counter() - clock)
        print(f"written to {args.write}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
