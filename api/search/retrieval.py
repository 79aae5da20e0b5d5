"""Hybrid retrieval: dense (FAISS) + lexical (BM25), fused, with a relevance decision.

Ranking: each candidate gets `score = DENSE_WEIGHT * cosine + (1 - DENSE_WEIGHT) * lexical`,
where `lexical` is the BM25 score divided by the score a document holding every query term once
would get (so it reads as "share of the query's words this snippet matches", 0..1). Query words
that the knowledge does not know count in that denominator: an unknown word lowers every score.

Relevance: a query is answered only when (1) the best fused score reaches `min_relevance`, and
(2) the words the knowledge does not know carry little of the query's meaning: the cosine between
the query and the query without those words must reach `MIN_KNOWN_MEANING`. Both thresholds were
calibrated on tests/eval/questions.jsonl (docs/relevance.md records how).
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import threading
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace

import bm25s
import faiss
import numpy as np

from api.embedding.base import BaseEmbedder
from api.errors import IndexMismatchError, NotLoadedError
from api.index.format import SearchIndex
from api.index.vectors import candidate_rows, stored_vectors
from api.knowledge.domain import Domain
from api.knowledge.model import Snippet
from api.search.lexicon import Lexicon, QueryAnalysis
from api.search.scoring import idf, rare_names, top_positive
from api.text.words import GENERIC, STOPWORDS, index_terms, same_root, sentences, stem, tokenize

DENSE_WEIGHT = 0.7
MIN_RELEVANCE = 0.30
MIN_KNOWN_MEANING = 0.80
# Words the knowledge lacks that a topic it writes about still carries a question past.
MAX_UNKNOWN_BESIDE_TOPIC = 2
CANDIDATES = 50  # per retriever, before fusion
# Up to this many vectors, every one is scored for each query (a matrix-vector product) instead
# of searched with FAISS and the candidates' vectors gathered.
EXHAUSTIVE_ROWS = 4096
RANKED = 30  # fused hits kept: the answer, the gap decision and name matching need no more
# A hit naming what the query names ("IBM") may overtake better-scored hits by this much.
NAME_MARGIN = 0.08
# A passage titled by the term a query asks, with no word the knowledge lacks, is relevant this
# far below the floor: the term says what is asked when the rest of the words say little.
TITLED_MARGIN = 0.04
# A declared gap is the answer only when no content snippet comes this close to it: content that
# answers the question wins over a declaration that the knowledge lacks it.
GAP_MARGIN = 0.06
GAP_WORD_MARGIN = 0.1
# A snippet about other roles than the one a question names ranks this much lower.
ROLE_PENALTY = 0.15
BM25_K1 = 1.2
BM25_B = 0.75


@dataclass(frozen=True)
class Hit:
    """A snippet found for a query, with its fused score and the two parts of it."""

    snippet: Snippet
    score: float
    dense: float
    lexical: float


@dataclass(frozen=True)
class Retrieval:
    """Everything a search decided: the hits (empty when not relevant) and why."""

    query: QueryAnalysis
    hits: list[Hit]
    relevant: bool
    # Cosine between the query and the query without unknown words (1.0 when none).
    known_meaning: float
    # The best candidates even when rejected, for diagnostics and content-gap reports.
    candidates: list[Hit]
    reason: str = ""
    # The declared gap (knowledge/not-covered.md) the question matched, if that is why.
    gap: Snippet | None = None
    # A declared gap that came close but that content outscored: what is missing, should the
    # content found turn out not to answer ("how many engineers?" finding no number).
    near_gap: Snippet | None = None


def unknown_asked(analysis: QueryAnalysis) -> tuple[str, ...]:
    """The words the knowledge lacks, weighed against the question: none when they are all in
    sentences that do not ask ("so what does an NLP engineer do? trying to write the req":
    "trying" and "req" tell why it is asked), else every one ("any good spots for dinner in
    Boston? celebrating a new hire")."""
    said = [s for s in sentences(analysis.original) if s.strip()]
    asking = [s for s in said if s.rstrip().endswith("?")]
    if not analysis.unknown or not asking or len(asking) == len(said):
        return analysis.unknown
    words = {t for s in asking for t in tokenize(s)}
    return analysis.unknown if any(u in words for u in analysis.unknown) else ()


def _not_searched(analysis: QueryAnalysis) -> str:
    """Why a query is not searched at all, or '': it knows no word, asks for a task, or asks
    about a role the knowledge does not cover."""
    if not [t for t in analysis.content if t not in analysis.unknown]:
        return "no word of the query is known"
    if analysis.task:
        return f"asks for a task ({analysis.task})"
    if analysis.other_roles and not analysis.roles:
        return f"asks about another role ({', '.join(analysis.other_roles)})"
    return ""


class Retriever:
    """Searches one loaded index. Construct, then `warm_up()` once, then `search()`.

    The domain and the lexicon are the index's own (see `api.dialogue.engine.open_engine`,
    which makes them once for everything that answers from the build)."""

    def __init__(
        self,
        index: SearchIndex,
        embedder: BaseEmbedder,
        *,
        domain: Domain,
        lexicon: Lexicon,
        top_k: int = 5,
        min_relevance: float | None = None,
        min_known_meaning: float = MIN_KNOWN_MEANING,
        dense_weight: float = DENSE_WEIGHT,
    ) -> None:
        if top_k <= 0:
            raise ValueError(f"top_k must be > 0, got {top_k}")
        if not 0.0 <= dense_weight <= 1.0:
            raise ValueError(f"dense_weight must be within [0, 1], got {dense_weight}")
        self.index = index
        self.embedder = embedder
        self.domain = domain
        self.lexicon = lexicon
        self.top_k = top_k
        self.min_relevance = MIN_RELEVANCE if min_relevance is None else min_relevance
        self.min_known_meaning = min_known_meaning
        self.dense_weight = dense_weight
        self._ready = False
        self._lock = threading.Lock()

    # --- set-up -------------------------------------------------------------------------------

    def warm_up(self) -> Retriever:
        """Load the model, check it fits the index, build the lexical side; returns self.

        Raises:
            IndexMismatchError: the model is not the one the index was built with.
        """
        with self._lock:
            if self._ready:
                return self
            self.embedder.load()
            self._check_fits()
            # One query at a time gains nothing from OpenMP threads in a search, and their
            # spin-waiting steals the cores the encoder needs for the next query.
            faiss.omp_set_num_threads(1)
            self._prepare_dense()
            self._prepare_lexical()
            self._prepare_roles()
            self.embedder.encode_query("warm-up")  # first real query is not slow
            _alongside().submit(int).result()  # nor its lexical side (a thread started now)
            self._ready = True
        return self

    def _check_fits(self) -> None:
        """Raise IndexMismatchError unless the model makes the vectors the index holds."""
        if self.embedder.vector_space != self.index.vector_space:
            raise IndexMismatchError(
                f"index was built with model '{self.index.vector_space}' but the configured "
                f"model is '{self.embedder.vector_space}'; run `hiring-advisor build-index`"
            )
        if self.embedder.dimension != self.index.dimension:
            raise IndexMismatchError(
                f"index holds {self.index.dimension}-d vectors but the model makes "
                f"{self.embedder.dimension}-d ones; run `hiring-advisor build-index`"
            )

    def _prepare_dense(self) -> None:
        """The stored vectors as one matrix, and where each snippet's rows start."""
        self._matrix = stored_vectors(self.index.vectors)  # a view, not a copy
        self._bounds = np.searchsorted(self.index.rows,
                                       np.arange(len(self.index.snippets) + 1))
        # Vector rows to fetch per snippet wanted: a snippet has one vector or a few (ways
        # of asking for it), and they may rank together. As many as snippets have on
        # average (rounded up): the most any has would fetch four rows a snippet from an
        # index where nearly every snippet has one, for nothing.
        average = len(self._matrix) / max(1, len(self.index.snippets))
        self._rows_per_snippet = int(min(4, math.ceil(average)))

    def _prepare_lexical(self) -> None:
        """BM25 over the snippets' words, their idf, and the words too common to tell."""
        snippets = self.index.snippets
        corpus = [index_terms(s.search_text) for s in snippets]
        self._bm25 = bm25s.BM25(k1=BM25_K1, b=BM25_B, method="lucene")
        self._bm25.index(corpus, show_progress=False)
        self._vocab = self._bm25.vocab_dict
        df = Counter(term for doc in corpus for term in set(doc))
        n = len(corpus)
        self._idf = {t: idf(n, c) for t, c in df.items()}
        self._unknown_idf = idf(n, 0)
        # Words in a tenth of the snippets or more say little about which one is meant.
        self._common_stems = {t for t, c in df.items() if c >= max(3, n // 10)}
        self._names = rare_names(snippets)
        # The words of a snippet, made when first needed: only a few hits per query are.
        self._words_of = functools.lru_cache(maxsize=4096)(
            lambda text: frozenset(tokenize(text)))

    def _prepare_roles(self) -> None:
        """Which snippets are about some role, and about each role with content of its own."""
        snippets = self.index.snippets
        # Roles with content of their own (a snippet about them alone, not a figure): when
        # a question names one, content about other roles ranks lower.
        self._playbook_roles = {s.roles[0] for s in snippets
                                if len(s.roles) == 1 and not s.salary_ids}
        self._has_roles = np.array([bool(s.roles) for s in snippets], dtype=bool)
        self._about = {role: np.array([role in s.roles for s in snippets], dtype=bool)
                       for role in self._playbook_roles}

    def _require_ready(self) -> None:
        if not self._ready:
            raise NotLoadedError("Retriever is not warmed up; call warm_up() first")

    # --- search -------------------------------------------------------------------------------

    def search(self, query: str, top_k: int | None = None) -> list[Hit]:
        """The best snippets for `query`, best first; empty when nothing relevant is known."""
        return self.retrieve(query, top_k).hits

    def retrieve(self, query: str, top_k: int | None = None, *,
                 roles: tuple[str, ...] = ()) -> Retrieval:
        """Search with the full decision record (see `Retrieval`). `roles`: the roles the
        conversation is about, favoured when the query names none."""
        self._require_ready()
        k = self.top_k if top_k is None else top_k
        if k <= 0:
            raise ValueError(f"top_k must be > 0, got {k}")
        analysis = self._nearest_terms(self.lexicon.analyze(query))
        unsearched = _not_searched(analysis)
        if unsearched:
            return Retrieval(analysis, [], False, 0.0, [], unsearched)
        vector, known_meaning, found = self._scored(analysis)
        ranked = self._prefer_named(analysis, self._rank(analysis, vector, found, roles))
        candidates = ranked[: max(k, 1)]
        best = candidates[0].score if candidates else 0.0
        gap = next((h for h in candidates if h.snippet.gap), None)
        worded = gap is not None and self._worded_gap(analysis, gap, ranked, best)
        if gap is not None and (worded or gap.score >= max(self.min_relevance, best - GAP_MARGIN)):
            content = next((h for h in ranked if not h.snippet.gap), None)
            # (by score: a hit naming the question's names may have been moved ahead of it)
            top = max(candidates, key=lambda h: h.score)
            if content is None or (gap is top and content.score < gap.score - GAP_MARGIN) \
                    or worded:
                return Retrieval(analysis, [], False, known_meaning, candidates,
                                 f"not covered: {gap.snippet.title}", gap=gap.snippet)
            # Content answers about as well as the declared gap: the declaration is outdated.
            candidates = [h for h in ranked if not h.snippet.gap][: max(k, 1)]
            best = candidates[0].score
        # The best declared gap, wherever it ranks ("what will they earn in 2028?" asks one
        # that content about the figures outscores).
        near_gap = next((h.snippet for h in ranked if h.snippet.gap), None)
        if best < self.min_relevance and not (  # ("what should the screening look at?")
                best >= self.min_relevance - TITLED_MARGIN and not analysis.unknown
                and self._titled(analysis, candidates[0].snippet)):
            reason = f"best score {best:.2f} is below {self.min_relevance:.2f}"
        elif known_meaning < self.min_known_meaning and not self._topic_holds(analysis,
                                                                               candidates[0]):
            unknown = ", ".join(unknown_asked(analysis))
            reason = f"unknown words carry the question ({unknown}): {known_meaning:.2f}"
        else:
            return Retrieval(analysis, candidates, True, known_meaning, candidates,
                             near_gap=near_gap)
        return Retrieval(analysis, [], False, known_meaning, candidates, reason,
                         near_gap=near_gap)

    def _scored(self, analysis: QueryAnalysis) -> tuple[np.ndarray, float, Lexical]:
        """The query's vector, how much of it the known words carry, and its lexical side."""
        # The lexical side does not need the query's vector: it is worked out in another thread
        # while the model makes it, from the moment the model's call has begun (started
        # earlier, it would hold the GIL while the call's input is prepared). With the vector
        # cached there is no call, and it is worked out here.
        lexical: list[Future[Lexical]] = []

        def beside() -> None:
            with contextlib.suppress(RuntimeError):  # no new threads at interpreter exit
                lexical.append(_alongside().submit(self._lexical, analysis))

        asked = unknown_asked(analysis)
        if asked:
            # How much of the question the unknown words carry: the query against itself
            # without them (from the same model call).
            vector, without = self.embedder.encode_query_without(analysis.dense, asked, beside)
            known_meaning = float(np.dot(vector, without))
        else:
            vector, known_meaning = self.embedder.encode_query(analysis.dense, beside), 1.0
        found = lexical[0].result() if lexical else self._lexical(analysis)
        return vector, known_meaning, found

    def _lexical(self, analysis: QueryAnalysis) -> Lexical:
        """The lexical side of a search: BM25 scores and their best (see `Lexical`)."""
        bm25 = self._bm25_scores(analysis)
        if bm25 is None:
            return Lexical(None, 0.0, np.zeros(0, dtype=np.int64))
        n = min(CANDIDATES, len(self.index.snippets))
        return Lexical(bm25[0], bm25[1], top_positive(bm25[0], n))

    def _rank(self, analysis: QueryAnalysis, vector: np.ndarray, lexical: Lexical,
              context_roles: tuple[str, ...] = ()) -> list[Hit]:
        snippets = self.index.snippets
        n = min(CANDIDATES, len(snippets))
        # A snippet's dense score is its best vector's (the text or one way of asking for it).
        every: np.ndarray | None = None
        if len(self._matrix) <= EXHAUSTIVE_ROWS:  # all scores at once beat a search + gather
            every = np.maximum.reduceat(self._matrix @ vector, self._bounds[:-1])
            pool = np.argpartition(-every, n - 1)[:n] if len(every) > n else np.arange(n)
        else:
            rows_n = min(self.index.vectors.ntotal, n * self._rows_per_snippet)
            # Scored exactly below, with the lexical side's candidates, in one product.
            pool = self.index.rows[candidate_rows(self.index.vectors, vector, rows_n)]
        # The lexical side: the n best BM25 scores.
        if lexical.scores is not None:
            pool = np.concatenate([pool, lexical.best])
        # Each candidate once, in a fixed order (ties keep it).
        ids = np.unique(pool)
        dense = (every[ids] if every is not None else self._dense_of(ids, vector)).astype(
            np.float32)
        lex = (np.clip(lexical.scores[ids] / lexical.ceiling, 0.0, 1.0)
               if lexical.scores is not None else np.zeros(len(ids))).astype(np.float32)
        fused = self.dense_weight * dense + (1.0 - self.dense_weight) * lex
        asked = set(analysis.role_ids or context_roles) & self._playbook_roles
        if asked:
            about = np.logical_or.reduce([self._about[r][ids] for r in asked])
            fused = fused - ROLE_PENALTY * (self._has_roles[ids] & ~about)
        order = np.argsort(-fused, kind="stable")[:RANKED]
        return [
            Hit(snippets[ids[j]], float(fused[j]), float(dense[j]), float(lex[j])) for j in order
        ]

    def _nearest_terms(self, analysis: QueryAnalysis) -> QueryAnalysis:
        """Add what the knowledge has nearest to a level or place it lacks ("staff" -> senior,
        "Munich" -> Germany, "Texas" -> the US locations), so search finds those figures."""
        role = analysis.role_ids[0] if analysis.role_ids else self.domain.primary_role.id
        extra = [self.domain.naming.level_name(role, level) for level in
                 filter(None, (self.domain.level_for_title(role, t) for t in analysis.titles))]
        for place in analysis.places:
            locations, _ = self.domain.near(place, role)
            records = [r for r in self.domain.rows(role) if r.location in locations]
            regions = {r.region for r in records}
            if len(locations) > 1 and len(regions) == 1:
                extra.append(f"{records[0].region} locations")
            else:
                extra += locations
        if not extra:
            return analysis
        added = " ".join(extra).lower()
        return replace(analysis, rewritten=f"{analysis.rewritten} {added}",
                       dense=f"{analysis.dense} {added}")

    def _worded_gap(self, analysis: QueryAnalysis, gap: Hit, ranked: list[Hit],
                    best: float) -> bool:
        """Whether a declared gap wins from further behind than `GAP_MARGIN`: the question
        uses a word only the gap holds ("equity", "remote")."""
        floor = max(self.min_relevance - GAP_WORD_MARGIN / 2, best - GAP_WORD_MARGIN)
        return gap.score >= floor and self._gap_word(analysis, gap, ranked)

    def _gap_word(self, analysis: QueryAnalysis, gap: Hit, ranked: list[Hit]) -> bool:
        """Whether the question asks about something only a declared gap speaks of: a word of
        the question that the gap holds and no content snippet near the top does ("equity")."""
        asked = set(analysis.role_ids)
        close = [h for h in ranked[: self.top_k] if not h.snippet.gap
                 and (not asked or not h.snippet.roles or asked & set(h.snippet.roles))]
        said = {stem(t) for t in analysis.content if t not in analysis.unknown
                and t not in GENERIC}
        # The gap's own words, not those of the ways it is asked ("how do we keep people from
        # quitting?"): everyday words there are not what the gap is about.
        declared = gap.snippet
        gap_words = {stem(t) for t in self._words_of(
            "\n".join([declared.title, declared.text, *declared.keywords]))}
        content_words = {stem(t) for h in close for t in self._words(h.snippet)}
        return bool((said & gap_words) - content_words - self._common_stems)

    def names_in(self, analysis: QueryAnalysis) -> set[str]:
        """The rare proper names ("IBM", "Bellevue") a query uses; beside others, not a word
        it reads as a term of the knowledge ("the certificate from Microsoft": Microsoft)."""
        self._require_ready()
        kept = set(analysis.rewritten.split())
        said = {t for t in (*analysis.tokens, *kept) if t in self._names}
        return {t for t in said if t in kept} or said

    def _prefer_named(self, analysis: QueryAnalysis, hits: list[Hit]) -> list[Hit]:
        """Move hits that contain every rare name the query uses ("IBM", "Bellevue") first.

        Names pin down which of several similar snippets is meant: "frameworks of the IBM
        certificate" must not be answered from the Intel one.
        """
        names = self.names_in(analysis)
        if not names or not hits:
            return hits
        floor = hits[0].score - NAME_MARGIN
        # (not past a best hit titled by a term the query asks when its own title lacks one:
        # "which certifications to look for on a CV?" asks certifications, not the CV passage)
        first_titled = self._titled(analysis, hits[0].snippet)
        named = [
            h for h in hits
            if h.score >= floor and names <= self._words(h.snippet)
            and (not first_titled or self._titled(analysis, h.snippet))
        ]
        return named + [h for h in hits if h not in named] if named else hits

    def _titled(self, analysis: QueryAnalysis, snippet: Snippet) -> bool:
        """Whether a term of the knowledge the query asks ("certification") titles a snippet
        (in a word of the same root: "Certified")."""
        title = {stem(w) for w in self._words_of(snippet.title)}
        return any(all(any(same_root(stem(w), t) for t in title) for w in tokenize(term))
                   for term in analysis.terms if not self.domain.lookup(term))

    def _topic_holds(self, analysis: QueryAnalysis, best: Hit) -> bool:
        """Whether a topic the knowledge writes about, named in the question and in the best
        passage, carries it past a word or two the knowledge lacks ("which certs should I
        keyword-search for on LinkedIn?"); a place or a role named beside words of another
        matter does not ("any good spots for dinner in Boston?")."""
        if len(analysis.unknown) > MAX_UNKNOWN_BESIDE_TOPIC or best.snippet.salary_ids \
                or best.snippet.gap:
            return False
        topics = [t for t in analysis.terms if not self.domain.lookup(t)]
        words = self._words(best.snippet)
        # (or a word of the best passage's title: "do they need to be maths wizards?")
        titled = self._words_of(best.snippet.title) - GENERIC - STOPWORDS
        return any(set(self._words_of(t)) <= words for t in topics) or any(
            w in titled for w in analysis.content if w not in analysis.unknown)

    def _words(self, snippet: Snippet) -> frozenset[str]:
        return self._words_of(snippet.search_text)  # type: ignore[no-any-return]

    def _dense_of(self, snippets: np.ndarray, vector: np.ndarray) -> np.ndarray:
        """The exact dense score of each snippet: its best vector's (one matrix product)."""
        starts = self._bounds[snippets]
        lengths = self._bounds[snippets + 1] - starts
        if np.all(lengths == 1):
            return self._matrix[starts] @ vector
        firsts = np.cumsum(lengths) - lengths  # where each snippet's rows start in `rows`
        rows = np.repeat(starts - firsts, lengths) + np.arange(int(lengths.sum()))
        return np.maximum.reduceat(self._matrix[rows] @ vector, firsts)

    def _bm25_scores(self, analysis: QueryAnalysis) -> tuple[np.ndarray, float] | None:
        """Raw BM25 per document, and the score of a document holding every query term once:
        a document's share of it (clipped to 0..1) is its lexical score. None when the
        knowledge knows no word of the query.

        Synonym variants are searched through the terms they stand for; words nobody knows
        count in the ceiling only, so they lower every document's share.
        """
        present = [t for t in analysis.search_terms if t in self._vocab]
        unknown = {stem(u) for u in analysis.unknown} - set(present)
        if not present:
            return None
        ceiling = sum(self._idf[t] for t in present) + self._unknown_idf * len(unknown)
        return self._bm25.get_scores(present), ceiling


@dataclass(frozen=True)
class Lexical:
    """The lexical side of one search: raw BM25 per document (None when the knowledge knows
    no word of the query), the score of a document holding every query term once, and the
    documents of the best positive scores."""

    scores: np.ndarray | None
    ceiling: float
    best: np.ndarray


_ALONGSIDE: ThreadPoolExecutor | None = None
_ALONGSIDE_LOCK = threading.Lock()


def _alongside() -> ThreadPoolExecutor:
    """The threads that work out a search's lexical side while the model encodes its query:
    one per core, shared by every retriever of the process (an index swap keeps them)."""
    global _ALONGSIDE
    with _ALONGSIDE_LOCK:
        if _ALONGSIDE is None:
            _ALONGSIDE = ThreadPoolExecutor(os.cpu_count() or 1, thread_name_prefix="lexical")
        return _ALONGSIDE
