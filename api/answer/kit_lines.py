"""The lines a hiring kit can take from a snippet: its list items and its sentences, word for word.

A kit never rewords the knowledge. A snippet's text is cut where it already breaks (list items,
sentence ends); a list's lead-in line ("The skills we look for:") introduces and is left out; a
sentence that points back ("It is a plus on a CV") stays with the one before it. What is kept is
a run of the snippet's own text, so every line of a kit can be found in its source.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from api.text.words import STOPWORDS, english_frequency, index_terms

# A sentence ends at . ! or ? (a closing quote or bracket may follow) before a capital, a digit
# or an opening quote; not after a single initial or a common abbreviation.
_BOUNDARY = re.compile(r"(?<=[.!?])(?P<close>[\"')\]]?)\s+(?=[A-Z0-9\"'(\[])")
_ABBREVIATION = re.compile(r"(?:\b[A-Za-z]|\be\.g|\bi\.e|\bvs|\betc|\bapprox|\bincl|\bno|\bst"
                           r"|\bmr|\bms|\bdr)\.$", re.I)
# First words of a sentence that leans on the one before ("It measures...", "Instead it asks...").
_LEANS_BACK = frozenset(
    "it its this that these those they their them such instead however but so also both".split())
# Words that make a line optional rather than required ("a strong plus", "welcome but never
# required", "nice to have").
OPTIONAL_RE = re.compile(
    r"\b(?:(?:a|strong|big|real|definite)\s+plus|welcome|nice to have|nice-to-have|bonus|"
    r"preferred|desirable|advantage|never (?:a )?require(?:d|ment)|not (?:a )?requirement|"
    r"optional)\b", re.I)
# A bullet whose content words are at least this much inside an earlier one's says it again.
REPEATED = 0.85
MIN_TERMS = 3


@dataclass(frozen=True)
class Passage:
    """One line a kit may use: a list item or a sentence (with any that lean on it)."""

    text: str
    item: bool  # a list item (else prose)
    first: bool  # the snippet's first prose sentence, or an item of the list it opens with


def passages(text: str) -> list[Passage]:
    """The snippet text as the lines it can give, in order; a sentence that leans on the one
    before it ("It is a plus on a CV") is kept with it."""
    out: list[Passage] = []
    for part in _parts(text):
        if out and not part.item and not out[-1].item and _leans_back(part.text):
            last = out.pop()
            out.append(Passage(f"{last.text} {part.text}", False, last.first))
        else:
            out.append(part)
    return out


def lead(text: str) -> list[Passage]:
    """What a snippet leads with: its first sentence alone, or the items of the list it opens
    with."""
    return [p for p in _parts(text) if p.first]


def _parts(text: str) -> list[Passage]:
    """Each list item and each sentence of the text, lead-in lines of lists left out."""
    out: list[Passage] = []
    opening = True
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        items = [line[2:].strip() for line in lines if line.startswith("- ")]
        sentences = split_sentences(" ".join(line for line in lines
                                             if not line.startswith("- ")))
        if sentences and sentences[-1].endswith(":"):
            sentences.pop()  # introduces the list that follows
        out += [Passage(s, False, opening and i == 0) for i, s in enumerate(sentences)]
        opening = opening and not sentences
        out += [Passage(item, True, opening) for item in items if item]
        opening = opening and not items
    return out


def split_sentences(prose: str) -> list[str]:
    """Sentences of a paragraph, each exactly as written."""
    prose = " ".join(prose.split())
    out: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(prose):
        if _ABBREVIATION.search(prose[start:match.start()]):
            continue
        out.append(prose[start:match.start() + len(match["close"])])
        start = match.end()
    out.append(prose[start:])
    return [s for s in out if s]


def _leans_back(sentence: str) -> bool:
    first = sentence.split(maxsplit=1)[0].strip(",;:").lower() if sentence else ""
    return first in _LEANS_BACK


def reads_optional(text: str) -> bool:
    """Whether a line presents what it names as a plus rather than a requirement."""
    return bool(OPTIONAL_RE.search(text))


# A first word this short that English does not know is a name written in lower case ("dbt").
SHORT_NAME = 4


def as_bullet(text: str) -> str:
    """A line as a bullet: its first letter capitalised (list items start lower-case), unless
    the first word is a name that is written in lower case."""
    word = re.match(r"[\w'-]*", text)
    first = word.group(0) if word else ""
    if not first.islower() or (len(first) <= SHORT_NAME and not english_frequency()[first]):
        return text
    return text[:1].upper() + text[1:]


def midsentence(text: str) -> str:
    """A label that follows another: lower-case first letter, unless it starts an acronym."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


class Repeats:
    """Remembers the lines placed so far, to leave out one that says an earlier one again
    ("at least 2 years of experience building AI models" and "the guidance asks for at least
    two years (2+ years) of hands-on experience building AI models"): most of the content words
    of one are in the other."""

    def __init__(self, ignore: Iterable[str] = ()) -> None:
        self._ignore = {t for word in ignore for t in index_terms(word)} | STOPWORDS
        self._placed: list[set[str]] = []

    def _terms(self, text: str) -> set[str]:
        return {t for t in index_terms(text) if t not in self._ignore}

    def seen(self, text: str) -> bool:
        """Whether `text` repeats a line already placed; places it when it does not."""
        terms = self._terms(text)
        if len(terms) >= MIN_TERMS and any(
                len(terms & earlier) >= REPEATED * min(len(terms), len(earlier))
                for earlier in self._placed if len(earlier) >= MIN_TERMS):
            return True
        self._placed.append(terms)
        return False
