#!/usr/bin/env python3
"""Score every evaluation set with each embedding backend, side by side in one run.

For torch (sentence-transformers), ONNX Runtime and ONNX Runtime with int8-quantised weights:
how close the vectors are to torch's (cosine over the knowledge and every eval question), and
the scores of the retrieval question sets, the answers and every conversation set (the article,
the harder set, the held-out set, the second knowledge base, new roles, the blind sets). A backend
whose scores drop below torch's on any set is not fit to be the default.

Usage: python scripts/compare_backends.py [--backends torch,onnx,onnx-int8]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from api.cli.evaluation import (
    evaluate,
    evaluate_answers,
    evaluate_conversations,
    load_conversations,
    load_questions,
)
from api.config import Settings
from api.dialogue.engine import open_engine
from api.embedding.base import BaseEmbedder
from api.embedding.factory import make_embedder
from api.index.build import build_index
from api.index.lifecycle import load_index
from api.knowledge.loader import load_knowledge
from tests.support.overlays import apply_overlay

EVAL = ROOT / "tests/eval"
KNOWLEDGE = ROOT / "knowledge"
# (name, knowledge overlay or None, conversation file, overlay filter)
CONVERSATION_SETS = [
    ("article conversations", None, EVAL / "conversations.jsonl", None),
    ("hard set", None, EVAL / "hard/conversations.jsonl", None),
    ("held-out conversations", None, EVAL / "holdout/conversations.jsonl", None),
    ("blind article", None, EVAL / "blind/article.jsonl", None),
    ("second knowledge base", "kb2", EVAL / "kb2/conversations.jsonl", None),
    ("new role: data engineer", "data-engineer", EVAL / "new-role/conversations.jsonl",
     "data-engineer"),
    ("new role: MLOps", "mlops-engineer", EVAL / "new-role/conversations.jsonl",
     "mlops-engineer"),
    ("blind new role", ROOT / "tests/fixtures/blind-role", EVAL / "blind/new-role.jsonl", None),
]


def knowledge_for(variant: str | Path | None, work: Path) -> Path:
    if variant is None:
        return KNOWLEDGE
    if variant == "kb2":
        return ROOT / "tests/fixtures/kb2"
    target = work / f"knowledge-{Path(str(variant)).name}"
    if not target.exists():
        shutil.copytree(KNOWLEDGE, target)
        apply_overlay(target, variant)
    return target


def texts_to_compare() -> list[str]:
    texts = [t for s in load_knowledge(KNOWLEDGE).snippets for t in s.embedding_texts]
    for path in (EVAL / "questions.jsonl", EVAL / "holdout/questions.jsonl"):
        texts += [q.question for q in load_questions(path)]
    for path in sorted(EVAL.rglob("*.jsonl")):
        if "questions" not in path.name:
            texts += [t["message"] for c in load_conversations(path) for t in c["turns"]]
    return texts


def score(embedder: BaseEmbedder, work: Path) -> dict[str, str]:
    settings = Settings()
    rows: dict[str, str] = {}
    conversations = {}
    for name, variant, path, overlay in CONVERSATION_SETS:
        knowledge = knowledge_for(variant, work)
        key = str(knowledge)
        if key not in conversations:
            index = work / f"index-{embedder.backend}-{len(conversations)}"
            build_index(knowledge, index, embedder)
            conversations[key] = open_engine(load_index(index), embedder, settings).conversation
        items = [c for c in load_conversations(path)
                 if overlay is None or c.get("overlay") == overlay]
        outcomes = evaluate_conversations(conversations[key], items)
        ok = sum(o.ok for o in outcomes)
        rows[name] = f"{ok}/{len(outcomes)}"
    article = conversations[str(KNOWLEDGE)]
    for label, path in (("tuning", EVAL / "questions.jsonl"),
                        ("held-out", EVAL / "holdout/questions.jsonl")):
        questions = load_questions(path)
        metrics = evaluate(article.retriever, questions).metrics()
        for metric in ("hit@1", "hit@3", "mrr", "fact_recall", "answered", "oos_rejection"):
            if metric in metrics:
                rows[f"{label} {metric}"] = f"{metrics[metric]:.3f}"
        answers = evaluate_answers(article, questions).summary()
        rows[f"{label} answers with facts"] = f"{answers['facts_in_answer']:.3f}"
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="torch,onnx,onnx-int8")
    args = parser.parse_args()
    backends = [b.strip() for b in args.backends.split(",") if b.strip()]
    texts = texts_to_compare()
    table: dict[str, dict[str, str]] = {}
    reference: np.ndarray | None = None
    with tempfile.TemporaryDirectory() as tmp:
        for backend in backends:
            embedder = make_embedder(Settings(embed_backend=backend)).load()
            vectors = embedder.encode(texts)
            if reference is None:
                reference = vectors
            cosine = (vectors * reference).sum(axis=1)
            rows = {"min cosine to first": f"{cosine.min():.7f}",
                    "mean cosine to first": f"{cosine.mean():.7f}"}
            rows.update(score(embedder, Path(tmp)))
            table[backend] = rows
            print(f"scored {backend}", file=sys.stderr)
    names = list(next(iter(table.values())))
    width = max(len(n) for n in names)
    print(f"{'':<{width}}  " + "  ".join(f"{b:>12}" for b in backends))
    for name in names:
        print(f"{name:<{width}}  " + "  ".join(f"{table[b][name]:>12}" for b in backends))
    print(json.dumps({"texts": len(texts)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
