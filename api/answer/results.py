"""The money an answer worked out, kept with the conversation so a later turn can use it:
"is that above the mid-level figure?" (the average just made), "that same yearly budget in
Italy" (the team's total two turns back), "that gap as a percentage of the lowest" (the spread
of a ranking).

A result is money in one currency and period; shares and ratios are not kept. The last few
are kept, newest first, in the frame's `calc["results"]`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from api.answer.arithmetic import Worked
from api.answer.salaries import SalaryResult
from api.understand.plan import Calc, CalcOp

KEPT = 3


@dataclass(frozen=True)
class Result:
    """An amount an answer worked out, and what it was ("total", "average", "gap", ...)."""

    value: float
    currency: str
    period: str  # "year", "month"...; "" for a sum over a duration other than the period
    what: str

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "value": round(self.value, 2)}  # cents, not float noise

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result | None:
        try:
            return cls(float(data["value"]), str(data["currency"]), str(data["period"]),
                       str(data["what"]))
        except (KeyError, TypeError, ValueError):
            return None


def of_calculation(worked: Worked) -> Result | None:
    """What a calculation worked out, when it is an amount of money."""
    op = worked.calc.op
    if not worked.ok or op in (CalcOp.PERCENT, CalcOp.RATIO):
        return None
    if op is CalcOp.AFFORD:
        return Result(worked.left, worked.currency, "", "left")
    if worked.per:
        return Result(worked.per[0][3], worked.currency, worked.per[0][0], str(op))
    yearly = worked.period != "year" or worked.calc.months == 12
    return Result(worked.value, worked.currency, worked.period if yearly else "", str(op))


def of_salaries(result: SalaryResult) -> Result | None:
    """The difference a salary answer states: between two figures, or between the highest
    and the lowest of a ranking."""
    if len(result.pairs) == 1:
        pair = result.pairs[0]
        return Result(pair.difference, pair.high.currency, pair.high.period, "gap")
    groups = [g for g in result.ranking if len(g) > 1]
    if len(groups) == 1:
        group = groups[0]
        return Result(group[0].amount - group[-1].amount, group[0].currency, group[0].period,
                      "gap")
    return None


def kept(new: Result | None, earlier: Sequence[dict[str, Any]] = ()) -> list[dict[str, Any]]:
    """The results to keep with an answer: its own first, then the earlier ones."""
    out = [new.to_dict()] if new is not None else []
    return (out + list(earlier))[:KEPT]


def results_of(calc: dict[str, Any] | None) -> list[Result]:
    """The results a frame keeps, newest first."""
    found = (Result.from_dict(r) for r in (calc or {}).get("results", ()) if isinstance(r, dict))
    return [r for r in found if r is not None]


def stated_budget(calc: Calc, earlier: Sequence[dict[str, Any]],
                  before: dict[str, Any] | None) -> dict[str, Any] | None:
    """The budget the asker gave, kept across turns ("same million"): this calculation's,
    unless it is an amount worked out before (what was left of a budget is not a new one)."""
    budget = calc.budget
    if budget is None or any(r.value == budget.value for r in results_of({"results": earlier})):
        return before
    return {"value": budget.value, "currency": budget.currency}
