"""A name said and at once replaced in passing ("for two seniors - er, make that juniors -
what's the total?", "one in Bellevue, no sorry, Boston, per year?"): the message as meant,
without the name taken back. What takes a name back is the cue `said_instead` of
knowledge/phrasings.yml; the names are the domain's, so it holds for any roles, levels and
places the content has."""

from __future__ import annotations

import re

from api.knowledge.domain import Domain

MAX_NAME_WORDS = 3
MAX_BETWEEN = 4  # words between the name taken back and the cue ("a junior earn - er, ...")
_WORD = re.compile(r"[\w'’.]+")
_SEPARATORS = " \t-–—,:;"
# Kinds of name one may replace another of (a region for a city: "Bellevue, no, the US").
_KIND = {"level": "level", "role": "role", "location": "place", "region": "place"}


def as_meant(text: str, domain: Domain) -> str:
    """`text` without each name taken back by the cue `said_instead` right after it, when a
    name of the same kind follows the cue ("in Bellevue, no sorry, Boston" -> "in Boston");
    as it was otherwise."""
    for match in reversed(list(domain.cues.finditer("said_instead", text))):
        after = _name_after(text, match.end(), domain)
        before = _name_before(text, match.start(), domain, after[1]) if after else None
        if before is not None and after is not None:
            # (a word or two may come between: "what does a junior earn - er, make that
            # mid-level": those words stay)
            between = text[before[1]:match.start()].rstrip(_SEPARATORS)
            text = text[:before[0]] + (f"{between} " if between.strip() else "") \
                + text[after[0]:]
    return text


def _kinds(words: str, domain: Domain) -> set[str]:
    return {_KIND[t.kind] for t in domain.lookup(words) if t.kind in _KIND}


def _name_before(text: str, end: int, domain: Domain, kinds: set[str]
                 ) -> tuple[int, int] | None:
    """Where the name of one of `kinds` nearest before `end` starts and ends (ending right
    before it, or at most `MAX_BETWEEN` words earlier; the longest)."""
    words = list(_WORD.finditer(text[:end].rstrip(_SEPARATORS)))
    for last in range(len(words) - 1, max(len(words) - 2 - MAX_BETWEEN, -1), -1):
        for i in range(max(0, last + 1 - MAX_NAME_WORDS), last + 1):
            if _kinds(text[words[i].start():words[last].end()], domain) & kinds:
                return words[i].start(), words[last].end()
    return None


def _name_after(text: str, start: int, domain: Domain) -> tuple[int, set[str]] | None:
    """Where the name that starts right after `start` starts, and its kinds (the longest)."""
    rest = text[start:]
    offset = start + len(rest) - len(rest.lstrip(_SEPARATORS))
    words = list(_WORD.finditer(text, offset))[:MAX_NAME_WORDS]
    if not words or words[0].start() != offset:
        return None
    for i in range(len(words), 0, -1):
        kinds = _kinds(text[offset:words[i - 1].end()], domain)
        if kinds:
            return offset, kinds
    return None
