"""The other languages a question may come in (`languages:` in `knowledge/profile.yml`): for each,
the words that mark it and the assistant's two lines in it. Parsed and validated with
`file:line` like the rest of the profile; `api.understand.language` tells a message's language
from these words.

The assistant answers in its own language (the language of the profile's `locale`); the lines
here only say so, in the asker's language. They are the assistant's own sentences, never facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from babel import Locale, UnknownLocaleError

from api.errors import Problem
from api.knowledge.yamldoc import YamlDoc, text_field, text_list, unknown_keys
from api.text.words import plain_words

LANGUAGE_FIELDS = ("id", "name", "words", "answering", "ask_in_english", "thanks")


@dataclass(frozen=True)
class Language:
    """A language other than the assistant's: how to tell it, and what to say in it."""

    id: str  # a language code Babel knows ("de", "fr")
    name: str  # its name in the assistant's language ("German"), for the gap report
    # Words that mark it and carry nothing a question is about: articles, pronouns,
    # prepositions, question words ("der", "wie viel"), written as people write them; and
    # signs that only it writes ("¿").
    words: tuple[str, ...]
    answering: str  # said before an answer given in the assistant's language
    ask_in_english: str  # said when the question cannot be read: please ask in English
    thanks: tuple[str, ...] = ()  # how people say thank you in it ("danke", "vielen Dank")

    @cached_property
    def marks(self) -> frozenset[str]:
        """The words that mark the language, as a message's words are read: lower case, without
        accents, apostrophes and hyphens splitting them ("für" -> "fur"; "c'est" -> "c", "est")."""
        return frozenset(w for entry in self.words for w in plain_words(entry))

    @cached_property
    def signs(self) -> tuple[str, ...]:
        """The signs that mark the language ("¿"): the entries of `words` that are a sign."""
        return tuple(entry for entry in self.words if _sign(entry))


def parse_languages(doc: YamlDoc, own: str, problems: list[Problem]) -> list[Language]:
    """The languages the profile lists (`languages:`); none when it lists none. `own` is the
    assistant's own language code, which is not one of them."""
    raw = doc.data.get("languages")
    if raw is None:
        return []
    if not isinstance(raw, list):
        problems.append(doc.problem(
            "'languages' must be a list of {id, name, words, answering, ask_in_english}",
            "languages"))
        return []
    languages: list[Language] = []
    for i, item in enumerate(raw):
        language = _language(doc, item, ("languages", i), own, problems)
        if language is None:
            continue
        if any(existing.id == language.id for existing in languages):
            problems.append(doc.problem(f"duplicate language '{language.id}'",
                                        "languages", i, "id"))
            continue
        languages.append(language)
    return languages


def _language(doc: YamlDoc, item: object, path: tuple, own: str,
              problems: list[Problem]) -> Language | None:
    """One entry of `languages:`, or None (after recording why) when it is unusable."""
    if not isinstance(item, dict):
        problems.append(doc.problem(
            "a language must be a mapping with id, name, words, answering and ask_in_english",
            *path))
        return None
    count = len(problems)
    unknown_keys(doc, item, LANGUAGE_FIELDS, path, problems)
    code = _code(doc, item.get("id"), (*path, "id"), own, problems)
    name = text_field(doc, item, "name", path, problems)
    words = text_list(item.get("words"))
    if words is None or not words:
        problems.append(doc.problem(
            "'words' must list the words that mark the language (articles, pronouns, "
            "question words) as text; quote a word YAML reads as something else ('on', 'no')",
            *path, "words"))
    elif any(not plain_words(w) and not _sign(w) for w in words):
        bad = next(w for w in words if not plain_words(w) and not _sign(w))
        problems.append(doc.problem(
            f"'words': {bad!r} is neither a word nor one sign (such as ¿)", *path, "words"))
    answering = text_field(doc, item, "answering", path, problems)
    ask_in_english = text_field(doc, item, "ask_in_english", path, problems)
    thanks = text_list(item.get("thanks", []))
    if thanks is None:
        problems.append(doc.problem("'thanks' must list, as text, how people say thank you "
                                    "in the language", *path, "thanks"))
    if len(problems) > count or not words:
        return None
    return Language(code, name, tuple(words), answering, ask_in_english, tuple(thanks or ()))


def _sign(entry: str) -> bool:
    """Whether a `words` entry is one sign: a character that is no letter, digit or space."""
    return len(entry) == 1 and not entry.isalnum() and not entry.isspace()


def _code(doc: YamlDoc, value: object, path: tuple, own: str, problems: list[Problem]) -> str:
    """`value` when it is a language code Babel knows other than `own`, else ""."""
    try:
        language = Locale.parse(value).language if isinstance(value, str) else ""
    except (UnknownLocaleError, ValueError, TypeError):
        language = ""
    if not language or language != value:
        problems.append(doc.problem(
            f"language id must be a language code such as de or fr, got {value!r}", *path))
        return ""
    if language == own:
        problems.append(doc.problem(
            f"'{language}' is the assistant's own language (its locale); list only others",
            *path))
        return ""
    return language
