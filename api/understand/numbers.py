"""Numbers in a message, read in one place: money ("$140k", "500k USD", "€60,000"), counts of
people ("2 seniors", "three juniors", "a junior"), durations ("over three years", "18
months"), percentages ("25%") and the period a figure is asked in ("per month", "hourly").

Plain English about numbers and units, nothing about the content: what a count is bound to (a
level, a place, a role) is read by the caller against the domain.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from api.knowledge.phrasings import Cues
from api.text.words import NUMBER_WORDS, normalize, singular

# A count is of people: a number right before what is counted, not of money or of time.
_NOT_PEOPLE = frozenset(
    "k m mn thousand million grand bucks year years yr yrs month months mo mos week weeks day "
    "days hour hours hr hrs percent pct per cent".split())
_YEAR = frozenset("year years yr yrs".split())
_MONTH = frozenset("month months mo mos".split())
_JOINED = re.compile(r"(\d{1,2})(y|yr|yrs|mo|mos)")

# A figure the asker gives: "$140k", "130,000 USD", "€60k", "140 thousand".
AMOUNT_RE = re.compile(
    r"(?P<pre>[^\w\s,.]{1,3}|\b[a-z]{3}\b)?\s?"
    r"(?P<num>\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*)\s?"
    r"(?P<mult>k\b|m\b|thousand\b|million\b|mn\b|grand\b)?\s?(?P<post>[a-z]{3,9}\b|[^\w\s,.]{1,3})?",
    re.I,
)
# US retirement plans named by their tax-code section ("401k", "403(b)"), not sums of money.
PLAN = re.compile(r"(?:401|403|457)\s?\(?[abk]\)?\s*(?:match\w*|plans?|contribution\w*|"
                  r"accounts?|retirement|schemes?)\b", re.I)
_MULTIPLIER = {"k": 1e3, "thousand": 1e3, "grand": 1e3, "m": 1e6, "million": 1e6, "mn": 1e6}
PERCENT_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|per ?cent\b|pct\b)", re.I)
# The periods a figure may be asked in, and the cue of knowledge/phrasings.yml that says each
# ("hourly", "/mo"), in the order they are tried.
PERIOD_CUES = (("hour", "per_hour"), ("day", "per_day"), ("week", "per_week"),
               ("month", "per_month"))
# The kinds of number other than money a question may ask, each by the cue of
# knowledge/phrasings.yml that says it, duration first ("how many years of experience").
QUANTITY_CUES = (("duration", "asks_duration"), ("count", "asks_count"))
# What in a text is a number but not a count or a duration: money, a calendar year, a date.
# (Currency signs by their Unicode category, no currency named here.)
_SIGNS = re.escape("".join(c for c in map(chr, range(0x2100)) if unicodedata.category(c) == "Sc"))
_NOT_A_QUANTITY = re.compile(
    rf"(?:[{_SIGNS}]|\b[A-Z]{{3}})\s?\d[\d,.]*\s?[kKmM]?\b|"
    r"\b\d[\d,.]*\s?(?:[kKmM]\b|[A-Z]{3}\b)|"
    r"(?i:\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}\b)|"
    r"\b(?:19|20)\d{2}\b")
# Number words that state a quantity ("one" is too often a pronoun to count).
_QUANTITY_WORDS = sorted((w for w in NUMBER_WORDS if w not in ("one", "half")),
                         key=len, reverse=True)
_NUMBER = rf"(?:\d+(?:[.,]\d+)?|{'|'.join(_QUANTITY_WORDS)})\+?"
_SPAN = rf"\b{_NUMBER}(?:\s*(?:-|–|to|or)\s*{_NUMBER})?"
_TIME = r"(?:\s+[a-z-]+){0,2}?\s*(?:hours?|days?|weeks?|months?|years?|decades?)\b"
_STATED = {
    "duration": re.compile(rf"{_SPAN}{_TIME}", re.I),
    # A number of something, not of time and not a share ("five to eight people", "two").
    "count": re.compile(rf"{_SPAN}(?![\w+%]|\s*(?:%|per ?cent\b)|\s*\+?{_TIME})", re.I),
}


def asked_quantity(cues: Cues, text: str) -> str:
    """'duration' or 'count' when the question asks for that kind of number ("how long does
    hiring take?", "how many engineers do we need?"), else '' (also for "how many years ago
    ...?", which a date answers)."""
    if re.search(r"\bago\b", text, re.I):
        return ""
    return next((kind for kind, cue in QUANTITY_CUES if cues.search(cue, text)), "")


def states_quantity(text: str, kind: str) -> bool:
    """Whether a text states a number of `kind`: a duration ("2+ years", "over 15 years") or a
    count ("five to eight"); not money, a share, a calendar year or a date."""
    return bool(_STATED[kind].search(_NOT_A_QUANTITY.sub(" ", text)))


@dataclass(frozen=True)
class Amount:
    """A figure the asker states, in a currency when they said which. One said per a period
    ("12k a month", "a day rate of $600") is a rate: `per` names the period and `said` the
    value as said, until the reader puts it in the content's period (`value` is then that)."""

    value: float
    currency: str = ""  # ISO code, "" when the question does not say
    per: str = ""  # the period the asker states the amount in, when it is a rate
    said: float = 0.0  # the value as said, for a rate


@dataclass(frozen=True)
class Count:
    """A number of people, and the token it stands before (what it counts comes after it)."""

    value: float
    at: int


def number(token: str) -> float | None:
    """The value of a token that is a plain number ('2', 'three'), else None."""
    if token.isdigit():
        return float(token)
    return float(NUMBER_WORDS[token]) if token in NUMBER_WORDS else None


def amounts(text: str, currency_words: dict[str, str],
            cues: Cues | None = None) -> tuple[Amount, ...]:
    """Figures the asker states. A bare number counts only when it looks like pay: a currency
    beside it, a 'k', or at least five digits (not '2 years', not '2024'), or a rate of three
    or more ("asking 9,500 monthly").

    `currency_words`: how people write each currency the content holds ('$', 'usd', 'dollar');
    with `cues`, an amount said per a period is a rate (`Amount.per`, see `_rate`)."""
    found = []
    written = _SPELLED.sub(_as_digits, normalize(text))  # ("a million", "half a million")
    for m in AMOUNT_RE.finditer(written):
        value = _number(m["num"])
        if value is None:
            continue
        mult = (m["mult"] or "").lower()
        if PLAN.match(written, m.start("num")) and not currency_words.get(
                (m["pre"] or "").lower().strip()):
            continue  # "a 401k match": a retirement plan's name, not an amount
        value *= _MULTIPLIER.get(mult, 1)
        currency = currency_words.get((m["pre"] or "").lower().strip()) or \
            currency_words.get(singular((m["post"] or "").lower()), "")
        per = _rate(cues, written, m) if cues is not None else ""
        if currency or mult or value >= 10_000 or (per and value >= 100):
            found.append(Amount(value, currency, per, value) if per else Amount(value, currency))
    return tuple(found)


# A sum of money said in words: "a million", "half a million", "two million", "a grand".
_SPELLED = re.compile(r"\b(half an?|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
                      r"(million|thousand|grand)\b")


def _as_digits(match: re.Match[str]) -> str:
    said = match.group(1)
    value = 0.5 if said.startswith("half") else 1.0 if said in ("a", "an") else NUMBER_WORDS[said]
    return f"{value:g} {match.group(2)}"


# What may stand between a period word said before an amount and the amount ("a monthly
# budget of €20,000", "a day rate of about $600").
_BEFORE_AMOUNT = r"(?:\s+[a-z]+){0,2}?(?:\s+(?:of|is|at|around|about|roughly|approx\w*))?\s*:?\s*$"
# A rate asked in another period, not stated ("what's $174,825 a week?", "and the $160,000
# per hour?"): an amount the message asks to put in a period, unless it also asks for the year
# ("12k a month, yearly?").
_ASKED_OF = re.compile(r"(?:\bwhat'?s|\bwhat is|\bhow much is|\bconvert|\bturn|\bexpress|"
                       r"\bthe)\s+(?:an?\s+|the\s+)?$", re.I)
_YEARLY = re.compile(r"\b(?:annual\w*|yearly|a year|per year|per annum|p\.?a\.?)(?!\w)", re.I)


def _rate(cues: Cues, text: str, m: re.Match[str]) -> str:
    """The period an amount is stated per ("12k a month", "$600 per working day", "a
    monthly budget of €20,000"), or '' (also for one asked in a period: "what's $174,825 a
    week?")."""
    return _rate_span(cues, text, m)[0]


def _rate_span(cues: Cues, text: str, m: re.Match[str]) -> tuple[str, int, int]:
    """`_rate`, with where the amount and its period word stand together."""
    # (After the number, or after a currency word written after it: "500 euros a month".)
    ends = (m.end("mult") if m["mult"] else m.end("num"), m.end())
    start = max(0, m.start() - 60)
    for per, cue in PERIOD_CUES:
        pattern = cues.pattern(cue)
        said = re.compile(rf"\s*(?:{pattern})", re.I)
        after = next((a for a in (said.match(text, end) for end in ends) if a), None)
        if after is not None:
            asked = _ASKED_OF.search(text, start, m.start()) and not _YEARLY.search(text)
            return ("", 0, 0) if asked else (per, m.start(), after.end())
        before = re.compile(rf"(?:{pattern}){_BEFORE_AMOUNT}", re.I).search(
            text, start, m.start())
        if before is not None:
            return per, before.start(), m.end()
    return "", 0, 0


def _rate_spans(cues: Cues, text: str) -> list[tuple[int, int]]:
    """Where the text states an amount per a period, amount and period word together."""
    found = (_rate_span(cues, text, m) for m in AMOUNT_RE.finditer(text) if _money_like(m))
    return [(start, end) for per, start, end in found if per]


def _money_like(m: re.Match[str]) -> bool:
    """Whether a number may be an amount of money: with a sign or a multiplier, or 100 or
    more ("per mo for the 3" counts people)."""
    signs = [s for s in (m["pre"], m["post"]) if s and not s.isalpha()]
    return bool(m["mult"] or signs) or (_number(m["num"]) or 0) >= 100


def _number(text: str) -> float | None:
    """A written number: "250,000", "250 000" and "250.000" (groups of three), "1,5" (a
    decimal comma), "12.5"."""
    plain = re.sub(r"[ \u00a0\u202f]", "", text)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", plain):
        plain = plain.replace(".", "")
    elif re.fullmatch(r"\d+,\d{1,2}", plain):
        plain = plain.replace(",", ".")
    else:
        plain = plain.replace(",", "")
    try:
        return float(plain)
    except ValueError:
        return None


# "x3", "3x": three times (three people, three years).
TIMES = re.compile(r"^x(?=\d+$)|(?<=\d)x$")  # "x3", "3x": a number of times


def counts(tokens: tuple[str, ...] | list[str],
           currency_words: dict[str, str] | None = None) -> list[Count]:
    """Numbers of people: a number (or 'a couple of', 'a dozen') not followed by a unit of
    money or time or by a currency (`currency_words`, as for `amounts`), with the token where
    what it counts begins."""
    units = _NOT_PEOPLE | {singular(w) for w in currency_words or {}} | set(currency_words or {})
    found = []
    for i, token in enumerate(tokens):
        value = number(TIMES.sub("", token) if TIMES.search(token) else token)  # ("x3 srs")
        if value is None or value <= 0 or value >= 1000:
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        if singular(after) in units or after in units or (
                after == "of" and token in ("couple", "pair", "dozen") and i + 2 < len(tokens)
                and tokens[i + 2] in units):
            continue
        if token == "half":
            continue  # "half a year", "half of them": not a head count
        start = i + 2 if after == "of" and token in ("couple", "pair", "dozen") else i + 1
        found.append(Count(value, start))
    return found


_WHOLE = frozenset("full whole entire complete".split())
# Words before "a year" that make it a stretch of time ("over a year"), not a period ("$150k a
# year").
_SPANNING = frozenset("over for across during within in after spanning first".split())


# No span runs longer: a larger number before "month" or "year" is an amount, not a span.
LONGEST_MONTHS = 600


def months(tokens: tuple[str, ...] | list[str]) -> float | None:
    """How long something runs when the message says ('over three years' -> 36, '18 months'
    -> 18, 'a two-year contract' -> 24), else None."""
    for token in tokens:  # "2y", "18mo": written as one
        joined = _JOINED.fullmatch(token)
        if joined:
            return float(joined.group(1)) * (12 if joined.group(2) in _YEAR | {"y"} else 1)
    for i, token in enumerate(tokens[1:], start=1):
        before = i - 2 if tokens[i - 1] in _WHOLE and i > 1 else i - 1  # "two full years"
        said = TIMES.sub("", tokens[before])  # "x3 yrs": three years
        value = number(said) if said not in ("a", "an") else (
            1.0 if before and tokens[before - 1] in _SPANNING else None)  # "over a year"
        if value is None or value > LONGEST_MONTHS:
            continue  # ("$10,800/month": an amount a month, not a span)
        if token in _YEAR:
            return value * 12
        if token in _MONTH:
            return value
    return None


def percents(text: str) -> list[float]:
    """Percentages the message states ('25%', '10 percent')."""
    return [float(v) for v in PERCENT_RE.findall(text)]


def period(cues: Cues, text: str) -> str:
    """The period a figure is asked in ('hour', 'day', 'week', 'month'), or ''."""
    found = periods(cues, text)
    return found[0] if found else ""


def periods(cues: Cues, text: str) -> tuple[str, ...]:
    """Every period a figure is asked in, in the order said ('per month and per hour'); not
    the period of an amount the asker states ("she wants 12k a month")."""
    rates = _rate_spans(cues, text) if AMOUNT_RE.search(text) else []
    found = [(m.start(), p) for p, cue in PERIOD_CUES for m in cues.finditer(cue, text)
             if not any(a <= m.start() < b for a, b in rates)]
    return tuple(dict.fromkeys(p for _, p in sorted(found)))


# The periods smaller than a year a figure may be asked in (each a conversion of the content
# turns a yearly figure into; one it lacks is said to be missing).
SMALLER = tuple(p for p, _ in PERIOD_CUES)


def asked_periods(cues: Cues, text: str) -> tuple[str, ...]:
    """The smaller periods a message asks a figure in ('per month and per hour')."""
    return tuple(p for p in periods(cues, text) if p in SMALLER)


_ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
             "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12}
_NTH = re.compile(r"\b(?:(\d{1,3})(?:st|nd|rd|th)|(" + "|".join(_ORDINALS) + r"))\b", re.I)
# One person more than there are ("one more", "another engineer", "an extra hire").
_ANOTHER = re.compile(r"\b(?:(?:one|1)\s+more|another|(?:an|one|1)\s+(?:extra|additional))\b",
                      re.I)


def nth(text: str) -> int | None:
    """The place in a count an ordinal says ("a 5th person", "the fourth hire"), if any."""
    found = _NTH.search(text)
    if found is None:
        return None
    return int(found.group(1)) if found.group(1) else _ORDINALS[found.group(2).lower()]


def one_more(text: str) -> bool:
    """Whether a text asks for one more of something ("one more", "another", "an extra")."""
    return bool(_ANOTHER.search(text))


# "All three of those", "those three", "the three of them", "both", "those two" (after figures
# asked one by one): that many figures shown over the last answers; the count in group 1 (or
# "both" in 2), a word after it in 3. Not "the three years" nor "those three seniors" (a span,
# or people the domain names: the caller's to check).
FIGURES_NAMED = re.compile(r"\b(?:(?:all|those|these|the)\s+(two|three|four|five|six|[2-6])|"
                           r"(both))\b(?!\s+(?:years?|months?|people|hires?)\b)"
                           r"(?:\s+(?:of\s+)?([\w-]+))?", re.I)


def counted_figures(text: str) -> int:
    """How many figures a message names by their number ("which of those three ...?"), or 0."""
    found = FIGURES_NAMED.search(text)
    if found is None:
        return 0
    return 2 if found.group(2) else int(number(found.group(1).lower()) or 0)
