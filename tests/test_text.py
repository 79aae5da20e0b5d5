"""Reading queries: tokens, typos, synonyms, roles, places and task requests."""

from __future__ import annotations

import pytest

from api.knowledge import load_knowledge, merge_synonyms, salary_synonyms
from api.text import Lexicon, index_terms, normalize, tokenize
from tests.conftest import KNOWLEDGE


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    kb = load_knowledge(KNOWLEDGE)
    synonyms = merge_synonyms(kb.synonyms, salary_synonyms(kb.salaries))
    return Lexicon((s.search_text for s in kb.snippets), synonyms)


def test_normalize_and_tokenize():
    assert normalize("Senior’s PAY: $151,000") == "senior's pay: $151000"
    assert tokenize("The engineer's non-technical skills") == [
        "the", "engineer", "nontechnical", "skills"
    ]
    assert index_terms("The salaries of engineers") == ["salari", "engin"]


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [("salry", "salary"), ("senoir", "senior"), ("engneer", "engineer"), ("bostn", "boston"),
     ("certfication", "certification"), ("juinor", "junior")],
)
def test_typos_are_corrected_to_the_knowledge_words(lexicon, typo, fixed):
    assert lexicon.correct(typo) == fixed


@pytest.mark.parametrize("word", ["weather", "lawyer", "nurse", "salary", "pay", "xq"])
def test_real_words_and_short_tokens_are_not_corrected(lexicon, word):
    assert lexicon.correct(word) is None


@pytest.mark.parametrize(
    ("query", "rewritten_part", "term"),
    [
        ("comp for a mid-level MLE in NYC", "salary for a middle ai engineer in new york",
         "New York"),
        ("sr ml eng tc sf", "senior ai engineer salary san francisco bay area", "senior"),
        ("yoe for an ai dev", "years of experience for an ai engineer", "AI engineer"),
        ("intel edge ai cert", "intel edge ai certification", "certification"),
        ("pay in the U.K.", "salary in the uk", "UK"),
    ],
)
def test_synonyms_and_aliases_rewrite_into_the_knowledge_words(lexicon, query, rewritten_part,
                                                               term):
    analysis = lexicon.analyze(query)
    assert rewritten_part in analysis.rewritten
    assert term in analysis.terms


def test_us_means_the_country_only_when_written_so(lexicon):
    assert "US" in lexicon.analyze("median pay in the US").terms
    assert "US" not in lexicon.analyze("can you help us hire").terms


@pytest.mark.parametrize(
    ("query", "roles", "others"),
    [
        ("senior nurse salary in boston", (), ("nurse",)),
        ("what do plumbers earn", (), ("plumbers",)),
        ("civil engineer salary uk", (), ("civil engineer",)),
        ("data analyst pay", (), ("data analyst",)),
        ("principal ai engineer salary", ("ai engineer",), ()),
        ("how much does a software engineer make", ("software engineer",), ()),
        ("I'm a hiring manager, what skills matter?", (), ()),
    ],
)
def test_roles_the_knowledge_does_not_cover_are_noticed(lexicon, query, roles, others):
    analysis = lexicon.analyze(query)
    assert analysis.roles == roles and analysis.other_roles == others


def test_places_are_recognised_and_not_unknown(lexicon):
    analysis = lexicon.analyze("ai engineer salary in paris or texas")
    assert [(p.name, p.country) for p in analysis.places] == [("Paris", "FR"), ("Texas", "US")]
    assert analysis.unknown == ()


@pytest.mark.parametrize(
    ("query", "task"),
    [("can you write a tensorflow training loop", "write"), ("book me a flight", "book"),
     ("please fix my sql", "fix"), ("how do I write a job ad?", "")],
)
def test_requests_to_do_a_job_are_noticed(lexicon, query, task):
    assert lexicon.analyze(query).task == task


@pytest.mark.parametrize(
    ("tokens", "found"),
    [("staff ml engineer salary", ["staff"]), ("principal ai engineers pay", ["principal"]),
     ("how do i staff up my ml team", []), ("lead the team", [])],
)
def test_seniority_words_count_only_in_job_titles(tokens, found):
    from api.text import seniority_titles

    assert seniority_titles(tokens.split()) == found


@pytest.mark.parametrize(
    ("query", "country"),
    [("pay in the US", True), ("salaries across us cities", True), ("US median", True),
     ("can you help us", False), ("tell us about skills", False)],
)
def test_us_is_the_country_only_in_context(lexicon, query, country):
    assert ("US" in lexicon.analyze(query).terms) is country


def test_short_stems_do_not_make_typos_known(lexicon):
    assert lexicon.correct("itly") == "italy"
    assert lexicon.known("interviewing")  # knowledge says "interviews"


def test_nearest_place_prefers_country_then_state_then_continent():
    from api.places import gazetteer, nearest

    g = gazetteer()
    known = {k: g.lookup(name) for k, name in
             {"uk": "UK", "fr": "France", "bos": "Boston, MA", "bel": "Bellevue, WA"}.items()}
    assert nearest(g.lookup("London"), known) == (["uk"], "country")
    assert nearest(g.lookup("Seattle"), known) == (["bel"], "state")
    assert nearest(g.lookup("Texas"), known) == (["bos", "bel"], "in country")
    assert nearest(g.lookup("Toronto"), known) == (["bos", "bel"], "continent")
    assert nearest(g.lookup("India"), known) == ([], "")


def test_terms_longer_than_any_variant_still_match(lexicon):
    assert "Bureau of Labor Statistics" in lexicon.analyze(
        "median salary per the bureau of labor statistics").terms
