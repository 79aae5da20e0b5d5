"""Wording a calculation: the result first, in bold, then the arithmetic step by step
("2 x $151,000 + 1 x $124,000 = $426,000"), then each figure used with its source and date.

Sentences about kinds of things only (a figure, a budget, a period); every name and figure comes
from the records and the profile.
"""

from __future__ import annotations

from api.answer.arithmetic import Term, Worked
from api.answer.wording import join_words
from api.knowledge.naming import Naming, measure_of, place_phrase
from api.knowledge.records import SalaryRecord
from api.text.money import format_number, format_share, per_period
from api.understand.numbers import Amount
from api.understand.plan import CalcOp, Part


class Working:
    """Replies to calculations, for one knowledge base's naming."""

    def __init__(self, naming: Naming) -> None:
        self.naming = naming

    def reply(self, worked: Worked) -> str:
        """The result, its working and its figures; or why it cannot be worked out."""
        if not worked.ok:
            return self._not_worked(worked)
        parts = [self._result(worked), self._steps(worked)]
        substitutes: dict[int, tuple[Part, list[SalaryRecord]]] = {}
        for part, record in worked.substitutes:
            substitutes.setdefault(id(part), (part, []))[1].append(record)
        parts += [self._substitute(part, places) for part, places in substitutes.values()]
        parts.append(self._figures(worked))
        return "\n\n".join(p for p in parts if p)

    # --- the result ---------------------------------------------------------------------------

    def money(self, value: float, worked: Worked) -> str:
        return self.naming.amount(round(value, 2), worked.currency)

    def _span(self, worked: Worked) -> str:
        """'a year', 'over 3 years', 'a month' (when asked per month)."""
        if worked.per:
            return per_period(worked.per[0][0])
        if worked.period != "year" or worked.calc.months == 12:
            return per_period(worked.period)
        return self._over(worked.calc.months)

    @staticmethod
    def _over(months: float) -> str:
        """'over 3 years', 'over 18 months'."""
        if months % 12 == 0:
            years = int(months // 12)
            return f"over {years} year{'s' if years != 1 else ''}"
        return f"over {format_number(months)} months"

    def _who(self, worked: Worked) -> str:
        """'2 senior AI engineers and 1 junior AI engineer', 'AI engineers in Boston, MA'. In
        a team with counts, one named without a count is one person ("two of those plus a
        junior")."""
        counted = any(t.count for t in worked.terms)
        return join_words([self.people(t.record, t.count or (1.0 if counted else 0.0))
                           for t in worked.terms])

    def people(self, record: SalaryRecord, count: float = 0.0) -> str:
        """'2 senior AI engineers', 'an AI engineer in Boston, MA', 'AI engineers in Boston, MA'
        (no count said), from the record's level, role and place."""
        n = self.naming
        if measure_of(record) or record.baseline:
            return "the " + n.label(record, capital=False)
        plural = count != 1
        level = n.level_name(record.role, record.level) if record.level else ""
        who = " ".join(w for w in (level, n.role_name(record.role, plural=plural)) if w)
        where = f" in {place_phrase(record.location)}" if record.location else ""
        lead = f"{format_number(count)} " if count else ""
        return f"{lead}{who}{where}"

    def _result(self, worked: Worked) -> str:
        calc, value = worked.calc, worked.value
        if calc.op is CalcOp.SCALE:
            side = "less" if calc.pct < 0 else "more"
            than = self.money(calc.amount.value, worked) if worked.amount_only and calc.amount \
                else self._label(worked.terms[0].record)
            if calc.portion:
                return (f"**{self.money(value, worked)} {self._span(worked)}**: "
                        f"{format_number(calc.pct)}% of {than}.")
            return (f"**{self.money(value, worked)} {self._span(worked)}**: "
                    f"{format_number(abs(calc.pct))}% {side} than {than}.")
        if calc.op is CalcOp.PERCENT and calc.amount and calc.versus_amount:
            # One amount the asker gives against another.
            side = "more" if value >= 0 else "less"
            return (f"**{self.money(abs(value) * worked.base, worked)} "
                    f"({format_share(abs(value), self.naming.locale)}) {side}**: "
                    f"{self.money(calc.amount.value, worked)} against "
                    f"{self.money(calc.versus_amount.value, worked)}.")
        if calc.op is CalcOp.PERCENT:
            return self._percent(worked, value)
        if calc.op is CalcOp.RATIO:
            return (f"**{format_number(round(value, 2))} to 1**: "
                    f"{self._label(worked.terms[0].record)} against "
                    f"{self._label(worked.terms[-1].record)}.")
        if calc.op is CalcOp.AFFORD:
            return self._afford(worked)
        if calc.op is CalcOp.DIFFERENCE and worked.versus is not None:
            side = "more" if worked.base >= 0 else "less"
            amounts = [f"**{self.money(abs(value), worked)} {self._span(worked)} {side}**"]
            amounts += [f"**{self.money(abs(v), worked)} {per_period(p)}**"
                        for p, _, _, v in worked.per[1:]]
            return (f"{join_words(amounts)}: {self._side(worked, worked.own)} against "
                    f"{self._side(worked.versus, worked.versus.value)}.")
        what = "average" if calc.op is CalcOp.AVERAGE else "total"
        if calc.pct and calc.op is not CalcOp.CONVERT:  # "a 4% raise": the total with it
            what += f" with {format_number(abs(calc.pct))}% {_side(calc.pct)} each"
        amounts = [f"**{self.money(value, worked)} {self._span(worked)}**"]
        amounts += [f"**{self.money(v, worked)} {per_period(p)}**" for p, _, _, v in worked.per[1:]]
        if worked.per and worked.period == "year" and worked.years != 1:
            # "monthly, and over 18 months?": the whole span too.
            amounts.append(f"**{self.money(worked.base * worked.years, worked)} "
                           f"{self._over(worked.calc.months)}**")
        if calc.op is CalcOp.CONVERT and worked.amount_only:
            return f"{join_words(amounts)}: {self.money(worked.base, worked)} a year."
        if calc.op is CalcOp.CONVERT:
            return f"{join_words(amounts)} for {self._who(worked)}."
        return f"{join_words(amounts)}: the {what} for {self._who(worked)}."

    def _afford(self, worked: Worked) -> str:
        budget = worked.calc.budget
        assert budget is not None
        fill = next((t for t in reversed(worked.terms) if not t.count), None)
        spent = self.money(budget.value, worked)
        text = ""
        if fill is not None:
            n = worked.afforded
            who = self.people(fill.record, n) if n else f"No {self.people(fill.record)}"
            text = (f"**{who}** {'fit' if n != 1 else 'fits'} in {spent} {self._span(worked)}"
                    + (" after the others counted" if worked.fixed else ""))
            if not n and worked.left < 0:  # the people counted already go over
                return (f"The people counted take {self.money(worked.fixed, worked)} of {spent}: "
                        f"they do not fit, **{self.money(-worked.left, worked)} over** the "
                        f"budget, with nothing left for {self.people(fill.record)}.")
            if not n and worked.left > 0:
                # Not even one: by how much the rest falls short of one more.
                years = worked.years if worked.period == "year" else 1.0
                each = fill.record.amount * years
                return (f"{text}: one costs {self.money(each, worked)}, so "
                        f"{self.money(worked.left, worked)} falls "
                        f"**{self.money(each - worked.left, worked)} short**.")
        else:
            text = f"The people counted take {self.money(worked.fixed, worked)} of {spent}"
            if worked.left < 0:  # they do not fit: by how much they go over
                return (f"{text}: they do not fit, **{self.money(-worked.left, worked)} over** "
                        "the budget.")
        return f"{text}, with **{self.money(worked.left, worked)} left**."

    # --- the working --------------------------------------------------------------------------

    def _amounts_steps(self, worked: Worked, first: Amount, second: Amount) -> str:
        """The working of one amount against another: the gap, then its share."""
        said, base = self.money(first.value, worked), self.money(second.value, worked)
        gap = self.money(worked.value * worked.base, worked)
        return (f"Working: {said} − {base} = {gap}; {gap} ÷ {base} = "
                f"{format_share(worked.value, self.naming.locale)}.")

    def _side(self, side: Worked, total: float) -> str:
        """Who one side of a difference is, with its own total when people are counted."""
        if not (side.terms and side.terms[0].count):
            return self._who(side)
        return f"{self._who(side)} ({self.money(total, side)} {self._span(side.versus or side)})"

    def _steps(self, worked: Worked) -> str:
        calc = worked.calc
        money = self.naming.money
        if calc.op is CalcOp.SCALE:
            first = self.money(calc.amount.value, worked) if worked.amount_only and calc.amount \
                else money(worked.terms[0].record)
            share = calc.pct if calc.portion else 100 + calc.pct
            steps = [f"{first} × {format_number(share)}% = {self.money(worked.base, worked)}"]
            steps += [f"{self.money(worked.base, worked)} ÷ {format_number(divisor)} = "
                      f"{self.money(value, worked)} {per_period(period)} ({basis})"
                      for period, divisor, basis, value in worked.per]
            return "Working: " + "; ".join(steps) + "."
        if calc.op is CalcOp.PERCENT and calc.amount and calc.versus_amount:
            return self._amounts_steps(worked, calc.amount, calc.versus_amount)
        if calc.op in (CalcOp.PERCENT, CalcOp.RATIO):
            return self._share_steps(worked)
        if calc.op is CalcOp.AFFORD:
            return self._afford_steps(worked)
        if calc.op is CalcOp.DIFFERENCE and worked.versus is not None:
            return self._difference_steps(worked, worked.versus)
        terms = [f"{format_number(t.count)} × {money(t.record)}" if t.count else money(t.record)
                 for t in worked.terms]
        people = sum(t.count or 1 for t in worked.terms)
        lines = []
        summed = worked.raw or worked.base
        if calc.op is CalcOp.AVERAGE:
            lines.append(f"({' + '.join(terms)}) ÷ {format_number(people)} = "
                         f"{self.money(summed, worked)}")
        elif terms and (len(terms) > 1 or worked.terms[0].count):
            lines.append(f"{' + '.join(terms)} = {self.money(summed, worked)}")
        if worked.raw:  # with a percentage added ("a 4% raise")
            lines.append(f"{self.money(worked.raw, worked)} × {format_number(100 + calc.pct)}% "
                         f"= {self.money(worked.base, worked)}")
        years = worked.years
        if worked.period == "year" and years != 1:
            lines.append(f"{self.money(worked.base, worked)} × {format_number(years)} years = "
                         f"{self.money(worked.base * years, worked)}")
        for period, divisor, basis, value in worked.per:
            lines.append(f"{self.money(worked.base, worked)} ÷ {format_number(divisor)} = "
                         f"{self.money(value, worked)} {per_period(period)} ({basis})")
        return "Working: " + "; ".join(lines) + "." if lines else ""

    def _difference_steps(self, worked: Worked, other: Worked) -> str:
        sides = []
        for side, total in ((worked, worked.own), (other, other.value)):
            terms = [f"{format_number(t.count)} × {self.naming.money(t.record)}" if t.count
                     else self.naming.money(t.record) for t in side.terms]
            shown = self.money(total, side)
            if len(terms) > 1 or (side.terms and side.terms[0].count):
                shown = f"{' + '.join(terms)} = {shown}"
            sides.append(shown)
        first, second = self.money(worked.own, worked), self.money(other.value, other)
        diff = worked.own - other.value
        lines = [sides[0], sides[1], f"{first} − {second} = {self.money(diff, worked)}"]
        for period, divisor, basis, value in worked.per:
            lines.append(f"{self.money(abs(worked.base), worked)} ÷ {format_number(divisor)} = "
                         f"{self.money(abs(value), worked)} {per_period(period)} ({basis})")
        return "Working: " + "; ".join(lines) + "."

    def _afford_steps(self, worked: Worked) -> str:
        budget = worked.calc.budget
        assert budget is not None
        money = self.naming.money
        years = worked.years if worked.period == "year" else 1.0
        lines = []
        rest = budget.value
        counted = [t for t in worked.terms if t.count]
        if counted:
            # What the people counted cost, then what the budget keeps after them.
            cost = " + ".join(f"{format_number(t.count)} × {money(t.record)}" for t in counted)
            spent = f"({cost}) × {format_number(years)} years" if years != 1 else cost
            rest -= worked.fixed
            lines.append(f"{spent} = {self.money(worked.fixed, worked)}")
            if rest < 0:
                lines.append(f"{self.money(worked.fixed, worked)} − "
                             f"{self.money(budget.value, worked)} = {self.money(-rest, worked)} "
                             "over")
            else:
                lines.append(f"{self.money(budget.value, worked)} − "
                             f"{self.money(worked.fixed, worked)} = {self.money(rest, worked)}")
        fill = next((t for t in reversed(worked.terms) if not t.count), None)
        if fill is not None and rest > 0:
            each = fill.record.amount * years
            used = worked.afforded * each
            lines.append(f"{self.money(rest, worked)} ÷ {self.money(each, worked)} = "
                         f"{format_number(round(rest / each, 2))}, so {worked.afforded}")
            lines.append(f"{worked.afforded} × {self.money(each, worked)} = "
                         f"{self.money(used, worked)}; {self.money(rest, worked)} − "
                         f"{self.money(used, worked)} = {self.money(worked.left, worked)} left")
        return "Working: " + "; ".join(lines) + "." if lines else ""

    # --- the figures --------------------------------------------------------------------------

    def _share_steps(self, worked: Worked) -> str:
        """The working of a percentage or a ratio: of one figure against another, or of an
        amount given against the people counted (over the years asked)."""
        calc, money = worked.calc, self.naming.money
        base_record = worked.terms[-1].record
        first = self.money(calc.amount.value, worked) if calc.amount is not None \
            else money(worked.terms[0].record)
        base, years = money(base_record), self._years(worked)
        # (an amount against the people counted: all of them, "1 senior and 2 mid-levels")
        counted = [(t.count or 1, t.record) for t in worked.terms] if calc.amount is not None \
            else [(1.0, base_record)]
        cost, prefix = sum(n * r.amount for n, r in counted), ""
        if calc.amount is not None and (len(counted) > 1 or counted[0][0] != 1):
            # "Three seniors' share of the 2M": their sum first.
            base = self.money(cost, worked)
            prefix = " + ".join(f"{format_number(n)} × {money(r)}" for n, r in counted) \
                + f" = {base}; "
        if calc.amount is not None and years != 1:  # (a share of a total over years)
            over = self.money(cost * years, worked)
            prefix += f"{base} × {format_number(years)} years = {over}; "
            base = over
        if calc.amount is not None and calc.of_amount:
            first, base = base, first
        top = (f"({first} − {base})" if calc.op is CalcOp.PERCENT and calc.more
               else first)
        if calc.op is CalcOp.PERCENT and calc.more:
            # The gap in money too ("in dollars and as a percentage").
            gap = self.money(worked.value * worked.base, worked)
            top = f"{first} − {base} = {gap}; {gap}"
        result = format_share(worked.value, self.naming.locale) \
            if calc.op is CalcOp.PERCENT else format_number(round(worked.value, 2))
        return f"Working: {prefix}{top} ÷ {base} = {result}."

    def _percent(self, worked: Worked, value: float) -> str:
        """The headline of a percentage: one figure against another, or an amount given
        against one figure (or it against the amount)."""
        calc = worked.calc
        base = worked.terms[-1].record
        first = self.money(calc.amount.value, worked) if calc.amount is not None \
            else self._label(worked.terms[0].record)
        against = self._counted(worked) if calc.amount is not None else self._label(base)
        if calc.amount is not None and calc.of_amount:
            first, against = against, self.money(calc.amount.value, worked)
        if calc.more:
            side = "more" if value >= 0 else "less"
            said = (f"**{format_share(abs(value), self.naming.locale)} {side}**: {first} "
                    f"against {against}")
            if calc.amount is not None or value == -1:
                return f"{said}."
            # Either figure may be the base: the other way round too.
            other = -value / (1 + value)
            return (f"{said}; taken from the other figure, "
                    f"{format_share(abs(other), self.naming.locale)} "
                    f"{'more' if other >= 0 else 'less'}.")
        return (f"**{format_share(value, self.naming.locale)}**: {first} as a share of "
                f"{against}.")

    def _counted(self, worked: Worked) -> str:
        """The figure an amount is set against: '3 senior AI engineers ($453,000 a year)'
        when counted, else the record's label."""
        term, years = worked.terms[0], self._years(worked)
        if (not term.count or term.count == 1) and years == 1 and len(worked.terms) == 1:
            return self._label(term.record)
        total = self.money(sum((t.count or 1) * t.record.amount for t in worked.terms) * years,
                           worked)
        people = join_words([self.people(t.record, t.count or 1) for t in worked.terms])
        return f"{people} ({total} {self._span(worked)})"

    @staticmethod
    def _years(worked: Worked) -> float:
        return worked.years if worked.period == "year" else 1.0

    def _label(self, record: SalaryRecord) -> str:
        return f"{self.naming.subject(record)} ({self.naming.money_period(record)})"

    def _figures(self, worked: Worked) -> str:
        """Each figure used once, with its source and date (none for an amount alone)."""
        if worked.amount_only:
            return ""
        both = Worked(worked.calc, terms=[
            *worked.terms, *(worked.versus.terms if worked.versus is not None else [])])
        return "Figures used:\n" + self._lines(both)

    def _substitute(self, part: Part, places: list[SalaryRecord]) -> str:
        """Why a level's figure stands in for a place's: one note for the place asked, with
        the figures it has (a region's places, any level)."""
        n = self.naming
        who = n.level_name(part.role, part.level) if part.level else ""
        role = n.role_name(part.role, plural=True)
        where = place_phrase(part.location or places[0].location)
        head = (f"I have no figure for {who} {role} in {where} itself, so this uses the {who} "
                "figure (any location)")
        if len(places) == 1:
            return f"{head}; the figure for {where} (any level) is {n.money_period(places[0])}."
        figures = join_words([f"{place_phrase(r.location)} ({n.money(r)})" for r in places])
        return f"{head}; the figures I have for places in {where} (any level): {figures}."

    # --- when it cannot be worked out ---------------------------------------------------------

    def _not_worked(self, worked: Worked) -> str:
        if worked.missing:
            names = [self._part_name(p) for p in worked.missing]
            return (f"I can't work that out: I have no figure for {join_words(names)}.")
        if worked.problem == "currencies" and worked.calc.op is CalcOp.TOTAL:
            return self._each_currency(worked)
        if worked.problem in ("currencies", "periods"):
            what = "different currencies" if worked.problem == "currencies" \
                else "different periods"
            return (f"These figures are in {what} and I don't convert them, so I won't add, "
                    f"average or divide them together. The figures:\n{self._lines(worked)}")
        if worked.problem == "budget_currency":
            given = worked.calc.budget or worked.calc.amount
            assert given is not None
            what = "budget" if worked.calc.budget is not None else "amount"
            return (f"The {what} is in {given.currency} and the figures in {worked.currency}; "
                    "I don't convert currencies, so I can't set one against the other. The "
                    f"figures:\n{self._lines(worked)}")
        if worked.problem == "per":
            asked = join_words([f"per {p}" for p in worked.calc.per], "or")
            return (f"My figures are per {worked.period}, and my knowledge gives no basis for "
                    f"working them out {asked}. For context, the figures:\n"
                    + self._lines(worked))
        return "I can't work that out from the figures I have."

    def _each_currency(self, worked: Worked) -> str:
        """A total over figures in several currencies: one in each, none across them."""
        n = self.naming
        by_currency: dict[str, list[Term]] = {}
        for term in worked.terms:
            by_currency.setdefault(term.record.currency, []).append(term)
        lines = []
        for currency, terms in by_currency.items():
            total = sum((t.count or 1) * t.record.amount for t in terms)
            sums = " + ".join(f"{format_number(t.count or 1)} × {n.money(t.record)}"
                              for t in terms)
            period = per_period(terms[0].record.period)
            lines.append(f"- {n.amount(total, currency)} {period} ({sums})")
        return ("These figures are in different currencies, and I don't convert them or add "
                "one currency to another. The total in each currency:\n" + "\n".join(lines)
                + f"\n\nFigures used:\n{self._lines(worked)}")

    def _lines(self, worked: Worked) -> str:
        """Each figure found, once, with its source and date."""
        n = self.naming
        records = dict.fromkeys(t.record for t in worked.terms)
        return "\n".join(f"- {n.label(r, role=True)}: {n.money_period(r)} ({n.citation(r)})"
                         for r in records)

    def _part_name(self, part: Part) -> str:
        n = self.naming
        role = n.role_name(part.role, plural=True) if part.role else "that role"
        level = f"{n.level_name(part.role, part.level)} " if part.level else ""
        where = f" in {place_phrase(part.location)}" if part.location else ""
        return f"{level}{role}{where}"


def _side(share: float) -> str:
    return "more" if share > 0 else "less"
