"""The caution on old figures (`api.answer.freshness`, worded by `api.answer.wording`), on the
made-up domain with a freshness rule and a fixed today: once per answer that shows figures,
naming the oldest figure's month and its age, never when every figure is within the rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from api.answer.compose import Composer
from api.answer.freshness import Age, figures_age
from api.answer.salaries import SalaryQuestion
from api.answer.wording import age_caution
from api.knowledge.domain import Domain
from api.knowledge.model import Snippet
from api.knowledge.profile import Freshness
from api.search.retrieval import Hit, Retrieval
from api.text.places import Place
from api.understand.reading import Amount
from tests.unit.support import PROFILE, RECORDS, SURVEY_DAY, make_domain, make_lexicon

# The made-up survey is dated 1 March 2025, the statistics office's median 30 June 2024.
TODAY = date(2026, 12, 6)
SURVEY_OLD = ("These figures are from March 2025, 1 year 9 months ago (nearly 2 years); check "
              "them against a current survey before you make an offer.")
ONE_OLD = ("This figure is from March 2025, 1 year 9 months ago (nearly 2 years); check it "
           "against a current survey before you make an offer.")
MIXED_OLD = ("The oldest of these figures is from June 2024, 2 years 5 months ago; check "
             "them against a current survey before you make an offer.")


def fresh_domain(months: int | None = 12) -> Domain:
    """The made-up domain with a freshness rule (none when `months` is None)."""
    rule = Freshness(months) if months is not None else None
    return make_domain(RECORDS, replace(PROFILE, freshness=rule))


def composer(domain: Domain, today: date = TODAY) -> Composer:
    return Composer(domain, (), today=lambda: today)


def said(domain: Domain, role: str | tuple[str, ...] = "tester", *, today: date = TODAY,
         **slots) -> str:
    """The text of the answer to a salary question with these slots, on `today`."""
    question = SalaryQuestion(roles=(role,) if isinstance(role, str) else role, **slots)
    return composer(domain, today).salary(question, score=1.0).text


# --- the sentence -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        (Age(date(2025, 3, 1), 21, 1, True), ONE_OLD),
        (Age(date(2025, 3, 1), 21, 3, True), SURVEY_OLD),
        (Age(date(2024, 6, 30), 29, 2, False), MIXED_OLD),
        (Age(date(2024, 1, 22), 12, 2, True),
         "These figures are from January 2024, 1 year ago; check them against a current "
         "survey before you make an offer."),
        (Age(date(2024, 1, 22), 13, 1, True),
         "This figure is from January 2024, 1 year 1 month ago; check it against a "
         "current survey before you make an offer."),
        (Age(date(2024, 1, 22), 2, 1, True),
         "This figure is from January 2024, 2 months ago; check it against a current "
         "survey before you make an offer."),
    ],
)
def test_the_caution_names_the_month_and_the_age_of_the_figures(age, expected):
    assert age_caution(age, "en_US") == expected


def test_the_age_is_that_of_the_oldest_figure_shown():
    records = {r.id: r for r in RECORDS}
    rows = [records["tester-g1"], records["quality-analyst-median"], records["tester-g1"]]
    assert figures_age(rows, Freshness(12), TODAY) == Age(date(2024, 6, 30), 29, 2, False)
    assert figures_age(rows, None, TODAY) is None
    assert figures_age([], Freshness(12), TODAY) is None
    # On 1 June 2025 the office's median is 11 months old: within a 12-month rule.
    assert figures_age(rows, Freshness(12), date(2025, 6, 1)) is None
    assert figures_age(rows, Freshness(6), date(2025, 6, 1)) == Age(date(2024, 6, 30), 11, 2,
                                                                     False)


# --- once per answer that shows figures --------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "slots", "caution"),
    [
        ("tester", {"levels": ("g1",)}, ONE_OLD),  # a lookup
        ("tester", {"levels": ("g1", "g2"), "op": "difference"}, SURVEY_OLD),  # a comparison
        ("tester", {"regions": ("Switzerland",), "op": "highest"}, SURVEY_OLD),  # a ranking
        ("tester", {"levels": ("g2",), "amounts": (Amount(90_000),)}, ONE_OLD),  # an offer
        ("tester", {"levels": ("g1",), "locations": ("Geneva",)}, SURVEY_OLD),  # level and place
        (("tester", "quality-analyst"), {"levels": ("g2",), "op": "compare",
                                         "named_roles": True}, MIXED_OLD),  # against a median
    ],
)
def test_an_answer_with_old_figures_carries_one_caution(role, slots, caution):
    text = said(fresh_domain(), role, **slots)
    assert caution in text.split("\n\n")
    assert text.count("check them against") + text.count("check it against") == 1


def test_the_caution_follows_the_figures_and_their_notes():
    paragraphs = said(fresh_domain(), "quality-analyst").split("\n\n")
    assert paragraphs == [
        "**CHF 88,000 a year** for the median for quality analysts in Switzerland (Fictional "
        "Statistics Office, as cited in Test Desk Memo, 30 June 2024).",
        "Made up for the unit tests.",
        "This figure is from June 2024, 2 years 5 months ago; check it against a current "
        "survey before you make an offer.",
    ]


def test_figures_offered_only_as_context_carry_the_caution_too():
    text = said(fresh_domain(), places=(Place("Paris", "city", "FR", "", "EU"),))
    assert text.startswith("I have no tester figure for Paris or anywhere in France.")
    assert SURVEY_OLD in text.split("\n\n")


def test_the_sources_of_old_figures_carry_the_caution_after_their_date():
    domain = fresh_domain()
    records = domain.records
    answer = composer(domain).record_sources([records["tester-g1"], records["tester-g2"]], None)
    assert answer.text == (
        "The figures for G1 tester (CHF 60,000 a year) and G2 tester (CHF 80,000 a year) are "
        f"from Edelweiss Pay Survey, dated 1 March 2025.\n\n{SURVEY_OLD}")


@pytest.mark.parametrize(
    ("months", "today"),
    [
        (12, date(2025, 6, 1)),  # every figure within twelve months
        (12, date(2025, 6, 30)),  # the median exactly twelve months old
        (None, TODAY),  # no rule
    ],
)
def test_no_caution_when_every_figure_is_within_the_rule(months, today):
    domain = fresh_domain(months)
    text = said(domain, ("tester", "quality-analyst"), levels=("g2",), op="compare",
                named_roles=True, today=today)
    assert "CHF 88,000" in text and "CHF 80,000" in text
    assert "survey before you make an offer" not in text
    records = domain.records
    sources = composer(domain, today).record_sources([records["tester-g1"]], None).text
    assert "survey before you make an offer" not in sources


@pytest.mark.parametrize(
    ("salary_ids", "caution"),
    [(("tester-g1",), f"\n\n{ONE_OLD}"), (("tester-g1", "tester-g2"), f"\n\n{SURVEY_OLD}"),
     ((), "")],
)
def test_a_snippet_answer_carries_the_caution_only_for_the_figures_it_states(salary_ids,
                                                                             caution):
    domain = fresh_domain()
    text = "Pay for testers depends on the grade and the city."
    snippet = Snippet("salaries/x", "Tester pay", text, "salaries", "Edelweiss Pay Survey",
                      SURVEY_DAY, "made-up.md", 1, salary_ids=salary_ids)
    hit = Hit(snippet, 1.0, 1.0, 1.0)
    found = Retrieval(make_lexicon(domain).analyze("tester pay"), [hit], True, 1.0, [hit])
    assert composer(domain).snippets(found, "tester pay").text == text + caution


def test_today_is_read_from_the_clock_once_per_answer():
    calls: list[date] = []

    def clock() -> date:
        calls.append(TODAY)
        return TODAY

    question = SalaryQuestion(roles=("tester",), regions=("Switzerland",), op="rank")
    Composer(fresh_domain(), (), today=clock).salary(question, score=1.0)
    assert len(calls) == 1
