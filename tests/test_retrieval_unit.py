"""Retriever behaviour that does not depend on the real model (fake embedder)."""

from __future__ import annotations

import pytest

from api.errors import IndexMismatchError, NotLoadedError
from api.indexing import build_index, load_index
from api.retrieval import Retriever
from tests.conftest import KNOWLEDGE, FakeEmbedder


@pytest.fixture
def retriever(tmp_path) -> Retriever:
    embedder = FakeEmbedder()
    build_index(KNOWLEDGE, tmp_path / "index", embedder)
    return Retriever(load_index(tmp_path / "index"), embedder, min_relevance=0.0).warm_up()


def test_constructor_validates_arguments(tmp_path):
    build_index(KNOWLEDGE, tmp_path / "index", FakeEmbedder())
    index = load_index(tmp_path / "index")
    with pytest.raises(ValueError, match="top_k must be > 0, got 0"):
        Retriever(index, FakeEmbedder(), top_k=0)
    with pytest.raises(ValueError, match="dense_weight"):
        Retriever(index, FakeEmbedder(), dense_weight=2)


def test_search_before_warm_up_names_the_missing_call(tmp_path):
    build_index(KNOWLEDGE, tmp_path / "index", FakeEmbedder())
    with pytest.raises(NotLoadedError, match="warm_up"):
        Retriever(load_index(tmp_path / "index"), FakeEmbedder()).search("salary")


def test_warm_up_refuses_an_index_from_another_model(tmp_path):
    build_index(KNOWLEDGE, tmp_path / "index", FakeEmbedder(model_id="a"))
    with pytest.raises(IndexMismatchError, match="build-index"):
        Retriever(load_index(tmp_path / "index"), FakeEmbedder(model_id="b")).warm_up()


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Bellevue", "salaries/ai-engineer-bellevue"), ("IBM", "certs/ibm-ml-professional"),
     ("NYC", "salaries/ai-engineer-new-york"), ("bostn salry", "salaries/ai-engineer-boston")],
)
def test_exact_names_are_found_lexically(retriever, query, expected):
    assert expected in [h.snippet.id for h in retriever.search(query, top_k=3)]


def test_hits_are_ranked_and_limited(retriever):
    hits = retriever.search("senior salary", top_k=4)
    assert len(hits) == 4
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0.0 <= h.lexical <= 1.0 for h in hits)


def test_repeated_queries_hit_the_cache(retriever):
    retriever.search("what does an AI engineer do?")
    calls = retriever.embedder.batches
    retriever.search("what does an AI engineer do?")
    assert retriever.embedder.batches == calls
    assert retriever.embedder.cache_hits >= 1


@pytest.mark.parametrize(
    "query",
    ["asdf qwer zxcv", "how much does a nurse make", "write me a python function",
     "civil engineer salary in boston"],
)
def test_clear_out_of_scope_queries_return_nothing(retriever, query):
    result = retriever.retrieve(query)
    assert result.hits == [] and not result.relevant and result.reason
