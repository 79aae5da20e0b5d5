"""The money an answer worked out, kept for the next turns (made-up testers' figures)."""

from __future__ import annotations

from api.answer.arithmetic import run
from api.answer.results import KEPT, Result, kept, of_calculation, of_salaries, results_of
from api.answer.salaries import SalaryQuestion
from api.answer.salaries import answer as salary_answer
from api.understand.numbers import Amount
from api.understand.plan import Calc, CalcOp, Part
from tests.unit.support import make_domain

G1, G2 = Part(role="tester", level="g1"), Part(role="tester", level="g2")


def test_a_calculation_keeps_its_amount_and_a_share_keeps_none():
    domain = make_domain()
    total = of_calculation(run(Calc(CalcOp.TOTAL, (Part(role="tester", level="g2", count=2),)),
                               domain))
    assert total == Result(160_000, "CHF", "year", "total")
    over = of_calculation(run(Calc(CalcOp.TOTAL, (G2,), months=36), domain))
    assert over == Result(240_000, "CHF", "", "total")  # over three years: no period of its own
    left = of_calculation(run(Calc(CalcOp.AFFORD, (G2,), budget=Amount(300_000, "CHF")), domain))
    assert left == Result(60_000, "CHF", "", "left")
    assert of_calculation(run(Calc(CalcOp.PERCENT, (G1, G2)), domain)) is None


def test_a_salary_answer_keeps_the_gap_it_states_in_one_currency():
    domain = make_domain()
    pair = salary_answer(SalaryQuestion(roles=("tester",), levels=("g1", "g2"), op="higher"),
                         domain)
    assert of_salaries(pair) == Result(20_000, "CHF", "year", "gap")
    both = salary_answer(SalaryQuestion(roles=("tester",), op="highest",
                                        regions=("Switzerland", "Japan")), domain)
    assert of_salaries(both) is None  # a gap in each currency: which one is meant is unclear


def test_the_newest_results_are_kept_first():
    results = [Result(float(i), "CHF", "year", "total") for i in range(KEPT + 1)]
    stored: list = []
    for r in results:
        stored = kept(r, stored)
    assert [r.value for r in results_of({"results": stored})] == [3.0, 2.0, 1.0]
    assert results_of({"results": [{"value": "x"}]}) == [] and results_of(None) == []
