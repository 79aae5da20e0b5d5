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

import re
from dataclasses import replace

from api.knowledge.domain import Domain
from api.text.words import singular, tokenize
from api.understand import numbers
from api.understand.numbers import Amount, asked_periods
from api.understand.parts import PartsReader
from api.understand.plan import Calc, CalcOp, Part
from api.understand.reading import LEVEL_WORDS, Reading, denied_terms

# What makes a question about figures an arithmetic one, by operation (most specific first), is
# said by the cues of knowledge/phrasings.yml (percent, ratio, average, afford, difference,
# total; more and less for a figure raised or cut; how_many for people a budget still pays for).
# "The average salary for a data scientist": the role's figure, not an average of figures.
TYPICAL_PAY = re.compile(r"\baverage (?:salary|salaries|pay|wage|comp\w*|earnings|income) "
                         r"(?:for|of) (?:an? |the )?(?!\d)\w", re.I)
# A question that ranks figures asks which, not how much in all ("the priciest overall").
RANKS = ("highest", "lowest", "rank")
# "The increase from a junior to a senior", "jr->sr": the first named is the base.
# Two sides set against each other, each costed ("5 juniors vs 4 mid-levels").
VERSUS = re.compile(r"\b(?:vs\.?|versus)(?!\w)", re.I)
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
# The cues of knowledge/phrasings.yml that set figures side by side rather than add them.
SIDE_BY_SIDE = ("compare", "compare_higher", "compare_lower", "compare_difference", "difference",
                "more", "percent", "ratio")

# The cues that set one side against another ("more or less than", "the difference").
SETS_AGAINST = ("compare_higher", "compare_lower", "difference")

# A percentage of something: "15% of the senior salary" (not "what percentage of it is").
_EACH = frozenset(("each", "every"))  # "one of each level": every level's figure
# "What % of senior pay is ...", "what share of the Boston figure ...": the base, said first.
SHARE_OF = re.compile(r"(?:%|percent\w*|per cent|share|proportion|fraction)\s+of\s+"
                      r"(?:the\s+|an?\s+|a\s+)?([\w-]+)", re.I)
# "Mid as the base", "with the junior figure as base": the base, said before the words.
AS_BASE = re.compile(r"([\w-]+)(?:\s+(?:figure|number|one|salary|pay))?\s+as\s+(?:the\s+|a\s+)?"
                     r"base(?:line)?\b", re.I)
# "Germany divided by Italy": the figure divided, said first.
DIVIDED = re.compile(r"([\w-]+)(?:\s+(?:figure|number|one|salary|pay))?\s+divided\s+by\b", re.I)
# What share one is of the other, rather than how much more ("what proportion of ...").
# ("the mid figure as a percentage of the senior one": a share, whichever is the base)
SHARE_WORD = re.compile(r"\b(?:share|proportion|fraction)\b|"
                        r"\bas\s+an?\s+(?:percent\w*|per ?cent|%)\s+of\b", re.I)
PORTION = re.compile(r"\d\s*(?:%|per ?cent\b)\s+of\b", re.I)


class CalcReader:
    """Reads calculations in messages, against one domain."""

    def __init__(self, domain: Domain, currency_words: dict[str, str]) -> None:
        self.domain = domain
        self.cues = domain.cues
        self.currency_words = currency_words
        self._parts = PartsReader(domain, currency_words)
        self._last_parts: tuple[Reading, str, tuple[Part, ...]] | None = None

    def read(self, reading: Reading, role: str = "", budget: Amount | None = None, *,
             context: bool = False) -> Calc | None:
        """The calculation a message asks for, or None. `role`: the conversation's role, for
        parts that name none; `budget`: the conversation's, when the message states none;
        `context`: the conversation is about figures (else the message must ask about pay)."""
        text = reading.text
        if reading.other_roles or reading.task:
            return None
        parts = _without_bare_counts(self.parts(reading, role))
        pay = self._asks_pay(reading, parts)
        denied = denied_terms(reading)  # ("forget the UK. Germany vs France: how much more?")
        if denied and any(not (p.location in denied or p.level in denied) for p in parts):
            parts = tuple(p for p in parts if not (p.location in denied or p.level in denied))
        if not (pay or context or reading.amounts
                or (self.cues.search("total", text) and sum(p.count for p in parts) > 1)):
            return None  # ("3 in New York, total?", "one in A, one in B, combined?": costs)
        if len(parts) > 2 and any(self.cues.search(cue, text) for cue in SETS_AGAINST):
            # "Two in Italy instead of one in France: more than the one French engineer?": the
            # same people said twice, once (one each: in the order the question sets them)
            parts = _once(parts) if all(p.count <= 1 for p in parts) else tuple(
                dict.fromkeys(parts))
        scaled = self.scaled(reading, parts) or self._two_amounts(reading, parts)
        if scaled is not None:
            return scaled
        if self.cues.search("average", text) and any(p.shown for p in parts):
            return None  # "the average across those five": of what is on the table
        tokens = set(reading.analysis.tokens)
        if (self.cues.search("average", text) or (self.cues.search("total", text)
                                                  and _EACH & tokens)) \
                and not any(p.level or p.location for p in parts) and LEVEL_WORDS & tokens:
            # "The average of the three level figures", "one of each level, all together":
            # of every level's figure.
            parts = self._every_level(parts[0].role if parts else role)
        months = numbers.months(reading.analysis.tokens)
        per = asked_periods(self.cues, text)
        budget = next(iter(reading.amounts), None) or budget
        op = self.op(text, parts, budget, months, per, ranks=reading.op in RANKS)
        if op is None:
            return None
        if op is CalcOp.DIFFERENCE:
            first, other = _as_many(parts[0], parts[-1])
            return Calc(op, (first,), months=months or 12.0, per=per, versus=(other,))
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
            parts = self.two_sides(text, parts)
        return Calc(op, parts, months=months or 12.0, per=per, budget=budget,
                    more=self.more_asked(text, op),
                    currency=self.currency_named(text) if not reading.amounts else "")

    def more_asked(self, text: str, op: CalcOp | None, compared: bool = False) -> bool:
        """Whether a message asks how much more or less rather than what share: said so, or a
        percentage of a gap or a comparison ("the % gap", "how do they compare, in percent?",
        "what's that in percent?" after two figures were `compared`)."""
        return bool(self.cues.search("more", text)) or (op is CalcOp.PERCENT and bool(
            self.cues.search("gap", text) or self.cues.search("compare", text)
            or compared or (AS_BASE.search(text) and not SHARE_WORD.search(text))))

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
                        more=bool(self.cues.search("more", text)),
                        months=numbers.months(reading.analysis.tokens) or 12.0)
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

    def two_sides(self, text: str, parts: tuple[Part, ...]) -> tuple[Part, ...]:
        """The figures a share or a ratio sets against each other, the base last ("Seniors
        make 151k and juniors 124k, so a senior earns 20% more?": two figures, not people)."""
        parts = tuple(dict.fromkeys(replace(p, count=0.0) for p in parts))
        if HOW_FAR.search(text) or (FROM_TO.search(text) and self.cues.search("more", text)) \
                or self._subject_second(text, parts) or self._base_first(text, parts) \
                or self._side_named(DIVIDED, text, parts) == 1:
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

    def _base_first(self, text: str, parts: tuple[Part, ...]) -> bool:
        """Whether "what % of X is Y" or "X as the base" names the first of two parts as the
        base ("what % of senior pay is the junior figure?": the junior's against the
        senior's)."""
        return self._side_named(SHARE_OF, text, parts) == 0 \
            or self._side_named(AS_BASE, text, parts) == 0

    def _subject_second(self, text: str, parts: tuple[Part, ...]) -> bool:
        """Whether "how much less is X" names the second of two parts, not the first."""
        return self._side_named(SUBJECT, text, parts) == 1

    def _side_named(self, pattern: re.Pattern[str], text: str,
                    parts: tuple[Part, ...]) -> int | None:
        """Which of two parts (0 or 1) the word `pattern` catches names, and only it."""
        said = pattern.search(text)
        if said is None or len(parts) != 2:
            return None
        word = singular(said.group(1).lower())
        first, second = (self._words(p) for p in parts)
        return 0 if word in first and word not in second else \
            1 if word in second and word not in first else None

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
        # ("5 juniors vs 4 mid-levels, total for each": two teams side by side)
        differs = self.cues.search("difference", text) or (
            sides and not self.cues.search("total", text)) or (
            VERSUS.search(text) and all(p.count for p in parts))
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

    def _asks_pay(self, reading: Reading, parts: tuple[Part, ...]) -> bool:
        """Whether a message asks pay: its words or the classifier say so, or it asks a
        difference in a smaller period ("the monthly difference between Germany and Italy"),
        or a figure of who it names in one ("Junior AI engineer per hour? Clients think
        hourly.", where the classifier reads the background; not "how many hours a week do
        they work?")."""
        periods = asked_periods(self.cues, reading.text)
        # ("ratio of Germany to Italy?": two figures named, set against each other)
        shares = sum(p.named() for p in parts) >= 2 and any(
            self.cues.search(cue, reading.text) for cue in ("ratio", "percent"))
        return reading.pay or shares or bool(
            periods and self.cues.search("difference", reading.text)) \
            or bool(periods and not reading.quantity and any(p.named() or p.role for p in parts))

    def _figures(self, part: Part) -> int:
        """How many figures a part stands for: a region's ("US cities"), but the region's own."""
        if part.location not in self.domain.regions:
            return 1
        rows = self.domain.rows(part.role or self.domain.primary_role.id, baseline=None)
        own = any(r.location == part.location for r in rows)
        return 1 if own else max(1, sum(r.region == part.location for r in rows))

    def parts(self, reading: Reading, role: str = "") -> tuple[Part, ...]:
        """Who is counted, in the order said (see `PartsReader.parts`). A turn asks this of
        the same reading several times; the last answer is kept (a reading is immutable)."""
        last = self._last_parts
        if last is not None and last[0] is reading and last[1] == role:
            return last[2]
        parts = self._parts.parts(reading, role)
        self._last_parts = (reading, role, parts)
        return parts


def _of_the_amount(text: str) -> bool:
    """Whether a share is asked of the amount said (`OF_AMOUNT`, `OF_IT`), not of a figure."""
    said = OF_IT.search(text)
    if OF_AMOUNT.search(text) or not said:
        return bool(OF_AMOUNT.search(text))
    before = text[:said.start()]
    figure = max((m.end() for m in FIGURE_NOUN.finditer(before)), default=-1)
    return max((m.end() for m in re.finditer(r"\d", before)), default=-1) > figure


def _as_many(first: Part, other: Part) -> tuple[Part, Part]:
    """Two sides of a difference, a figure said without a count as many times as the people
    on the other side ("five seniors: the premium over the median?" is five medians)."""
    if first.count > 1 and not other.count:
        return first, replace(other, count=first.count)
    if other.count > 1 and not first.count:
        return replace(first, count=other.count), other
    return first, other


def _once(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """Parts said again once each, where they are said last, with the count said ("one
    junior and one senior: how much more does the senior cost than the junior?")."""
    seen: dict[tuple[str, ...], Part] = {}
    for part in reversed(parts):
        key = (part.role, part.level, part.location, part.record, str(part.shown))
        kept = seen.get(key, part)
        seen[key] = replace(kept, count=max(kept.count, part.count))
    return tuple(reversed(seen.values()))


def _without_bare_counts(parts: tuple[Part, ...]) -> tuple[Part, ...]:
    """The people a message counts, without a bare head count beside people of the same role
    named by level or place: background ("we're 12 engineers; we plan 3 mid-level ML
    people") or the same people again ("450k for 3 hires: 3 mids")."""
    def named(p: Part) -> bool:
        return bool(p.level or p.location or p.record or p.shown)

    roles = {p.role for p in parts if named(p)}
    return tuple(p for p in parts if named(p) or not p.count or (p.role and p.role not in roles)
                 ) if roles else parts
