"""Positions and pairs in a follow-up ("the last one", "the first two", "the second one",
"the two cities") named as the items they stand for: the figures the last answer showed, in
their order, the list of the passage it quoted, or the places and levels the last questions
listed."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from api.answer.compose import Answer, Frame
from api.knowledge.domain import Domain
from api.knowledge.model import Snippet
from api.knowledge.naming import join_words
from api.text.words import plain_words, sentences
from api.understand.numbers import number
from api.understand.reading import Reading

# "The last one", "the second", "first minus last": a place or level of the last question's
# list, by its position (not "our first AI hire", "the first-year figure").
ORDINAL = re.compile(r"(?:\bthe\s+|^\s*(?:and\s+|ok\s+|so\s+)?|(?<=\s)(?=(?:first|second|third|"
                     r"last)\s+(?:minus|vs|versus|against|and|or|over|to)\b)|(?<=minus\s)|"
                     r"(?<=vs\s)|(?<=versus\s)|(?<=against\s)|(?<=and\s)|(?<=over\s))"
                     r"(first|second|third|fourth|last|latter|former)\b(?!-)"
                     r"(?:\s+(?:one|city|place|level|option)\b)?", re.I)
_POSITION = {"first": 0, "former": 0, "second": 1, "third": 2, "fourth": 3, "last": -1,
             "latter": -1}
MIN_ITEM = 3  # characters of a list's item for its name to say an answer is about it
MAX_ORDINAL_WORDS = 12  # words of a follow-up that names a position (not a long message)


def _short(text: str) -> bool:
    return len(plain_words(text)) <= MAX_ORDINAL_WORDS


# "The two cities", "both places": the last two places asked about, said one at a time.
PAIR = re.compile(r"\b(?:the\s+)?(?:2|two|both)\s+(?:of\s+the\s+)?(?:cities|places|locations)\b",
                  re.I)


def with_the_pair(text: str, places: Sequence[str]) -> str:
    """A short follow-up naming "the two cities" naming the last two places asked about
    instead ("gap between Boston and New York"); as it was otherwise."""
    if len(places) < 2 or not _short(text):
        return text
    return PAIR.sub(f"{places[-2]} and {places[-1]}", text, count=1)


# "The first two", "the last 2", "the top three": that many items from one end of a list.
ENDS = re.compile(r"\b(?:the\s+)?(first|top|last|bottom)\s+(two|three|[23])\b(?!\s*(?:years?|"
                  r"months?|weeks?|days?|hours?)\b)", re.I)


def with_ordinals(text: str, items: Sequence[str], *, any_length: bool = False) -> str:
    """A short follow-up with its positions ("and the last one?", "the first two") naming the
    items of the last list instead ("and New York?"); as it was when it names none or is
    long."""
    if len(items) < 2 or not (any_length or _short(text)):
        return text

    def ends(match: re.Match[str]) -> str:
        count = min(int(number(match.group(2).lower()) or 0), len(items))
        first = match.group(1).lower() in ("first", "top")
        return join_words(list(items[:count] if first else items[-count:]))

    text = ENDS.sub(ends, text)

    def named(match: re.Match[str]) -> str:
        position = _POSITION[match.group(1).lower()]
        lead = match.group(0)[: match.start(1) - match.start(0)]
        keep = lead if lead.strip().lower() not in ("the",) else ""
        return keep + items[position] if position < len(items) else match.group(0)

    return ORDINAL.sub(named, text)


def listed(text: str) -> list[str]:
    """The items of the list a passage gives: its bullet lines, else the run after the colon
    of its last sentence ("The four the guidance names: A, B, C and D")."""
    bullets = [m.group(1).strip() for m in BULLET.finditer(text)]
    if len(bullets) > 1:
        return bullets
    said = sentences(text.strip())
    _, colon, run = said[-1].partition(": ") if said else ("", "", "")
    items = [i for i in LIST_SEPARATOR.split(run.rstrip(". ")) if i] if colon else []
    return items if len(items) > 1 else []


def list_shown(frame: Frame | None, snippet: Callable[[str], Snippet | None]) -> Snippet | None:
    """The passage whose list a position points into: the one a position named last ("the
    third one on that list", then "and the first one?"), else the last answer's subject."""
    if frame is None or frame.salary or not (frame.listed_id or frame.subject_id):
        return None
    return snippet(frame.listed_id or frame.subject_id)


def list_kept(answer: Answer, listing: Snippet | None, named: bool) -> Answer:
    """The answer to a position of a passage's list (`named`), or about one of its items by
    name ("which of those is the most hands-on?"), keeping that list to point into ("tell me
    more about the third one" two answers on)."""
    if listing is None or answer.frame is None or answer.frame.salary:
        return answer
    said = answer.text.lower()
    if not (named or any(len(item) > MIN_ITEM and item.lower() in said
                         for item in listed(listing.text))):
        return answer
    return replace(answer, frame=replace(answer.frame, listed_id=listing.id))


def positions_named(text: str, frame: Frame | None, domain: Domain, subject: Snippet | None,
                    asked: Callable[[], Sequence[Reading]]) -> str:
    """"The last one", "the first two", "the 2 cities", "the second one": the items of the
    list the last answer showed (its figures in their order, else the list of its passage,
    `subject`), else of the last questions that listed some (`asked`, oldest first)."""
    if frame is None or not (ORDINAL.search(text) or PAIR.search(text) or ENDS.search(text)
                             or EXTREME_ITEM.search(text) or OTHER_ONE.search(text)):
        return text
    if OTHER_ONE.search(text) and frame.salary and len(frame.records) == 1 \
            and len(frame.listed) == 2:
        # "and the other one?" of two shown
        other = [domain.records[i] for i in frame.listed if i not in frame.records
                 and i in domain.records]
        if len(other) == 1 and other[0].location:
            return OTHER_ONE.sub(other[0].location, text)
    if not frame.salary:
        items = listed(subject.text) if subject is not None else []
        return ITEM.sub(lambda m: _item(m, items), text) \
            if len(items) > 1 and _short(text) else text
    if SAID_BEFORE.search(text):
        # "Back to the first city I asked about": of every place asked, in the order asked.
        said = list(dict.fromkeys(p for reading in asked() for p in reading.locations))
        if len(said) > 1:
            return with_ordinals(text, said, any_length=True)
    ids = frame.records
    if len(ids) < 2 and frame.listed:
        # The last answer showed one figure: a list the asker gave, else the list shown before
        # it ("the last city, per week?", then "and the top one?").
        given = with_positions(text, asked())
        if given != text:
            return given
        ids = frame.listed
    records = [domain.records[i] for i in ids if i in domain.records]
    # Each figure by its place, or by its level when they are one role's levels ("and the
    # last one?" after the junior, mid-level and senior figures).
    name = {r.id: r.location or domain.naming.level_name(r.role, r.level) for r in records}
    shown = [name[r.id] for r in records] if all(r.location for r in records) or (
        all(r.level and not r.location for r in records)
        and len({r.role for r in records}) == 1) else []
    ends = EXTREME_ITEM.findall(text)
    ends_said = {w for w in plain_words(text) if w in ("top", "bottom")}
    if len(ends) == 1 and len(ends_said) == 1 and len(set(shown)) > 1 \
            and len({r.currency for r in records}) == 1:
        # "and the top one?": the highest of the list (one end named, one currency)
        ranked = sorted(records, key=lambda r: -r.amount)
        return EXTREME_ITEM.sub(name[(ranked[0] if ends[0].lower() == "top" else ranked[-1]).id],
                                text)
    if len(set(shown)) > 1 and not PAIR.search(text):
        return with_ordinals(text, shown)
    return with_positions(text, asked())


# "The other one": of two figures shown, the one the last answer did not show.
OTHER_ONE = re.compile(r"\bthe\s+other\s+(?:one|city|place|location)\b", re.I)
# "The top one", "the bottom city": the highest or lowest figure of the list shown.
EXTREME_ITEM = re.compile(r"\bthe\s+(top|bottom)(?:\s+(?:one|city|place|location))?\b"
                          r"(?!\s+(?:and|or|\d|two|three|of)\b)", re.I)
# A position among everything said before, not the last list shown.
SAID_BEFORE = re.compile(r"\b(?:i|we)\s+(?:first\s+)?asked\b|\byou\s+(?:first\s+)?(?:mentioned|"
                         r"listed|gave|showed)\b|\b(?:at|from)\s+the\s+(?:start|beginning)\b",
                         re.I)
# "The second one", "the last": an item of a passage's list by its position (not "the last
# conversation", a noun of its own).
ITEM = re.compile(r"\bthe\s+(first|second|third|fourth|last)(?:\s+one\b|(?!\s+\w))", re.I)


def _item(match: re.Match[str], items: Sequence[str]) -> str:
    position = _POSITION[match.group(1).lower()]
    return items[position] if position < len(items) else match.group(0)


BULLET = re.compile(r"^\s*[-*•]\s+(.+?)\s*$", re.M)
LIST_SEPARATOR = re.compile(r",\s+(?:and\s+)?|\s+and\s+")


def with_positions(text: str, asked: Sequence[Reading]) -> str:
    """A short follow-up's positions and pairs named as the items they stand for, from the
    questions asked before (oldest first): a position ("and the last one?") in the latest
    list of two or more places (else levels), in the order said; "the two cities" as the last
    two places asked about, one question at a time or together."""
    if ORDINAL.search(text):
        for said in reversed(asked):
            listed = said.locations if len(said.locations) > 1 else said.levels
            if len(listed) > 1:
                return with_ordinals(text, listed)
        return text
    places: list[str] = []
    for said in asked:
        places = [p for p in places if p not in said.locations] + list(said.locations)
    return with_the_pair(text, places)
