"""The lexicon: tokens, typos, synonyms, roles, places and task requests, read against the
knowledge (the shipped one, and the made-up second one)."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.knowledge.domain import Domain
from api.knowledge.loader import load_knowledge
from api.knowledge.synonyms import merge_synonyms
from api.search.lexicon import Lexicon
from tests.conftest import KB2, KNOWLEDGE
from tests.unit import support


def make_lexicon(directory: Path) -> Lexicon:
    kb = load_knowledge(directory)
    domain = Domain(kb.profile, {r.id: r for r in kb.salaries})
    synonyms = merge_synonyms(kb.synonyms, domain.synonyms())
    return Lexicon((s.search_text for s in kb.snippets), synonyms, domain)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return make_lexicon(KNOWLEDGE)


@pytest.fixture(scope="module")
def lexicon2() -> Lexicon:
    return make_lexicon(KB2)


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [("salry", "salary"), ("senoir", "senior"), ("engneer", "engineer"), ("bostn", "boston"),
     ("certfication", "certification"), ("juinor", "junior")],
)
def test_typos_are_corrected_to_the_knowledge_words(lexicon, typo, fixed):
    assert lexicon.correct(typo) == fixed


@pytest.mark.parametrize("typo", ["coud"])
def test_a_typo_of_a_far_commoner_english_word_is_not_made_a_knowledge_word(lexicon, typo):
    # "coud" is as near "cloud" (a word of the knowledge) as "could", which is far commoner.
    assert lexicon.correct(typo) is None


@pytest.mark.parametrize("word", ["weather", "lawyer", "nurse", "salary", "pay", "xq"])
def test_real_words_and_short_tokens_are_not_corrected(lexicon, word):
    assert lexicon.correct(word) is None


@pytest.mark.parametrize(
    ("query", "rewritten_part", "term"),
    [
        ("comp for a mid-level MLE in NYC", "salary for a mid-level ai engineer in new york",
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


@pytest.mark.parametrize(
    ("query", "level"),
    [("we sell to mid-market advertisers", False), ("a mid-sized firm", False),
     ("a mid-level engineer", True), ("one mid engineer", True)],
)
def test_a_level_word_that_only_begins_a_hyphenated_word_says_no_level(lexicon, query, level):
    assert ("mid-level" in lexicon.analyze(query).terms) is level


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
        ("what is a devops engineer paid", (), ("devops engineer",)),
        ("can we hire a remote ML engineer", ("ml engineer",), ()),
        ("how much for an outstaffed engineer", ("outstaffed engineer",), ()),
        ("principal ai engineer salary", ("ai engineer",), ()),
        ("how much does a software engineer make", ("software engineer",), ()),
        ("I'm a hiring manager, what skills matter?", (), ()),
        # where someone is, or is from, is no profession
        ("how many french engineer we can take with 200k", ("french engineer",), ()),
        ("what would a UK engineer cost per month?", ("uk engineer",), ()),
        ("what % above the general dev median is that", ("general dev",), ()),
        ("an outside firm that lends us engineers", ("engineers",), ()),  # not "us engineers"
        ("how much more is that per engineer", ("engineer",), ()),  # not a "per engineer"
        ("three architects in Germany, total?", ("architects",), ()),  # a count, no kind
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
     ("please fix my sql", "fix"), ("how do I write a job ad?", ""),
     ("can u help me write a parser for CVs", "write"), ("could you help us fix the build", "fix"),
     ("can you help me hire a tester?", "")],
)
def test_requests_to_do_a_job_are_noticed(lexicon, query, task):
    assert lexicon.analyze(query).task == task


@pytest.mark.parametrize(
    ("query", "found"),
    [("staff ml engineer salary", ("staff",)), ("principal ai engineers pay", ("principal",)),
     ("how do i staff up my ml team", ()), ("lead the team", ()), ("and a principal one?",
                                                                  ("principal",))],
)
def test_titles_the_ladder_lacks_count_only_as_job_titles(lexicon, query, found):
    assert lexicon.analyze(query).titles == found


@pytest.mark.parametrize(
    ("query", "roles", "others", "ids"),
    [
        ("what does an SRE earn in Zurich", (), (), ("platform-engineer",)),
        ("L5 product designer pay", ("product designer",), (), ("product-designer",)),
        ("platform engineering salary in Geneva", (), (), ("platform-engineer",)),
        ("what do nurses earn in Osaka", (), ("nurses",), ()),
        ("data analyst pay in Basel", (), ("data analyst",), ()),
    ],
)
def test_roles_come_from_the_profile(lexicon2, query, roles, others, ids):
    analysis = lexicon2.analyze(query)
    assert (analysis.roles, analysis.other_roles, analysis.role_ids) == (roles, others, ids)


def test_level_names_of_another_ladder_are_terms(lexicon2):
    analysis = lexicon2.analyze("what does an L5 earn compared with a staff engineer")
    assert {"L5", "L6"} <= set(analysis.terms)  # staff is an alias of L6 in the second KB


@pytest.mark.parametrize(
    ("query", "country"),
    [("pay in the US", True), ("salaries across us cities", True), ("US median", True),
     ("cheapest us city for testers?", True), ("can you help us", False),
     ("tell us about skills", False), ("send us engineers", False)],
)
def test_us_is_the_country_only_in_context(lexicon, query, country):
    assert ("US" in lexicon.analyze(query).terms) is country


def test_short_stems_do_not_make_typos_known(lexicon):
    assert lexicon.correct("itly") == "italy"
    assert lexicon.known("interviewing")  # knowledge says "interviews"


def test_terms_longer_than_any_variant_still_match(lexicon):
    assert "Bureau of Labor Statistics" in lexicon.analyze(
        "median salary per the bureau of labor statistics").terms




@pytest.fixture(scope="module")
def made_up() -> Lexicon:
    """The lexicon of the unit tests' made-up domain."""
    return support.make_lexicon(support.make_domain())


def test_a_word_or_name_is_looked_up_as_the_term_it_is_written_for(made_up):
    lexicon = made_up
    assert lexicon.term_of("wages") == "salary"  # a variant of synonyms.yml
    assert lexicon.term_of("salary") == "salary"  # the term itself
    assert lexicon.term_of("ZRH") == "Zurich"  # a place's alias
    assert lexicon.term_of("QA engineers") == "tester"  # a role's alias, in the plural
    assert lexicon.term_of("release") is None and lexicon.term_of("  ") is None


def test_the_one_word_variants_of_terms_are_listed(made_up):
    lexicon = made_up
    assert lexicon.variants_of({"salary"}) == {"pay", "paid", "earn", "earns", "make", "makes",
                                               "wage", "wages"}
    assert lexicon.variants_of({"tester"}) >= {"testers"}
    assert "qa engineer" not in lexicon.variants_of({"tester"})  # words, not phrases


@pytest.mark.parametrize("text, place", [
    ("I'm choosing a city for our new AI hub", None),  # an everyday word, not Hub (Pakistan)
    ("lima salary?", "Lima"),  # first in the message: the place
    ("delta btw the two?", None),  # a word for a difference, in lower case: not Delta, BC
    ("what do they make in lima", "Lima"),  # a word that introduces a place
    ("what about paris specifically?", "Paris"),
    ("lima?", "Lima"),  # the message is the place alone
    ("salary Junior ML Engineer München?", "Munich"),  # a capital, accents folded
    ("How much in Delta, BC?", "Delta"),
    ("tester pay toronto?", "Toronto"),  # a name rare in everyday English: the place
    ("ok berlin then", "Berlin"),
    ("is bath time paid?", None),  # an everyday word that is also a city
])
def test_a_one_word_city_in_lower_case_is_an_everyday_word_unless_placed(lexicon, text, place):
    found = [p.name for p in lexicon.analyze(text).places]
    assert found == ([place] if place else []), found


def test_an_amount_before_a_job_title_is_not_a_kind_of_job(lexicon):
    analysis = lexicon.analyze("budget of €150k, engineers in Italy - how many can we hire")
    assert analysis.other_roles == ()


@pytest.mark.parametrize(("typo", "meant"), [
    ("bellevu", "bellevue"),  # looks like a form of the name (its stem): still a typo of it
    ("enginer", "engineer"),
    ("interviewing", None),  # a form of a word the knowledge uses: left as it is
])
def test_a_name_with_a_letter_missing_is_corrected_though_it_looks_like_its_stem(
        lexicon, typo, meant):
    assert lexicon.correct(typo) == meant


@pytest.mark.parametrize("text", ["tell me a joke about recruiters", "tell me a story"])
def test_something_made_up_to_be_told_is_a_task(lexicon, text):
    assert lexicon.analyze(text).task == "tell"


def test_telling_about_what_the_knowledge_holds_is_no_task(lexicon):
    assert lexicon.analyze("tell me about the skills").task == ""


@pytest.mark.parametrize(("query", "dense"), [
    # The one role named by another of its names goes to the model by the role's own name...
    ("which certifications matter for an ML engineer?",
     "which certification matter for an AI engineer"),  # (a term, singular)
    ("what do machine learning engineers do", "what do AI engineers do"),
    # ...not beside another name of it or of another role, nor for a word that is no person.
    ("is an ML engineer the same as an AI engineer?",
     "is an ml engineer the same as an ai engineer"),
    ("how do I build my AI team?", "how do i build my ai team"),
])
def test_the_model_reads_a_role_by_its_own_name(lexicon, query, dense):
    assert lexicon.analyze(query).dense.lower() == dense.lower()
