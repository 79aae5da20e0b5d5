"""Requests to choose candidates by who they are rather than what they can do.

A message is declined when it names a protected characteristic (age, sex or gender, pregnancy,
race, ethnicity, national origin or nationality, religion, disability, marital or family status,
sexual orientation) together with a way of selecting people (filter, prefer, avoid, rather not
interview...). Asking *about* such a topic ("is it legal to ask a candidate's age?") is not
selecting, and is read as any other question.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection

from api.knowledge.phrasings import Cues
from api.text.phrases import NAME_PATTERN
from api.text.places import DEMONYMS as _DEMONYMS
from api.text.places import gazetteer
from api.text.words import normalize, tokenize

_PEOPLE = (
    r"(?:people|persons?|candidates?|applicants?|engineers?|developers?|workers?|employees?|"
    r"hires?|folks?|guys?|staff|men|women|ones?|talent|graduates?|grads?|nationals?|"
    r"citizens?|natives?|residents?|speakers?|teams?|workforce|crew)"
)

# The characteristics are the cue `protected_trait` of knowledge/phrasings.yml; a nationality
# counts when it names people ("Swiss candidates", "hire Germans"), not things ("Swiss cities",
# "Japanese salaries"): the gazetteer's demonyms, before a word for people or ending a clause.
DEMONYM_PEOPLE = re.compile(  # (not a language: "written in French?", "speak German")
    r"(?<!\bin\s)(?<!speak\s)(?<!speaks\s)(?<!speaking\s)(?<!fluent\s)\b(?:"
    + "|".join(_DEMONYMS) + r")(?:-born\b)?(?=\s+" + _PEOPLE + r"\b|\s*[.,;:!?)]|\s*$|"
    r"\s+(?:and|or|only|please|ones?|either|anymore|any more)\b)", re.I)
# Everyday words for people that name a characteristic only in passing ("these guys", "a young
# grad" for a new graduate).
EVERYDAY = re.compile(r"(?:guys|gals|lads|blokes|dudes|chaps|young (?:grads?|graduates?))",
                      re.I)
# "Anyone from <country>", "people born in <country>": national origin by place.
_FROM_PLACE = re.compile(
    r"\b(?:from|born in|raised in|citizens? of)\s+(?:the\s+)?([a-z][\w\s]{1,40})", re.I)
_MAX_NAME_TOKENS = 3


def asks_to_filter_people(text: str, cues: Cues,
                          placed: Callable[[str], bool] = lambda word: False) -> bool:
    """Whether a message asks to select candidates by a protected characteristic. Only
    wanting someone ("we want to hire a young grad": the cue `wanting` of
    knowledge/phrasings.yml) does not make an everyday word for a person a characteristic;
    choosing among people ("only", "prefer", "no ...": the cue `choosing`) does."""
    choosing = bool(cues.search("choosing", text))
    if not (choosing or cues.search("wanting", text)):
        return False
    traits = traits_named(text, cues, placed)
    if traits:
        return choosing or not all(EVERYDAY.fullmatch(t) for t in traits)
    return _names_origin(text)


def traits_named(text: str, cues: Cues,
                 placed: Callable[[str], bool] = lambda word: False) -> list[str]:
    """The protected characteristics a message names, as said. `placed`: whether a people's
    name stands for a place the message hires in ("hiring in Italy or France ... two in Italy
    instead of the one French engineer": an engineer in France)."""
    return [m.group(0) for m in (*cues.finditer("protected_trait", text),
                                 *(m for m in DEMONYM_PEOPLE.finditer(text)
                                   if not placed(m.group(0))))]


def _names_origin(text: str) -> bool:
    """'anyone from Nigeria', 'people born in India': a country or continent of origin."""
    for match in _FROM_PLACE.finditer(text):
        tokens = tokenize(match.group(1))[:_MAX_NAME_TOKENS]
        found = gazetteer().find(tokens)
        if found and found[0][0] == 0 and found[0][2].kind in ("country", "continent"):
            return True
    return False


_NAMES = re.compile(NAME_PATTERN)
_PEOPLE_WORD = re.compile(rf"\b{_PEOPLE}\b", re.I)
_CLAUSE = re.compile(r",\s*(?:who|whom|whose|which)\b[^,?.;:]*,", re.I)
_THE = re.compile(r"\b(?:the|a|an)\s+$", re.I)
_PRONOUN = re.compile(r"\b(?:he|she|his|her)\b", re.I)
_WHO_IS = re.compile(r"\s*,\s*(?:the|a|an|our|their|his|her|my|your)\b", re.I)  # ", the ML lead"


def asks_a_persons_pay(text: str, cues: Cues, unknown: Collection[str]) -> bool:
    """Whether a message asks what a named person earns ("What does Sarah Okafor at DeepMind
    earn?", "Jo Bloggs's salary"): the cue `persons_pay` of knowledge/phrasings.yml, where
    the name is two or more words the knowledge does not know (`unknown`, lower case: not a
    place, a role or a source) and no word for people follows it ("Goldman Sachs engineers
    earn": what a company pays), but after a comma."""
    # (with a clause about the person set apart by commas read past: "What does Marco
    # Bellini, who works at a rival in Milan, take home?")
    text = _CLAUSE.sub(" ", text)
    return any(_names_pay(said, cues, unknown) for said in (text, *_pronouns_named(text)))


def _pronouns_named(text: str) -> list[str]:
    """`text` with he, she, his and her after a name said as the name (his and her as its
    possessive): "There's an ML lead at a rival, James Whitfield. What's he paid?"."""
    said = []
    for name in _NAMES.finditer(text):
        end = name.end()
        rest = _PRONOUN.sub(functools.partial(_as_name, name[0]), text[end:])
        if rest != text[end:]:
            said.append(text[:end] + rest)
    return said


def _as_name(name: str, pronoun: re.Match[str]) -> str:
    return f"{name}'s" if pronoun[0].lower() in ("his", "her") else name


def _names_pay(text: str, cues: Cues, unknown: Collection[str]) -> bool:
    for match in cues.finditer("persons_pay", text):
        for name in _NAMES.finditer(match.group(0)):
            words = [w for w in map(normalize, name.group(0).split()) if w in unknown
                     or w.removesuffix("'s") in unknown]  # (as read: "Wójcik" is "wojcik")
            # (a word for people said of the name after a comma is who the person is:
            # "Marta Kowalski, the ML engineer at our competitor, take home?")
            after = match.group(0)[name.end():]
            # (not a name after an article: "our investors are on the East Coast, so it
            # would make meetings easier" names a place)
            named = not _THE.search(text[:match.start() + name.start()])
            if named and len(words) >= 2 and (_WHO_IS.match(after)
                                              or not _PEOPLE_WORD.search(after)):
                return True
    return False
