#!/usr/bin/env python3
"""Benchmark index builds and query latency, measured side by side in one run.

Prints, for the real knowledge base and for a synthetic corpus of 10,000 snippets:
- full build time and the rebuild time after editing one snippet (model load excluded);
- per-query latency p50/p99 of `Retriever.retrieve` (cache off) against the floor, a bare
  `model.encode(query)` + FAISS search in the same process, interleaved query by query so that
  machine noise hits both alike; and the latency of a cache hit.

Usage: python scripts/bench_retrieval.py [--synthetic N] [--queries N]
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from api.embedding import SentenceTransformerEmbedder
from api.evaluation import load_questions
from api.indexing import build_index, load_index
from api.retrieval import Retriever

ROOT = Path(__file__).resolve().parent.parent


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) * 1000.0


def synthetic_knowledge(target: Path, count: int, seed: int = 7) -> None:
    """Write `count` snippets of plausible words, 100 per file, from the real knowledge words."""
    from api.knowledge import load_knowledge

    words = sorted({w for s in load_knowledge(ROOT / "knowledge").snippets
                    for w in s.text.replace(",", " ").replace(".", " ").split() if w.isalpha()})
    rng = random.Random(seed)
    per_file = 100
    for f in range((count + per_file - 1) // per_file):
        lines = ["---", f"title: Synthetic {f}", "topic: synthetic", "source: bench",
                 "as_of: 2024-01-22", "---", ""]
        for i in range(min(per_file, count - f * per_file)):
            heading = " ".join(rng.choice(words) for _ in range(5))
            body = " ".join(rng.choice(words) for _ in range(rng.randint(25, 60)))
            lines += [f"## {heading} {{#syn/{f}-{i}}}", "", body.capitalize() + ".", ""]
        (target / f"synthetic-{f:03d}.md").write_text("\n".join(lines), encoding="utf-8")


def edit_one_snippet(knowledge: Path) -> None:
    """Append a sentence to the first snippet of the first knowledge file."""
    from api.knowledge import knowledge_files

    path = next(p for p in knowledge_files(knowledge) if p.suffix == ".md")
    text = path.read_text(encoding="utf-8")
    marker = text.index("\n## ")
    end = text.index("\n\n", text.index("\n\n", marker + 1) + 2)
    path.write_text(text[:end] + " Edited for the benchmark." + text[end:], encoding="utf-8")


def bench_corpus(name: str, knowledge: Path, embedder: SentenceTransformerEmbedder,
                 queries: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "index"
        work = Path(tmp) / "knowledge"
        shutil.copytree(knowledge, work)
        t0 = time.perf_counter()
        full = build_index(work, out, embedder, force=True)
        full_s = time.perf_counter() - t0
        edit_one_snippet(work)
        t0 = time.perf_counter()
        re = build_index(work, out, embedder)
        re_s = time.perf_counter() - t0
        print(f"\n== {name}: {full.total} snippets, "
              f"{load_index(out).vectors.ntotal} vectors")
        print(f"full build      {full_s:8.2f} s  ({full.summary()})")
        print(f"one-edit build  {re_s:8.2f} s  ({re.summary()})  "
              f"ratio {re_s / full_s:.3f} (target <= 0.10)")

        index = load_index(out, model_id=embedder.model_id)
        retriever = Retriever(index, embedder).warm_up()
        model = embedder.model
        ours: list[float] = []
        floor: list[float] = []
        for i, query in enumerate(queries):
            # Alternate which goes first so neither always runs on a warmer cache line.
            for which in ((0, 1) if i % 2 == 0 else (1, 0)):
                embedder.cache_clear()  # measure the uncached path
                t0 = time.perf_counter()
                if which == 0:
                    retriever.retrieve(query)
                    ours.append(time.perf_counter() - t0)
                else:
                    vec = model.encode(query, normalize_embeddings=True)
                    index.vectors.search(np.asarray(vec, dtype=np.float32).reshape(1, -1), 10)
                    floor.append(time.perf_counter() - t0)
        hits: list[float] = []
        for query in queries:
            retriever.retrieve(query)  # fill the cache
            t0 = time.perf_counter()
            retriever.retrieve(query)
            hits.append(time.perf_counter() - t0)
        p50o, p99o = percentile(ours, 50), percentile(ours, 99)
        p50f, p99f = percentile(floor, 50), percentile(floor, 99)
        print(f"query floor     p50 {p50f:7.2f} ms  p99 {p99f:7.2f} ms  (encode + FAISS)")
        print(f"query retrieve  p50 {p50o:7.2f} ms  p99 {p99o:7.2f} ms  "
              f"ratio p50 {p50o / p50f:.2f}x, p99 {p99o / p99f:.2f}x (target <= 1.3x)")
        print(f"query cache hit p50 {percentile(hits, 50):7.2f} ms  "
              f"p99 {percentile(hits, 99):7.2f} ms  "
              f"({statistics.median(ours) / statistics.median(hits):.0f}x faster than uncached)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=10_000, help="synthetic corpus size")
    parser.add_argument("--queries", type=int, default=150, help="queries per corpus")
    args = parser.parse_args()

    embedder = SentenceTransformerEmbedder()
    t0 = time.perf_counter()
    embedder.load()
    print(f"model load {time.perf_counter() - t0:.2f} s (excluded from build times)")
    questions = [q.question for q in load_questions(ROOT / "tests/eval/questions.jsonl")]
    queries = (questions * (args.queries // len(questions) + 1))[: args.queries]

    bench_corpus("knowledge/", ROOT / "knowledge", embedder, queries)
    if args.synthetic:
        with tempfile.TemporaryDirectory() as tmp:
            synthetic = Path(tmp)
            synthetic_knowledge(synthetic, args.synthetic)
            bench_corpus(f"synthetic {args.synthetic}", synthetic, embedder, queries)


if __name__ == "__main__":
    main()
