"""Who a calculation counts, read from a message: each level, place or role said, joined into
parts ("2 senior AI engineers in Boston and a junior": two parts), with their counts, the
figures already shown ("two of them") and a place said once for several.

What is counted is read against the domain from the lexicon's terms, so it works for any ladder
and places the content holds.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable
from dataclasses import replace

from api.knowledge.domain import Domain
from api.search.lexicon import ROLE_HEADS
from api.text.words import sentences, singular, tokenize
from api.understand import numbers
from api.understand.plan import Part
from api.understand.reading import Reading

# Words between a count and what it counts ("3 more seniors", "two people in the UK").
_BETWEEN = frozenset(
    "more extra new additional other x of the people persons person hire hires head heads folks "
    "staff in at from based".split())
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
_TIMES_WORDS = frozenset(("x", "times"))  # "x 3", "times three": a multiplier
# Nouns that close a name as a figure of its own ("the New York figure", "the senior one").
_FIGURE_NOUNS = frozenset("figure figures number numbers one salary pay rate median".split())
# Cues of knowledge/phrasings.yml that set one figure against another.
_AGAINST = ("percent", "ratio", "compare", "difference", "more", "less")


class PartsReader:
    """Reads the people a message counts, against one domain."""

    def __init__(self, domain: Domain, currency_words: dict[str, str]) -> None:
        self.domain = domain
        self.currency_words = currency_words

    def parts(self, reading: Reading, role: str = "") -> tuple[Part, ...]:
        """Who is counted, in the order said: a count starts a part, and each level, place or
        role joins the part being read unless it already has one of that kind ("2 senior AI
        engineers in Boston and a junior": two parts). A place said once for several parts
        holds for all of them."""
        tokens = reading.analysis.tokens
        events: list[tuple[int, str, str, float]] = []
        for at, term in reading.analysis.spans:
            if at and tokens[at - 1] == "not":
                continue  # "I meant four mid-level ones, not seniors": not counted
            slots: set[str] = set()
            for t in self.domain.lookup(term):
                slot = t.kind if t.kind in ("level", "role") else "location"
                if t.kind in _COUNTED and slot not in slots:  # "US": a place once, not twice
                    slots.add(slot)
                    events.append((at, t.kind, t.id, 0.0))
        events += self._covered(reading, role)
        at_places = {at for at, kind, *_ in events if kind in ("location", "region")}
        stated = set(numbers.percents(reading.text))  # "15% of the senior": no 15 people
        events += [e for e in self._counts(tokens, {at for at, *_ in events}, at_places)
                   if e[3] not in stated]
        parts: list[Part] = []
        current: Part | None = None
        sentence, started = _sentence_of(reading), 0
        apart = self._apart(reading, {at for at, *_ in events})
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
                    or (before_role and current.role) or at in apart:
                if current is not None:
                    parts.append(current)
                current = Part()
            current = _with(current, slot, ident)
        if current is not None:
            parts.append(current)
        return self._settled(self._by_source(reading, _role_joins_next(parts)), reading, role,
                             share=not apart)

    def _apart(self, reading: Reading, slots: set[int]) -> set[int]:
        """Where a name starts a figure of its own, after one closed by a figure noun and set
        against it ("the New York figure as a percentage above the senior one", "the senior
        figure as a percent of New York's"): not a senior in New York."""
        tokens, apart, closed = reading.analysis.tokens, set(), None
        for at in sorted(slots):
            if closed is not None and closed < at and any(self.domain.cues.search(
                    cue, " ".join(tokens[closed + 1:at])) for cue in _AGAINST):
                apart.add(at)  # (a figure of its own from here: closed by its own noun)
                closed = None
            ahead = [i for i in range(at + 1, min(at + 4, len(tokens))) if i not in slots]
            closed = next((i for i in ahead if tokens[i] in _FIGURE_NOUNS), None) \
                if not any(at < i < at + 4 for i in slots) else closed
        return apart

    def _covered(self, reading: Reading, role: str) -> list[tuple[int, str, str, float]]:
        """A city the tables do not name, as the location whose figure covers it (its
        country's: "our Berlin budget ... how many can we hire?" counts people in Germany)."""
        tokens, found = reading.analysis.tokens, []
        if reading.locations or reading.regions:
            return []  # (a place with a figure said too: "a startup in Berlin ... in Germany")
        for place in reading.analysis.places:
            near, how = self.domain.near(place, role or self.domain.primary_role.id)
            first = tokenize(place.name)[:1]
            if how in ("country", "state") and len(near) == 1 and first and first[0] in tokens:
                found.append((tokens.index(first[0]), "location", near[0], 0.0))
        return found

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

    def _settled(self, parts: list[Part], reading: Reading, role: str, *, share: bool = True
                 ) -> tuple[Part, ...]:
        """The parts read, with the people of figures shown and the role and place they
        share filled in (`share`: a place said once may be theirs, not when they are figures
        named apart)."""
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
        shared = next(iter(places)) if share and len(places) == 1 and len(parts) > 1 \
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
            # "3 engineers", "three architects" (the head of a role's name, said bare, plural;
            # not "for one engineer": each)
            people = any(t in _PEOPLE or (t != singular(t) and singular(t) in ROLE_HEADS)
                         for t in tokens[count.at:at + 1])
            # `count.at` is what the number stands before: the word before the number is one
            # or two tokens further back ("those five people", "those couple of").
            before = set(tokens[max(0, count.at - 3):max(0, count.at - 1)])
            if before & THEM and not people:
                continue  # "those two": the figures shown, not a count of anyone
            headcount = count.at >= 3 and tokens[count.at - 3] in _HEADCOUNT \
                and tokens[count.at - 2] == "of"
            # "x3?", "times 3": the figure shown, multiplied (not people of a role named next)
            times = bool(numbers.TIMES.search(tokens[count.at - 1])) or (
                count.at >= 2 and tokens[count.at - 2] in _TIMES_WORDS)
            if (at < len(tokens) and tokens[at] in THEM) or before & THEM or headcount or (
                    times and at not in terms):
                # "3 of them", "those five people", "a headcount of four": the figures on
                # the table.
                found.append((count.at, "shown", "", count.value))
            elif at in terms and not (at in places and at + 1 < len(tokens)
                                      and tokens[at + 1] in _PLACE_NOUNS):
                found.append((count.at, "count", "", count.value))
            elif people:  # "the 6 people together": of whoever the message is about
                found.append((count.at, "count", "", count.value))
        return found


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
