"""Retriever behaviour that does not depend on the real model (fake embedder)."""

from __future__ import annotations

import numpy as np
import pytest

from api.config import Settings
from api.dialogue.engine import domain_and_lexicon, open_engine
from api.errors import IndexMismatchError, NotLoadedError
from api.index.build import build_index
from api.index.format import SearchIndex
from api.index.lifecycle import load_index
from api.search.retrieval import Retriever
from tests.conftest import KNOWLEDGE, FakeEmbedder


def bare(index: SearchIndex, embedder: FakeEmbedder, **options) -> Retriever:
    """A retriever on `index`, with its domain and lexicon, not warmed up."""
    domain, lexicon = domain_and_lexicon(index)
    return Retriever(index, embedder, domain=domain, lexicon=lexicon, **options)


def warm(index: SearchIndex, embedder: FakeEmbedder) -> Retriever:
    """The retriever of an engine on `index` that answers whatever scores above zero."""
    return open_engine(index, embedder, Settings(min_relevance=0.0)).retriever


@pytest.fixture
def retriever(tmp_path) -> Retriever:
    embedder = FakeEmbedder()
    build_index(KNOWLEDGE, tmp_path / "index", embedder)
    return warm(load_index(tmp_path / "index"), embedder)


def test_constructor_validates_arguments(tmp_path):
    build_index(KNOWLEDGE, tmp_path / "index", FakeEmbedder())
    index = load_index(tmp_path / "index")
    with pytest.raises(ValueError, match="top_k must be > 0, got 0"):
        bare(index, FakeEmbedder(), top_k=0)
    with pytest.raises(ValueError, match="dense_weight"):
        bare(index, FakeEmbedder(), dense_weight=2)


def test_search_before_warm_up_names_the_missing_call(tmp_path):
    build_index(KNOWLEDGE, tmp_path / "index", FakeEmbedder())
    with pytest.raises(NotLoadedError, match="warm_up"):
        bare(load_index(tmp_path / "index"), FakeEmbedder()).search("salary")


def test_warm_up_refuses_an_index_from_another_model(tmp_path):
    build_index(KNOWLEDGE, tmp_path / "index", FakeEmbedder(model_id="a"))
    with pytest.raises(IndexMismatchError, match="build-index"):
        bare(load_index(tmp_path / "index"), FakeEmbedder(model_id="b")).warm_up()


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


# --- the same ranking whichever way the vectors are searched ----------------------------------

QUESTIONS = ["How much does a senior AI engineer earn?", "Which certifications matter?",
             "What does the Intel Edge AI exam use?", "How do I build the team?",
             "what is the salary in Germany", "data scientist vs AI engineer"]


def ranking(retriever: Retriever) -> list[list[tuple[str, float]]]:
    return [[(h.snippet.id, round(h.score, 5)) for h in retriever.retrieve(q, 5).candidates]
            for q in QUESTIONS]


def test_scoring_every_vector_and_searching_faiss_rank_alike(retriever, monkeypatch):
    from api.search import retrieval

    exhaustive = ranking(retriever)
    monkeypatch.setattr(retrieval, "EXHAUSTIVE_ROWS", 0)  # FAISS search + gathered vectors
    assert ranking(retriever) == exhaustive


def test_a_large_index_is_approximate_and_answers_like_the_exact_one(tmp_path, monkeypatch):
    from api.index import vectors

    embedder = FakeEmbedder()
    build_index(KNOWLEDGE, tmp_path / "exact", embedder)
    monkeypatch.setattr(vectors, "APPROXIMATE_FROM", 10)  # the knowledge counts as large
    build_index(KNOWLEDGE, tmp_path / "graph", embedder)
    exact, graph = load_index(tmp_path / "exact"), load_index(tmp_path / "graph")
    assert (exact.manifest.search, graph.manifest.search) == ("flat", "pq-refine")
    assert np.array_equal(vectors.stored_vectors(exact.vectors),
                          vectors.stored_vectors(graph.vectors))
    from api.search import retrieval

    monkeypatch.setattr(retrieval, "EXHAUSTIVE_ROWS", 0)
    on_graph, on_exact = warm(graph, embedder), warm(exact, embedder)
    assert [r[:3] for r in ranking(on_graph)] == [r[:3] for r in ranking(on_exact)]
    # A rebuild reuses the vectors kept in the graph.
    path = tmp_path / "k"
    import shutil

    shutil.copytree(KNOWLEDGE, path)
    build_index(path, tmp_path / "graph2", embedder)
    (path / "skills.md").write_text((path / "skills.md").read_text().replace(
        "namely linear algebra", "linear algebra"))
    report = build_index(path, tmp_path / "graph2", FakeEmbedder())
    assert report.embedded == 1


def test_the_words_are_read_while_the_model_encodes(retriever, monkeypatch):
    """The BM25 side runs in another thread once the model's call for the query has begun,
    and here when the vector is cached (no call): the same ranking either way, and an error
    there reaches the caller."""
    import threading

    inline = ranking(retriever)
    threads: list[str] = []
    lexical = Retriever._lexical

    def recording(self, analysis):  # noqa: ANN001
        threads.append(threading.current_thread().name)
        return lexical(self, analysis)

    monkeypatch.setattr(Retriever, "_lexical", recording)
    assert ranking(retriever) == inline  # every vector cached by the first ranking
    assert threads and set(threads) == {threading.current_thread().name}
    threads.clear()
    retriever.embedder.cache_clear()
    assert ranking(retriever) == inline
    assert threads and all(name.startswith("lexical") for name in threads)

    def broken(self, analysis):  # noqa: ANN001
        raise RuntimeError("bm25 failed")

    monkeypatch.setattr(Retriever, "_lexical", broken)
    for _ in range(2):  # beside the model's call, then here (the vector cached)
        with pytest.raises(RuntimeError, match="bm25 failed"):
            retriever.retrieve("senior salary")
