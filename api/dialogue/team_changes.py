"""How a follow-up changes the team of the last calculation: people added ("and a junior"),
swapped ("swap one of the juniors for a mid"), counted again ("3 not 2"), a level, place or
role changed ("same team in Boston"), or the two sides of a comparison named again or turned
round ("the other way round")."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from api.answer.arithmetic import run
from api.answer.compose import Frame
from api.answer.results import Result, results_of
from api.knowledge.domain import Domain
from api.knowledge.phrasings import Cues
from api.knowledge.records import SalaryRecord
from api.text.words import tokenize
from api.understand import numbers
from api.understand.numbers import Amount, asked_periods
from api.understand.plan import Calc, CalcOp, Part
from api.understand.reading import Reading, denied_terms

# Words that change the team (cues team_add, team_join, team_swap, correction of phrasings.yml).
# "One of the two is senior", "two of them are in Boston", "make one of the four a senior":
# some of the team, changed.
OF_THEM = re.compile(r"\b(one|two|three|four|five|\d+)\s+of\s+(?:the|them|those|these)\b"
                     r"(?:\s+\w+)?\s+(?:is|are|be|becomes?|were|was)\b|"
                     r"\bmak(?:e|ing)\s+(one|two|three|four|five|\d+)\s+of\s+"
                     r"(?:the|them|those|these)\b(?:\s+\w+)?\s+an?\b", re.I)
# A count said again without who it counts: "3 not 2", "make it four".
_COUNT = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten)"
RECOUNT = re.compile(rf"\b{_COUNT}(?:\s+of\s+(?:them|those|these))?\s*,?\s*not\s+{_COUNT}\b|"
                     rf"\bmake\s+(?:it|that)\s+{_COUNT}"
                     rf"()\s*(?:[?.!]|$)", re.I)


def _added(last: Calc, parts: list[Part]) -> Calc:
    """The last team with more people ("add a junior"): a part like one it has adds to it."""
    team = list(last.parts)
    for new in parts:
        count = new.count or 1.0
        same = next((i for i, p in enumerate(team) if same_figure(p, new)), None)
        if same is None:
            team.append(replace(new, count=count, role=new.role or (team[0].role if team
                                                                    else "")))
        else:
            team[same] = replace(team[same], count=team[same].people + count)
    return replace(last, parts=tuple(team))


def _swapped(last: Calc, out: Part, into: Part) -> Calc:
    """The last team with people of one kind swapped for another ("swap one of the juniors for
    a mid"): as many as said (one unless a count is given)."""
    count = out.count or into.count or 1.0
    team = list(last.parts)
    i = next((i for i, p in enumerate(team) if same_figure(p, out)), None)
    if i is None:
        return last
    left = team[i].people - count
    if left > 0:
        team[i] = replace(team[i], count=left)
    else:
        del team[i]
    return _added(replace(last, parts=tuple(team)), [replace(into, count=count)])


def team_changed(reading: Reading, last: Calc, parts: tuple[Part, ...], cues: Cues) -> Calc:
    """The last calculation's people as a follow-up changes them: some swapped for others,
    a count corrected, people added, or a level, place or role changed."""
    text, named = reading.text, [p for p in parts if not p.shown]
    of = OF_THEM.search(text)
    if cues.search("team_swap", text) and len(named) >= 2:
        return _swapped(last, named[0], named[1])
    if of and len(named) == 1 and len(last.parts) == 1:
        # "One of the two is senior": that many of the team, of the kind named instead.
        said = of.group(1) or of.group(2)
        count = numbers.NUMBER_WORDS.get(said.lower()) or float(said)
        return _swapped(last, replace(last.parts[0], count=count), replace(named[0], count=0.0))
    recount = RECOUNT.search(text)
    if recount and not [p for p in named if p.named() or p.role]:  # (bare counts: "4, not 5")
        # "No wait, 3 not 2", "make it four": the count of the one counted (or of the
        # count said wrong), the rest kept.
        said, wrong, made = recount.group(1, 2, 3)
        new = numbers.number((said or made).lower())
        old = numbers.number(wrong.lower()) if wrong else None
        counted = [i for i, p in enumerate(last.parts) if p.count and (old is None
                                                                      or p.count == old)]
        if new and len(counted) == 1:
            team = list(last.parts)
            team[counted[0]] = replace(team[counted[0]], count=new)
            return replace(last, parts=tuple(team))
    if cues.search("correction", text) and named and all(
            p.count and any(same_figure(q, p) and q.count for q in last.parts) for p in named):
        # "Sorry, I meant 3 juniors, not 2": those counts changed, the rest of the team kept.
        return _recounted(last, named)
    if cues.search("team_drop", text) and named:
        return _dropped(last, named)  # "drop the senior", "remove one junior"
    if _adds(text, named, cues) and named and last.op is not CalcOp.AFFORD and not (
            last.op is CalcOp.CONVERT and not any(p.count for p in last.parts)):
        # (not "two seniors plus a mid-level, yearly?" after a figure per hour)
        return _added(last, named)
    denied = denied_terms(reading)
    kept = [p for p in named if not (p.location in denied or p.level in denied)]
    if len(kept) == 1 and not kept[0].count and denied and any(
            p.location in denied or p.level in denied for p in (*last.parts, *last.versus)):
        # "No sorry, Bellevue not Boston": the people in Boston, moved; the rest kept.
        def moved(p: Part) -> Part:
            return replace(p, location=kept[0].location or p.location, level=kept[0].level
                           or p.level, record="") if p.location in denied or p.level in denied \
                else p
        return replace(last, parts=tuple(map(moved, last.parts)),
                       versus=tuple(map(moved, last.versus)))
    return _changed(last, parts, roles=bool(reading.roles)) if parts else last


def _adds(text: str, named: Sequence[Part], cues: Cues) -> bool:
    """Whether a follow-up adds people to the last team; "now 3 seniors plus 1 junior" is a
    team said whole (each group counted, joined by a team_join word)."""
    whole = len(named) > 1 and all(p.count for p in named)
    return any(not (whole and cues.search("team_join", m[0])) for m in cues.finditer(
        "team_add", text))


def _dropped(last: Calc, gone: list[Part]) -> Calc:
    """The last team without the people named (as many as said, else all of that kind);
    the team as it was when none of them is in it, or all would go."""
    team = list(last.parts)
    for part in gone:
        at = next((i for i, p in enumerate(team) if p.count and same_figure(p, part)), None)
        if at is None:
            continue
        if part.count and team[at].count > part.count:
            team[at] = replace(team[at], count=team[at].count - part.count)
        else:
            del team[at]
    return replace(last, parts=tuple(team)) if team else last


def _recounted(last: Calc, counted: list[Part]) -> Calc:
    """The last team with the counts of the people named corrected."""
    team = [next((replace(p, count=c.count) for c in counted if same_figure(p, c)), p)
            for p in last.parts]
    return replace(last, parts=tuple(team))


# The comparisons whose two sides may be swapped ("the other way round", "vice versa": the
# cue `reversed`).
TWO_SIDED = (CalcOp.PERCENT, CalcOp.RATIO, CalcOp.DIFFERENCE)
EACH = frozenset(("each", "every", "apiece"))  # "two in each city": as many on each side


def sides_changed(text: str, last: Calc, named: list[Part], cues: Cues) -> Calc | None:
    """A comparison of one figure against another, with its sides named again in order
    ("and the other way round, senior over junior?") or swapped ("vice versa?"); None when
    the follow-up changes something else."""
    if len(last.parts) == 1 and len(last.versus) == 1:
        first, second = last.parts[0], last.versus[0]
    elif len(last.parts) == 2 and not last.versus and last.op in TWO_SIDED:
        first, second = last.parts
    else:
        return None
    if len(named) == 2 and not any(p.count for p in named):
        def side(old: Part, new: Part) -> Part:
            return replace(old, level=new.level or old.level, record="", shown=False,
                           location=new.location or old.location, role=new.role or old.role)
        first, second = side(first, named[0]), side(second, named[1])
    elif cues.search("reversed", text) and not named:
        first, second = second, first
    else:
        return None
    if last.versus:
        return replace(last, parts=(first,), versus=(second,))
    return replace(last, parts=(first, second))


# The people of the last calculation, named by their number ("the three of them", "all 5").
WHOLE_TEAM = re.compile(r"\b(?:(?:the|all|those|these)\s+\w+\s+of\s+(?:them|those)|all\s+\w+|"
                        r"(?:the|that|this|our)\s+(?:whole\s+)?(?:[\w-]+\s+)?team"
                        r"(?:\s+of\s+\w+)?)\b", re.I)  # ("the Boston team")


def besides_the_team(text: str, parts: tuple[Part, ...], last: Calc) -> tuple[Part, ...]:
    """The people a follow-up names, less the last calculation's whole team referred to by its
    size ("per month across the three of them" after two seniors and a junior: no new team)."""
    size = sum(p.count or 1 for p in last.parts)
    if WHOLE_TEAM.search(text) and len(parts) == 1 and parts[0].count == size \
            and not (parts[0].level or parts[0].location or parts[0].record):
        return ()
    return parts


def same_figure(a: Part, b: Part) -> bool:
    """Whether two parts stand for the same figure (what is not said counts as the same)."""
    return (a.level == b.level or not b.level) and (a.location == b.location or not b.location) \
        and (a.role == b.role or not a.role or not b.role) and not (a.record or b.record)


def _changed(last: Calc, parts: tuple[Part, ...], *, roles: bool = True) -> Calc:
    """The last calculation with the people a follow-up names: new counts replace the team; a
    level or a place alone changes it in every part (the one a budget fills, if any), and a
    role only when the follow-up names one (`roles`; else a part's role is the
    conversation's, filled in, and each part keeps its own)."""
    if any(p.count for p in parts) and not any(p.shown for p in parts):
        return replace(last, parts=parts)
    new = parts[0]
    targets = [i for i, p in enumerate(last.parts) if not p.count] \
        if last.op is CalcOp.AFFORD else list(range(len(last.parts)))
    if last.op is CalcOp.AFFORD and not targets and not new.count:
        # "With what's left, how many mid-level hires can we add?": the people counted, and
        # as many of the one named as the rest affords.
        return replace(last, parts=(*last.parts, new))
    role = new.role if roles else ""
    if role and len({p.role for p in last.parts}) > 1:
        # "And a junior AI engineer against that median?": the AI engineer's part changes.
        targets = [i for i in targets if last.parts[i].role == role] or targets
    updated = list(last.parts)
    for i in targets or range(len(updated)):
        part = updated[i]
        updated[i] = replace(part, level=new.level or part.level,
                             location=new.location or part.location,
                             role=role or part.role, record="")
    return replace(last, parts=tuple(updated))


def against(text: str, last: Calc, other: tuple[Part, ...], per: tuple[str, ...], cues: Cues,
            two_sides: Callable[[str, tuple[Part, ...]], tuple[Part, ...]]) -> Calc:
    """The last calculation's figure against another ("so going to the other place saves how
    much?", "than France?"): the difference, or in per cent when asked ("the gap in percent,
    Italy as base": the base as `two_sides` orders it, last)."""
    if cues.search("percent", text) and len(last.parts) == 1 == len(other) \
            and not (last.parts[0].count or other[0].count):
        return Calc(CalcOp.PERCENT, two_sides(text, (last.parts[0], other[0])), more=True)
    return Calc(CalcOp.DIFFERENCE, last.parts, months=last.months, per=per, versus=other)


def each_side(reading: Reading, last: Calc | None, frame: Frame | None, parts: Sequence[Part],
              per: tuple[str, ...]) -> Calc | None:
    """"Times two people in each country - the yearly difference?" after two figures set
    against each other (by a calculation, or shown side by side): as many on each side, the
    one team against the other."""
    if frame is None or not frame.salary or not EACH & set(reading.analysis.tokens) \
            or len(parts) != 1 or parts[0].level or parts[0].location or parts[0].record \
            or not parts[0].count:
        return None
    focus = frame.focus or frame.records
    if last is not None and len(last.parts) == 1 and len(last.versus) == 1:
        first, second = last.parts[0], last.versus[0]
    elif last is not None and len(last.parts) == 2 and not last.versus and last.op in TWO_SIDED:
        first, second = last.parts
    elif last is None and len(focus) == 2:
        first, second = (Part(role=frame.role, record=i) for i in focus)
    else:
        return None
    count = parts[0].count
    return Calc(CalcOp.DIFFERENCE, (replace(first, count=count),),
                versus=(replace(second, count=count),), per=per)


def at_the_place(calc: Calc, named: Sequence[Part], domain: Domain) -> Calc:
    """People of a level moved to a place said alone ("same comparison for New York" after
    the juniors of two roles): at that place's figure, where the level has none there."""
    places = {p.location for p in named if p.location and not p.level}

    def alone(part: Part) -> Part:
        if not part.level or part.location not in places:
            return part
        rows = domain.rows(part.role or domain.primary_role.id, baseline=None)
        if any(r.level == part.level and r.location == part.location for r in rows) \
                or not any(r.location == part.location and not r.level for r in rows):
            return part
        return replace(part, level="")

    if len(places) != 1:
        return calc
    return replace(calc, parts=tuple(map(alone, calc.parts)),
                   versus=tuple(map(alone, calc.versus)))


def for_the_rest(reading: Reading, last: Calc, results: Sequence[Result], named: list[Part],
                 cues: Cues) -> Calc | None:
    """After what a budget affords: the leftover for the people named ("could that leftover
    cover a mid-level one as well?"), or a team named in full ("so 3 seniors plus 1 junior,
    monthly?"), that team."""
    if last.op is not CalcOp.AFFORD or not named:
        return None
    left = next((r.value for r in results if r.what == "left"), None)
    if left is not None and [a.value for a in reading.amounts] == [left]:
        return Calc(CalcOp.AFFORD, tuple(named), months=last.months, budget=reading.amounts[0])
    if left is not None and last.budget is not None and not reading.amounts \
            and len(named) == 1 and named[0].count <= 1 \
            and cues.search("leftover", reading.text) and not cues.search("change", reading.text):
        # "could the leftover cover a junior on top?": the leftover the budget for them (not
        # "2 seniors, and juniors with the rest": the rest after the seniors).
        return Calc(CalcOp.AFFORD, tuple(named), months=last.months,
                    budget=replace(last.budget, value=left))
    if len(named) >= 2 and all(p.count for p in named) \
            and not (reading.amounts or cues.search("left", reading.text)):
        return Calc(CalcOp.TOTAL, tuple(named), months=numbers.months(reading.analysis.tokens)
                    or 12.0, per=asked_periods(cues, reading.text))
    return None


def same_sides(calc: Calc) -> bool:
    """Whether a comparison sets a figure against itself (the same people on both sides):
    no calculation, but a follow-up misread as one."""
    if calc.op not in TWO_SIDED or calc.amount is not None:
        return False
    sides = (calc.parts[:1], calc.versus[:1]) if calc.op is CalcOp.DIFFERENCE \
        else (calc.parts[:1], calc.parts[1:2])
    return all(len(s) == 1 for s in sides) and same_figure(sides[0][0], sides[1][0]) \
        and sides[0][0].people == sides[1][0].people


# The cues of knowledge/phrasings.yml that change or ask a calculation.
ARITHMETIC_CUES = ("total", "afford", "how_many", "left", "average", "percent", "ratio",
                   "difference", "more", "less", "change", "team_add", "team_swap", "team_drop",
                   "correction", "reversed", "annual", "per_head")


def says_arithmetic(reading: Reading, parts: Sequence[Part], cues: Cues) -> bool:
    """Whether a short follow-up says anything a calculation is made of: people, a place or
    a level, a duration, a period, an amount, or a word of arithmetic (not "weather sf tmrw
    lol", which names a place and what the knowledge has no word for)."""
    text = reading.text
    named = any(p.count or p.level or p.role or p.record or p.shown for p in parts)
    return named or bool(reading.amounts or numbers.months(reading.analysis.tokens)
                         or asked_periods(cues, text) or reading.op or reading.convert) \
        or any(cues.search(cue, text) for cue in ARITHMETIC_CUES) \
        or (bool(parts) and not reading.analysis.unknown)


def not_arithmetic(reading: Reading, words: Sequence[str], cues: Cues) -> tuple[str, ...]:
    """The words of `words` (unknown to the knowledge) not said as arithmetic: "France minus
    Italy" asks about figures, "the weather difference in Boston" does not."""
    spans = [m.span() for cue in ARITHMETIC_CUES for m in cues.finditer(cue, reading.text)]
    said = {w for a, b in spans for w in tokenize(reading.text[a:b])}
    return tuple(w for w in words if w not in said)


def of_the_last(part: Part, frame: Frame) -> Part:
    """A count of "them" after a passage ("what would three of them cost?" after a senior's
    skills): of the one level and place the last question named."""
    if not part.shown or part.record or part.level or part.location:
        return part
    level = frame.levels[0] if len(frame.levels) == 1 else ""
    place = frame.locations[0] if len(frame.locations) == 1 else ""
    return replace(part, level=level, location=place, shown=False) if level or place else part


def over_its_years(calc: Calc, last: Calc | None, results: Sequence[Result]) -> Calc:
    """"What share of that 2-year total is the senior's pay?": the senior's, over 2 years too."""
    said = calc.amount.value if calc.amount is not None else None
    if calc.op is CalcOp.PERCENT and last is not None and last.months != 12 \
            and calc.months == 12 and not calc.per and any(r.value == said for r in results):
        return replace(calc, months=last.months)
    return calc


def raised(reading: Reading, last: Calc, named: Sequence[Part], cues: Cues) -> Calc | None:
    """"What if everyone on it got a 4% raise?", "and with 3% on top of that figure?" after a
    team's total (or average) or one figure over years: the same people with the percentage
    added to each figure (a team's bill, or the one figure scaled); None if the message names
    new people, an amount, or no percentage added."""
    stated = numbers.percents(reading.text)
    if len(stated) != 1 or reading.amounts or named or not cues.search("more", reading.text) \
            or last.op not in (CalcOp.TOTAL, CalcOp.AVERAGE, CalcOp.CONVERT) or not last.parts:
        return None
    pct = -stated[0] if cues.search("less", reading.text) else stated[0]
    people = sum(p.people for p in last.parts)
    per = asked_periods(cues, reading.text)
    if people == 1:
        return Calc(CalcOp.SCALE, tuple(replace(p, count=0.0) for p in last.parts), pct=pct,
                    per=per)
    return replace(last, op=CalcOp.TOTAL, pct=pct, per=per or last.per)


def one_more_afforded(reading: Reading, last: Calc, named: Sequence[Part], domain: Domain,
                      cues: Cues) -> Calc | None:
    """"How much more would I need for a 5th person?", "what would one more cost us?" after a
    budget's people: the budget against that many of its filler (at the figure named now, if
    any), so the answer says how far over it goes."""
    text = reading.text
    place, more = numbers.nth(text), numbers.one_more(text)
    fill = next((p for p in reversed(last.parts) if not p.count), None)
    if last.op is not CalcOp.AFFORD or last.budget is None or fill is None \
            or not (place or more) or reading.amounts or len(named) > 1 \
            or not (cues.search("more", text) or cues.search("afford", text)):
        return None
    if named:  # "a 5th person in Boston": at Boston's figure
        fill = replace(fill, level=named[0].level, location=named[0].location)
    counted = tuple(p for p in last.parts if p.count)
    if place:
        count = place - sum(p.count for p in counted)
    else:
        count = run(replace(last, parts=(*counted, fill)), domain).afforded + 1
    if count < 1:
        return None
    return replace(last, parts=(*counted, replace(fill, count=float(count))),
                   per=asked_periods(cues, text) or last.per)


_ALL_OF = re.compile(r"\ball\s+(?:of\s+(?:them|those|these)|(?:the\s+)?(?:one|two|three|four|five|"
                     r"six|seven|eight|nine|ten|\d+))\b", re.I)


def all_as(reading: Reading, last: Calc, named: Sequence[Part]) -> Calc | None:
    """"And with all three mid-level?", "all of them in Boston?" after a team counted: the
    same number of people, all at the figure named, in the same plan (its budget, its years)."""
    counted = [p for p in last.parts if p.count]
    people = sum(p.count for p in counted)
    if not counted or len(named) != 1 or named[0].count not in (0, people) \
            or not _ALL_OF.search(reading.text) or not (named[0].level or named[0].location):
        return None
    one = replace(named[0], count=people, role=named[0].role or counted[0].role)
    return replace(last, parts=(one, *(p for p in last.parts if not p.count)))


def for_the_price_of(reading: Reading, parts: Sequence[Part], domain: Domain,
                     cues: Cues) -> Calc | None:
    """"How many juniors could I get for the price of two seniors?": the people counted are
    the budget (the cue `same_price`), the other part what it buys."""
    text = reading.text
    paying = [p for p in parts if p.count and not p.shown]
    filling = [p for p in parts if not p.count and not p.shown]
    if len(paying) != 1 or len(filling) != 1 or reading.amounts \
            or not (cues.search("same_price", text) and cues.search("how_many", text)):
        return None
    cost = run(Calc(CalcOp.TOTAL, (paying[0],)), domain)
    if not cost.ok:
        return None
    return Calc(CalcOp.AFFORD, (filling[0],), budget=Amount(cost.value, cost.currency))


def portion_added(text: str, last: Calc, named: list[Part], per: tuple[str, ...],
                  cues: Cues) -> Calc | None:
    """"And if I add that on top of it?" after 15% of a figure: the figure with it."""
    if last.op is CalcOp.SCALE and last.portion and not named and cues.search("team_add", text):
        return replace(last, portion=False, per=per)
    return None


def by_name(calc: Calc, records: Mapping[str, SalaryRecord]) -> Calc:
    """The calculation with each figure named by its role, level and place, for a follow-up
    that says which is not meant ("Boston instead of NY")."""
    def named(part: Part) -> Part:
        row = records.get(part.record)
        return replace(part, role=row.role, level=row.level, location=row.location,
                       record="") if row is not None else part

    return replace(calc, parts=tuple(map(named, calc.parts)),
                   versus=tuple(map(named, calc.versus)))


def gap_share(calc: Calc, frame: Frame | None) -> Calc:
    """A gap worked out before, set against a figure, is a share of it ("that gap as a % over
    the French number"), not an amount that is more or less than it."""
    if calc.op is not CalcOp.PERCENT or calc.amount is None or not calc.more or frame is None:
        return calc
    return replace(calc, more=False) if is_gap(calc.amount, frame) else calc


def is_gap(amount: Amount, frame: Frame) -> bool:
    """Whether an amount is a gap between figures the conversation worked out."""
    return any(r.what in ("gap", CalcOp.DIFFERENCE) and r.value == amount.value
               for r in results_of(frame.calc))


def op_switched(text: str, last: Calc, named: list[Part], per: tuple[str, ...],
                cues: Cues, months: float | None = None) -> Calc | None:
    """The same people, summed the other way: "the average salary across those five",
    "per engineer" after a total, or of a team said whole again ("the 5-person team (1 senior,
    3 mid, 1 junior): per head?"); "and the three together per month?" after an average."""
    averaged = cues.search("average", text) or cues.search("per_head", text)
    if named:  # (only a team said whole again: every group counted)
        whole = averaged and len(named) > 1 and all(p.count for p in named)
        return Calc(CalcOp.AVERAGE, tuple(named), months=12.0, per=per) if whole else None
    if averaged and last.op in (CalcOp.TOTAL, CalcOp.CONVERT):
        return replace(last, op=CalcOp.AVERAGE, months=12.0, per=per)
    counted = tuple(p for p in last.parts if p.count)  # ("what's left after that team?", then
    if averaged and last.op is CalcOp.AFFORD and len(counted) >= 2:  # "the average per head?")
        return Calc(CalcOp.AVERAGE, counted, months=12.0, per=per)
    if cues.search("total", text) and last.op is CalcOp.AVERAGE:  # (over `months`, if said)
        return replace(last, op=CalcOp.TOTAL, months=months or 12.0, per=per)
    return None
