"""The parts of the last team a follow-up asks about: what a budget leaves after it (and
whether one more fits), one figure of those shown by its currency, the share of its cost one
level or place takes, and the people at one level or place in a period."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from api.answer.arithmetic import run
from api.answer.compose import Frame
from api.knowledge.domain import Domain
from api.knowledge.phrasings import Cues
from api.knowledge.records import SalaryRecord
from api.understand import numbers
from api.understand.calc import OF_AMOUNT
from api.understand.numbers import Amount, asked_periods
from api.understand.plan import Calc, CalcOp, Part
from api.understand.reading import Reading

BUDGET_WORD = re.compile(r"\bbudget\w*", re.I)
_ALL = re.compile(r"\ball\b(?!\s+(?:of|the|three|four|five|\d))", re.I)  # ("all juniors")
THOSE = re.compile(r"\b(those|these|them|(?:that|the|this|our)(?: same| whole)? team|they)\b",
                   re.I)


def left_after(reading: Reading, last: Calc, parts: Sequence[Part], cues: Cues) -> Calc | None:
    """"How much of the 2M is left after them?", "budget's $900k: what's left after that
    team?": the budget less the people counted (each of a team totalled: "an L3"); with one
    more named after the leftover ("... and would that cover a mid-level hire?"), how many of
    them it leaves room for."""
    text = reading.text
    named = [p for p in parts if not p.shown]
    more = bool(named) and all(p.named() and p.count <= 1 for p in named) \
        and bool(cues.search("leftover", text)) and not (
            cues.search("how_many", text) or cues.search("change", text))
    if not reading.amounts or (named and not more) \
            or not (THOSE.search(text) or cues.search("budget_said", text)) \
            or not cues.search("left", text) or not any(p.count for p in last.parts):
        return None
    team = tuple(replace(p, count=p.count or 1.0) for p in last.parts) \
        if last.op is CalcOp.TOTAL else tuple(p for p in last.parts if p.count)
    extra = tuple(replace(p, count=0.0) for p in named) if more else ()
    # (the amount said last: "how much over the $500k budget is that?" has the total before)
    return Calc(CalcOp.AFFORD, team + extra, months=last.months, budget=reading.amounts[-1])


def in_its_currency(reading: Reading, frame: Frame | None, currency: str,
                    records: Mapping[str, SalaryRecord], cues: Cues) -> Calc | None:
    """"What's the pound figure per week?" after a figure in pounds and one in dollars: the
    one figure shown in the currency named, in the periods asked."""
    per, months = asked_periods(cues, reading.text), numbers.months(reading.analysis.tokens)
    if frame is None or not frame.salary or not currency or not (per or months) \
            or reading.amounts or reading.op or reading.levels or reading.locations \
            or reading.regions:
        return None  # (nor "the priciest euro one, monthly?": one of several)
    mine = [records[i] for i in (frame.focus or frame.records)
            if i in records and records[i].currency == currency] or [
        records[i] for i in dict.fromkeys(reversed(frame.recent))
        if i in records and records[i].currency == currency][:1]  # (one shown a turn back)
    if len(mine) != 1:
        return None
    return Calc(CalcOp.CONVERT, (Part(role=mine[0].role, record=mine[0].id),),
                months=months or 12.0, per=per)


def share_of_the_team(reading: Reading, last: Calc, named: Sequence[Part], domain: Domain,
                      cues: Cues) -> Calc | None:
    """"What percentage of the total goes to the seniors?" after a team's cost: what those
    named among the team cost, as a share of the whole team's cost; naming no one after a
    budget ("what share of the $500k would that use?"), the team's cost as a share of it."""
    team = tuple(p for p in last.parts if p.count) if last.op is CalcOp.AFFORD else last.parts
    budget = last.budget if last.op is CalcOp.AFFORD else None
    if budget is not None and team and not named and cues.search("percent", reading.text) \
            and (BUDGET_WORD.search(reading.text) or budget in reading.amounts[:1]):
        return Calc(CalcOp.PERCENT, tuple(replace(p, count=p.count or 1.0) for p in team),
                    months=last.months, amount=budget, of_amount=True)
    if last.op not in (CalcOp.TOTAL, CalcOp.AVERAGE, CalcOp.AFFORD) or len(team) < 2 \
            or len(named) != 1 or not cues.search("percent", reading.text):
        return None
    mine = _at(team, named[0])
    whole = run(Calc(CalcOp.TOTAL, tuple(replace(p, count=p.count or 1.0) for p in team)),
                domain)
    if len(mine) != 1 or len(mine) == len(team) or not whole.ok or any(
            a.value != whole.value for a in reading.amounts):  # (but "that total": the same)
        return None
    return Calc(CalcOp.PERCENT, (replace(mine[0], count=mine[0].count or 1.0),),
                amount=Amount(whole.value, whole.currency), of_amount=True)


def part_of_the_team(reading: Reading, last: Calc, named: Sequence[Part], cues: Cues
                     ) -> Calc | None:
    """"What's the German part per month?" after a team's cost (the cue `team_part`): the
    people of the team at the level or place named, as many as it has, over the period
    asked."""
    team = tuple(p for p in last.parts if p.count) if last.op is CalcOp.AFFORD else last.parts
    per, months = asked_periods(cues, reading.text), numbers.months(reading.analysis.tokens)
    if last.op not in (CalcOp.TOTAL, CalcOp.AFFORD) or len(team) < 2 or len(named) != 1 \
            or named[0].count or not (per or months) or not cues.search("team_part",
                                                                       reading.text):
        return None
    mine = _at(team, named[0])
    if len(mine) != 1:
        return None
    return Calc(CalcOp.TOTAL, (replace(mine[0], count=mine[0].count or 1.0),),
                months=months or 12.0, per=per)


def _at(team: Sequence[Part], asked: Part) -> list[Part]:
    """The parts of a team at the level, place and role a follow-up names."""
    return [p for p in team if (not asked.level or p.level == asked.level)
            and (not asked.location or p.location == asked.location)
            and (not asked.role or p.role == asked.role)]


def asks_another_number(reading: Reading, calc: Calc) -> bool:
    """Whether a message read as a calculation asks a number that is no money: how long
    ("how many years should that senior have?" after a budget), or how many people are needed
    rather than what they cost ("how many of them per 10 engineers?": no sum)."""
    return reading.quantity == "duration" or (
        reading.quantity == "count" and calc.op is CalcOp.TOTAL and not reading.amounts)


def one_on_top(reading: Reading, last: Calc, named: Sequence[Part], domain: Domain,
               cues: Cues) -> Calc | None:
    """After what a budget affords: the people it afforded and one of the kind named, against
    the budget ("enough for a junior on top?", "covers a jr?": what is left, or short), or all
    of it spent on that kind instead ("ok, all juniors instead")."""
    text = reading.text
    fill = next((p for p in reversed(last.parts) if not p.count), None)
    if last.op is not CalcOp.AFFORD or last.budget is None or len(named) != 1 \
            or named[0].count > 1 or reading.amounts or cues.search("leftover", text):
        return None  # (the leftover alone: `for_the_rest`)
    if _ALL.search(text) and cues.search("change", text) and not named[0].count:
        return replace(last, parts=(replace(named[0], role=named[0].role or last.parts[0].role),))
    if fill is None or not _one_said(reading) or cues.search("change", text) \
            or not (cues.search("afford", text) or cues.search("team_add", text)):
        return None  # (not "how many seniors instead?": the budget filled again)
    counted = tuple(p for p in last.parts if p.count)
    afforded = run(replace(last, parts=(*counted, fill)), domain).afforded
    if not afforded:
        return None
    return replace(last, parts=(*counted, replace(fill, count=float(afforded)),
                                replace(named[0], count=1.0)),
                   per=asked_periods(cues, text) or last.per)


def _one_said(reading: Reading) -> bool:
    """Whether a message names one person of a level or place: "a junior", "one senior"."""
    tokens = reading.analysis.tokens
    return any(at > 0 and tokens[at - 1] in ("a", "an", "one")
               for at, _ in reading.analysis.spans)


def of_the_ask(reading: Reading, frame: Frame | None, cues: Cues) -> Calc | None:
    """"What's that gap as a % of what she's asking?" after an ask checked against one
    figure: the figure against the ask, as a share of the ask (the cue `of_the_ask`, or the
    ask said back after "percent of": "taken as a percent of our $140k")."""
    if frame is None or not frame.salary or len(frame.focus or frame.records) != 1 \
            or not cues.search("percent", reading.text) \
            or not (cues.search("of_the_ask", reading.text)
                    or (reading.amounts and OF_AMOUNT.search(reading.text))):
        return None
    last = Calc.from_dict((frame.calc or {}).get("plan"))  # (an ask checked in per cent)
    asked = [Amount(**a) for a in (frame.ask or {}).get("amounts") or []] or (
        [last.amount] if last is not None and last.op is CalcOp.PERCENT and last.amount
        else [])
    if len(asked) != 1 or any(a.value != asked[0].value for a in reading.amounts):
        return None  # (the same amount said back is no new one)
    record = list(frame.focus or frame.records)[0]
    return Calc(CalcOp.PERCENT, (Part(record=record),), amount=asked[0], of_amount=True,
                more=True)
