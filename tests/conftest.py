"""Shared fixtures: every path in tmp_path, a fast deterministic embedder, sample knowledge."""

from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import numpy as np
import pytest

from api.config import get_settings
from api.embedding import BaseEmbedder
from api.text import index_terms

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"


class FakeEmbedder(BaseEmbedder):
    """Bag of hashed word stems in a tiny space: deterministic, offline, and it counts calls."""

    def __init__(self, dimension: int = 64, model_id: str = "fake-model", **kwargs) -> None:
        super().__init__(**kwargs)
        self._dimension = dimension
        self.model_id = model_id
        self.batches = 0
        self.texts = 0
        self.loaded = False

    def load(self) -> FakeEmbedder:
        self.loaded = True
        return self

    @property
    def dimension(self) -> int:
        return self._dimension

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        self.batches += 1
        self.texts += len(texts)
        out = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for term in index_terms(text) or ["<empty>"]:
                bucket = int(hashlib.md5(term.encode()).hexdigest(), 16) % self._dimension
                out[row, bucket] += 1.0
        return out


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Point every configurable path at tmp_path; fresh settings for each test."""
    monkeypatch.setenv("HIRING_ADVISOR_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setenv("HIRING_ADVISOR_KNOWLEDGE_DIR", str(KNOWLEDGE))
    monkeypatch.setenv("HIRING_ADVISOR_DATABASE_URL", f"sqlite:///{tmp_path / 'chat.db'}")
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A writable copy of the real knowledge base."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


def write(path: Path, text: str) -> Path:
    """Write dedented text, creating parents."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


SMALL_DOC = """
---
title: Small
topic: testing
source: unit tests
as_of: 2024-01-22
---

## First snippet

The first snippet talks about Bellevue and junior engineers.

Asked as: where is Bellevue?

## Second snippet {#custom/second}

The second snippet is about certifications from IBM.
"""


@pytest.fixture
def small_knowledge(tmp_path: Path) -> Path:
    """A two-snippet knowledge base with one salary table."""
    root = tmp_path / "small"
    write(root / "doc.md", SMALL_DOC)
    write(
        root / "pay.csv",
        """
        id,role,level,location,region,aliases,amount,currency,period,source,as_of
        a-junior,AI engineer,junior,,,jr,124000,USD,year,Glassdoor,2024-01-22
        a-senior,AI engineer,senior,,,sr,151000,USD,year,Glassdoor,2024-01-22
        """,
    )
    return root
