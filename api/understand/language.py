"""A message's language, told from the words the profile lists for each language it knows
(`languages:` in profile.yml), and a message in another language read for what the knowledge can
make of it.

English, the assistant's language, is told by its function words (`api.text.words.STOPWORDS`);
another language by the words the profile lists for it. A word both languages use ("in", "a")
tells neither, nor does a listed word that is everyday English ("die", "per", "come"), nor the
words of a place ("Los Angeles", "Des Moines"), so that an English question about München, a
German surname or a typo stays English.

A message in another language is read word by word: the language's own words say nothing about
what it asks; names of roles, levels and places, places, numbers, currencies and the words of
synonyms.yml are what the knowledge reads ("Gehalt" is its term for pay); anything else is left
unread. When little is left unread the message is clear, and what was read, in the knowledge's
words, is what gets answered.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError

from api.knowledge.domain import Domain
from api.knowledge.languages import Language
from api.search.lexicon import Lexicon
from api.text.places import gazetteer
from api.text.words import STOPWORDS, english_frequency, normalize, singular
from api.understand.reading import PAY_WORDS, currency_words, pay_terms, pay_words

# A listed word at least this common in English ("per", "die", "come") tells no other language.
EVERYDAY = 50_000
# A message is in another language when at least this many of its words tell it, and more of
# them than tell English.
MIN_MARKS = 2
# A message in another language is clear when at most one word in this many of the words that
# say what it asks is left unread.
UNREAD_ONE_IN = 5
# The longest name looked for, in words ("San Francisco Bay Area").
MAX_NAME_WORDS = 6
WORD_RE = re.compile(r"[^\W_]+")
APOSTROPHES = "'’"
# What English writes after an apostrophe ("what's", "I'd", "don't"): part of the word before,
# not a word of its own (French and Italian elide before one: "d'un", "l'intelligenza").
CONTRACTIONS = frozenset(("s", "t", "d", "m", "ll", "re", "ve"))


@dataclass(frozen=True)
class Word:
    """A word of a message: where it is, and how it reads (lower case, no accents)."""

    start: int
    end: int
    token: str


@dataclass(frozen=True)
class Foreign:
    """A message in another language, as the knowledge reads it."""

    language: Language
    marks: int  # words that tell the language
    english: int  # words that tell English
    read: tuple[str, ...]  # words the knowledge reads: names, places, numbers, its terms
    unread: tuple[str, ...]  # words that say something the knowledge cannot read
    text: str  # what was read, in the knowledge's words: the question to answer

    @property
    def clear(self) -> bool:
        """Whether what it asks is clear from what the knowledge reads."""
        words = len(self.read) + len(self.unread)
        return bool(self.read) and len(self.unread) * UNREAD_ONE_IN <= words


class LanguageReader:
    """Tells the language of messages, and reads those in another language, for one
    knowledge base (its languages, names, places and synonyms)."""

    def __init__(self, languages: Sequence[Language], domain: Domain, lexicon: Lexicon) -> None:
        self.languages = tuple(languages)
        self._marks = {lang.id: lang.marks for lang in self.languages}
        self._listed = frozenset().union(*self._marks.values())
        self._domain = domain
        self._lexicon = lexicon
        self._names = domain.name_words | frozenset(currency_words(domain))
        self._pay_terms = pay_terms(lexicon)
        # Words for pay that synonyms.yml gives and English does not use ("Gehalt", "salaire"):
        # they say a message is not in English, though not which language it is in.
        self._other_pay = pay_words(lexicon) - PAY_WORDS
        self._countries = {lang.id: _country_names(lang.id) for lang in self.languages}

    def read(self, text: str) -> Foreign | None:
        """The message read as one in another language; None when it is in English."""
        words = _words(text)
        telling = sum(w.token in self._listed and not _english(w.token)
                      or w.token in self._other_pay for w in words) + self._signs(text)
        if not telling:
            return None  # no word tells another language: English, and quick to say
        names = self._names_in(words)
        strangers = self._strangers(words, names)
        if telling + strangers < MIN_MARKS:
            return None  # too few words tell another language
        found = self._language(text, words, names, strangers)
        if found is None:
            return None
        language, marks, english = found
        own = self._marks[language.id]
        kept: list[tuple[int, str]] = []
        read: list[str] = []
        unread: list[str] = []
        countries = self._countries.get(language.id, {})
        for i, word in enumerate(words):
            if i not in names and (word.token in own or word.token in STOPWORDS):
                continue  # says nothing of what is asked
            written = text[word.start:word.end]
            # A country named in the language ("Schweiz", "Spagna") is read in English.
            shown = written if i in names or self._named(word.token) \
                else countries.get(word.token) or self._as_term(word.token, written)
            if shown is None:
                unread.append(word.token)
                continue
            kept.append((i, shown))
            read.append(word.token)
        return Foreign(language, marks, english, tuple(read), tuple(unread),
                       _joined(text, words, kept))

    def _as_term(self, token: str, written: str) -> str | None:
        """A word of synonyms.yml as the question to answer shows it (a word for pay as the
        term for pay: "Gehalt" as "salary"); None when the knowledge does not read it."""
        term = self._lexicon.term_of(token)
        if term is None:
            return None
        return term if term in self._pay_terms else written

    def _named(self, token: str) -> bool:
        """Whether a word is a number, or a word of a name of a role, level, place or
        currency ("engineers", "Deutschland", "euros")."""
        return any(c.isdigit() for c in token) or token in self._names \
            or singular(token) in self._names

    def _signs(self, text: str, language: Language | None = None) -> int:
        """How many signs of the language (of any language listed) the message writes."""
        languages = (language,) if language is not None else self.languages
        return sum(text.count(sign) for lang in languages for sign in lang.signs)

    def _strangers(self, words: list[Word], names: set[int]) -> int:
        """Words neither English nor the knowledge's, nor a name or a number, when they are
        at least half of what a message says ("Wie lange dauert normalerweise die Probezeit?"): they
        back a word of another language's own. A typo or two in an English message are not
        most of it."""
        said = [w.token for i, w in enumerate(words) if i not in names and not w.token.isdigit()
                and w.token not in STOPWORDS and w.token not in self._listed]
        strange = [t for t in said if english_frequency()[t] == 0 and not self._lexicon.known(t)
                   and self._lexicon.correct(t) is None and not self._named(t)]
        return len(strange) if len(strange) * 2 >= len(said) else 0

    def _language(self, text: str, words: list[Word], names: set[int], strangers: int = 0
                  ) -> tuple[Language, int, int] | None:
        """The language most of the words tell, with how many tell it and how many tell
        English; None when that is not more than tell English, or fewer than `MIN_MARKS`.
        A word for pay that English does not use tells any language one of whose own words
        or signs is there too. Between languages that as many words tell, the one more of its
        words are in wins."""
        best: tuple[tuple[int, int], Language, int] | None = None
        said = [w.token for i, w in enumerate(words) if i not in names]
        other_pay = sum(1 for t in said if t in self._other_pay)
        for language in self.languages:
            marks = self._marks[language.id]
            own = sum(1 for t in said if t in marks and not _english(t)) \
                + self._signs(text, language)
            telling = own + other_pay + strangers
            english = sum(1 for t in said if t in STOPWORDS and t not in marks)
            if not own or telling < MIN_MARKS or telling <= english:
                continue
            score = (telling, sum(1 for t in said if t in marks))
            if best is None or score > best[0]:
                best = (score, language, english)
        return (best[1], best[0][0], best[2]) if best is not None else None

    def _names_in(self, words: list[Word]) -> set[int]:
        """The indexes of the words that are a name, whatever language they are in: a name of
        two words or more (a role, level or place of the knowledge, a term of synonyms.yml, a
        place: "AI engineer", "Bay Area", "Los Angeles"), or a place of one word that is not a
        word of a language the profile lists ("München", not "Como" for "cómo")."""
        tokens = [w.token for w in words]
        found: set[int] = set()
        for start, end, _ in gazetteer().find(tokens):
            if end - start > 1 or tokens[start] not in self._listed:
                found.update(range(start, end))
        i = 0
        while i < len(tokens):
            for size in range(min(MAX_NAME_WORDS, len(tokens) - i), 1, -1):
                chunk = " ".join(tokens[i:i + size])
                if self._domain.lookup(chunk) or self._lexicon.term_of(chunk):
                    found.update(range(i, i + size))
                    i += size
                    break
            else:
                i += 1
        return found


def _country_names(language: str) -> dict[str, str]:
    """The names of countries and regions in a language, as read (one word, lower case, no
    accents: "schweiz", "espana"), each with its English name (Babel's CLDR data)."""
    try:
        own, english = Locale.parse(language).territories, Locale("en").territories
    except (ValueError, UnknownLocaleError):
        return {}
    return {normalize(name): english[code] for code, name in own.items()
            if code in english and len(name.split()) == 1 and normalize(name) != normalize(
                english[code])}


def _words(text: str) -> list[Word]:
    """The words of a message, each with a currency sign written right before it ("€60k");
    what English writes after an apostrophe is part of the word before ("what's" is one)."""
    words = []
    for m in WORD_RE.finditer(text):
        start = m.start()
        if start > 1 and text[start - 1] in APOSTROPHES and text[start - 2].isalpha() \
                and m.group().lower() in CONTRACTIONS:
            continue
        while start > 0 and unicodedata.category(text[start - 1]) == "Sc":
            start -= 1
        token = "".join(WORD_RE.findall(normalize(m.group())))
        if token:
            words.append(Word(start, m.end(), token))
    return words


def _english(token: str) -> bool:
    """Whether a word is one English uses every day (it then tells no other language)."""
    return token in STOPWORDS or english_frequency()[token] >= EVERYDAY


def _joined(text: str, words: list[Word], kept: list[tuple[int, str]]) -> str:
    """The words kept, in order: next to each other as the message wrote them ("Boston, MA",
    "mid-level"), else with a space; a question mark when the message ends with one."""
    out = ""
    previous = -2
    for i, shown in kept:
        if out:
            out += text[words[previous].end:words[i].start] if i == previous + 1 else " "
        out += shown
        previous = i
    if out and text.rstrip().endswith("?"):
        out += "?"
    return out
