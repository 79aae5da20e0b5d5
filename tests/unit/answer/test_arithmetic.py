"""Calculations run over the made-up records (testers and release managers, CHF and JPY):
each part's figure found as a salary question finds it, the arithmetic, and what is refused
(different currencies, a missing figure, a period without a method)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from api.answer.arithmetic import run
from api.knowledge.conversions import Conversion
from api.understand.numbers import Amount
from api.understand.plan import Calc, CalcOp, Part
from tests.unit.support import PROFILE, make_domain

G1, G2, G4 = (Part(role="tester", level=lv) for lv in ("g1", "g2", "g4"))


@pytest.fixture(scope="module")
def converting():
    """The made-up domain with the content's methods for a month and an hour."""
    profile = replace(PROFILE, conversions=(
        Conversion("year", "month", 12, "twelve months a year"),
        Conversion("year", "hour", 2000, "a made-up 2,000-hour year")))
    return make_domain(profile=profile)


def test_a_team_total_is_count_times_figure_summed(domain):
    worked = run(Calc(CalcOp.TOTAL, (replace(G2, count=2), G1)), domain)
    assert worked.ok and worked.currency == "CHF"
    assert [(t.count, t.record.id) for t in worked.terms] == [(2, "tester-g2"), (0, "tester-g1")]
    assert worked.value == 2 * 80_000 + 60_000


def test_a_total_over_years_and_per_month(converting):
    worked = run(Calc(CalcOp.TOTAL, (replace(G2, count=2),), months=36), converting)
    assert (worked.base, worked.value) == (160_000, 480_000)
    worked = run(Calc(CalcOp.TOTAL, (replace(G2, count=2),), per=("month", "hour")), converting)
    assert worked.value == pytest.approx(160_000 / 12)
    assert [(p, v) for p, _, _, v in worked.per] == [("month", pytest.approx(160_000 / 12)),
                                                      ("hour", 80.0)]


def test_a_total_with_a_percentage_added_to_each_figure(converting):
    # "If everyone got a 4% raise", over three years: the bill with it, then the years.
    worked = run(Calc(CalcOp.TOTAL, (replace(G2, count=2), G1), months=36, pct=4.0), converting)
    assert worked.raw == 220_000 and worked.base == pytest.approx(228_800)
    assert worked.value == pytest.approx(3 * 228_800)


def test_a_period_without_a_method_is_not_worked_out(domain):
    worked = run(Calc(CalcOp.CONVERT, (G2,), per=("month",)), domain)
    assert not worked.ok and worked.problem == "per"


def test_an_average_over_a_region_takes_each_place_once(domain):
    worked = run(Calc(CalcOp.AVERAGE, (Part(count=3, role="tester",
                                            location="Switzerland"),)), domain)
    assert worked.ok and sorted(t.record.id for t in worked.terms) == [
        "tester-basel", "tester-geneva", "tester-zurich"]
    assert worked.value == pytest.approx((95_000 + 90_000 + 87_000) / 3)


def test_a_budget_affords_whole_people_and_keeps_the_rest(domain):
    worked = run(Calc(CalcOp.AFFORD, (G2,), budget=Amount(300_000, "CHF")), domain)
    assert (worked.afforded, worked.left) == (3, 60_000)
    # The counted people first, then as many of the last as fit; over two years.
    worked = run(Calc(CalcOp.AFFORD, (replace(G4, count=1), G1), months=24,
                      budget=Amount(500_000, "CHF")), domain)
    assert worked.fixed == 240_000 and worked.afforded == 2 and worked.left == 20_000
    # A budget in another currency is not set against the figures.
    worked = run(Calc(CalcOp.AFFORD, (G2,), budget=Amount(3_000_000, "JPY")), domain)
    assert not worked.ok and worked.problem == "budget_currency"


def test_percent_and_ratio_take_the_last_figure_as_the_base(domain):
    assert run(Calc(CalcOp.PERCENT, (G1, G2)), domain).value == 0.75
    assert run(Calc(CalcOp.PERCENT, (G2, G1), more=True), domain).value == pytest.approx(1 / 3)
    assert run(Calc(CalcOp.RATIO, (G4, G1)), domain).value == 2.0


def test_a_difference_of_two_teams(converting):
    zurich = Part(count=2, role="tester", location="Zurich")
    geneva = replace(zurich, location="Geneva")
    worked = run(Calc(CalcOp.DIFFERENCE, (zurich,), versus=(geneva,), per=("month",)),
                 converting)
    assert worked.ok and worked.own == 190_000 and worked.versus is not None
    assert worked.base == 10_000 and worked.value == pytest.approx(10_000 / 12)


def test_figures_in_different_currencies_are_never_combined(domain):
    tokyo = Part(role="tester", location="Tokyo")
    worked = run(Calc(CalcOp.TOTAL, (G2, tokyo)), domain)
    assert not worked.ok and worked.problem == "currencies" and len(worked.terms) == 2


def test_a_missing_figure_stops_the_calculation(domain):
    worked = run(Calc(CalcOp.TOTAL, (replace(G2, count=2), Part(role="test-coach"))), domain)
    assert not worked.ok and worked.missing == [Part(role="test-coach")]


def test_level_and_place_without_a_figure_together_use_the_level_and_say_the_place(domain):
    worked = run(Calc(CalcOp.TOTAL, (Part(count=2, role="tester", level="g1",
                                          location="Geneva"),)), domain)
    assert worked.ok and worked.terms[0].record.id == "tester-g1"
    assert [r.id for _, r in worked.substitutes] == ["tester-geneva"]


def test_the_figures_shown_stand_for_them(domain):
    worked = run(Calc(CalcOp.TOTAL, (Part(count=2, shown=True),)), domain,
                 shown=["tester-zurich"])
    assert worked.ok and worked.value == 190_000


def test_an_amount_given_alone_is_worked_out_in_the_periods_asked(converting):
    worked = run(Calc(CalcOp.CONVERT, (), per=("month", "hour"),
                      amount=Amount(120_000, "CHF")), converting)
    assert worked.ok and worked.currency == "CHF"
    assert [(p, v) for p, _, _, v in worked.per] == [("month", 10_000), ("hour", 60)]


def test_an_amount_alone_in_a_period_without_a_method_is_not_worked_out(domain):
    worked = run(Calc(CalcOp.CONVERT, (), per=("hour",), amount=Amount(120_000, "CHF")), domain)
    assert not worked.ok and worked.problem == "per"


def test_a_portion_is_that_percentage_of_the_figure(domain):
    worked = run(Calc(CalcOp.SCALE, (G2,), pct=15.0, portion=True), domain)
    assert worked.ok and worked.value == 12_000  # 15% of CHF 80,000
    worked = run(Calc(CalcOp.SCALE, (G2,), pct=15.0), domain)
    assert worked.value == 92_000
