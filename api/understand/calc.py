"""Reading an arithmetic question over salary figures into a typed plan
(`api.understand.plan.Calc`): a team's total ("2 seniors and a junior"), an average, what a
budget affords and what is left, one figure as a percentage of another, a ratio, a part of a
figure ("15% of the senior salary"), and a figure over a duration or in a smaller period
("over three years", "per month").

What is counted (a level, a place, a role) is read against the domain from the lexicon's
terms, so it works for any ladder and places the content holds; the cues here are plain English
about arithmetic. Running the plan over the records is `api.answer.arithmetic`'s.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable
from dataclasses import replace

from api.knowledge.domain import Domain
from api.text.words import sentences, singular, tokenize
from api.understand import numbers
from api.understand.numbers import Amount, asked_periods
from api.understand.plan import Calc, CalcOp, Part
from api.understand.reading import LEVEL_WORDS, Reading

# What makes a question about figures an arithmetic one, by operation (most specific first), is
# said by the cues of knowledge/phrasings.yml (percent, ratio, average, afford, difference,
# total; more and less for a figure raised or cut; how_many for people a budget still pays for).
# "The average salary for a data scientist": the role's figure, not an average of figures.
TYPICAL_PAY = re.compile(r"\baverage (?:salary|salaries|pay|wage|comp\w*|earnings|income) "
                         r"(?:for|of) (?:an? |the )?(?!\d)\w", re.I)
# A question that ranks figures asks which, not how much in all ("the priciest overall").
RANKS = ("highest", "lowest", "rank")
# "The increase from a junior to a senior", "jr->sr": the first named is the base.
FROM_TO = re.compile(r"\bfrom\b.+\bto\b|->|→|=>", re.I)
# "A share of the million", "what percentage of our budget": the amount is the base.
OF_AMOUNT = re.compile(r"(?:share|percent\w*|proportion|fraction|part|%)\s+of\s+"
                       r"(?:the|our|that|this|my|a|an|your)?\s*(?:whole\s+|total\s+)?"
                       r"(?:[a-z]{3}\s*)?(?:million|budget|money|pot|total|amount|sum|[^\w\s]|\d)",
                       re.I)
# "A percentage of it": of what was named last before it, an amount ("we have $2,000,000:
# what share of it ...?") or a figure ("above the mid-level market figure, and by what
# percent of it?").
OF_IT = re.compile(r"(?:share|percent\w*|proportion|fraction|part|%)\s+of\s+it\b", re.I)
_FIGURE = r"figures?|numbers?|median|average|benchmark|market|rates?"
# Words that speak of a figure of the knowledge rather than of an amount the asker gives.
FIGURE_SAID = re.compile(rf"\b(?:{_FIGURE})\b", re.I)
FIGURE_NOUN = re.compile(rf"\b(?:{_FIGURE}|salary)\b", re.I)
# "How far above the median is a senior?": the figure asked of is said last.
HOW_FAR = re.compile(r"\bhow\s+(?:far|much)\s+(?:above|below|over|under|(?:more|less|higher|"
                     r"lower)\s+than)\b", re.I)
# "How much less is Italy?", "how much more do seniors earn": who is set against the other.
SUBJECT = re.compile(r"\bhow much (?:more|less|lower|higher|cheaper|pricier|bigger|smaller) "
                     r"(?:is|are|does|do|would|will) (?:an? |the )?(\w+)", re.I)
# Words between a count and what it counts ("3 more seniors", "two people in the UK").
_BETWEEN = frozenset(
    "more extra new additional other x of the people persons person hires heads folks staff "
    "in at from based".split())
_COUNTED = ("level", "role", "location", "region")
# Words for people: a count before one counts people even when no level or place follows ("the
# 6 people together"; not "a 60-person company", where the singular makes it a description).
_PEOPLE = frozenset("people persons hires heads folks staff engineers devs".split())
# Nouns after a place that make a count before it a count of places ("the four US cities").
_PLACE_NOUNS = frozenset(
    "city cities place places location locations market markets metro metros state states "
    "country countries office offices hub hubs region regions".split())
_HEADCOUNT = frozenset(("headcount", "headcounts"))  # "a headcount of four": of the figure shown
# "Two of them", "both of those": a count of the figures already shown.
THEM = frozenset("them those these both".split())

# The cues of knowledge/phrasings.yml that set figures side by side rather than add them.
SIDE_BY_SIDE = ("compare", "compare_higher", "compare_lower", "compare_difference", "difference",
                "more", "percent", "ratio")

# A percentage of something: "15% of the senior salary" (not "what percentage of it is").
PORTION = re.compile(r"\d\s*(?:%|per ?cent\b)\s+of\b", re.I)


class CalcReader:
    """Reads calculations in messages, against one domain."""

    def __init__(self, domain: Domain, currency_words: dict[str, str]) -> None:
        self.domain = domain
        self.cues = domain.cues
        self.currency_words = currency_words

    def read(self, reading: Reading, role: str = "", budget: Amount | None = None, *,
             context: bool = False) -> Calc | None:
        """The calculation a message asks for, or None. `role`: the conversation's role, for
        parts that name none; `budget`: the conversation's, when the message states none;
        `context`: the conversation is about figures (else the message must ask about pay)."""
        text = reading.text
        # A difference in a smaller period ("the monthly difference between Germany and
        # Italy") is one of pay, said or not.
        pay = reading.pay or bool(asked_periods(self.cues, text)
                                  and self.cues.search("difference", text))
        if reading.other_roles or reading.task:
            return None
        parts = self.parts(reading, role)
        if not (pay or context or reading.amounts
                or (self.cues.search("total", text) and any(p.count > 1 for p in parts))):
            return None  # ("3 AI engineers in New York, total?" is a cost)
        scaled = self.scaled(reading, parts) or self._two_amounts(reading, parts)
        if scaled is not None:
            return scaled
        if self.cues.search("average", text) and any(p.shown for p in parts):
            return None  # "the average across those five": of what is on the table
        if self.cues.search("average", text) and not any(p.level or p.location for p in parts) \
                and LEVEL_WORDS & set(reading.analysis.tokens):
            # "The average of the three level figures": of every level's figure.
            parts = self._every_level(parts[0].role if parts else role)
        months = numbers.months(reading.analysis.tokens)
        per = asked_periods(self.cues, text)
        budget = next(iter(reading.amounts), None) or budget
        op = self.op(text, parts, budget, months, per, ranks=reading.op in RANKS)
        if op is None:
            return None
        if op is CalcOp.DIFFERENCE:
            return Calc(op, parts[:1], months=months or 12.0, per=per, versus=parts[-1:])
        if op in (CalcOp.TOTAL, CalcOp.CONVERT):
            # "3 in Germany, at the German number": the figure they are counted at, not one more.
            counted = [replace(p, count=0.0) for p in parts if p.count]
            parts = tuple(p for p in parts if p.count or p not in counted)
        if op is CalcOp.AFFORD and any(p.count for p in parts) \
                and not self.cues.search("how_many", text):
            # "Budget 1M for the AI team; 1 in Bellevue and 2 in New York: what's left?": a
            # role named without a count describes the budget, it is not more people to fit.
            parts = tuple(p for p in parts if p.count)
        elif op is CalcOp.AFFORD:
            # "$600k for AI hires: how many seniors?": a bare role beside its people is theirs
            parts = tuple(p for p in parts if p.count or p.named() or not any(
                q.role == p.role and q.named() for q in parts)) or parts
        if op in (CalcOp.PERCENT, CalcOp.RATIO):
            parts = self._two_sides(text, parts)
        return Calc(op, parts, months=months or 12.0, per=per, budget=budget,
                    more=self.more_asked(text, op),
                    currency=self.currency_named(text) if not reading.amounts else "")

    def more_asked(self, text: str, op: CalcOp | None, compared: bool = False) -> bool:
        """Whether a message asks how much more or less rather than what share: said so, or a
        percentage of a gap or a comparison ("the % gap", "how do they compare, in percent?",
        "what's that in percent?" after two figures were `compared`)."""
        return bool(self.cues.search("more", text)) or (op is CalcOp.PERCENT and bool(
            self.cues.search("gap", text) or self.cues.search("compare", text)
            or compared))

    def scaled(self, reading: Reading, parts: tuple[Part, ...]) -> Calc | None:
        """A percentage of one figure or one amount: raised or cut by it, or what share."""
        text = reading.text
        stated = numbers.percents(text)
        one = (len(parts) == 1 and not reading.amounts) or (len(reading.amounts) == 1
                                                           and not parts)
        if stated and one and PORTION.search(text):
            # "What's 15% of the senior salary?", "10 percent of our $118,000 offer": that part.
            return Calc(CalcOp.SCALE, parts, pct=stated[0], portion=True,
                        amount=None if parts else reading.amounts[0])
        if stated and self.cues.search("more", text) and (
                (len(parts) == 1 and not reading.amounts) or (len(reading.amounts) == 1
                                                              and not parts)):
            # "If I pay 10 percent more than the mid-level number", "raise our £55,000 by
            # 12%": the figure (or the amount), scaled.
            sign = -1.0 if self.cues.search("less", text) else 1.0
            return Calc(CalcOp.SCALE, parts, pct=sign * stated[0],
                        amount=None if parts else reading.amounts[0])
        if self.cues.search("percent", text) and reading.amounts and len(parts) == 1:
            # "What percentage of a senior's salary is $20,000?": the amount against the figure;
            # "what share of the million would a senior take?": the figure against the amount.
            # ("How far under the senior figure is that, as a percentage of it?": of the figure.)
            return Calc(CalcOp.PERCENT, parts, amount=reading.amounts[0],
                        of_amount=_of_the_amount(text) and not HOW_FAR.search(text),
                        more=bool(self.cues.search("more", text)))
        return None

    def _two_amounts(self, reading: Reading, parts: tuple[Part, ...]) -> Calc | None:
        """Two amounts the asker gives, one against the other, with no figure named ("how
        much more is her $136,400 counter than our $118,000 offer?"): the first against the
        second, in money and per cent."""
        text = reading.text
        if len(reading.amounts) != 2 or any(not p.shown for p in parts) \
                or not (self.cues.search("more", text) or self.cues.search("difference", text)) \
                or not any(a.currency for a in reading.amounts):
            return None
        first, second = reading.amounts
        return Calc(CalcOp.PERCENT, (), amount=first, versus_amount=second, more=True)

    def _two_sides(self, text: str, parts: tuple[Part, ...]) -> tuple[Part, ...]:
        """The figures a share or a ratio sets against each other, the base last ("Seniors
        make 151k and juniors 124k, so a senior earns 20% more?": two figures, not people)."""
        parts = tuple(dict.fromkeys(replace(p, count=0.0) for p in parts))
        if HOW_FAR.search(text) or (FROM_TO.search(text) and self.cues.search("more", text)) \
                or self._subject_second(text, parts):
            # "how far above the median is a senior?", "the uplift from jr to sr", "compare
            # to Germany: how much less is Italy?": the second named set against the first.
            return parts[::-1]
        return parts

    def _every_level(self, role: str) -> tuple[Part, ...]:
        """A part for each level of `role` with a figure of its own (of the one role with
        level figures when `role` is '')."""
        roles = [role] if role else self.domain.roles_with_figures
        ladders = [[r for r in self.domain.rows(i) if r.level and not r.location] for i in roles]
        ladders = [rows for rows in ladders if rows]
        if len(ladders) != 1:
            return ()
        return tuple(Part(role=r.role, level=r.level) for r in ladders[0])

    def _subject_second(self, text: str, parts: tuple[Part, ...]) -> bool:
        """Whether "how much less is X" names the second of two parts, not the first."""
        said = SUBJECT.search(text)
        if said is None or len(parts) != 2:
            return False
        word = singular(said.group(1).lower())
        first, second = (self._words(p) for p in parts)
        return word in second and word not in first

    def _words(self, part: Part) -> set[str]:
        """The words a part is named by: its place's, its level's and its role's."""
        names = [part.location, part.level, part.role]
        if part.level:
            names.append(self.domain.naming.level_name(part.role, part.level))
        return {singular(w) for name in names if name for w in tokenize(name)}

    def currency_named(self, text: str) -> str:
        """The one currency a message names ("the European ones in euros"), or ''."""
        codes = {self.currency_words[w] for w in tokenize(text) if w in self.currency_words}
        codes |= {self.currency_words[singular(w)] for w in tokenize(text)
                  if singular(w) in self.currency_words}
        return codes.pop() if len(codes) == 1 else ""

    def op(self, text: str, parts: tuple[Part, ...], budget: Amount | None = None,
           months: float | None = None, per: tuple[str, ...] = (), *, ranks: bool = False
           ) -> CalcOp | None:
        """The operation a message asks of its parts, or None when it asks none (`ranks`: the
        message asks which figure is highest or lowest, not a sum)."""
        figures = sum(self._figures(p) for p in parts)
        people = sum(p.people for p in parts)
        counted = any(p.count > 1 for p in parts)
        if self.cues.search("percent", text) and figures >= 2:
            return CalcOp.PERCENT
        if self.cues.search("ratio", text) and figures >= 2:
            return CalcOp.RATIO
        if self.cues.search("average", text) and figures >= 2 and not TYPICAL_PAY.search(text):
            return CalcOp.AVERAGE
        if budget is not None and self.cues.search("afford", text) and parts:
            return CalcOp.AFFORD
        # ("would two in Italy cost more than one in France?": two teams set against each other)
        sides = self.cues.search("compare_higher", text) or self.cues.search("compare_lower", text)
        differs = self.cues.search("difference", text) or (
            sides and not self.cues.search("total", text))
        if len(parts) == 2 and differs and (counted or months or per):
            return CalcOp.DIFFERENCE  # plain differences are the salary answer's
        # "1 senior and 1 junior": each counted, so summed, unless they are set side by side.
        each = len(parts) >= 2 and all(p.count >= 1 for p in parts) and not ranks and not any(
            self.cues.search(cue, text) for cue in SIDE_BY_SIDE)
        # ("the total for the US cities": each city's figure)
        if parts and ((people >= 2 and (counted or each))
                      or (figures >= 2 and self.cues.search("total", text) and not ranks)):
            return CalcOp.TOTAL
        if len(parts) == 1 and ((months and months != 12) or per):
            return CalcOp.CONVERT
        return None

    def _figures(self, part: Part) -> int:
        """How many figures a part stands for: a region's ("US cities"), but the region's own."""
        if part.location not in self.domain.regions:
            return 1
        rows = self.domain.rows(part.role or self.domain.primary_role.id, baseline=None)
        own = any(r.location == part.location for r in rows)
        return 1 if own else max(1, sum(r.region == part.location for r in rows))

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
        stated = set(numbers.percents(reading.text))  # "15% of the senior": no 15 people
        events += [e for e in self._counts(tokens, {at for at, *_ in events}, at_places)
                   if e[3] not in stated]
        parts: list[Part] = []
        current: Part | None = None
        sentence, started = _sentence_of(reading), 0
        ordered = _asked(sorted(events, key=lambda e: (e[0], e[1] != "count")), sentence,
                         reading)
        for n, (at, kind, ident, value) in enumerate(ordered):
            if kind == "count" or kind == "shown":
                if current is not None:
                    parts.append(current)
                current, started = Part(count=value, shown=kind == "shown"), sentence(at)
                continue
            if current is not None and not current.named() and not current.role \
                    and sentence(at) != started:
                # "We're a startup in Berlin, 6 people. ... AI engineers in Germany": a count
                # told in a sentence of its own, with nothing it counts, describes the asker.
                current = None
            slot = kind if kind in ("level", "role") else "location"
            # A level right before a role is that role's ("the median software engineer and a
            # senior AI engineer": the senior is the AI engineer, not the software engineer).
            before_role = kind == "level" and n + 1 < len(ordered) \
                and ordered[n + 1][1] == "role" and ordered[n + 1][0] - at <= 2
            if current is None or getattr(current, slot) or current.shown \
                    or (before_role and current.role):
                if current is not None:
                    parts.append(current)
                current = Part()
            current = _with(current, slot, ident)
        if current is not None:
            parts.append(current)
        return self._settled(self._by_source(reading, _role_joins_next(parts)), reading, role)

    def _by_source(self, reading: Reading, parts: list[Part]) -> list[Part]:
        """With the one figure a message names by its source or its measure ("the BLS
        median"), in the order said; it stands for a bare part of its role ("the median for
        software engineers")."""
        if not (reading.sources or reading.measures):
            return parts
        measures = {m.lower() for m in reading.measures}
        found = [r for r in self.domain.records.values()
                 if (not reading.sources or r.source in reading.sources)
                 and (not measures or r.measure.lower() in measures)]
        if len(found) != 1 or any(p.record == found[0].id for p in parts):
            return parts
        record, part = found[0], Part(role=found[0].role, record=found[0].id)
        # A level said with the figure's role is another role's ("the senior figure"), the
        # figure's role alone or in its place is that figure ("the US median software engineer").
        parts = [replace(p, role="") if p.role == record.role and p.level else p for p in parts]
        same = [i for i, p in enumerate(parts) if p.role == record.role and not p.count
                and not p.level and p.location in ("", record.location, record.region)]
        if same:
            return [replace(p, record=record.id) if i == same[0] else p
                    for i, p in enumerate(parts) if i not in same[1:]]
        tokens, spans = reading.analysis.tokens, reading.analysis.spans
        slots = [at for at, term in spans if self.domain.lookup(term)]  # role, level, place
        said = min([i for i, t in enumerate(tokens) if t in measures]
                   + [at for at, _ in spans if at not in slots], default=len(tokens))
        return [part, *parts] if said < min(slots, default=len(tokens)) else [*parts, part]

    def _settled(self, parts: list[Part], reading: Reading, role: str) -> tuple[Part, ...]:
        """The parts read, with the people of figures shown and the role and place they
        share filled in."""
        parts = _without_headline(parts)
        named = [p for p in parts if not p.shown]
        them = [p for p in parts if p.shown]
        if len(them) == 1 and them[0].count and them[0].count == sum(p.count for p in named):
            # "two in Boston and one in New York: what would the three of them cost?": the
            # people just counted, not figures shown before.
            parts, them = named, []
        if len(named) == 1 and not named[0].count and len(them) == 1 and them[0].count and (
                parts.index(them[0]) > parts.index(named[0])
                or (named[0].location and not named[0].level)):
            # "The seniors: what would three of them cost?", "two of them in Germany": that
            # many of the ones named (not "two of those and a junior").
            parts = [replace(named[0], count=them[0].count)]
        # (not the role of a figure named by its source: "the senior figure against the BLS
        # median for software engineers" is the conversation's senior)
        taken = {p.role for p in parts if p.record}
        default = next((r for r in reading.roles if r not in taken), role)
        places = {p.location for p in parts if p.location}
        # One role's people in one place ("2 seniors and a junior in Boston"); not another
        # role's ("the US median software engineer against a senior AI engineer").
        roles = {p.role or default for p in parts if not p.shown}
        # ...or the place said last, after people of several roles ("2 data scientists and 2
        # AI engineers in Germany"), when each role has a figure there.
        trailing = len(parts) > 1 and bool(parts[-1].location) and not any(
            p.location for p in parts[:-1]) and all(
            any(r.location == parts[-1].location for r in self.domain.rows(role))
            for role in roles)
        shared = next(iter(places)) if len(places) == 1 and len(parts) > 1 \
            and (len(roles) == 1 or trailing) else ""
        # (a place said alone beside people counted elsewhere only says where they are: "our
        # team in New York ... one junior and one senior")
        where = [p for p in parts if p.location and not (p.count or p.level or p.record
                                                          or p.shown)]
        alone = where if shared and len(where) < len(parts) and any(p.count for p in parts) \
            else []
        settled = (replace(p, role=p.role or default,
                           location=p.location or (shared if not p.shown else ""))
                   for p in parts if (p.named() or p.role or p.count) and p not in alone)
        # A figure named twice ("a candidate in New York wants 170k: how far above the New
        # York figure?") is one figure, unless people are counted.
        return tuple(dict.fromkeys(settled)) if not any(p.count for p in parts) \
            else tuple(settled)

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
            people = any(t in _PEOPLE for t in tokens[count.at:at + 1])  # "3 engineers"
            # `count.at` is what the number stands before: the word before the number is one
            # or two tokens further back ("those five people", "those couple of").
            before = set(tokens[max(0, count.at - 3):max(0, count.at - 1)])
            if before & THEM and not people:
                continue  # "those two": the figures shown, not a count of anyone
            headcount = count.at >= 3 and tokens[count.at - 3] in _HEADCOUNT \
                and tokens[count.at - 2] == "of"
            if (at < len(tokens) and tokens[at] in THEM) or before & THEM or headcount:
                # "3 of them", "those five people", "a headcount of four": the figures on
                # the table.
                found.append((count.at, "shown", "", count.value))
            elif at in terms and not (at in places and at + 1 < len(tokens)
                                      and tokens[at + 1] in _PLACE_NOUNS):
                found.append((count.at, "count", "", count.value))
            elif people:  # "the 6 people together": of whoever the message is about
                found.append((count.at, "count", "", count.value))
        return found


def _of_the_amount(text: str) -> bool:
    """Whether a share is asked of the amount said (`OF_AMOUNT`, `OF_IT`), not of a figure."""
    said = OF_IT.search(text)
    if OF_AMOUNT.search(text) or not said:
        return bool(OF_AMOUNT.search(text))
    before = text[:said.start()]
    figure = max((m.end() for m in FIGURE_NOUN.finditer(before)), default=-1)
    return max((m.end() for m in re.finditer(r"\d", before)), default=-1) > figure


def _without_headline(parts: list[Part]) -> list[Part]:
    """The people counted, without a count that only heads the list after it ("3 engineers:
    2 seniors and a junior")."""
    for i, part in enumerate(parts):
        rest = parts[i + 1:]
        listed = [p for p in rest if p.count or p.level or p.record]  # (not a place alone)
        if part.count > 1 and not (part.level or part.record or part.shown) \
                and len(listed) > 1 and all(p.role in ("", part.role) for p in listed) \
                and sum(p.count or 1 for p in listed) == part.count \
                and (not part.location or all(p.location in ("", part.location)
                                              for p in listed)):
            return parts[:i] + rest
    return parts


def _asked(events: list[tuple[int, str, str, float]], sentence: Callable[[int], int],
           reading: Reading) -> list[tuple[int, str, str, float]]:
    """The events of the question alone when it counts people of its own after background
    told in statements ("instead of one person in Boston we'd hire two there. What would two
    AI engineers in the Bay Area cost?": the two in the Bay Area only)."""
    said = sentences(reading.text)
    last = len(said) - 1
    if last < 1 or not said[-1].rstrip().endswith("?") \
            or any(s.rstrip().endswith("?") for s in said[:-1]):
        return events
    asked = [e for e in events if sentence(e[0]) == last]
    counts = any(kind == "count" for _, kind, *_ in asked)
    return asked if counts and any(kind != "count" for _, kind, *_ in asked) else events


def _sentence_of(reading: Reading) -> Callable[[int], int]:
    """The sentence of the message each token is in, by its index (all one sentence when the
    sentences do not split the tokens cleanly)."""
    sizes = [len(tokenize(s)) for s in sentences(reading.text)]
    if sum(sizes) != len(reading.analysis.tokens):
        return lambda at: 0
    ends = list(itertools.accumulate(sizes))
    return lambda at: bisect.bisect_right(ends, at)


def _role_joins_next(parts: list[Part]) -> list[Part]:
    """A part that only names a role, before one that names no role, is what that one counts
    ("the average AI engineer salary across four US cities": one part); a count of people
    alone, after a part with no count, is its count ("for Italy, the 6 people": six in
    Italy)."""
    out: list[Part] = []
    for part in parts:
        last = out[-1] if out else None
        if last is not None and last.role and not last.named() and not last.count \
                and not part.role:
            out[-1] = replace(part, role=last.role)
        elif last is not None and part.count and not (part.named() or part.role) \
                and not last.count and not last.shown:
            out[-1] = replace(last, count=part.count)
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
