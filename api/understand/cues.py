"""Cues: the phrasings of `knowledge/phrasings.yml` compiled once, asked by name.

`search` finds a cue anywhere in a message, `starts` at its start (after any punctuation),
`pattern` gives its expression to build a larger one from (small talk is a whole message of
cues). A cue the knowledge lists no phrase for is never said.
"""

from __future__ import annotations

import re

from api.knowledge.phrasings import CUES, Phrasings
from api.text.phrases import phrases_pattern


class Cues:
    """The cues of one knowledge base."""

    def __init__(self, phrasings: Phrasings | None) -> None:
        self._patterns = {cue: phrases_pattern(phrasings.of(cue) if phrasings else ())
                          for cue in CUES}
        self._anywhere = {cue: re.compile(p, re.I) for cue, p in self._patterns.items()}
        self._at_start = {cue: re.compile(rf"^\W*{p}", re.I)
                          for cue, p in self._patterns.items()}

    def pattern(self, cue: str) -> str:
        """The cue's expression (no flags, no anchors)."""
        return self._patterns[cue]

    def search(self, cue: str, text: str) -> re.Match[str] | None:
        return self._anywhere[cue].search(text)

    def starts(self, cue: str, text: str) -> re.Match[str] | None:
        return self._at_start[cue].match(text)
