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
from api.answer.salaries import PAIRWISE
from api.dialogue.team_changes import (
    ARITHMETIC_CUES,
    OF_THEM,
    TWO_SIDED,
    WHOLE_TEAM,
    against,
    all_as,
    at_the_place,
    besides_the_team,
    by_name,
    each_side,
    for_the_price_of,
    for_the_rest,
    gap_share,
    is_gap,
    of_the_last,
    one_more_afforded,
    op_switched,
    over_its_years,
    portion_added,
    raised,
    same_figure,
    same_sides,
    says_arithmetic,
    sides_changed,
    team_changed,
)
from api.dialogue.team_parts import (
    THOSE,
    in_its_currency,
    left_after,
    of_the_ask,
    one_on_top,
    part_of_the_team,
    share_of_the_team,
)
from api.understand import numbers
from api.understand.calc import FIGURE_SAID, CalcReader
from api.understand.numbers import Amount, asked_periods
from api.understand.plan import Calc, CalcOp, Part
from api.understand.reading import LEVEL_WORDS, Reading, denied_terms, meant_elsewhere

# A message this short in a conversation about a calculation changes it ("same team in the
# bay area", "juniors instead?"), as does a sum (`SUMS`) over a time, of no one named.
FOLLOW_UP_WORDS, SUMS = 8, ("total", "average", "left")
# The cues change, annual and left of knowledge/phrasings.yml change the last calculation
# ("instead", "what if"), ask its yearly figure again ("new annual total") or what is left.
# "With Boston as the base", "as a share of the junior number", "relative to Italy": which of
# the two figures on the table a percentage is taken of.
BASE_CUE = re.compile(r"\bbase\b|\brelative to\b|(?:\b(?:share|proportion|fraction|per ?cent\w*)|%)"
                      r"\s+(?:of|over|above|below|under)\b|\bover the\b", re.I)
SHARE_CUE, THAN = re.compile(r"\bshare\b", re.I), re.compile(r"\bthan\b", re.I)
# "The pricier one", "the cheaper city": one of two figures, named by how it compares.
THE_ONE = re.compile(r"\bthe\s+(\w+(?:[\s-]\w+)?)\s+(?:one|city|place|figure|option)\b", re.I)
HIGHEST, LOWEST = "compare_highest", "compare_lowest"  # the cues asking the top or the bottom


def last_calc(frame: Frame | None) -> Calc | None:
    """The calculation the last answer made, if it made one."""
    return Calc.from_dict((frame.calc or {}).get("plan")) if frame is not None else None


class CalcTurns:
    """Reads calculations against the conversation, for one knowledge base's domain."""

    def __init__(self, reader: CalcReader) -> None:
        self.reader = reader
        self.cues = reader.cues

    def plan(self, reading: Reading, frame: Frame | None) -> Calc | None:
        """The calculation a message asks for, read with the last answer; None if none (nor
        a figure set against itself, a follow-up misread as a comparison)."""
        if frame is not None and frame.kit and frame.records and not frame.salary \
                and asked_periods(self.cues, reading.text):
            # "What's that per hour?" after a job post's pay: its first figure (the level's).
            frame = replace(frame, salary=True, focus=frame.records[:1])
        calc = self._planned(reading, frame)
        if calc is not None and frame is not None and not frame.salary:
            calc = replace(calc, parts=tuple(of_the_last(p, frame) for p in calc.parts))
        return None if calc is None or same_sides(calc) else calc

    def _planned(self, reading: Reading, frame: Frame | None) -> Calc | None:
        role = frame.role if frame is not None else ""
        last = last_calc(frame)
        prior = Calc.from_dict((frame.calc or {}).get("prior")) if frame is not None else None
        if last is not None and not last.parts and prior is not None and prior.parts \
                and (WHOLE_TEAM.search(reading.text) or THOSE.search(reading.text)):
            last = prior  # "what would that team cost over two years?" after "over budget by?"
        budget = last.budget if last is not None and last.op is CalcOp.AFFORD else None
        text = reading.text
        first = self._of_the_table(reading, frame, last, role) or (left_after(
            reading, last, self.reader.parts(reading, role), self.cues) if last else None)
        if first is not None:
            return first
        # "Across the three of them", "the Boston team" (all of it in Boston): the last team.
        whole_team = last is not None and bool(WHOLE_TEAM.search(text)) and all(
            any(same_figure(q, p) and not p.count for q in last.parts)
            for p in besides_the_team(text, self.reader.parts(reading, role), last))
        if last is not None and last.parts and frame and frame.salary and not meant_elsewhere(
                reading) and (whole_team or OF_THEM.search(text) or any(
                    self.cues.search(cue, text) for cue in ("team_add", "team_swap", "team_drop",
                                                            "correction", "per_head"))
                or (self.cues.search("leftover", text) and not reading.amounts)):
            # "Add a junior for the same four years": the team changed, not a new calculation.
            continued = self._continued(reading, last, frame)
            if continued is not None and continued != last:
                return continued
        calc = self.reader.read(reading, role, budget,
                                context=frame is not None and frame.salary)
        if calc is not None and calc.op is CalcOp.CONVERT and last is not None \
                and frame is not None and frame.salary and self.cues.search("difference", text):
            # "so how much more per hour does the senior get" after the junior's hourly
            # figure: the one named against the last, not the one named alone.
            against = self._continued(reading, last, frame)
            if against is not None and against.op is CalcOp.DIFFERENCE:
                if not THAN.search(text):  # the one named is the subject, not "than" it
                    against = replace(against, parts=against.versus, versus=against.parts)
                return against
        if calc is not None:
            done = results_of(frame.calc if frame is not None else None)
            return self._shown_for_roles(gap_share(over_its_years(calc, last, done), frame),
                                         frame)
        named = [p for p in self.reader.parts(reading, role) if not p.shown]
        if reading.op and len(named) >= 2:
            return None  # "mid vs jr diff": a comparison of its own, not the last one changed
        if frame is None or not frame.salary or reading.other_roles or reading.task:
            return None
        if last is not None and reading.amounts and last.op is not CalcOp.AFFORD \
                and not self.cues.search("percent", text) and not asked_periods(self.cues, text) \
                and not numbers.months(reading.analysis.tokens):
            return None  # "is that above the mid-level figure?": an amount checked, not summed
        if meant_elsewhere(reading):  # ("i meant Austin, not Bellevue" too)
            return None  # "and in Switzerland?": a place with no figure, not the team moved
        if last is not None and self.cues.search("change", text):
            # "What if we went all mid-level instead? Same million.": the plan, changed.
            return self._continued(reading, last, frame)
        if last is not None and self._continues_last(reading, role, frame):
            return self._continued(reading, last, frame)
        return self._of_figures_shown(reading, frame, named)

    def _every_level(self, reading: Reading, last: Calc | None, role: str) -> Calc | None:
        """"What's the average across all three levels?" after two of them: every level's."""
        text = reading.text
        if last is None or not LEVEL_WORDS & set(reading.analysis.tokens) or reading.levels \
                or not (self.cues.search("average", text) or self.cues.search("total", text)):
            return None
        every = self.reader.read(reading, role, None, context=True)
        return every if every is not None and len(every.parts) > len(last.parts) else None

    def _continues_last(self, reading: Reading, role: str, frame: Frame | None) -> bool:
        """Whether a short follow-up (or a sum of no one: "over three years, the total?")
        changes the last calculation: it says something a calculation is made of (not
        "weather sf tmrw lol"), does not ask a figure afresh ("what's a junior AI engineer's
        salary?" after a team's total; not "and juniors?") nor one of those shown."""
        shown = frame.records if frame is not None else []
        parts = self.reader.parts(reading, role)
        return (reading.followup or reading.words <= FOLLOW_UP_WORDS or not parts and any(
            self.cues.search(cue, reading.text) for cue in SUMS) and bool(numbers.months(
                reading.analysis.tokens) or asked_periods(self.cues, reading.text))) \
            and says_arithmetic(reading, parts, self.cues) and not self._asks_anew(
                reading, parts) and not (len(shown) > 1 and self._extreme(reading.text, shown))

    def _asks_anew(self, reading: Reading, parts: tuple[Part, ...]) -> bool:
        """Whether a message asks a figure afresh: a role and its pay, nothing that continues."""
        return bool(reading.roles and reading.pay) and not (
            any(p.count or p.shown for p in parts)
            or reading.amounts or reading.op or asked_periods(self.cues, text := reading.text)
            or numbers.months(reading.analysis.tokens)
            or any(self.cues.search(cue, text) for cue in ARITHMETIC_CUES)
            or self.cues.starts("follow_up_start", text))

    def _of_figures_shown(self, reading: Reading, frame: Frame, named: list[Part]
                          ) -> Calc | None:
        """A follow-up over the figures shown, not a calculation: what a budget leaves of them
        ("Budget's 1M: how many of those, and what's left?"), or the figure scaled ("5% above")."""
        text = reading.text
        of_shown = reading.amounts and THOSE.search(text) and self.cues.search("left", text)
        scales = bool(numbers.percents(text)) and not reading.amounts and not named
        return self._on_shown(reading, frame) if reading.followup or of_shown or scales else None

    def _of_the_table(self, reading: Reading, frame: Frame | None, last: Calc | None,
                      role: str) -> Calc | None:
        """What a message asks of the figures and results on the table, before it is read as
        a calculation of its own: the last few figures, a percentage with another base, an
        amount in other periods, the people a budget afforded."""
        text = reading.text
        named = [p for p in self.reader.parts(reading, role) if p.named() and not p.shown]
        on_team = last is not None and frame is not None and frame.salary
        # (the team of the calculation before, after one of its parts: "the German part?")
        team = last if last is None or len(last.parts) > 1 or frame is None else (
            Calc.from_dict((frame.calc or {}).get("prior")) or last)
        found = (share_of_the_team(reading, team, named, self.reader.domain, self.cues)
                 or part_of_the_team(reading, team, named, self.cues)  # "the UK pair, monthly?"
                 if on_team and team else None) or self._every_level(  # "the seniors' share?"
            reading, last, role) or self._recent(reading, frame) or self._rebased(
            reading, frame) or of_the_ask(reading, frame, self.cues) or for_the_price_of(
            reading, self.reader.parts(reading, role), self.reader.domain, self.cues) or each_side(
            reading, last, frame, self.reader.parts(reading, role), asked_periods(self.cues, text))
        if found is None and on_team and last is not None:
            found = raised(reading, last, named, self.cues) or one_more_afforded(
                reading, last, named, self.reader.domain, self.cues) or one_on_top(
                reading, last, named, self.reader.domain, self.cues) or all_as(
                reading, last, named)  # "and a 5th one?", "and with all three mid-level?"
        if found is not None:
            return found
        months, per = numbers.months(reading.analysis.tokens), asked_periods(self.cues, text)
        given = self._amount_in_periods(reading, frame, per) or in_its_currency(
            reading, frame, self.reader.currency_named(text), self.reader.domain.records,
            self.cues)
        if given is not None:
            return given
        if last is not None and frame is not None and last.op is CalcOp.AFFORD \
                and THOSE.search(text) and (months or per):
            # "What would those three juniors cost us per month?": the people it affords.
            return self._afforded(last, frame, self.reader.parts(reading, role), months, per)
        return None

    def _recent(self, reading: Reading, frame: Frame | None) -> Calc | None:
        """"Add all three of those up" after three figures asked one by one: a calculation
        over the figures shown over the last turns, as many as named (not people counted)."""
        found = numbers.FIGURES_NAMED.search(text := reading.text)
        if found is None or frame is None or not frame.salary \
                or (found.group(3) and self.reader.domain.lookup(found.group(3))):
            return None  # (not "both seniors": the ones named)
        count = 2 if found.group(2) else int(numbers.number(found.group(1).lower()) or 0)
        people = sum(p.people for p in last.parts) if (last := last_calc(frame)) else 0
        if not len(frame.focus or frame.records) < count <= len(frame.recent) or people == count:
            return None
        records = self.reader.domain.records
        parts = tuple(Part(role=records[i].role, record=i) for i in frame.recent[-count:]
                      if i in records)
        months = numbers.months(reading.analysis.tokens) or (  # (or the totals' span)
            last.months if last is not None and last.months != 12.0 else None)
        per = asked_periods(self.cues, text)
        op = self.reader.op(text, parts, None, months, per)  # ("those two three-year totals")
        rows = [records[p.record] for p in parts]
        if op is None and (self.cues.search(HIGHEST, text) or self.cues.search(LOWEST, text)):
            if len({(r.currency, r.period) for r in rows}) > 1:
                return None  # (no ranking across currencies; else "which is highest, by how much?")
            top, bottom = (pick(rows, key=lambda r: r.amount) for pick in (max, min))
            return Calc(CalcOp.DIFFERENCE, (Part(role=top.role, record=top.id),),
                        versus=(Part(role=bottom.role, record=bottom.id),))
        if not found.group(2) and count == 2 and op in (None, CalcOp.PERCENT, CalcOp.RATIO):
            return None  # "difference between the two?", "... in percent, France as base?"
        if op is CalcOp.DIFFERENCE:
            return Calc(op, parts[-1:], months=months or 12.0, per=per, versus=parts[:1])
        return Calc(op or CalcOp.TOTAL, parts, per=per, more=bool(self.cues.search("more", text)))

    def _amount_in_periods(self, reading: Reading, frame: Frame | None,
                           per: tuple[str, ...]) -> Calc | None:
        """"What does our $140k work out to per hour?": an amount the asker gives, a year, in
        the periods asked (in the currency of the figures shown when it names none)."""
        named = any(not p.shown for p in self.reader.parts(reading))
        if len(reading.amounts) != 1 or not per or self.cues.search("percent", reading.text) \
                or (named and (reading.op or FIGURE_SAID.search(reading.text))):
            return None  # (a place said of the offer: "$160,000 in New York, monthly?")
        amount = reading.amounts[0]
        if not amount.currency and frame is not None:
            records = self.reader.domain.records
            shown = {records[i].currency for i in frame.records if i in records}
            amount = Amount(amount.value, shown.pop()) if len(shown) == 1 else amount
        return Calc(CalcOp.CONVERT, (), per=per, amount=amount)

    def _rebased(self, reading: Reading, frame: Frame | None) -> Calc | None:
        """"And with Bellevue as the base?", "that difference as a percentage?" after two
        figures set against each other: the gap as a percentage of the one named (or lower)."""
        text, last = reading.text, last_calc(frame)
        if frame is None or not frame.salary or asked_periods(self.cues, text):
            return None  # (not "hourly equiv of the sr base": a base salary, per hour)
        gap = len(reading.amounts) == 1 and is_gap(reading.amounts[0], frame)
        if (reading.amounts and not gap) or not (BASE_CUE.search(text) or gap) \
                or not (self.cues.search("percent", text) or SHARE_CUE.search(text)
                        or (last is not None and last.op is CalcOp.PERCENT)):
            return None
        records = self.reader.domain.records
        shown = [records[i] for i in (frame.focus or frame.records) if i in records]
        if len(shown) != 2 and last is not None and len(last.parts) == 2:
            shown = [records[p.record] for p in last.parts if p.record in records]
        if len(shown) != 2:  # (after a ranking: its two figures in one currency, if two)
            rows = [records[i] for i in frame.records if i in records]
            kinds = [(r.currency, r.period, bool(r.location)) for r in rows]
            shown = [r for r, k in zip(rows, kinds, strict=True) if kinds.count(k) == 2]
        if len(shown) != 2 or len({(r.currency, r.period) for r in shown}) > 1:
            return None
        named = [p for p in self.reader.parts(reading, frame.role) if not p.shown]
        roles = len({r.role for r in shown}) > 1
        bases = [r for r in shown if len(named) == 1 and (named[0].level or named[0].location
                                                           or roles)
                 and (not named[0].level or r.level == named[0].level)
                 and (not named[0].location or named[0].location in (r.location, r.region))
                 and (not roles or r.role == named[0].role)]
        if not bases and not named and reading.sources:  # "as a % of the BLS figure?"
            bases = [r for r in shown if r.source in reading.sources]
        if len(bases) != 1 and not (gap and not named):
            return None
        base = bases[0] if len(bases) == 1 else min(shown, key=lambda r: r.amount)
        other = next(r for r in shown if r is not base)
        return Calc(CalcOp.PERCENT, (Part(role=other.role, record=other.id),
                                     Part(role=base.role, record=base.id)), more=True)

    def _shown_for_roles(self, calc: Calc, frame: Frame | None) -> Calc:
        """A calculation whose parts name only a role, each the one figure of that role on the
        table ("how much less is the vision guy, as a % of the AI engineer's pay?" after a
        mid-level of each): that figure, not the role's first."""
        if frame is None or not frame.salary:
            return calc
        records = self.reader.domain.records
        shown = [records[i] for i in (frame.focus or frame.records) if i in records]

        def bound(part: Part) -> Part:
            if part.level or part.location or part.record or part.shown:
                return part
            mine = [r.id for r in shown if r.role == part.role]
            return replace(part, record=mine[0]) if len(mine) == 1 else part

        return replace(calc, parts=tuple(bound(p) for p in calc.parts),
                       versus=tuple(bound(p) for p in calc.versus))

    def _continued(self, reading: Reading, last: Calc, frame: Frame) -> Calc | None:
        """The last calculation with what the follow-up changes: its duration, its period, its
        people, or the budget's filler."""
        tokens = reading.analysis.tokens
        months = numbers.months(tokens)
        per = asked_periods(self.cues, reading.text)
        parts = besides_the_team(reading.text, self.reader.parts(reading, frame.role), last)
        prior, text = Calc.from_dict((frame.calc or {}).get("prior")), reading.text
        denied = denied_terms(reading)  # ("Boston instead of NY": New York is no new side)
        named = [p for p in parts if not (p.shown or p.location in denied or p.level in denied)]
        versus = (self.cues.search("difference", text) or self.cues.search("compare", text)) \
            and last.op in (CalcOp.TOTAL, CalcOp.CONVERT) and not any(p.count for p in parts)
        found = sides_changed(text, last, named, self.cues) or portion_added(
            text, last, named, per, self.cues) or op_switched(
            text, last, named, per, self.cues, months) or for_the_rest(
            reading, last, results_of(frame.calc), named, self.cues)
        if found is not None:
            return found
        if last.op in TWO_SIDED and per and not months and len(named) == 1:
            # "Hourly equiv of the sr base" after a comparison: that one figure, per hour.
            return Calc(CalcOp.CONVERT, (replace(named[0], count=0.0),), per=per)
        if last.op is CalcOp.PERCENT and len(last.parts) == 2 and not named \
                and (reading.convert or months or per):
            # "And in dollars?", "over four years, how much extra is that?" after "how much
            # more, in percent?": the same two, in money (over that time, or per period).
            return Calc(CalcOp.DIFFERENCE, last.parts[:1], versus=last.parts[1:],
                        months=months or 12.0, per=per)
        if versus and len(named) == 1 and len(last.parts) == 1 \
                and not same_figure(last.parts[0], named[0]):
            # "How much more is that per year than France?": the figure against the one named
            # (as many people of it as the last calculation counted).
            return against(text, replace(last, months=months or 12.0), (replace(
                named[0], count=last.parts[0].count),), per, self.cues, self.reader.two_sides)
        if versus and prior is not None:  # "So going to the other place saves how much?"
            return against(text, last, prior.parts, per, self.cues, self.reader.two_sides)
        if last.op is CalcOp.AFFORD and (months or per) and (THOSE.search(text) or parts):
            # "Those 3 over 2 years": the people the budget affords, over that time.
            return self._afforded(last, frame, parts, months, per)
        if last.op is CalcOp.AFFORD and self.cues.search("left", text) and not named \
                and not reading.amounts:
            return last  # "and how much is left over after hiring them?": said again
        changed = at_the_place(team_changed(reading, by_name(last, self.reader.domain.records)
                                            if denied else last, parts, self.cues),
                               parts, self.reader.domain)  # ("same in Boston")
        if reading.amounts and last.op is CalcOp.AFFORD:
            changed = replace(changed, budget=reading.amounts[0])
        if months:
            changed = replace(changed, months=months, per=())
        if per:
            # "Per month?": the rate in that period, whatever the duration before.
            changed = replace(changed, per=per, months=12.0)
        elif self.cues.search("annual", text) and not months:
            changed = replace(changed, months=12.0, per=())  # "new annual total"
        if changed == last:
            # "monthly?" when it was monthly already: said again; else of the figures shown
            return last if per and per == last.per else self._on_shown(reading, frame)
        return changed

    @staticmethod
    def _afforded(last: Calc, frame: Frame, parts: tuple[Part, ...], months: float | None,
                  per: tuple[str, ...]) -> Calc:
        """The team a budget paid for: the people counted, and as many of the filler as it
        afforded (or as the message says)."""
        fill = next((p for p in reversed(last.parts) if not p.count), None)
        said = {p: next((q.count for q in last.parts if q.count and same_figure(q, p)), 0.0)
                for p in parts if p.named() and not p.shown}  # "those 3 seniors over 3 years"
        if said and all(said.values()):  # the ones counted, alone
            team = tuple(replace(p, count=p.count or n) for p, n in said.items())
            return Calc(CalcOp.TOTAL, team, months=months or 12.0, per=per)
        if fill is None:  # everyone counted ("that same team over three years")
            return Calc(CalcOp.TOTAL, last.parts, months=months or 12.0, per=per)
        count = next((p.count for p in parts if p.count), 0.0) or float(
            (frame.calc or {}).get("afforded", 0) or 0)
        team = tuple(p for p in last.parts if p.count) + (replace(fill, count=count),)
        return Calc(CalcOp.TOTAL, team, months=months or 12.0, per=per)

    def _on_shown(self, reading: Reading, frame: Frame) -> Calc | None:
        """A calculation over the figures on the table ("average of those two", "the ratio?",
        "per month?", "what would 3 of them cost?")."""
        shown = frame.focus or frame.records
        extreme = self._extreme(reading.text, frame.records) if len(frame.records) > 1 else ""
        if extreme:
            shown = [extreme]  # "the most expensive euro one, per month?": of all shown
        if not shown:
            return None
        if reading.amounts and self.cues.search("percent", reading.text):
            # "That gap as a percentage of the lowest city's figure": against one of them.
            base = self._one_of(reading.text, shown)
            return Calc(CalcOp.PERCENT, (Part(role=frame.role, record=base),),
                        amount=reading.amounts[0],
                        more=bool(self.cues.search("more", reading.text))) if base else None
        tokens = reading.analysis.tokens
        counted = [p.count for p in self.reader.parts(reading, frame.role) if p.shown]
        bare = numbers.counts(tokens)
        if not counted and len(bare) == 1 and len(shown) == 1 \
                and self.cues.search("correction", reading.text):
            counted = [bare[0].value]  # "actually, make that four" after one figure
        records = self.reader.domain.records
        parts = tuple(Part(count=counted[0] if counted else 0.0,
                           role=records[i].role if i in records else frame.role, record=i)
                      for i in shown)
        scaled = self.reader.scaled(reading, parts) if len(parts) == 1 else None
        if scaled is not None:  # "5% above the market figure": the one shown, scaled
            return scaled
        months = numbers.months(tokens)
        per = asked_periods(self.cues, reading.text)
        budget = reading.amounts[0] if reading.amounts else None
        op = self.reader.op(reading.text, parts, budget, months, per, ranks=bool(reading.op))
        named = [p for p in self.reader.parts(reading, frame.role) if p.named() and not p.shown
                 and p.record not in shown]
        if len(parts) == 1 and len(named) == 1 and self.reader.op(
                reading.text, (*parts, named[0]), None, months, per) in TWO_SIDED:
            # "Express it as a percentage above the BLS median": the figure shown against the
            # one named.
            parts = (*parts, named[0])
            op = self.reader.op(reading.text, parts, None, months, per)
        if op is None and (per or months) and len(parts) == 2 \
                and (frame.ask or {}).get("op") in PAIRWISE:
            # "Per month" after "Germany vs Italy": the same comparison, in that period.
            return Calc(CalcOp.DIFFERENCE, parts[:1], months=months or 12.0, per=per,
                        versus=parts[1:])
        if op is None:
            return None
        compared = (frame.ask or {}).get("op") in PAIRWISE and not SHARE_CUE.search(reading.text)
        said = self.cues.search("more", reading.text) or self.cues.search("less", reading.text)
        if compared and op is CalcOp.PERCENT and len(parts) == 2 and not said:
            # "As a percentage?" after two figures compared: the gap on the lower figure (the
            # answer gives it on the higher too).
            parts = tuple(sorted(parts, key=lambda p: -records[p.record].amount
                                 if p.record in records else 0.0))
        return Calc(op, parts, months=months or 12.0, per=per,
                    budget=budget if op is CalcOp.AFFORD else None,
                    more=self.reader.more_asked(reading.text, op, compared))

    def _extreme(self, text: str, shown: list[str]) -> str:
        """The highest or lowest of the figures shown that a message asks of, in the currency
        it names if it names one ("the most expensive euro one"); '' if it asks of none."""
        if not (self.cues.search(LOWEST, text) or self.cues.search(HIGHEST, text)
                or self._of_two(text)):
            return ""
        currency = self.reader.currency_named(text)
        records = self.reader.domain.records
        return self._one_of(text, [i for i in shown if i in records
                                   and (not currency or records[i].currency == currency)])

    def _one_of(self, text: str, shown: list[str]) -> str:
        """The figure shown that a message means: the only one, or the lowest or highest."""
        rows = [self.reader.domain.records[i] for i in shown if i in self.reader.domain.records]
        if len(rows) == 1:
            return rows[0].id
        if len({(r.currency, r.period) for r in rows}) != 1:
            return ""
        of_two = self._of_two(text) if len(rows) == 2 else ""
        if self.cues.search(LOWEST, text) or of_two == "compare_lower":
            return min(rows, key=lambda r: r.amount).id
        if self.cues.search(HIGHEST, text) or of_two == "compare_higher":
            return max(rows, key=lambda r: r.amount).id
        return ""

    def _of_two(self, text: str) -> str:
        """'compare_higher' or 'compare_lower' when a message names one of two figures by how
        it compares ("the pricier one, per hour", "the cheaper city"), else ''."""
        named = THE_ONE.search(text)
        return next((cue for cue in ("compare_higher", "compare_lower")
                     if named and self.cues.search(cue, named.group(1))), "")

