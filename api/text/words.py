"""Words: normalising, tokenising, stemming and the everyday-English word lists.

A leaf module: query reading, place lookup, search and the store all use it, and it imports
nothing of the package but the table cache (api.text.tables). Nothing here names the content;
the lists are plain English.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator, Mapping

import numpy as np
import Stemmer

from api.text.tables import cached

# Function words that carry no topic. "us" is left out on purpose: it is also a country.
STOPWORDS = frozenset(
    """
    a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't
    doing don't down during each few for from further had hadn't has hasn't have haven't having he
    he'd he'll he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if
    in into is isn't it it's its itself let's me more most mustn't my myself no nor not of off on
    once only or other ought our ours ourselves out over own same shan't she she'd she'll she's
    should shouldn't so some such than that that's the their theirs them themselves then there
    there's these they they'd they'll they're they've this those through to too under until up
    very was wasn't we we'd we'll we're we've were weren't what what's when when's where where's
    which while who who's whom why why's with won't would wouldn't you you'd you'll you're you've
    your yours yourself yourselves
    whats hows whos im ive id youre dont doesnt isnt arent wont cant
    pls please plz hey hi hello thanks thank ok okay yeah yes also just really tell give show
    know need want wanna gonna like get got would much many kind sort bit lot lots
    r u ur y thx bc cuz tho lemme gimme kinda sorta btw imo fyi asap lol idk
    """.split()
)

# Everyday words of questions that never make one off-topic on their own: a question is not
# about something else because it says "fair", "person" or "actually".
GENERIC = frozenset(
    """
    actually really exactly basically generally usually typically typical normally normal
    average reasonable fair good bad best better great decent okay fine right wrong real true
    main key important big small large huge high higher highest low lower lowest cheap cheaper
    cheapest expensive pricey pricier costly enough else anything something everything nothing
    stuff thing things way ways type types little several various different similar current
    currently now today nowadays days time times month months week weeks day person people
    someone somebody anyone anybody everyone folks folk guy guys gal candidate candidates
    applicant applicants employee employees worker workers firm firms org organisation
    organization job jobs position positions work working works worked look looking looks find
    finding found getting go going goes went come coming making made take taking use using used
    needs needed wants wanted might must able think thought mean means say says said ask asking
    expect expected expecting consider considering weigh weighing check checking keep keeping
    start starting begin plan planning wondering wonder curious quick question q ballpark
    roughly approximately approx around estimate idea sense takeaway takeaways lesson lessons
    information info details detail
    gist summary summarise summarize tldr point points bottom line overall main compare
    compared comparison versus vs difference differences gap delta order rank ranking ranked list
    sort sorted least less more most much bigger biggest smaller smallest same equal pays pay
    one ones two both either neither which whichever
    anyway anyways instead honestly frankly seriously literally specifically precisely exact
    rough let lets though although whether otherwise still already yet even maybe perhaps
    probably definitely certainly sure mind wondered wonders guess suppose
    """.split()
)

# Numbers written as words, with their values ("three", "a dozen", "a couple").
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "dozen": 12, "couple": 2, "pair": 2,
    "half": 0.5,
}

_CODE_PLURAL = re.compile(r"[a-z]+\d+s")
_ABBREVIATED_PLURAL = re.compile(r"[b-df-hj-np-tv-z]{2,}s")  # no vowel: "jrs", "srs", "mgrs"
TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def normalize(text: str) -> str:
    """Lower-case, accent-free text with thousands separators removed ('151,000' -> '151000')."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("‘", "'")
    if not text.isascii():  # "Zürich" and "São Paulo" are written without accents too
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in decomposed if not unicodedata.combining(c))
    # "non-technical" is not "technical", a "non-AI programmer" not an AI one.
    text = re.sub(r"\bnon[-\s]+(?=tech|ai\b|ml\b)", "non", text)
    return re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)


# Where a sentence ends: after ". ! ?", a space, and the next one's start.
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'(]?[A-Za-z0-9])")


def sentences(text: str) -> list[str]:
    """The sentences of a text, in order."""
    return _SENTENCE.split(text)


def tokenize(text: str) -> list[str]:
    """Word tokens of normalised text, possessives dropped ("engineer's" -> 'engineer')."""
    return [t.removesuffix("'s") for t in TOKEN_RE.findall(normalize(text))]


WORD_RE = re.compile(r"[^\W_]+")


def plain_words(text: str) -> list[str]:
    """The runs of letters and digits of normalised text, in any alphabet: apostrophes and
    hyphens split words ("d'un" -> 'd', 'un'; "mid-level" -> 'mid', 'level')."""
    return WORD_RE.findall(normalize(text))


_stemmer = Stemmer.Stemmer("english")


@functools.lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer.stemWord(word))


ROOT_LETTERS = 6  # letters two stems must share to be of one root ("certif", "certifi")


def same_root(a: str, b: str) -> bool:
    """Two words (or stems) of one root: equal, or one the start of the other, long enough not
    to be chance ("contract", "contractor"; "certif", "certifi")."""
    return a == b or (min(len(a), len(b)) >= ROOT_LETTERS and (a.startswith(b) or b.startswith(a)))


def singular(word: str) -> str:
    """Rough English singular, enough to match titles: 'nurses' -> 'nurse', 'men' -> 'man'."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    if _CODE_PLURAL.fullmatch(word) or _ABBREVIATED_PLURAL.fullmatch(word):
        return word[:-1]  # "l6s", "g2s", "jrs", "srs": codes and short forms of several
    return word


def index_terms(text: str) -> list[str]:
    """Stemmed content tokens: what BM25 indexes and searches."""
    return [stem(t) for t in tokenize(text) if t not in STOPWORDS]


class WordCounts:
    """How often each of many words occurs, in little memory; a word not counted gives 0, as
    in a Counter.

    160,000 words in a dict take about 16 MB in every worker process. Here the words of each
    UTF-8 length sit in one sorted array of fixed-width bytes, their counts beside them (about
    2 MB), and a word is found by binary search (a few microseconds).
    """

    def __init__(self, counts: Mapping[str, int]) -> None:
        by_length: dict[int, list[tuple[bytes, int]]] = {}
        for word, count in counts.items():
            if count > 0:
                encoded = word.encode("utf-8")
                by_length.setdefault(len(encoded), []).append((encoded, count))
        self._words: dict[int, np.ndarray] = {}
        self._counts: dict[int, np.ndarray] = {}
        for length, items in by_length.items():
            items.sort()
            self._words[length] = np.array([w for w, _ in items], dtype=f"S{length}")
            self._counts[length] = np.array([c for _, c in items], dtype=np.int64)
        self._size = sum(len(items) for items in by_length.values())

    def __getitem__(self, word: str) -> int:
        encoded = word.encode("utf-8")
        words = self._words.get(len(encoded))
        if words is None:
            return 0
        at = int(np.searchsorted(words, encoded))
        if at < len(words) and words[at] == encoded:
            return int(self._counts[len(encoded)][at])
        return 0

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self[word] > 0

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        for words in self._words.values():
            for word in words:
                yield word.decode("utf-8")


@functools.lru_cache(maxsize=1)
def english_frequency() -> WordCounts:
    """How common each English word is (pyspellchecker's corpus counts; 0 when unknown)."""
    return cached("english-words", ("pyspellchecker",), "2", _english_counts)


def one_edit_away(word: str) -> str:
    """The most common English word one letter's edit away from `word` (a letter dropped,
    added, changed or two swapped: "coud" -> "could"), or "" if none."""
    frequency, letters = english_frequency(), "abcdefghijklmnopqrstuvwxyz"
    halves = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = {a + b[1:] for a, b in halves if b} | {a + b[1] + b[0] + b[2:] for a, b in halves
                                                   if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in halves if b for c in letters}
    edits |= {a + c + b for a, b in halves for c in letters}
    edits.discard(word)
    return max(edits, key=lambda w: (frequency[w], w), default="") if any(
        frequency[w] for w in edits) else ""


def _english_counts() -> WordCounts:
    from spellchecker import SpellChecker  # its word list is read only to build the table, once

    return WordCounts(dict(SpellChecker(language="en").word_frequency.items()))


def gap_key(question: str) -> str:
    """Group key of a question: its sorted, stemmed content words ('Paris salary?' ~ 'salary in
    paris'), so that the same question asked in other words is counted once."""
    return " ".join(sorted(set(index_terms(question))))[:512] or question.lower()[:512]
