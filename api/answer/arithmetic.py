"""Running a calculation (`api.understand.plan.Calc`) over the salary records: each part's
figure found as a salary question would find it, then the arithmetic, kept step by step so the
answer shows its working.

Figures in different currencies or periods are never added, averaged or divided into each
other; a budget is set only against figures in its own currency. A period the figures are not
in is worked out only where the content gives the method (`conversions` in the profile).
Nothing here words a reply: `api.answer.working` does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from api.answer.salaries import SalaryQuestion
from api.answer.salaries import answer as salary_answer
from api.knowledge.domain import Domain
from api.knowledge.records import SalaryRecord
from api.understand.numbers import Amount
from api.understand.plan import Calc, CalcOp, Part

MONTHS_A_YEAR = 12


@dataclass(frozen=True)
class Term:
    """One figure of a calculation, with how many people it stands for."""

    count: float
    record: SalaryRecord
    part: Part


@dataclass
class Worked:
    """A calculation's figures, result and working, or why it could not be made."""

    calc: Calc
    terms: list[Term] = field(default_factory=list)
    # The yearly (or per-period) total before a duration or another period is applied.
    base: float = 0.0
    raw: float = 0.0  # TOTAL or AVERAGE with a percentage added: the sum before it
    value: float = 0.0  # the result: money, a share (0.25) or a ratio
    currency: str = ""
    period: str = ""  # the period of the figures ("year")
    afforded: int = 0  # AFFORD: people of the last part the rest of the budget pays for
    fixed: float = 0.0  # AFFORD: what the people counted first cost
    left: float = 0.0  # AFFORD: what is left of the budget
    # The result in each period asked: (period, divisor, its basis in the content's words,
    # the value), the first being `value`.
    per: list[tuple[str, float, str, float]] = field(default_factory=list)
    missing: list[Part] = field(default_factory=list)  # parts without a figure
    substitutes: list[tuple[Part, SalaryRecord]] = field(default_factory=list)
    problem: str = ""  # "currencies", "periods", "budget_currency", "per", "" when worked
    versus: Worked | None = None  # DIFFERENCE: the other side, worked out
    own: float = 0.0  # DIFFERENCE: this side's own total, before the other is taken off

    @property
    def ok(self) -> bool:
        return (bool(self.terms) or self.amount_only) and not self.missing and not self.problem

    @property
    def amount_only(self) -> bool:
        """An amount the asker gave, in other periods or raised by a percentage, with no
        figure of the knowledge."""
        return self.calc.op in (CalcOp.CONVERT, CalcOp.SCALE, CalcOp.PERCENT) \
            and self.calc.amount is not None and not self.calc.parts \
            and (self.calc.op is not CalcOp.PERCENT or self.calc.versus_amount is not None)

    @property
    def years(self) -> float:
        return self.calc.months / MONTHS_A_YEAR


def run(calc: Calc, domain: Domain, shown: Sequence[str] = ()) -> Worked:
    """The calculation over the records. `shown`: ids of the figures on the table, for parts
    that are "those" or "two of them"."""
    if calc.op is CalcOp.DIFFERENCE:
        return _difference(calc, domain, shown)
    worked = Worked(calc)
    if worked.amount_only and calc.amount is not None and calc.versus_amount is not None:
        return _amounts(worked, calc.amount, calc.versus_amount)
    if worked.amount_only and calc.amount is not None:
        # "What does our $140k work out to per hour?": the amount, a year, in those periods.
        worked.currency, worked.period = calc.amount.currency, "year"
        worked.base = worked.value = round(calc.amount.value * _scale(calc), 2) \
            if calc.op is CalcOp.SCALE else calc.amount.value
        for period in calc.per:
            _per(worked, domain, period)
        worked.value = worked.per[0][3] if worked.per else worked.value
        return worked
    for part in calc.parts:
        _find(part, domain, shown, worked)
    if not worked.terms or worked.missing:
        return worked
    if calc.currency and len({t.record.currency for t in worked.terms}) > 1:
        # "The European ones in euros": only the figures in the currency named.
        kept = [t for t in worked.terms if t.record.currency == calc.currency]
        worked.terms = kept or worked.terms
    currencies = {t.record.currency for t in worked.terms}
    periods = {t.record.period for t in worked.terms}
    if len(currencies) > 1 or len(periods) > 1:
        worked.problem = "currencies" if len(currencies) > 1 else "periods"
        return worked
    worked.currency, worked.period = currencies.pop(), periods.pop()
    _compute(worked, domain)
    return worked


def _amounts(worked: Worked, first: Amount, second: Amount) -> Worked:
    """One amount the asker gives against another: the gap, as a share of the second."""
    if first.currency and second.currency and first.currency != second.currency:
        worked.problem = "currencies"
        return worked
    worked.currency, worked.period = first.currency or second.currency, "year"
    worked.base = second.value
    worked.value = (first.value - second.value) / second.value if second.value else 0.0
    return worked


def _difference(calc: Calc, domain: Domain, shown: Sequence[str]) -> Worked:
    """One side's cost less the other's, each worked out as a total over the same time (the
    second part is the other side when none is given: "the gap between those two")."""
    if not calc.versus and len(calc.parts) >= 2:
        calc = replace(calc, parts=calc.parts[:1], versus=calc.parts[1:2])
    side = replace(calc, op=CalcOp.TOTAL, per=(), versus=())
    worked = run(side, domain, shown)
    other = run(replace(side, parts=calc.versus), domain, shown)
    worked.calc, worked.versus = calc, other
    worked.missing += other.missing
    worked.problem = worked.problem or other.problem
    if worked.ok and other.ok and (other.currency, other.period) != (worked.currency,
                                                                      worked.period):
        worked.problem = "currencies" if other.currency != worked.currency else "periods"
    if not (worked.ok and other.ok):
        worked.terms += other.terms
        return worked
    worked.own = worked.value
    worked.base = worked.base - other.base
    worked.value = worked.value - other.value
    for period in calc.per:
        if period != worked.period:
            _per(worked, domain, period)
    if worked.per:
        worked.value = worked.per[0][3]
    return worked


def bound(calc: Calc, shown: Sequence[str]) -> Calc:
    """The calculation with each part that stands for the one figure on the table ("two of
    those") bound to that figure's record, as it is kept for a follow-up: by then the table
    holds every figure the calculation used."""
    if len(shown) != 1:
        return calc

    def bind(part: Part) -> Part:
        return replace(part, record=shown[0], shown=False) \
            if part.shown and not part.record else part

    return replace(calc, parts=tuple(bind(p) for p in calc.parts),
                   versus=tuple(bind(p) for p in calc.versus))


def _find(part: Part, domain: Domain, shown: Sequence[str], worked: Worked) -> None:
    """Add the part's figure(s) to the calculation, or note that it has none."""
    if part.record or part.shown:
        ids = [part.record] if part.record else list(shown)
        rows = [domain.records[i] for i in ids if i in domain.records]
        if not rows:
            worked.missing.append(part)
        # ("the two of them together?" with two figures shown: each once)
        count = 1.0 if part.shown and len(rows) > 1 and part.count == len(rows) else part.count
        worked.terms += [Term(count, r, part) for r in rows]
        return
    role = part.role or domain.primary_role.id
    region = part.location in domain.regions
    question = SalaryQuestion(
        roles=(role,), levels=(part.level,) if part.level else (),
        locations=(part.location,) if part.location and not region else (),
        regions=(part.location,) if region else ())
    found = salary_answer(question, domain).rows
    # A role's own figures; a reference figure (a median) when it has only that.
    rows = [r for r in found if not r.baseline] or found
    if not rows:
        worked.missing.append(part)
        return
    if region and not part.level:
        # Every place of the region, one figure each (a count there is of places, not people).
        worked.terms += [Term(0.0, r, part) for r in rows]
        return
    if len(rows) > 1 and part.level and part.location:
        # Level and place have no figure together: the level's, and the place's said beside.
        level_rows = [r for r in rows if r.level]
        worked.substitutes += [(part, r) for r in rows if not r.level]
        rows = level_rows or rows
    worked.terms.append(Term(part.count, rows[0], part))


def _scale(calc: Calc) -> float:
    """What a SCALE multiplies its figure by: its percentage of it, or with it added."""
    return calc.pct / 100 if calc.portion else 1 + calc.pct / 100


def _compute(worked: Worked, domain: Domain) -> None:
    calc, terms = worked.calc, worked.terms
    if calc.op is CalcOp.AFFORD:
        _afford(worked)
        return
    if calc.op is CalcOp.SCALE:
        worked.base = round(terms[0].record.amount * _scale(calc), 2)
        worked.value = worked.base
        for period in calc.per:  # "per month?": the scaled figure in that period
            if period != worked.period:
                _per(worked, domain, period)
        if worked.per:
            worked.value = worked.per[0][3]
        return
    if calc.op is CalcOp.PERCENT and calc.amount is not None:
        if calc.amount.currency and calc.amount.currency != worked.currency:
            worked.problem = "budget_currency"
            return
        # "What share of the 2M would three seniors take?": all of them (over the years asked).
        years = worked.years if worked.period == "year" else 1.0
        first = calc.amount.value
        base = sum((t.count or 1) * t.record.amount for t in terms) * years
        if calc.of_amount:
            first, base = base, first
        worked.base = base
        worked.value = (first - base) / base if calc.more else first / base
        return
    if calc.op in (CalcOp.PERCENT, CalcOp.RATIO):
        first, base = terms[0].record.amount, terms[-1].record.amount
        worked.base = base
        worked.value = (first - base) / base if calc.op is CalcOp.PERCENT and calc.more \
            else first / base
        return
    if calc.op is CalcOp.AVERAGE:
        people = sum(t.count or 1 for t in terms)
        worked.base = sum((t.count or 1) * t.record.amount for t in terms) / people
    else:  # TOTAL, CONVERT: count x figure, summed
        worked.base = sum((t.count or 1) * t.record.amount for t in terms)
    if calc.pct:  # "if everyone got a 4% raise": the sum with it added
        worked.raw = worked.base
        worked.base = round(worked.base * _scale(calc), 2)
    worked.value = worked.base * worked.years if worked.period == "year" else worked.base
    for period in calc.per:
        if period != worked.period:
            _per(worked, domain, period)
    if worked.per:
        worked.value = worked.per[0][3]


def _per(worked: Worked, domain: Domain, period: str) -> None:
    """The result in a period asked, by the content's conversion (none given: a problem)."""
    conversion = domain.profile.conversion(worked.period, period)
    if conversion is None:
        worked.problem = "per"
        return
    divisor, basis = conversion
    worked.per.append((period, divisor, basis, worked.base / divisor))


def _afford(worked: Worked) -> None:
    """How many people of the last uncounted part the budget pays for, after the counted ones,
    over the calculation's duration; and what is left."""
    calc = worked.calc
    budget = calc.budget
    assert budget is not None
    if budget.currency and budget.currency != worked.currency:
        worked.problem = "budget_currency"
        return
    years = worked.years if worked.period == "year" else 1.0
    fill = next((t for t in reversed(worked.terms) if not t.count), None)
    worked.fixed = sum(t.count * t.record.amount * years for t in worked.terms if t.count)
    rest = budget.value - worked.fixed
    if fill is not None and rest > 0:
        worked.afforded = math.floor(rest / (fill.record.amount * years) + 1e-9)
        rest -= worked.afforded * fill.record.amount * years
    worked.left = rest
    worked.value = rest
