"""Wording of calculations: the result first, the working step by step, the figures used with
their sources, and plain reasons when a calculation cannot be made."""

from __future__ import annotations

from dataclasses import replace

import pytest

from api.answer.arithmetic import run
from api.answer.working import Working
from api.knowledge.conversions import Conversion
from api.understand.numbers import Amount
from api.understand.plan import Calc, CalcOp, Part
from tests.unit.support import PROFILE, make_domain

G1, G2 = Part(role="tester", level="g1"), Part(role="tester", level="g2")


@pytest.fixture(scope="module")
def world():
    profile = replace(PROFILE, conversions=(
        Conversion("year", "month", 12, "twelve months a year"),))
    domain = make_domain(profile=profile)
    return domain, Working(domain.naming)


def say(world, calc: Calc, shown=()) -> str:
    domain, working = world
    return working.reply(run(calc, domain, shown))


def test_a_total_leads_with_the_result_and_shows_its_working(world):
    text = say(world, Calc(CalcOp.TOTAL, (replace(G2, count=2), replace(G1, count=1))))
    assert text.startswith("**CHF 220,000 a year**: the total for 2 G2 testers and 1 G1 tester.")
    assert "Working: 2 × CHF 80,000 + 1 × CHF 60,000 = CHF 220,000." in text
    assert "- G2 tester: CHF 80,000 a year (Edelweiss Pay Survey, 1 March 2025)" in text


def test_years_and_a_month_are_worked_out_in_steps(world):
    text = say(world, Calc(CalcOp.TOTAL, (replace(G2, count=3),), months=24))
    assert text.startswith("**CHF 480,000 over 2 years**")
    assert "CHF 240,000 × 2 years = CHF 480,000" in text
    text = say(world, Calc(CalcOp.CONVERT, (G2,), per=("month",)))
    assert text.startswith("**CHF 6,666.67 a month** for G2 testers.")
    assert "CHF 80,000 ÷ 12 = CHF 6,666.67 a month (twelve months a year)" in text


def test_a_budget_says_how_many_fit_and_what_is_left(world):
    text = say(world, Calc(CalcOp.AFFORD, (G2,), budget=Amount(300_000, "CHF")))
    assert text.startswith("**3 G2 testers** fit in CHF 300,000 a year, with **CHF 60,000 left**.")
    assert "CHF 300,000 ÷ CHF 80,000 = 3.75, so 3" in text


def test_a_percentage_names_both_figures(world):
    text = say(world, Calc(CalcOp.PERCENT, (G2, G1), more=True))
    assert text.startswith("**33.3% more**: a G2 tester (CHF 80,000 a year) against a G1 "
                           "tester (CHF 60,000 a year); taken from the other figure, 25.0% "
                           "less.")  # (either may be the base)
    assert "CHF 80,000 − CHF 60,000 = CHF 20,000; CHF 20,000 ÷ CHF 60,000 = 33.3%" in text


def test_a_share_of_a_budget_counts_the_people(world):
    text = say(world, Calc(CalcOp.PERCENT, (replace(G2, count=3.0),),
                           amount=Amount(480_000, "CHF"), of_amount=True))
    assert text.startswith("**50.0%**: 3 G2 testers (CHF 240,000 a year) as a share of "
                           "CHF 480,000.")
    assert "3 × CHF 80,000 = CHF 240,000; CHF 240,000 ÷ CHF 480,000 = 50.0%" in text


def test_a_raised_figure_in_a_smaller_period(world):
    text = say(world, Calc(CalcOp.SCALE, (G2,), pct=10.0, per=("month",)))
    assert text.startswith("**CHF 7,333.33 a month**: 10% more than")
    assert "CHF 80,000 × 110% = CHF 88,000; CHF 88,000 ÷ 12 = CHF 7,333.33 a month" in text


def test_what_cannot_be_worked_out_says_why(world):
    tokyo = Part(role="tester", location="Tokyo")
    text = say(world, Calc(CalcOp.TOTAL, (G2, tokyo)))
    assert "different currencies" in text and "CHF 80,000" in text and "¥7,000,000" in text
    assert "in total" not in text
    text = say(world, Calc(CalcOp.TOTAL, (G2, Part(role="test-coach"))))
    assert text == "I can't work that out: I have no figure for test coaches."
    text = say(world, Calc(CalcOp.CONVERT, (G2,), per=("hour",)))
    assert text.startswith("My figures are per year, and my knowledge gives no basis for "
                           "working them out per hour. For context, the figures:\n")
    assert "- G2 tester: CHF 80,000 a year (Edelweiss Pay Survey, 1 March 2025)" in text


def test_an_amount_as_a_share_of_a_figure(world):
    text = say(world, Calc(CalcOp.PERCENT, (G2,), amount=Amount(20_000, "CHF")))
    assert text.startswith("**25.0%**: CHF 20,000 as a share of a G2 tester (CHF 80,000 a year).")
    assert "Working: CHF 20,000 ÷ CHF 80,000 = 25.0%." in text
    more = say(world, Calc(CalcOp.PERCENT, (G2,), amount=Amount(100_000, "CHF"), more=True))
    assert more.startswith("**25.0% more**: CHF 100,000 against a G2 tester")
    assert "Working: CHF 100,000 − CHF 80,000 = CHF 20,000; CHF 20,000 ÷ CHF 80,000 = 25.0%." \
        in more
    other = say(world, Calc(CalcOp.PERCENT, (G2,), amount=Amount(20_000, "EUR")))
    assert other.startswith("The amount is in EUR and the figures in CHF")
