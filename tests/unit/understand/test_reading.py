"""Reading messages (`api.understand.reading.Reader`) against the made-up domain: slots (role,
level, place, amounts) and intent (small talk, comparison, source question, decline)."""

from __future__ import annotations

import pytest

from api.search.lexicon import Lexicon
from api.understand.numbers import Amount
from api.understand.reading import (
    PAY_RE,
    PAY_WORDS,
    Reader,
    Reading,
    pay_terms,
    pay_words,
)
from tests.unit.support import SYNONYMS, make_lexicon


@pytest.fixture(scope="module")
def read(reader: Reader, lexicon: Lexicon):
    def read(text: str) -> Reading:
        return reader.read(text, lexicon.analyze(text))

    return read


# --- slots ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "roles"),
    [
        ("How much does a tester earn?", ("tester",)),
        ("QA engineer salary", ("tester",)),  # an alias
        ("quality engineers pay", ("tester",)),  # an alias, in the plural
        ("what does a release captain make?", ("release-manager",)),
        ("testers vs release managers", ("tester", "release-manager")),  # in the order named
        ("the median for quality analysts", ("quality-analyst",)),
    ],
)
def test_a_role_is_read_by_its_name_or_alias(read, text, roles):
    assert read(text).roles == roles


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("What does a G2 tester make?", ("g2",)),
        ("beginner testers salary", ("g1",)),
        ("expert tester pay", ("g3",)),
        ("pay of a master tester", ("g4",)),
        ("difference between G1 and G2 testers", ("g1", "g2")),
        ("How much does a tester earn?", ()),
    ],
)
def test_a_level_is_read_by_its_name_or_alias(read, text, levels):
    assert read(text).levels == levels


@pytest.mark.parametrize(("text", "titles"),
                         [("principal tester salary", ("principal",)),
                          ("intern tester pay", ("intern",))])
def test_a_title_the_ladder_lacks_is_kept_as_a_title(read, text, titles):
    reading = read(text)
    assert reading.titles == titles and reading.levels == ()


@pytest.mark.parametrize(
    ("text", "locations"),
    [
        ("tester salary in Zurich", ("Zurich",)),
        ("tester pay in ZRH", ("Zurich",)),  # the location's alias
        ("tester salary Zurich Tokyo", ("Zurich", "Tokyo")),
        ("and in Geneva?", ("Geneva",)),
    ],
)
def test_a_location_of_the_tables_is_read(read, text, locations):
    reading = read(text)
    assert reading.locations == locations and reading.places == ()


def test_a_region_is_read_by_its_synonym(read):
    reading = read("which Swiss city pays testers the most?")
    assert reading.regions == ("Switzerland",) and reading.op == "highest"


def test_a_place_the_tables_lack_is_read_as_a_place(read):
    reading = read("tester pay in Bern")
    assert reading.locations == ()
    assert [(p.name, p.kind, p.country) for p in reading.places] == [("Bern", "city", "CH")]


def test_levels_said_of_two_roles_are_bound_to_each(read):
    reading = read("a G2 tester or a G1 release manager, who earns more?")
    assert reading.bound == (("tester", "g2"), ("release-manager", "g1"))
    assert reading.op == "higher"


def test_one_role_s_levels_are_not_bound(read):
    assert read("difference between G1 and G2 testers").bound == ()


# --- amounts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        ("Is 140k a good offer for a tester?", (Amount(140_000),)),
        # "$" is no currency of these tables: the figure is read, its currency left open.
        ("I was offered $150,000", (Amount(150_000),)),
        ("CHF 95k for a G2 tester", (Amount(95_000, "CHF"),)),
        ("95,000 francs for a tester", (Amount(95_000, "CHF"),)),
        ("¥7m in Tokyo", (Amount(7_000_000, "JPY"),)),
        ("is 6.5 million yen fair for a tester in Tokyo?", (Amount(6_500_000, "JPY"),)),
        # Thousands in groups of three with spaces or dots, a decimal comma before "million".
        ("we have 250 000 francs for testers", (Amount(250_000, "CHF"),)),
        ("CHF 250.000 for testers", (Amount(250_000, "CHF"),)),
        ("1,5 million yen for a tester", (Amount(1_500_000, "JPY"),)),
        # Sums said in words.
        ("half a million francs for testers", (Amount(500_000, "CHF"),)),
        ("how many G2 testers for a million?", (Amount(1_000_000),)),
        ("two million yen for the Tokyo team", (Amount(2_000_000, "JPY"),)),
        # Numbers that are not pay: a few years, a year.
        ("a tester with 2 years in 2024", ()),
    ],
)
def test_amounts_are_read_with_their_currency(read, text, amounts):
    assert read(text).amounts == amounts


# --- comparisons ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("difference between G1 and G2 testers", "difference"),
        ("G4 vs G1 testers, how much more?", "difference"),
        ("going from G1 to G2", "difference"),
        ("which pays more, Zurich or Geneva?", "higher"),
        ("Tokyo, Osaka: which is cheaper?", "lower"),
        ("lowest paid city for testers", "lowest"),
        ("rank the cities for testers", "rank"),
        ("is a G2 tester paid as much as a G2 release manager", "equal"),
        ("a tester in Zurich or Geneva?", "compare"),
        ("testers vs release managers", "compare"),
        ("tester salary in Zurich", ""),
    ],
)
def test_a_comparison_is_read(read, text, op):
    assert read(text).op == op


# --- intent -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [("hi", "greeting"), ("Good morning", "greeting"), ("thanks!", "thanks"),
     ("cheers, that helps", "thanks"), ("bye", "bye"), ("thanks, bye", "bye"),
     ("what can you do?", "help"), ("hey, what can you do?", "help"),
     ("hi, what does a tester earn?", None)],
)
def test_small_talk_is_read_and_nothing_else_is(read, text, kind):
    reading = read(text)
    assert reading.smalltalk == kind
    assert (reading.roles == ()) == (kind is not None)  # small talk reads no slots


@pytest.mark.parametrize(
    ("text", "pay"),
    [
        ("How much does a tester earn?", True),
        ("monthly pay of a tester", True),
        ("budget for a G2 tester", True),  # a money word said of a level
        ("budget for the release party", False),  # the same word said of nothing paid
        ("What does a tester do?", False),
    ],
)
def test_a_pay_question_is_told_from_others(read, text, pay):
    assert read(text).pay is pay


@pytest.mark.parametrize(
    ("text", "asks"),
    [("where does that figure come from?", True), ("how current is this data?", True),
     ("who published this?", True), ("who came up with that 98,000 number", True),
     ("who's behind these numbers?", True),
     ("so should I trust these numbers for an offer?", True), ("What does a tester do?", False),
     ("tester salary in Zurich", False)],
)
def test_a_source_question_is_read(read, text, asks):
    assert read(text).source_question is asks


@pytest.mark.parametrize(
    "text",
    ["only hire testers under 30", "we'd rather not interview women",
     "avoid candidates from Nigeria", "exclude applicants over 50",
     "don't hire married candidates", "we want to hire a young engineer",
     "looking for a woman for the tester role", "only hire young grads",
     "we'd prefer guys for this team"],
)
def test_selecting_people_by_a_protected_characteristic_is_declined(read, text):
    reading = read(text)
    assert reading.declined and reading.roles == () and not reading.pay


@pytest.mark.parametrize(
    "text",
    ["Is it legal to ask a candidate's age?", "tester salary without a degree",
     "which Swiss city pays testers the most?",
     "We want to hire a young grad as a junior tester, what salary is normal?",
     "we want to hire a couple of guys who know Python, what do they cost?"],
)
def test_mentioning_a_trait_or_a_selecting_word_alone_is_not_declined(read, text):
    assert not read(text).declined


@pytest.mark.parametrize(
    ("text", "period"),
    [("hourly rate for a release manager", "hour"), ("release manager day rate", "day"),
     ("monthly pay of a tester", "month"), ("what does a tester come to each month", "month"),
     ("every hour of a release manager", "hour"), ("tester salary in Zurich", ""),
     # (the ways of saying them are knowledge/phrasings.yml's per_* cues)
     ("/month?", "month"), ("ok so per hr?", "hour"), ("a tester at CHF 90/h", "hour")],
)
def test_the_period_asked_for_is_read(read, text, period):
    assert read(text).period == period


@pytest.mark.parametrize(
    ("text", "convert"),
    [("convert it to euros", True), ("what is that in yen?", True),
     ("tester salary in Zurich", False)],
)
def test_a_conversion_request_is_read(read, text, convert):
    assert read(text).convert is convert


@pytest.mark.parametrize(
    ("text", "followup"),
    [("and in Geneva?", True), ("what about a G1?", True), ("how about them?", True),
     ("Explain in detail how a release manager plans a release train for a large product "
      "with many teams involved", False),
     ("How do testers plan exploratory testing sessions for a new product team?", False)],
)
def test_a_follow_up_is_told_from_a_question_of_its_own(read, text, followup):
    assert read(text).followup is followup


def test_pointing_back_and_asking_for_another_are_read(read):
    reading = read("the other one")
    assert reading.refers_back and reading.other
    assert not read("What does a tester do?").refers_back


def test_a_why_question_about_pay_asks_for_an_explanation(read):
    reading = read("why do testers in Zurich earn more?")
    assert reading.explain and reading.pay and reading.locations == ("Zurich",)


def test_a_measure_and_a_source_of_the_tables_are_read(read):
    assert read("the median for quality analysts").measures == ("median",)
    assert read("what does the statistics office say?").sources == (
        "Fictional Statistics Office",)


def test_another_profession_is_read_as_not_covered(read):
    assert read("nurse salary").other_roles == ("nurse",)
    assert read("tester salary").other_roles == ()


def test_a_task_request_is_read(read):
    assert read("write a test plan for me").task == "write"
    assert read("What does a tester do?").task == ""


def test_pay_words_in_other_languages_come_from_the_synonyms(domain):
    """A variant of the pay term that is no English word asks about pay ("Lohn", "paga"); an
    English one ("make") only as the English rules say."""
    synonyms = {**SYNONYMS, "salary": (*SYNONYMS["salary"], "Lohn", "paga")}
    lexicon = make_lexicon(domain, synonyms=synonyms)
    assert pay_terms(lexicon) == {"salary"}
    words = pay_words(lexicon)
    assert {"lohn", "paga"} <= words and PAY_WORDS <= words and "make" not in words
    reader = Reader(domain, pay=words)
    assert reader.read("Lohn tester Zurich?", lexicon.analyze("Lohn tester Zurich?")).pay
    assert not reader.read("make a test plan", lexicon.analyze("make a test plan")).pay
    english = Reader(domain)  # the English pay words alone
    assert not english.read("Lohn tester Zurich?", lexicon.analyze("Lohn tester Zurich?")).pay


@pytest.mark.parametrize(
    ("text", "op"),
    [
        ("and if they were more expert?", ""),  # a level, not a comparison
        ("is a g2 tester paid more than a g1?", "higher"),
        ("and the worst?", "lowest"),
        ("which is the best one?", "highest"),
        ("what's the best pizza in Zurich?", ""),
        ("put it next to Geneva for me", "compare"),
    ],
)
def test_comparisons_said_in_passing(read, text, op):
    assert read(text).op == op


@pytest.mark.parametrize("text", ["what do they go for in Zurich these days?",
                                  "what would a g2 tester command in Geneva?",
                                  "what's a G2 tester on these days?",
                                  "so what would a tester be on in Basel, going by that?"])
def test_pay_in_everyday_words(read, text):
    assert read(text).pay


@pytest.mark.parametrize("text", ["what are testers working on right now?",
                                  "what are they focused on in the first month?",
                                  "what is the G2 figure based on?", "what's on the agenda?"])
def test_what_someone_is_on_is_pay_only_as_an_idiom(read, text):
    assert not PAY_RE.search(text)


@pytest.mark.parametrize(
    ("text", "quantity"),
    [("How many testers does the lab need?", "count"),
     ("how long does it take to hire a G2 tester?", "duration"),
     ("how many G2 testers does a 200k budget pay for?", ""),  # an amount: a calculation
     ("how many euros is a G2 tester paid?", ""),  # money
     ("What does a G2 tester earn?", "")],
)
def test_a_question_for_a_number_other_than_money_is_read(read, text, quantity):
    assert read(text).quantity == quantity


@pytest.mark.parametrize(
    ("text", "currency"),
    [("which of the franc places is cheapest?", "CHF"),
     ("the yen figures only, please", "JPY"),
     ("what is a G2 tester paid in yen?", ""),  # a conversion, not a kind of figure
     ("is 90,000 CHF enough for a G2 tester?", ""),  # the amount's currency
     ("what does a G2 tester earn?", "")],
)
def test_the_currency_the_figures_are_asked_in_is_read(read, text, currency):
    assert read(text).currency == currency


@pytest.mark.parametrize("text", ["whats a mid level G2 tester pulling in these days",
                                  "what would a G4 tester get?",
                                  "what are they making in Zurich?"])
def test_pay_said_with_ing_forms_and_get(read, text):
    assert read(text).pay


@pytest.mark.parametrize("text", ["what do they get out of it?",
                                  "are they making progress on the release?"])
def test_get_and_making_said_of_other_things_are_not_pay(read, text):
    assert not PAY_RE.search(text)


@pytest.mark.parametrize(("text", "locations"), [
    ("wait, I meant Geneva not Basel", ("Geneva",)),
    ("Basel instead of Zurich, please", ("Basel",)),
    ("Zurich rather than Tokyo", ("Zurich",)),
    ("not Basel", ("Basel",)),  # the only one named: still named
    ("Geneva and Basel", ("Geneva", "Basel")),
])
def test_a_place_said_as_not_meant_is_dropped_beside_the_one_meant(reader, lexicon, text,
                                                                   locations):
    assert reader.read(text, lexicon.analyze(text)).locations == locations


@pytest.mark.parametrize("text", ["unrelated, but what's the weather in Boston?",
                                  "btw unrelated: what's the euro to dollar rate today",
                                  "Separate question: who wrote the guide?",
                                  "on a different note, which skills matter most?"])
def test_a_message_that_changes_the_subject_says_so_first(reader, text):
    assert reader.new_topic(text)


@pytest.mark.parametrize("text", ["and the unrelated roles?", "what about Boston?"])
def test_a_follow_up_does_not_change_the_subject(reader, text):
    assert not reader.new_topic(text)


@pytest.mark.parametrize("text", ["thanks you very much, merci!", "Merci beaucoup",
                                  "danke schön"])
def test_thanks_said_in_a_language_of_the_profile_is_small_talk(text, lexicon):
    from dataclasses import replace

    from api.knowledge.languages import Language
    from tests.unit.support import PROFILE, make_domain

    languages = tuple(Language(code, code, ("le",), "...", "...", thanks)
                      for code, thanks in (("fr", ("merci", "merci beaucoup")),
                                           ("de", ("danke", "danke schön"))))
    reader = Reader(make_domain(profile=replace(PROFILE, languages=languages)))
    assert reader.read(text, lexicon.analyze(text)).smalltalk == "thanks"
    assert Reader(make_domain()).read(text, lexicon.analyze(text)).smalltalk is None


@pytest.mark.parametrize(("text", "asks"), [
    ("where does the G2 figure come from?", True),
    ("which skills matter? I don't come from a technical background", False),  # a person's
    ("has the Zurich data been updated since?", True),
    ("are those numbers stale?", True),
    ("is it safe to base our budget on those?", True),
])
def test_where_a_figure_comes_from_not_where_a_person_does(read, text, asks):
    assert read(text).source_question is asks


def test_the_same_question_again_is_no_comparison_of_equals(reader):
    assert reader.comparison("and for the G2 one, same question") != "equal"
    assert reader.comparison("is the Basel figure the same as Zurich's?") == "equal"


def test_a_time_difference_is_no_difference_in_pay(read):
    assert read("what's the time difference between Zurich and Tokyo?").op != "difference"
    assert read("what's the difference between Zurich and Tokyo?").op == "difference"


@pytest.mark.parametrize(("text", "kind"), [
    ("Lovely, thank you so much for being so patient with me!", "thanks"),
    ("Hi, I hope you're having a good day.", "greeting"),
])
def test_pleasantries_around_thanks_and_greetings_are_small_talk(reader, text, kind):
    assert reader.smalltalk(text) == kind


@pytest.mark.parametrize(("text", "compares"), [
    ("should we train people in-house or bring in an outside team?", False),  # a choice
    ("which is it, Zurich or Geneva?", True),
    ("a G2 or a G3 tester?", True),
    ("this one or the other?", True),
])
def test_an_or_compares_figures_only_of_something_with_figures(read, text, compares):
    assert bool(read(text).op) is compares
