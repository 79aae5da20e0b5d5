"""Calculations in a conversation: one asked on its own ("what do 2 seniors and a junior
cost?"), and the follow-ups that continue the last one ("over three years?", "per month?",
"juniors instead?", "same team in Boston", "and if we hire two of them?", "average of those").

The reading of a calculation is `api.understand.calc`'s; this module only decides, against the
last answer's frame, which calculation a message asks for.
"""

from __future__ import annotations

import re
from dataclasses import replace

from api.answer.compose import Frame
from api.answer.results import results_of
from api.understand import numbers
from api.understand.calc import (
    DIFFERENCE_CUE,
    MORE_CUE,
    PERCENT_CUE,
    Calc,
    CalcOp,
    CalcReader,
    Part,
    asked_periods,
)
from api.understand.numbers import Amount
from api.understand.reading import Reading

# A message this short in a conversation about a calculation changes it ("same team in the
# bay area", "juniors instead?").
FOLLOW_UP_WORDS = 8
LOWEST = re.compile(r"\b(?:lowest|smallest|cheapest|least|bottom|minimum|min)\b", re.I)
HIGHEST = re.compile(r"\b(?:highest|biggest|largest|priciest|dearest|most|top|maximum|max)\b",
                     re.I)


def last_calc(frame: Frame | None) -> Calc | None:
    """The calculation the last answer made, if it made one."""
    return Calc.from_dict((frame.calc or {}).get("plan")) if frame is not None else None


class CalcTurns:
    """Reads calculations against the conversation, for one knowledge base's domain."""

    def __init__(self, reader: CalcReader) -> None:
        self.reader = reader

    def plan(self, reading: Reading, frame: Frame | None) -> Calc | None:
        """The calculation a message asks for, read with the last answer; None if none."""
        role = frame.role if frame is not None else ""
        last = last_calc(frame)
        budget = last.budget if last is not None and last.op is CalcOp.AFFORD else None
        calc = self.reader.read(reading, role, budget,
                                context=frame is not None and frame.salary)
        if calc is not None:
            return calc
        if frame is None or not frame.salary or reading.other_roles or reading.task:
            return None
        if last is not None and reading.amounts and last.op is not CalcOp.AFFORD \
                and not PERCENT_CUE.search(reading.text):
            return None  # "is that above the mid-level figure?": an amount checked, not summed
        if last is not None and (reading.followup or reading.words <= FOLLOW_UP_WORDS):
            return self._continued(reading, last, frame)
        return self._on_shown(reading, frame) if reading.followup else None

    def _continued(self, reading: Reading, last: Calc, frame: Frame) -> Calc | None:
        """The last calculation with what the follow-up changes: its duration, its period, its
        people, or the budget's filler."""
        tokens = reading.analysis.tokens
        months = numbers.months(tokens)
        per = asked_periods(reading.text)
        parts = self.reader.parts(reading, frame.role)
        prior = Calc.from_dict((frame.calc or {}).get("prior"))
        if prior is not None and DIFFERENCE_CUE.search(reading.text) \
                and last.op in (CalcOp.TOTAL, CalcOp.CONVERT) \
                and not any(p.count for p in parts):
            # "So going to the other place saves how much?": this calculation less the last.
            return Calc(CalcOp.DIFFERENCE, last.parts, months=last.months,
                        per=asked_periods(reading.text), versus=prior.parts)
        changed = _changed(last, parts) if parts else last
        if reading.amounts and last.op is CalcOp.AFFORD:
            changed = replace(changed, budget=reading.amounts[0])
        if months:
            changed = replace(changed, months=months, per=())
        if per:
            # "Per month?": the rate in that period, whatever the duration before.
            changed = replace(changed, per=per, months=12.0)
        if changed == last:
            return self._on_shown(reading, frame)
        return changed

    def _on_shown(self, reading: Reading, frame: Frame) -> Calc | None:
        """A calculation over the figures on the table ("average of those two", "the ratio?",
        "per month?", "what would 3 of them cost?")."""
        shown = frame.focus or frame.records
        if not shown:
            return None
        if reading.amounts and PERCENT_CUE.search(reading.text):
            # "That gap as a percentage of the lowest city's figure": against one of them.
            base = self._one_of(reading.text, shown)
            return Calc(CalcOp.PERCENT, (Part(role=frame.role, record=base),),
                        amount=reading.amounts[0], more=bool(MORE_CUE.search(reading.text))) \
                if base else None
        tokens = reading.analysis.tokens
        counted = [p for p in self.reader.parts(reading, frame.role) if p.shown]
        parts = tuple(Part(count=counted[0].count if counted else 0.0, role=frame.role,
                           record=i) for i in shown)
        months = numbers.months(tokens)
        per = asked_periods(reading.text)
        op = self.reader.op(reading.text, parts, None, months, per, ranks=bool(reading.op))
        if op is None:
            return None
        return Calc(op, parts, months=months or 12.0, per=per, budget=None)


    def _one_of(self, text: str, shown: list[str]) -> str:
        """The figure shown that a message means: the only one, or the lowest or highest."""
        rows = [self.reader.domain.records[i] for i in shown if i in self.reader.domain.records]
        if len(rows) == 1:
            return rows[0].id
        if len({(r.currency, r.period) for r in rows}) != 1:
            return ""
        if LOWEST.search(text):
            return min(rows, key=lambda r: r.amount).id
        if HIGHEST.search(text):
            return max(rows, key=lambda r: r.amount).id
        return ""


def _changed(last: Calc, parts: tuple[Part, ...]) -> Calc:
    """The last calculation with the people a follow-up names: new counts replace the team; a
    level or a place alone changes it in every part (the one a budget fills, if any)."""
    if any(p.count for p in parts) and not any(p.shown for p in parts):
        return replace(last, parts=parts)
    new = parts[0]
    targets = [i for i, p in enumerate(last.parts) if not p.count] \
        if last.op is CalcOp.AFFORD else list(range(len(last.parts)))
    updated = list(last.parts)
    for i in targets or range(len(updated)):
        part = updated[i]
        updated[i] = replace(part, level=new.level or part.level,
                             location=new.location or part.location,
                             role=new.role or part.role, record="")
    return replace(last, parts=tuple(updated))


# An amount the conversation worked out, referred to ("that gap", "that same yearly budget", "is
# that above the mid-level figure?").
RESULT_NOUN = re.compile(
    r"\b(?:that|this|the same|same|those)\s+(?:(?:same|yearly|annual|monthly|total|team|whole|"
    r"overall)\s+){0,2}(gap|difference|total|budget|amount|sum|average|result|spend|payroll)\b",
    re.I)
RESULT_COMPARED = re.compile(
    r"^\s*(?:(?:so|and|ok|okay|hmm)[\s,]+)?(?:is|was|would|does|will)\s+(?:that|this|it)\b"
    r"(?=.{0,40}\b(?:above|below|more|less|higher|lower|over|under|enough|within)\b)", re.I)
# A budget or a total is a sum: the last total kept, rather than the last amount.
SUMS = frozenset({"budget", "total", "spend", "payroll"})


def with_result(reading: Reading, frame: Frame | None) -> Reading:
    """The message with the amount it refers to as its own, when it refers to one the
    conversation worked out and states none."""
    results = results_of(frame.calc) if frame is not None else []
    if not results or reading.amounts:
        return reading
    noun = RESULT_NOUN.search(reading.text)
    if noun is None and not (RESULT_COMPARED.search(reading.text) and last_calc(frame)):
        return reading  # after figures, "is that more than ...?" is about the figure shown
    chosen = results[0]
    if noun is not None and noun.group(1).lower() in SUMS:
        chosen = next((r for r in results if r.what == CalcOp.TOTAL), chosen)
    return replace(reading, amounts=(Amount(chosen.value, chosen.currency),))
