"""Calculations in a conversation: one asked on its own ("what do 2 seniors and a junior
cost?"), and the follow-ups that continue the last one ("over three years?", "per month?",
"juniors instead?", "same team in Boston", "and if we hire two of them?", "average of those").

The reading of a calculation is `api.understand.calc`'s; this module only decides, against the
last answer's frame, which calculation a message asks for.
"""

from __future__ import annotations

from dataclasses import replace

from api.answer.compose import Frame
from api.understand import numbers
from api.understand.calc import (
    DIFFERENCE_CUE,
    Calc,
    CalcOp,
    CalcReader,
    Part,
    asked_periods,
)
from api.understand.reading import Reading

# A message this short in a conversation about a calculation changes it ("same team in the
# bay area", "juniors instead?").
FOLLOW_UP_WORDS = 8


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
