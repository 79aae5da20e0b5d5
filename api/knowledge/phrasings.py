"""Phrasings (`knowledge/phrasings.yml`) and their compiled `Cues`: the ways people say what a
message does (greets, thanks, asks where a figure comes from, changes the subject...), as
phrases of the small pattern language of `api.text.phrases`. The reader looks for each cue
named in `CUES`; a new way of saying one is a new phrase there and a rebuild, not a code change.

Optional: without the file no cue is ever said, and messages are read by their other words and
the intent classifier alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from api.errors import Problem
from api.knowledge.yamldoc import YamlDoc, read_yaml, text_list
from api.text.phrases import PhraseError, phrase_pattern, phrases_pattern

PHRASINGS_FILE = "phrasings.yml"
# A phrase that starts with this is an exception: where it matches, the cue is not said ("!time
# difference": "difference" asks a comparison, "the time difference" does not).
EXCEPT = "!"
_JOINED_VERSUS = re.compile(r"(?<=\w)-(vs\.?|versus|v)-(?=\w)", re.I)

# Every cue the reader looks for, and what saying one does.
CUES = {
    "greeting": "the whole message says hello",
    "thanks": "the whole message thanks or acknowledges",
    "bye": "the whole message takes leave",
    "help": "the whole message asks what the assistant is or can do",
    "politeness": "words that may surround small talk without making it a question",
    "new_topic": "the message starts by saying it changes the subject",
    "new_topic_lead_in": "words that may come before a change of subject ('ok so')",
    "acknowledgement": "words a follow-up may start with before what it asks ('ok, right')",
    "talk_language": "says which language the conversation goes on in ('back to English:'); "
                     "read without it",
    "follow_up_start": "a message that starts this way continues the conversation",
    "source_question": "asks where a figure comes from, who stands behind it, or how current "
                       "it is",
    "publication": "names the publication the knowledge comes from: who wrote or stands "
                   "behind it is asked of it, not of a figure",
    "explanation": "asks why or what a figure depends on, not for the figure",
    "conversion": "asks for figures in another currency",
    # the period a figure is asked in (api.understand.numbers)
    "per_hour": "a figure asked per hour ('hourly', '/hr')",
    "per_day": "a figure asked per day ('daily', 'day rate')",
    "per_week": "a figure asked per week",
    "per_month": "a figure asked per month ('monthly', '/mo')",
    # which calculation a message asks of figures (api.understand.calc)
    "percent": "a share in per cent",
    "ratio": "how many times one figure is another",
    "average": "an average of figures",
    "total": "a sum of figures or people",
    "difference": "the difference between figures, or a saving",
    "gap": "a gap between figures, named as such",
    "more": "how much more or less, or a figure raised or cut",
    "less": "a figure cut rather than raised (with `more`)",
    "afford": "what a budget affords or leaves",
    "how_many": "how many more people a budget pays for, not only what is left",
    "left": "what is left of a budget, or by how much it falls short",
    "annual": "the yearly figure again, after a period or a duration",
    "per_head": "a team's figure for one of its people (its average)",
    "change": "the last calculation again with something changed",
    "team_add": "people added to the last team",
    "team_join": "joins two counted groups of one team said whole ('three of one plus two of "
                 "another'): a team of its own, not people added to the last",
    "team_swap": "people of the last team swapped for others",
    "team_drop": "people of the last team taken out",
    "correction": "a count of the last team said again, corrected",
    "team_part": "the people of the last team at one level or place (\"that pair\")",
    "that_place": "the place the last answer was about (\"over there\")",
    "pay_as_figure": "an amount asked as what a role is paid (\"is $X what they earn?\"), not "
                     "an offer checked",
    "budget_said": "an amount said as the money there is to spend (\"budget's $900k\", "
                   "\"we've only got $700k\")",
    "that_kind": "a person of the kind the conversation is about (\"someone like that\"), "
                 "not what the last answer was about",
    "kit_setting": "a field of the kit drafted set anew (\"set the location to ...\")",
    "said_instead": "a name replaced as it is said (\"in one city, no sorry, another\")",
    "reversed": "the two sides of the last comparison swapped",
    # which comparison a question about figures asks (api.understand.reading), most specific
    # first: the first of these said is the one asked
    "compare_difference": "the difference between figures",
    "compare_rank": "the figures in order",
    "compare_highest": "which figure is highest",
    "compare_lowest": "which figure is lowest",
    "compare_higher": "whether one figure is higher than another",
    "compare_lower": "whether one figure is lower than another",
    "compare_equal": "whether figures are the same",
    "compare": "figures set side by side",
    # a hiring kit changed across turns (api.dialogue.kit_chat, kit_edits)
    "kit_change": "the kit just drafted, changed (level, place, role)",
    "kit_put": "asks to put something into a kit",
    "kit_section": "names part of a kit: a change is to the last kit even after a question",
    "kit_restore": "a section left out, put back",
    "kit_omit": "a section left out",
    "kit_check": "asks whether something is in the kit",
    "kit_add": "something added: a section it names put in, or else checked for",
    "kit_asking": "how someone asks for a kit to be made ('could you please')",
    "kit_making": "a verb of making a kit, before its name ('draft', 'put together')",
    # a number other than money asked (api.understand.numbers), tried in this order
    "asks_duration": "asks how long something takes or lasts ('how many years of experience')",
    "asks_count": "asks how many of something there should be ('how big a team')",
    "asks_coverage": "asks what the knowledge has figures for: which places, levels or roles",
    "asks_date": "asks when something was or how old it is ('what date was it published?')",
    # what kind of question the knowledge cannot answer (api.dialogue.context)
    "hiring": "a hiring word: a question the knowledge cannot answer is not covered, rather "
              "than out of scope",
    "doubt": "doubts a claim the message quotes ('23%: is that legit?')",
    "yes_no": "a question answered yes or no ('are the city figures from ...?', '..., is "
              "that ... too?')",
    "trend": "asks how pay moves over time (year on year, a forecast): dated figures do not "
             "answer it, a declared gap near it does",
    # selecting people by a protected characteristic (api.understand.fairness) is declined
    "protected_trait": "a protected characteristic: age, sex or gender, pregnancy, race, "
                       "national origin, religion, disability, family status, orientation",
    "choosing": "a way of selecting people (filter, prefer, rather not interview...) or of "
                "paying them differently",
    "wanting": "says who is wanted without choosing among people ('looking for someone')",
    "same_price": "a budget said as what some people cost ('for the price of two of "
                  "them')",
    "of_the_ask": "the amount the asker gave as the base of a percentage ('as a % of her "
                  "ask')",
    "leftover": "what a budget leaves, as the money spent next ('could what's left cover "
                "one more?')",
    "persons_pay": "asks what a named person earns ('what does <name> at Acme make?'): "
                   "private, declined",
}


# The section of words written short or in chat spelling ("wat", "thx", "ppl"), each under the
# word meant: read as that word before anything else is read.
SPELLINGS = "spellings"
_SPELLING = re.compile(r"[a-z][a-z']*", re.I)


@dataclass(frozen=True)
class Phrasings:
    """The phrases of each cue (a cue the file does not list has none), and the word each
    chat spelling stands for."""

    cues: dict[str, tuple[str, ...]]
    path: str = PHRASINGS_FILE
    spellings: dict[str, str] = field(default_factory=dict)  # "wat" -> "what"

    def of(self, cue: str) -> tuple[str, ...]:
        return self.cues.get(cue, ())

    def to_dict(self) -> dict[str, Any]:
        return {"cues": {k: list(v) for k, v in self.cues.items()}, "path": self.path,
                "spellings": dict(self.spellings)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Phrasings | None:
        if not data:
            return None
        return cls({k: tuple(v) for k, v in data["cues"].items()},
                   str(data.get("path", PHRASINGS_FILE)), dict(data.get("spellings", {})))


def _spellings(doc: YamlDoc, value: Any, problems: list[Problem]) -> dict[str, str]:
    """The `spellings` section: each word meant, with the ways it is written (single words of
    letters, each under one word only)."""
    if not isinstance(value, dict):
        problems.append(doc.problem(f"'{SPELLINGS}' must map each word to its spellings",
                                    SPELLINGS))
        return {}
    found: dict[str, str] = {}
    for word, written in value.items():
        ways = text_list(written)
        if not isinstance(word, str) or not word.strip() or not ways:
            problems.append(doc.problem(f"'{SPELLINGS}': '{word}' must list its spellings "
                                        "(non-empty text)", SPELLINGS, word))
            continue
        for i, way in enumerate(ways):
            key = way.lower()
            if not _SPELLING.fullmatch(way):
                problems.append(doc.problem(f"'{SPELLINGS}': '{way}' is not one word of letters",
                                            SPELLINGS, word, i))
            elif key in found and found[key] != word:
                problems.append(doc.problem(f"'{SPELLINGS}': '{way}' stands for both "
                                            f"'{found[key]}' and '{word}'", SPELLINGS, word, i))
            else:
                found[key] = word
    return found


def parse_phrasings(text: str, shown: str, problems: list[Problem]) -> Phrasings | None:
    """Read `phrasings.yml`: a mapping of cue names (`CUES`) to lists of phrases. Every problem
    (an unknown cue, a phrase that cannot be read) is recorded with its line."""
    doc = read_yaml(text, shown, problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.append(doc.problem("must be a mapping of cue names to lists of phrases"))
        return None
    count = len(problems)
    cues: dict[str, tuple[str, ...]] = {}
    spellings: dict[str, str] = {}
    for cue, value in doc.data.items():
        if cue == SPELLINGS:
            spellings = _spellings(doc, value, problems)
            continue
        if cue not in CUES:
            problems.append(doc.problem(f"unknown cue '{cue}' (known: {', '.join(CUES)})", cue))
            continue
        phrases = text_list(value) if isinstance(value, list) else None
        if not phrases:
            problems.append(doc.problem(f"'{cue}' must list phrases (non-empty text)", cue))
            continue
        for i, phrase in enumerate(phrases):
            try:
                phrase_pattern(phrase.removeprefix(EXCEPT))
            except PhraseError as exc:
                problems.append(doc.problem(f"'{cue}': {exc}", cue, i))
        cues[cue] = tuple(dict.fromkeys(phrases))
    return Phrasings(cues, shown, spellings) if len(problems) == count else None


class Cues:
    """The phrasings of one knowledge base compiled once, asked by name: `search` finds a cue
    anywhere in a message, `starts` at its start (after any punctuation), `pattern` gives its
    expression to build a larger one from (small talk is a whole message of cues). A cue the
    knowledge lists no phrase for is never said."""

    def __init__(self, phrasings: Phrasings | None) -> None:
        said = {cue: phrasings.of(cue) if phrasings else () for cue in CUES}
        self._spelled = dict(phrasings.spellings) if phrasings else {}
        self._respelled = re.compile(
            r"(?<![\w'’])(?:" + "|".join(map(re.escape, sorted(self._spelled, key=len,
                                                                 reverse=True)))
            + r")(?![\w'’])", re.I) if self._spelled else None
        self._patterns = {cue: phrases_pattern(p for p in phrases if not p.startswith(EXCEPT))
                          for cue, phrases in said.items()}
        self._anywhere = {cue: re.compile(p, re.I) for cue, p in self._patterns.items()}
        self._at_start = {cue: re.compile(rf"^\W*{p}", re.I)
                          for cue, p in self._patterns.items()}
        self._unless = {cue: re.compile(phrases_pattern(p[1:] for p in phrases
                                                        if p.startswith(EXCEPT)), re.I)
                        for cue, phrases in said.items() if any(p.startswith(EXCEPT)
                                                                for p in phrases)}

    def respell(self, text: str) -> str:
        """`text` with each chat spelling of the knowledge's `spellings` as the word meant
        ("wat do sr engs make" -> "what do sr engs make"), and two names joined into one
        word by a hyphenated "vs" set apart ("the senior-vs-junior gap")."""
        text = _JOINED_VERSUS.sub(r" \1 ", text)
        if self._respelled is None:
            return text
        return self._respelled.sub(lambda m: self._spelled[m.group(0).lower()], text)

    def without(self, cue: str, text: str) -> str:
        """`text` without the places the cue is said, and the signs beside them ("sorry, back
        to English: which certs?" -> "sorry, which certs?"); the whole text when nothing else
        is left."""
        rest = text
        for match in reversed(list(self.finditer(cue, text))):
            before, after = rest[:match.start()].rstrip(" :;-–—"), rest[match.end():]
            rest = f"{before} {after.lstrip(' :;,.-–—')}".strip()
        return rest if re.search(r"\w", rest) else text

    def pattern(self, cue: str) -> str:
        """The cue's expression (no flags, no anchors)."""
        return self._patterns[cue]

    def search(self, cue: str, text: str) -> re.Match[str] | None:
        """The first place the cue is said, outside the places its exceptions match."""
        if cue not in self._unless:
            return self._anywhere[cue].search(text)
        return next(self.finditer(cue, text), None)

    def finditer(self, cue: str, text: str) -> Iterator[re.Match[str]]:
        """Every place the cue is said, outside the places its exceptions match."""
        unless = self._unless.get(cue)
        spans = [m.span() for m in unless.finditer(text)] if unless is not None else []
        return (m for m in self._anywhere[cue].finditer(text)
                if not any(a < m.end() and m.start() < b for a, b in spans))

    def starts(self, cue: str, text: str) -> re.Match[str] | None:
        return self._at_start[cue].match(text)
