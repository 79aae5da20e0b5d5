"""Questions that ask for a number other than money, and texts that state one (made-up
sentences; plain English about numbers, nothing about any content)."""

from __future__ import annotations

import pytest

from api.knowledge.phrasings import Cues
from api.understand.numbers import asked_quantity, months, states_quantity
from tests.unit.support import PHRASINGS

# The ways of asking each kind are knowledge/phrasings.yml's asks_* cues.
CUES = Cues(PHRASINGS)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How many testers should the QA team have?", "count"),
        ("how big should the squad be", "count"),
        ("What headcount do we need for the lab?", "count"),
        ("How long does it take to hire a tester?", "duration"),
        ("how quickly do candidates hear back?", "duration"),
        ("How many years of experience should a G3 have?", "duration"),
        ("how many years experience for a G3", "duration"),
        ("What's the time to fill for a G2 role?", "duration"),
        ("How much experience should a G3 bring? Give me a number.", "duration"),
        ("What does a G2 tester earn?", ""),
        ("Which certificates matter?", ""),
        ("How many years ago was the tester guide written?", ""),  # a date answers it
    ],
)
def test_the_kind_of_number_a_question_asks_for_is_read(question, kind):
    assert asked_quantity(CUES, question) == kind


@pytest.mark.parametrize(
    ("text", "duration", "count"),
    [
        ("Squads have five to eight people.", False, True),
        ("Ask for two references.", False, True),
        ("A team of 3 testers runs the lab.", False, True),
        ("At least 2+ years of testing experience.", True, False),
        ("Candidates hear back within 5 working days.", True, False),
        ("The firm has over 15 years in the field.", True, False),
        # Money, shares, calendar years and dates are not counts or durations.
        ("A G2 tester earns CHF 98,000 a year.", False, False),
        ("They cost $124,000 (as of 22 January 2024).", False, False),
        ("Demand grows by 23% over the next decade.", False, False),
        ("A small core team plus a wider group of experts.", False, False),
    ],
)
def test_a_text_states_a_count_or_a_duration(text, duration, count):
    assert states_quantity(text, "duration") is duration
    assert states_quantity(text, "count") is count


def test_a_retirement_plan_named_by_its_tax_section_is_no_amount():
    from api.understand.numbers import amounts

    words = {"$": "USD"}
    assert amounts("Do they typically get a 401k match?", words) == ()
    assert amounts("what about the 403(b) plan", words) == ()
    assert [a.value for a in amounts("is 401k a good offer for a senior?", words)] == [401000.0]
    assert [a.value for a in amounts("$401k plan for a senior", words)] == [401000.0]


@pytest.mark.parametrize(("tokens", "expected"), [
    (("over", "three", "years"), 36.0),
    (("and", "x3", "yrs"), 36.0),  # "x3 yrs": three years
    (("2x", "years"), 24.0),
    (("18", "months"), 18.0),
    (("x", "years"), None),
])
def test_a_span_is_read_in_months(tokens, expected):
    assert months(tokens) == expected


@pytest.mark.parametrize(("text", "people", "span"), [
    ("x3 G3 testers for 2y?", 3.0, 24.0),  # "x3": three; "2y": two years
    ("3x G2 over 18mo", 3.0, 18.0),
    ("the y2k bug", None, None),
])
def test_counts_and_durations_written_short(text, people, span):
    from api.text.words import tokenize
    from api.understand.numbers import counts
    found = counts(tokenize(text))
    assert (found[0].value if found else None) == people
    assert months(tokenize(text)) == span


@pytest.mark.parametrize(("text", "said"), [
    ("she wants 12k a month, is that fair?", [(12000.0, "month")]),
    ("asking 9,500 monthly", [(9500.0, "month")]),  # (a rate of fewer than five digits)
    ("a competing offer of 14k/month", [(14000.0, "month")]),
    ("the equivalent of $600 per working day", [(600.0, "day")]),
    ("a monthly budget of €20,000 for hires", [(20000.0, "month")]),
    ("she wants $90 an hour", [(90.0, "hour")]),
    # asked in a period, not stated in it
    ("what's $174,825 a week?", [(174825.0, "")]),
    ("and the $160,000 per hour?", [(160000.0, "")]),
    ("is 150k enough for a senior?", [(150000.0, "")]),
])
def test_an_amount_said_per_a_period_is_a_rate(domain, text, said):
    from api.understand.numbers import amounts

    found = amounts(text, {"$": "USD", "€": "EUR"}, domain.cues)
    assert [(a.said or a.value, a.per) for a in found] == said


def test_the_period_of_a_rate_is_not_a_period_asked(domain):
    from api.understand.numbers import period, periods

    cues = domain.cues
    assert periods(cues, "she wants 12k a month; what's the senior figure per hour?") == (
        "hour",)
    assert period(cues, "someone else is asking 11k a month. yearly?") == ""
    assert period(cues, "what's $174,825 a week?") == "week"
    assert period(cues, "and the $160,000 per hour?") == "hour"


@pytest.mark.parametrize(("tokens", "expected"), [
    (("over", "a", "year"), 12.0),
    (("for", "a", "month"), 1.0),
    (("150k", "a", "year"), None),  # a period, not a stretch of time
    (("12k", "a", "month"), None),
])
def test_a_year_is_a_span_only_after_a_word_of_time(tokens, expected):
    assert months(tokens) == expected


def test_an_ordinal_is_a_place_in_a_count_and_one_more_is_one_more():
    from api.understand.numbers import nth, one_more

    assert nth("how much more for a 5th person?") == 5
    assert nth("to fit a fourth one in") == 4
    assert nth("what about 21st century skills") == 21  # (the caller asks for a budget first)
    assert nth("how much more for another one?") is None
    assert one_more("what would one more cost?") and one_more("and another engineer?")
    assert one_more("an extra hire") and not one_more("is one enough?")
