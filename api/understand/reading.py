"""Reading a question: what it asks (small talk, a decline, a figure, a comparison, a source) and
about what (role, level, place, source, a figure of the asker's own).

The one home of intent and slots. Names are resolved against the domain
(`api.knowledge.domain`), so every role, level and place comes from the knowledge; the patterns
here are plain English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from babel.numbers import get_currency_symbol

from api.knowledge.domain import Domain
from api.knowledge.naming import measure_of
from api.knowledge.phrasings import Cues
from api.search.lexicon import Lexicon, QueryAnalysis
from api.text.money import currency_name
from api.text.places import Place
from api.text.words import english_frequency, singular
from api.understand import numbers
from api.understand.fairness import asks_a_persons_pay, asks_to_filter_people
from api.understand.numbers import Amount
from api.understand.smalltalk import SmallTalk

# --- intents --------------------------------------------------------------------------------------

PAY_WORDS = frozenset(
    """
    salary salaries pay pays paid paying payment compensation comp wage wages earn earns earned
    earning earnings income remuneration tc payroll paycheck
    """.split()
)
# Words that ask about money only together with a level, a place or a figure ("an offer for
# an L4", "budget for Zurich"); alone they may be about anything ("offer stock options").
MONEY_WORDS = frozenset(
    """
    package packages rate rates budget budgets afford offer offers offering cost costs costing
    money cheaper pricier expensive
    """.split()
)
# Words for the two ways figures are kept: by level ("which level pays most?", "the average of
# the level figures") and by place ("which city is cheapest?").
LEVEL_WORDS = frozenset("level levels experience grade grades band bands ladder rung".split())
PLACE_WORDS = frozenset(
    "city cities country countries location locations place places region regions market "
    "markets state states where metro metros area areas".split())
# A share asked in per cent ("by what percent?", "what % is that?").
# A question this short that asks a percentage and names no figure asks it of the amount said
# before.
PERCENT_FOLLOW_UP = 10
PERCENT_WORDS = re.compile(r"%|\b(?:per ?cent(?:age)?|pct)\b", re.I)
# "The three level figures", "the city numbers": pay, the figures kept by level or by place.
DIMENSION_FIGURES = re.compile(
    rf"\b(?:{'|'.join(sorted((LEVEL_WORDS | PLACE_WORDS) - {'where', 'experience'}))})\s+"
    r"(?:figures?|numbers?|averages?|medians?)\b", re.I)
# "The Boston figure": pay, when said of a level or a place.
# The cues of knowledge/phrasings.yml that spend an amount the message states.
SPENDING = ("afford", "how_many", "left")
FIGURE_WORDS = frozenset("figure figures number numbers median average".split())
# What people cost: "would two in Italy cost more than the one French engineer?"
_COSTS = frozenset("cost costs costing cheaper pricier".split())
PAY_RE = re.compile(
    r"\bhow much\b.*\b(?:make|makes|made|earn\w*|get paid|cost|charge|get|gets|take home)\b|"
    r"\bwhat (?:do|does|would|will|should|can|could)\b.*\b(?:make|earn|get paid|cost|go for|"
    r"goes for|command|fetch|pull in|pull down|bring in|take home)\b|"
    # "what would a staff one get?": get, said last.
    r"\bwhat (?:do|does|would|will|should|can|could)\b.*\bget\b(?=\s*(?:[?.!]|$|a year|"
    r"per\b|these days|nowadays|now\b))|"
    # "what's a mid-level one pulling in these days"
    r"\b(?:making|earning|pulling in|pulling down|bringing in|taking home|commanding|"
    r"fetching|going for)\b(?=\s*(?:[?.!,]|$|a year|per\b|these days|nowadays|now\b|in\b))|"
    # "what's a mid-level one go for?"
    r"\bwhat(?:['’]s| is)\s.*\bgo for\b(?=\s*(?:[?.!]|$|these days|nowadays|now\b|a year))|"
    r"\b(?:going|market) rate\b|\bhow (?:well|much) (?:are|is)\b.*\bpaid\b|\bpay(?:ing)? scale\b|"
    # "What's a senior on these days?", "what would a junior be on in London?"
    r"\bwhat(?:['’]s| is| are| would| will)\s+(?:(?!\w+(?:ing|ed)\b)[\w-]+\s+){1,5}?(?:be\s+)?on\b"
    r"(?=\s*(?:[?.,!]|$|these days|nowadays|now\b|a year|per\b|in\b|at\b|going by))",
    re.I,
)
# A question asked of the figure, the asker's amount after it ("is the NYC number over or under
# his 160k ask?", "does the market rate beat our offer of 140k?").
FIGURE_FIRST = re.compile(
    r"^\s*(?:(?:so|and|ok|okay|but)[\s,]+)?(?:is|are|does|do|would|was)\s+(?:the|a|an|our|that)"
    r"\s+(?:[\w.,'-]+\s+){0,5}?(?:number|figure|salary|pay|rate|market|median|average|"
    r"benchmark)\b(?!.*\d.*\b(?:number|figure|salary|rate|market|median|average|benchmark)\b)",
    re.I)
IN_CURRENCY = re.compile(r"\bin ([^\s\d?.!,]{1,12})\b", re.I)

# Comparison operators, most specific first.
# The words that make a comparison of two figures ("higher", "more"...), one token each.
COMPARED = re.compile(r"higher|more|better|bigger|larger|greater|above|lower|less|cheaper|"
                      r"smaller|worse|below|under")
# The comparisons a question about figures may ask, most specific first: each is a cue of
# knowledge/phrasings.yml (`compare_` and the name; the plain one is `compare`).
COMPARISONS = ("difference", "rank", "highest", "lowest", "higher", "lower", "equal", "compare")
FROM_TO = re.compile(r"\bfrom\b.+\bto\b", re.I)
# Words that make a comparison (or, for salaries, a verdict) out of "which ... or ...".
WHICH_RE = re.compile(r"\b(which|who|where|what)\b.*\bor\b|\bor\b.*\?$", re.I)

SINGULAR_PRONOUN = re.compile(r"\b(it|its|it's|this one|that one|this|that)\b", re.I)
PLURAL_PRONOUN = re.compile(
    r"\b(they|them|their|those|these|ones?|both|the two|the 2|either|neither|each other)\b", re.I)
# Words that point at figures already given ("the two", "both of them").
BOTH_RE = re.compile(r"\b(the two|the 2|both|either of them|each of them|these two|those two|"
                     r"between them|of them)\b", re.I)
INSTEAD = re.compile(r"\binstead\b", re.I)
OTHER = re.compile(r"\b(other|another|else|rest|remaining|in[\s-]between)\b", re.I)

@dataclass(frozen=True)
class Reading:
    """What one message asks, in terms of the domain."""

    text: str
    analysis: QueryAnalysis
    smalltalk: str | None = None  # greeting, thanks, bye, help
    declined: bool = False  # asks to select people by a protected characteristic
    private: bool = False  # (declined) asks what a named person earns
    roles: tuple[str, ...] = ()  # role ids named
    levels: tuple[str, ...] = ()  # level ids named
    titles: tuple[str, ...] = ()  # titles the ladders lack ("staff")
    locations: tuple[str, ...] = ()  # locations of the salary tables named
    regions: tuple[str, ...] = ()  # regions of the salary tables named
    places: tuple[Place, ...] = ()  # other places named ("Munich", "Toronto")
    sources: tuple[str, ...] = ()  # record sources named
    measures: tuple[str, ...] = ()  # kinds of figure named ("median")
    amounts: tuple[Amount, ...] = ()
    period: str = ""  # the period asked for ("hour" for "hourly"), when said
    op: str = ""  # difference, rank, highest, lowest, higher, lower, equal, compare
    # Levels said of one role ("an L5 designer or an L4 platform engineer"): (role, level).
    bound: tuple[tuple[str, str], ...] = ()
    pay: bool = False
    explain: bool = False
    source_question: bool = False
    convert: bool = False
    figure_first: bool = False  # asked of the figure, the amount after ("is it over 160k?")
    # The one currency the figures are asked in, said as a kind ("the euro countries"), not
    # as a conversion ("in euros") or with an amount.
    currency: str = ""
    # The kind of number asked for when it is not money: "count" ("how many engineers do we
    # need?") or "duration" ("how long does hiring take?"), else "".
    quantity: str = ""
    # Terms of the knowledge named that are no role, level or place ("certification").
    topics: tuple[str, ...] = ()
    refers_back: bool = False  # a pronoun, "both", "the two"...
    followup: bool = False  # reads as a continuation of the conversation
    other: bool = False  # "the other one", "anything else"
    words: int = 0
    # The cues of knowledge/phrasings.yml, to ask what else the message says (`says`).
    cues: Cues | None = field(default=None, compare=False, repr=False)

    def says(self, cue: str) -> bool:
        """Whether the message says a cue of knowledge/phrasings.yml ("hiring", "doubt")."""
        return self.cues is not None and bool(self.cues.search(cue, self.text))

    @property
    def salary_slots(self) -> bool:
        """Names a level, place, region or source that salary figures are kept by."""
        return bool(self.levels or self.titles or self.locations or self.regions or self.places
                    or self.sources or self.measures)

    @property
    def task(self) -> str:
        return self.analysis.task

    @property
    def other_roles(self) -> tuple[str, ...]:
        """Job titles the knowledge does not cover, when the question names no covered title
        (not a role it reads from other words, "for the AI team", or fills in for pay)."""
        return () if self.analysis.roles else self.analysis.other_roles


def pay_terms(lexicon: Lexicon) -> frozenset[str]:
    """The knowledge's terms that the English pay words stand for (synonyms.yml's term for
    "pay", "salary", "earn")."""
    return frozenset(t for word in PAY_WORDS if (t := lexicon.term_of(word)))


def pay_words(lexicon: Lexicon) -> frozenset[str]:
    """The words that ask about pay: the English ones above, the variants of several words
    that synonyms.yml gives their terms ("set us back"), and the one-word variants that are no
    English word ("Gehalt", "stipendio"). An English word ("make", "offer") asks about pay only
    as the rules above say."""
    english, terms = english_frequency(), pay_terms(lexicon)
    return PAY_WORDS | lexicon.variants_of(terms, several=True) | frozenset(
        word for word in lexicon.variants_of(terms) if word not in english)


class Reader:
    """Reads messages against one domain."""

    def __init__(self, domain: Domain, pay: frozenset[str] = PAY_WORDS) -> None:
        """`pay`: the words that ask about pay (`pay_words` of the lexicon messages are read
        with; the English ones alone when not given)."""
        self.domain = domain
        self.cues = domain.cues
        self._smalltalk = SmallTalk(self.cues)
        self._pay_words = pay
        # Variants of several words ("set us back", "going rate") ask pay wherever said.
        phrases = sorted((w for w in pay if " " in w), key=len, reverse=True)
        self._pay_phrases = re.compile(
            r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b", re.I) if phrases else None
        self._currency_words = currency_words(domain)
        self._periods = frozenset(r.period for r in domain.records.values())
        # Thanks said in the profile's other languages ("thanks you very much, merci!").
        said = sorted((t for lang in domain.profile.languages for t in lang.thanks),
                      key=len, reverse=True)
        lead_in = self.cues.pattern("new_topic_lead_in")
        self._new_topic = re.compile(
            rf"^\W*(?:{lead_in}[\s,]+)*{self.cues.pattern('new_topic')}", re.I)
        self._acknowledged = re.compile(
            rf"^\s*(?:{self.cues.pattern('acknowledgement')}[\s,.!]*)+", re.I)
        self._foreign_thanks = re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(t) for t in said) + r")(?!\w)",
            re.I) if said else None

    def _placed(self, word: str, analysis: QueryAnalysis) -> bool:
        """Whether a people's name ("French") stands for a location that a question about
        pay also names by another word ("hiring in France, would two in Italy cost more than
        the one French engineer?")."""
        meant = {t.id for t in self.domain.lookup(word) if t.kind == "location"}
        pays = bool((self._pay_words | _COSTS) & set(analysis.tokens)
                    or PAY_RE.search(analysis.original))
        return bool(meant) and pays and any(
            analysis.tokens[at] != word.lower() and t.id in meant
            for at, term in analysis.spans for t in self.domain.lookup(term))

    def read(self, text: str, analysis: QueryAnalysis) -> Reading:
        thanked = self._foreign_thanks.sub("thanks", text) if self._foreign_thanks else text
        kind = self._smalltalk.kind(thanked)
        if kind is not None:
            return Reading(text, analysis, smalltalk=kind, cues=self.cues)
        if asks_to_filter_people(text, self.cues, lambda word: self._placed(word, analysis)):
            return Reading(text, analysis, declined=True, cues=self.cues)
        if asks_a_persons_pay(text, self.cues, {*analysis.unknown, *analysis.corrections}):
            return Reading(text, analysis, declined=True, private=True, cues=self.cues)
        levels, locations, regions = self._slots(analysis)
        tokens = analysis.tokens
        measures = sorted({r.measure for r in self.domain.records.values() if measure_of(r)
                           and r.measure.lower() in tokens})
        amounts = self.amounts(text)
        said = set(tokens)
        slots = bool(levels or locations or regions or analysis.places or analysis.titles)
        pay = self._pay(text, said, slots or bool(amounts))
        named, convert = self._currencies(text, said)
        op = self._op(text, analysis, levels, locations,
                      slots or pay or bool(amounts) or bool(analysis.role_ids))
        return Reading(
            text=text,
            analysis=analysis,
            roles=self._roles(analysis),
            levels=tuple(dict.fromkeys(levels)),
            titles=analysis.titles,
            locations=tuple(dict.fromkeys(locations)),
            regions=tuple(dict.fromkeys(regions)),
            places=analysis.places,
            sources=tuple(self.domain.sources_in((*tokens, *analysis.rewritten.split()))),
            measures=tuple(measures),
            amounts=amounts,
            period=numbers.period(self.cues, text) or next(
                (a.per for a in amounts if a.per in self._periods), ""),
            op=op,
            bound=self._bound(analysis),
            topics=tuple(t for t in analysis.terms if not self.domain.lookup(t)
                         and not self._pay_words & set(t.split())),
            pay=pay,
            explain=bool(self.cues.search("explanation", text)),
            # (not "£250,000 for UK hires: how many at the UK reference, and what remains?")
            source_question=not (amounts and any(self.cues.search(c, text) for c in SPENDING))
            and self._source_question(text, analysis, bool(op), bool(pay or amounts or slots)),
            figure_first=bool(amounts) and bool(FIGURE_FIRST.search(text)),
            # (Read with synonyms written out: "how many yoe" asks how many years.)
            quantity="" if pay or amounts or op or named  # not "how many £"
            else numbers.asked_quantity(self.cues, analysis.rewritten or text),
            convert=convert,
            currency=next(iter(named)) if len(named) == 1 and not convert and not amounts
            else "",
            refers_back=bool(SINGULAR_PRONOUN.search(text) or PLURAL_PRONOUN.search(text)),
            followup=self.is_followup(text),
            other=bool(OTHER.search(text)),
            words=len(text.split()),
            cues=self.cues,
        )

    def _roles(self, analysis: QueryAnalysis) -> tuple[str, ...]:
        """The roles a message names, in order; one by its name's first word, an everyday one,
        before a word for its figures or after a level ("the robotics figures", "mid robotics")."""
        tokens, bare, lookup = analysis.tokens, self.domain.everyday_bare, self.domain.lookup
        said = [(at, bare[w]) for at, w in enumerate(tokens) if w in bare and (
            tokens[at + 1:at + 2] and tokens[at + 1] in FIGURE_WORDS | self._pay_words
            or any(t.kind == "level" for n in (1, 2) for t in lookup(" ".join(tokens[at - n:at]))))]
        named = [(at, t.id) for at, w in analysis.spans for t in lookup(w) if t.kind == "role"]
        return tuple(dict.fromkeys(r for _, r in sorted(named + said))) if said \
            else analysis.role_ids

    def _pay(self, text: str, said: set[str], figures: bool) -> bool:
        """Whether a message asks pay: by its words, or by a word for figures with a level, a
        place or an amount (`figures`), though not with a duration asked ("how much
        experience? I need an actual number")."""
        figure_words = MONEY_WORDS if self.cues.search("asks_duration", text) else (
            FIGURE_WORDS | MONEY_WORDS)
        return bool(self._pay_words & said) or bool(PAY_RE.search(text)) or bool(
            self._pay_phrases and self._pay_phrases.search(text)) or (
            bool(figure_words & said) and figures) or bool(DIMENSION_FIGURES.search(text))

    def _op(self, text: str, analysis: QueryAnalysis, levels: list[str], locations: list[str],
            figures: bool) -> str:
        """The comparison a message asks (`comparison`), read with what it names (`figures`:
        something with figures: a level, a place, a role, pay or an amount)."""
        op = self.comparison(text)
        if op in ("higher", "lower") and self._before_a_level(analysis):
            return ""  # "if they were more senior": a level, not a comparison
        if not op and (len(levels) > 1 or len(locations) > 1) and FROM_TO.search(text):
            return "difference"  # "going from L4 to L6"
        if op == "compare" and not (figures or self.cues.search("compare", text)
                                    or SINGULAR_PRONOUN.search(text)
                                    or PLURAL_PRONOUN.search(text)):
            return ""  # "in-house or an external team?": a choice, not figures compared
        return op

    def smalltalk(self, text: str) -> str | None:
        """'greeting', 'thanks', 'bye' or 'help' when the message is only that, else None."""
        return self._smalltalk.kind(text)

    def new_topic(self, text: str) -> bool:
        """Whether a message starts by changing the subject ("unrelated, but...", "separate
        question:"): nothing of the conversation before carries into it."""
        return bool(self._new_topic.match(text))

    def comparison(self, text: str) -> str:
        """The comparison a message asks for ('difference', 'highest'...), or ''."""
        for name in COMPARISONS:
            if self.cues.search(name if name == "compare" else f"compare_{name}", text):
                return name
        return "compare" if WHICH_RE.search(text) else ""

    def is_followup(self, text: str) -> bool:
        """Whether a message reads as a continuation: 'and a junior one?', 'what about
        Italy?'."""
        if (said := self._acknowledged.match(text)) and said.end() < len(text):
            text = text[said.end():]
        words = text.split()
        return bool(
            self.cues.starts("follow_up_start", text)
            or (len(words) <= 12 and (SINGULAR_PRONOUN.search(text)
                                      or PLURAL_PRONOUN.search(text)))
            or (len(words) <= 25 and BOTH_RE.search(text))
            or (len(words) <= 20 and SINGULAR_PRONOUN.search(text) and self.comparison(text))
            or len(words) <= 4
            or (len(words) <= 12 and INSTEAD.search(text))  # "what should we screen on instead?"
        )

    def amounts(self, text: str) -> tuple[Amount, ...]:
        """The amounts a text states, as `read` finds them: a rate ("12k a month") put in the
        year by the content's conversion (profile.yml `conversions`), when it gives one."""
        return tuple(self._yearly(a) for a in numbers.amounts(text, self._currency_words,
                                                              self.cues))

    def _yearly(self, amount: Amount) -> Amount:
        """A rate in the year, unless the tables have figures in its own period (an hourly
        rate against hourly figures: the period is then the one asked)."""
        if not amount.per or amount.per in self._periods:
            return amount
        found = self.domain.profile.conversion("year", amount.per)
        return replace(amount, value=amount.said * found[0]) if found else amount

    def shorthand(self, reading: Reading, earlier: str) -> Reading:
        """A bare number said after an amount in thousands, as that amount's shorthand ("is
        $140k fair?" then "what if we went to 150?"): read as thousands, in its currency,
        when it is the message's only number, the message says nothing the knowledge lacks,
        and it lands within half to twice the earlier amount."""
        bare = [t for t in reading.analysis.tokens if t.isdigit() and 10 <= int(t) <= 999]
        before = self.amounts(earlier) if earlier else ()
        if reading.amounts or len(before) != 1:
            return reading
        if not bare and reading.words <= PERCENT_FOLLOW_UP and PERCENT_WORDS.search(
                reading.text) and not numbers.percents(reading.text) \
                and not (reading.levels or reading.locations or reading.regions):
            # "by what percent?", "what % under market is that?" after "is $120k below
            # market?": that amount, in per cent (not "4% above the market figure", which
            # states a percentage of its own)
            return replace(reading, amounts=before)
        unknown = {w for w in reading.analysis.unknown if not PERCENT_WORDS.fullmatch(w)}
        if unknown - set(bare):
            return reading
        if len(bare) != 1:
            return reading
        value = int(bare[0]) * 1000.0
        if not before[0].value / 2 <= value <= before[0].value * 2:
            return reading
        return replace(reading, amounts=(Amount(value, before[0].currency),))

    def _slots(self, analysis: QueryAnalysis) -> tuple[list[str], list[str], list[str]]:
        """The levels, locations and regions of the salary tables a message names; one said
        as not meant ("I meant Bellevue, not Boston", "Germany instead of France") only when
        it is the only one of its kind."""
        tokens = analysis.tokens
        denied = {term for at, term in analysis.spans
                  if (at and tokens[at - 1] == "not")
                  or tuple(tokens[max(at - 2, 0):at]) in (("instead", "of"), ("rather", "than"))}
        found: dict[str, list[str]] = {"level": [], "location": [], "region": []}
        unmeant: dict[str, list[str]] = {"level": [], "location": [], "region": []}
        for term in analysis.terms:
            for term_found in self.domain.lookup(term):
                if term_found.kind in found:
                    (unmeant if term in denied else found)[term_found.kind].append(term_found.id)
        meant = {kind: found[kind] or unmeant[kind] for kind in found}
        return meant["level"], meant["location"], meant["region"]

    def _currencies(self, text: str, said: set[str]) -> tuple[set[str], bool]:
        """The currencies a message names, and whether it asks for figures in another one
        ("in euros", "convert to pounds")."""
        words = self._currency_words
        named = {words[w] for w in {singular(t) for t in said} | said if w in words}
        convert = bool(self.cues.search("conversion", text)) or any(
            singular(m.lower()) in words or m.lower() in words for m in IN_CURRENCY.findall(text))
        return named, convert

    def _before_a_level(self, analysis: QueryAnalysis) -> bool:
        """Whether "more" or "less" is said of a level ("more senior", "less junior"), the
        only comparison word in the message."""
        levels = {at for at, term in analysis.spans
                  if any(t.kind in ("level", "title") for t in self.domain.lookup(term))}
        tokens = analysis.tokens
        said = [i for i, t in enumerate(tokens) if COMPARED.fullmatch(t)]
        return bool(said) and all(t in ("more", "less") and i + 1 in levels
                                  for i, t in ((i, tokens[i]) for i in said))

    def _source_question(self, text: str, analysis: QueryAnalysis, op: bool,
                         figures: bool) -> bool:
        """Whether a message asks where figures come from: the cue `source_question` (read
        with synonyms written out too: "src?"), or a question answered yes or no that names a
        source and a figure and asks no arithmetic (`op`): "are the city salaries from
        Glassdoor too?" (`figures`: it names pay, an amount, a level or a place)."""
        tokens = analysis.tokens
        if self.cues.search("source_question", text) \
                or self.cues.search("source_question", analysis.rewritten):
            return True
        figure = figures or bool(FIGURE_WORDS & set(tokens)) or tokens[-1:] in (
            ("too",), ("well",), ("also",))  # ("..., is that Glassdoor too?")
        return bool(self.domain.sources_in(tokens)) and figure and not op \
            and bool(self.cues.search("yes_no", text)) \
            and not self.cues.search("percent", text)  # ("is that as a % of the BLS figure?")

    def _bound(self, analysis: QueryAnalysis) -> tuple[tuple[str, str], ...]:
        """Each level said right before a role ("an L5 product designer"), bound to it."""
        found = []
        spans = [(i, t, self.domain.lookup(t)) for i, t in analysis.spans]
        for (start, _, first), (nxt, _, second) in zip(spans, spans[1:], strict=False):
            levels = [t.id for t in first if t.kind == "level"]
            roles = [t.id for t in second if t.kind == "role"]
            if levels and roles and nxt - start <= 2:
                found.append((roles[0], levels[0]))
        return tuple(found) if len({r for r, _ in found}) > 1 else ()



def currency_words(domain: Domain) -> dict[str, str]:
    """How people write each currency of the tables: code, symbol, and its name's last word
    ('usd', '$', 'dollar'), for reading amounts."""
    words: dict[str, str] = {}
    locale = domain.profile.assistant.locale
    for code in dict.fromkeys(r.currency for r in domain.records.values()):
        words[code.lower()] = code
        for symbol in {get_currency_symbol(code, locale=locale),
                       get_currency_symbol(code, locale="en")}:
            words.setdefault(symbol.lower(), code)
            words.setdefault(symbol.lower().lstrip("abcdefghijklmnopqrstuvwxyz"), code)
        name = currency_name(code, locale="en").lower().split()
        if name:
            words.setdefault(singular(name[-1]), code)
    words.pop("", None)
    return words


# Words said just before a term that is not meant ("not Boston", "forget the UK").
_DENYING = frozenset((("not",), ("forget",), ("ignore",), ("excluding",), ("except",)))


def denied_terms(reading: Reading) -> set[str]:
    """The knowledge's terms a message says are not meant ("Bellevue not Boston", "instead of
    Boston", "forget the UK"), as said in the tables (a place's or a level's own name)."""
    tokens = reading.analysis.tokens

    def before(at: int, words: int) -> tuple[str, ...]:  # (over "the": "not the Bay Area")
        start = at - 1 if at and tokens[at - 1] == "the" else at
        return tuple(tokens[max(start - words, 0):start])

    return {term for at, term in reading.analysis.spans
            if before(at, 1) in _DENYING
            or before(at, 2) in (("instead", "of"), ("rather", "than"))}


def meant_elsewhere(reading: Reading) -> bool:
    """Whether a message says a place the tables lack is the one meant ("oh wait, I meant
    Austin, not Bellevue"): no change of the last calculation's people."""
    return bool(reading.places) and not (
        set(reading.locations) | set(reading.regions)) - denied_terms(reading)
