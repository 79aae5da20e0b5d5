"""Phrasings (`knowledge/phrasings.yml`): the ways people say what a message does (greets,
thanks, asks where a figure comes from, changes the subject...), as phrases of the small
pattern language of `api.text.phrases`. The reader looks for each cue named in `CUES`; a new
way of saying one is a new phrase here and a rebuild, not a code change.

Optional: without the file no cue is ever said, and messages are read by their other words and
the intent classifier alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.errors import Problem
from api.knowledge.yamldoc import read_yaml, text_list
from api.text.phrases import PhraseError, phrase_pattern

PHRASINGS_FILE = "phrasings.yml"

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
    "follow_up_start": "a message that starts this way continues the conversation",
    "source_question": "asks where a figure comes from, who stands behind it, or how current "
                       "it is",
    "explanation": "asks why or what a figure depends on, not for the figure",
    "conversion": "asks for figures in another currency",
}


@dataclass(frozen=True)
class Phrasings:
    """The phrases of each cue; a cue the file does not list has none."""

    cues: dict[str, tuple[str, ...]]
    path: str = PHRASINGS_FILE

    def of(self, cue: str) -> tuple[str, ...]:
        return self.cues.get(cue, ())

    def to_dict(self) -> dict[str, Any]:
        return {"cues": {k: list(v) for k, v in self.cues.items()}, "path": self.path}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Phrasings | None:
        if not data:
            return None
        return cls({k: tuple(v) for k, v in data["cues"].items()},
                   str(data.get("path", PHRASINGS_FILE)))


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
    for cue, value in doc.data.items():
        if cue not in CUES:
            problems.append(doc.problem(f"unknown cue '{cue}' (known: {', '.join(CUES)})", cue))
            continue
        phrases = text_list(value) if isinstance(value, list) else None
        if not phrases:
            problems.append(doc.problem(f"'{cue}' must list phrases (non-empty text)", cue))
            continue
        for i, phrase in enumerate(phrases):
            try:
                phrase_pattern(phrase)
            except PhraseError as exc:
                problems.append(doc.problem(f"'{cue}': {exc}", cue, i))
        cues[cue] = tuple(dict.fromkeys(phrases))
    return Phrasings(cues, shown) if len(problems) == count else None
