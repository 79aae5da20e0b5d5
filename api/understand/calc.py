"""Reading an arithmetic question over salary figures into a typed plan (`Calc`): a team's
total ("2 seniors and a junior"), an average, what a budget affords and what is left, one
figure as a percentage of another, a ratio, and a figure over a duration or in a smaller period
("over three years", "per month").

What is counted (a level, a place, a role) is read against the domain from the lexicon's
terms, so it works for any ladder and places the content holds; the cues here are plain English
about arithmetic. Running the plan over the records is `api.answer.arithmetic`'s.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, replace
from enum import StrEnum
from typing import Any

from api.knowledge.domain import Domain
from api.understand import numbers
from api.understand.numbers import Amount
from api.understand.reading import Reading

# What makes a question about figures an arithmetic one, by operation (most specific first).
PERCENT_CUE = re.compile(r"%|\b(per ?cent(age)?|pct|proportion)\b", re.I)
RATIO_CUE = re.compile(
    r"\b(ratio|times (as|more|bigger|higher)|how many times|x as much|twice|double|half as)\b",
    re.I)
AVERAGE_CUE = re.compile(r"\b(average|averaged|avg|mean|midpoint)\b", re.I)
AFFORD_CUE = re.compile(
    r"\b(how many|afford|left|leftover|left over|remain\w*|rest|fill|spare|stretch|buy|covers?"
    r"|budget)\b", re.I)
TOTAL_CUE = re.compile(
    r"\+|\b(total|totals|altogether|all together|combined|in all|sum|whole team|payroll|"
    r"for all of them|add up|adds up|plus)\b", re.I)
# A question that ranks figures asks which, not how much in all ("the priciest overall").
RANKS = ("highest", "lowest", "rank")
DIFFERENCE_CUE = re.compile(
    r"\b(difference|diff|gap|saves?|saving|savings|how much (more|less|cheaper|extra)|"
    r"cheaper by|more expensive by)\b", re.I)
MORE_CUE = re.compile(r"\b(more|less|higher|lower|premium|above|below|bigger|smaller|extra|"
                      r"increase|jump|raise|over|under|cheaper|pricier)\b", re.I)
# Words between a count and what it counts ("3 more seniors", "two people in the UK").
_BETWEEN = frozenset(
    "more extra new additional other x of the people persons person hires heads folks staff "
    "in at from based".split())
_COUNTED = ("level", "role", "location", "region")
# Nouns after a place that make a count before it a count of places ("the four US cities").
_PLACE_NOUNS = frozenset(
    "city cities place places location locations market markets metro metros state states "
    "country countries office offices hub hubs region regions".split())
# "Two of them", "both of those": a count of the figures already shown.
THEM = frozenset("them those these both".split())


# The periods a yearly figure may be asked in (a content conversion must exist for each).
SMALLER = ("month", "hour")


def asked_periods(text: str) -> tuple[str, ...]:
    """The smaller periods a message asks a figure in ('per month and per hour')."""
    return tuple(p for p in numbers.periods(text) if p in SMALLER)


class CalcOp(StrEnum):
    """What a calculation works out."""

    TOTAL = "total"  # the sum of count x figure over the parts (a team's cost)
    AVERAGE = "average"  # the mean of the parts' figures
    AFFORD = "afford"  # how many people of one figure a budget pays for, and what is left
    PERCENT = "percent"  # one figure as a share of another, or how much more in per cent
    RATIO = "ratio"  # one figure over another
    CONVERT = "convert"  # one figure over a duration, or in a smaller period
    DIFFERENCE = "difference"  # one side's cost less the other's ("versus")


@dataclass(frozen=True)
class Part:
    """So many people at one figure, asked by role, level and place, or a figure already shown
    (`record`; `shown`: the figures on the table, "two of them")."""

    count: float = 0.0  # 0: not said (one, or as many as a budget affords)
    role: str = ""
    level: str = ""
    location: str = ""  # a location or a region of the tables
    record: str = ""
    shown: bool = False

    @property
    def people(self) -> float:
        return self.count or 1.0

    def named(self) -> bool:
        return bool(self.level or self.location or self.record or self.shown)


@dataclass(frozen=True)
class Calc:
    """An arithmetic question over figures: the plan `api.answer.arithmetic` runs."""

    op: CalcOp
    parts: tuple[Part, ...] = ()
    months: float = 12.0  # how long the cost runs (a year unless said)
    per: tuple[str, ...] = ()  # the periods the result is asked in ("month", "hour")
    budget: Amount | None = None  # AFFORD: the money to spend
    more: bool = False  # PERCENT: how much more or less, rather than what share
    versus: tuple[Part, ...] = ()  # DIFFERENCE: the other side, set against `parts`
    amount: Amount | None = None  # PERCENT: an amount set against the one figure of `parts`

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Calc | None:
        if not data:
            return None
        budget, amount = data.get("budget"), data.get("amount")
        return cls(op=CalcOp(data["op"]), parts=tuple(Part(**p) for p in data.get("parts", ())),
                   months=float(data.get("months", 12.0)), per=tuple(data.get("per", ())),
                   budget=Amount(**budget) if budget else None, more=bool(data.get("more")),
                   versus=tuple(Part(**p) for p in data.get("versus", ())),
                   amount=Amount(**amount) if amount else None)


class CalcReader:
    """Reads calculations in messages, against one domain."""

    def __init__(self, domain: Domain, currency_words: dict[str, str]) -> None:
        self.domain = domain
        self.currency_words = currency_words

    def read(self, reading: Reading, role: str = "", budget: Amount | None = None, *,
             context: bool = False) -> Calc | None:
        """The calculation a message asks for, or None. `role`: the conversation's role, for
        parts that name none; `budget`: the conversation's, when the message states none;
        `context`: the conversation is about figures (else the message must ask about pay)."""
        if not (reading.pay or context or reading.amounts) or reading.other_roles \
                or reading.task:
            return None
        text = reading.text
        parts = self.parts(reading, role)
        if PERCENT_CUE.search(text) and reading.amounts and len(parts) == 1:
            # "What percentage of a senior's salary is $20,000?": the amount against the figure.
            return Calc(CalcOp.PERCENT, parts, amount=reading.amounts[0],
                        more=bool(MORE_CUE.search(text)))
        months = numbers.months(reading.analysis.tokens)
        per = asked_periods(text)
        budget = next(iter(reading.amounts), None) or budget
        op = self.op(text, parts, budget, months, per, ranks=reading.op in RANKS)
        if op is None:
            return None
        if op is CalcOp.DIFFERENCE:
            return Calc(op, parts[:1], months=months or 12.0, per=per, versus=parts[-1:])
        return Calc(op, parts, months=months or 12.0, per=per, budget=budget,
                    more=bool(MORE_CUE.search(text)))

    def op(self, text: str, parts: tuple[Part, ...], budget: Amount | None = None,
           months: float | None = None, per: tuple[str, ...] = (), *, ranks: bool = False
           ) -> CalcOp | None:
        """The operation a message asks of its parts, or None when it asks none (`ranks`: the
        message asks which figure is highest or lowest, not a sum)."""
        figures = len(parts) + sum(p.location in self._regions for p in parts)
        people = sum(p.people for p in parts)
        counted = any(p.count > 1 for p in parts)
        if PERCENT_CUE.search(text) and figures >= 2:
            return CalcOp.PERCENT
        if RATIO_CUE.search(text) and figures >= 2:
            return CalcOp.RATIO
        if AVERAGE_CUE.search(text) and figures >= 2:
            return CalcOp.AVERAGE
        if budget is not None and AFFORD_CUE.search(text) and parts:
            return CalcOp.AFFORD
        if len(parts) == 2 and DIFFERENCE_CUE.search(text) and (counted or months or per):
            return CalcOp.DIFFERENCE  # plain differences are the salary answer's
        if parts and ((people >= 2 and counted)
                      or (len(parts) >= 2 and TOTAL_CUE.search(text) and not ranks)):
            return CalcOp.TOTAL
        if len(parts) == 1 and ((months and months != 12) or per):
            return CalcOp.CONVERT
        return None

    @property
    def _regions(self) -> frozenset[str]:
        return frozenset(self.domain.regions)

    def parts(self, reading: Reading, role: str = "") -> tuple[Part, ...]:
        """Who is counted, in the order said: a count starts a part, and each level, place or
        role joins the part being read unless it already has one of that kind ("2 senior AI
        engineers in Boston and a junior": two parts). A place said once for several parts
        holds for all of them."""
        tokens = reading.analysis.tokens
        events: list[tuple[int, str, str, float]] = []
        for at, term in reading.analysis.spans:
            slots: set[str] = set()
            for t in self.domain.lookup(term):
                slot = t.kind if t.kind in ("level", "role") else "location"
                if t.kind in _COUNTED and slot not in slots:  # "US": a place once, not twice
                    slots.add(slot)
                    events.append((at, t.kind, t.id, 0.0))
        at_places = {at for at, kind, *_ in events if kind in ("location", "region")}
        events += self._counts(tokens, {at for at, *_ in events}, at_places)
        parts: list[Part] = []
        current: Part | None = None
        for _, kind, ident, value in sorted(events, key=lambda e: (e[0], e[1] != "count")):
            if kind == "count" or kind == "shown":
                if current is not None:
                    parts.append(current)
                current = Part(count=value, shown=kind == "shown")
                continue
            slot = kind if kind in ("level", "role") else "location"
            if current is None or getattr(current, slot) or current.shown:
                if current is not None:
                    parts.append(current)
                current = Part()
            current = _with(current, slot, ident)
        if current is not None:
            parts.append(current)
        parts = _role_joins_next(parts)
        default = reading.roles[0] if reading.roles else role
        places = {p.location for p in parts if p.location}
        shared = next(iter(places)) if len(places) == 1 and len(parts) > 1 else ""
        return tuple(replace(p, role=p.role or default,
                             location=p.location or (shared if not p.shown else ""))
                     for p in parts if p.named() or p.role)

    def _counts(self, tokens: tuple[str, ...], terms: set[int], places: set[int]
                ) -> list[tuple[int, str, str, float]]:
        """The counts of people: a number shortly before a level, role or place (not one
        before a place and a word for places, "the four US cities"), or before "them" (the
        figures shown)."""
        found = []
        for count in numbers.counts(tokens, self.currency_words):
            at = count.at
            while at < len(tokens) and at - count.at < 4 and tokens[at] in _BETWEEN \
                    and at not in terms:
                at += 1
            if at < len(tokens) and tokens[at] in THEM:
                found.append((count.at, "shown", "", count.value))
            elif at in terms and not (at in places and at + 1 < len(tokens)
                                      and tokens[at + 1] in _PLACE_NOUNS):
                found.append((count.at, "count", "", count.value))
        return found


def _role_joins_next(parts: list[Part]) -> list[Part]:
    """A part that only names a role, before one that names no role, is what that one counts
    ("the average AI engineer salary across four US cities": one part)."""
    out: list[Part] = []
    for part in parts:
        last = out[-1] if out else None
        if last is not None and last.role and not last.named() and not last.count \
                and not part.role:
            out[-1] = replace(part, role=last.role)
        else:
            out.append(part)
    return out


def _with(part: Part, slot: str, ident: str) -> Part:
    """The part with its level, role or location set."""
    if slot == "level":
        return replace(part, level=ident)
    if slot == "role":
        return replace(part, role=ident)
    return replace(part, location=ident)
