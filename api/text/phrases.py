"""Phrases: the small pattern language of `knowledge/phrasings.yml`, compiled to regular
expressions, so that the ways people say something are written as plain words in the content
and a new phrasing is a content edit.

    who says/said            one word of several: "who says", "who said"
    explain*                 any ending: "explain", "explains", "explained"
    where ... from           up to six words between: "where is that number from"
    trust the _ figures      any one word: "trust the salary figures"
    [still] current          an optional part: "current", "still current"
    (a different | another) topic      one of several wordings, each of any length
    over <number>            a number: "over 40"; <nn> two digits ("in their <nn>s")
    <name> earns             a person's name: two or three words written with a capital
                             ("Jane Doe earns"; the caller checks they are names)
    ^ is that for            at the start of the message or of a sentence or clause in it
                             (after . ! ? ; : or a dash): "ok. is that for seniors?"
    the best $               at the end of the message (but for . ! ?): "and the best?"
    up-to-date               a hyphen may also be a space or nothing: "up to date"
    /hr/hour                 a word written after a slash, with or without a space:
                             "$70/hr", "/ hour" (a leading slash is the slash itself)

Words match whole words, without regard to case; between two words any spaces and commas.
A curly apostrophe matches a straight one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SEPARATOR = r"[\s,]+"
GAP = "..."
NUMBER = "<number>"
TWO_DIGITS = "<nn>"
NAME = "<name>"
# Two or three words written with a capital ("Jane Doe", "Mary-Ann O'Neil"), whatever the
# case of the rest of the phrase.
# Letters of the Latin alphabets ("Wójcik", "Łukasz", "Núñez"), by case.
_UPPER = "A-Z" + "".join(chr(c) for c in range(0xC0, 0x250) if chr(c).isupper())
_LOWER = "a-z" + "".join(chr(c) for c in range(0xDF, 0x250) if chr(c).islower())
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[-'’][{_UPPER}]?[{_LOWER}]+)?"
NAME_PATTERN = rf"(?-i:{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}})"
START = "^"
END = "$"
_AT_END = r"(?=[\s?.!]*$)"
# Where a phrase that starts with `START` may begin: the message's start, or after a sentence
# or a clause ends.
_AT_START = r"(?:^|(?<=[.!?;:–—-]))[\s,]*"
ANY_WORD = "_"
MAX_GAP = 6
NEVER = r"(?!x)x"
WORD_START = r"(?<!\w)"


class PhraseError(ValueError):
    """A phrase that cannot be read; the message says what is wrong."""


def phrase_pattern(phrase: str) -> str:
    """The regular expression (without flags or anchors) that `phrase` stands for.

    Raises:
        PhraseError: the phrase is empty, has unbalanced brackets, an empty alternative,
            or '...' at its start or end.
    """
    tokens = _tokens(phrase)
    starts = bool(tokens) and tokens[0] == START
    tokens = tokens[1:] if starts else tokens
    ends = bool(tokens) and tokens[-1] == END
    tokens = tokens[:-1] if ends else tokens
    if not tokens:
        raise PhraseError("empty phrase")
    if START in tokens or END in tokens:
        raise PhraseError(f"'{START}' may only start a phrase and '{END}' only end one, in "
                          f"{phrase!r}")
    pattern, rest = _alternatives(tokens, phrase)
    if rest:
        raise PhraseError(f"unbalanced '{rest[0]}' in {phrase!r}")
    return (_AT_START if starts else "") + pattern + (_AT_END if ends else "")


def phrases_pattern(phrases: Iterable[str]) -> str:
    """One expression for any of `phrases`, longest first (so that "thank you" wins over
    "thank"); one that never matches when there are none."""
    patterns = [phrase_pattern(p) for p in sorted(phrases, key=len, reverse=True)]
    return "(?:" + "|".join(_word_start_once(patterns)) + ")" if patterns else NEVER


def _word_start_once(patterns: list[str]) -> list[str]:
    """The same alternatives in the same order, each run of those that begin at a word's start
    tested for it once ("(?<!\\w)(?:a|b)" for "(?<!\\w)a|(?<!\\w)b"): a branch that begins with a
    lookbehind is tried in full at every position of the message, a literal is not."""
    runs: list[tuple[bool, list[str]]] = []
    for pattern in patterns:
        starts = pattern.startswith(WORD_START)
        body = pattern[len(WORD_START):] if starts else pattern
        if starts and runs and runs[-1][0]:
            runs[-1][1].append(body)
        else:
            runs.append((starts, [body]))
    return [WORD_START + "(?:" + "|".join(bodies) + ")" if starts else bodies[0]
            for starts, bodies in runs]


def _tokens(phrase: str) -> list[str]:
    return re.findall(r"[()\[\]|]|[^\s()\[\]|]+", phrase.strip())


def _alternatives(tokens: list[str], phrase: str) -> tuple[str, list[str]]:
    """Sequences separated by '|', up to a closing bracket: (pattern, tokens left)."""
    options = []
    while True:
        sequence, tokens = _sequence(tokens, phrase)
        options.append(sequence)
        if not tokens or tokens[0] != "|":
            break
        tokens = tokens[1:]
    return (options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"), tokens


def _sequence(tokens: list[str], phrase: str) -> tuple[str, list[str]]:
    parts: list[tuple[str, str]] = []  # (pattern, "word" | "optional" | "gap")
    while tokens and tokens[0] not in ")]|":
        token, tokens = tokens[0], tokens[1:]
        if token in "([":
            inner, tokens = _alternatives(tokens, phrase)
            close = ")" if token == "(" else "]"
            if not tokens or tokens[0] != close:
                raise PhraseError(f"'{token}' without '{close}' in {phrase!r}")
            tokens = tokens[1:]
            parts.append((inner, "word" if token == "(" else "optional"))
        elif token == GAP:
            parts.append(("", "gap"))
        elif token == ANY_WORD:
            parts.append((r"[^\s,]+", "word"))
        else:
            parts.append((_word(token, phrase), "word"))
    if not parts or all(kind != "word" for _, kind in parts):
        raise PhraseError(f"an empty part in {phrase!r}")
    if parts[0][1] == "gap" or parts[-1][1] == "gap":
        raise PhraseError(f"'{GAP}' must stand between words in {phrase!r}")
    return _joined(parts), tokens


def _joined(parts: list[tuple[str, str]]) -> str:
    out, started = "", False
    for pattern, kind in parts:
        if kind == "gap":
            out += rf"(?:{SEPARATOR}\S+){{0,{MAX_GAP}}}?"
        elif kind == "optional":
            out += f"(?:{SEPARATOR}{pattern})?" if started else f"(?:{pattern}{SEPARATOR})?"
        else:
            out += (SEPARATOR if started else "") + pattern
            started = True
    return out


def _word(token: str, phrase: str) -> str:
    if token.startswith("/") and len(token) > 1:
        return r"/\s?" + _word(token[1:], phrase)
    options = token.split("/")
    if any(not o for o in options):
        raise PhraseError(f"an empty alternative in {token!r} of {phrase!r}")
    return "(?:" + "|".join(_word_start_once([_one_word(o, phrase) for o in options])) + ")" \
        if len(options) > 1 else _one_word(token, phrase)


def _one_word(word: str, phrase: str) -> str:
    any_ending = word.endswith("*")
    core = word[:-1] if any_ending else word
    if not core or "*" in core:
        raise PhraseError(f"'*' may only end a word, in {phrase!r}")
    pattern = ""
    core = core.replace(NUMBER, "\0").replace(TWO_DIGITS, "\1").replace(NAME, "\2")
    for char in core:
        if char == "\2":
            pattern += NAME_PATTERN
        elif char == "\0":
            pattern += r"\d+"
        elif char == "\1":
            pattern += r"\d{2}"
        elif char in "'’":
            pattern += "['’]"
        elif char == "-":
            pattern += r"[-\s]?"
        else:
            pattern += re.escape(char)
    start = WORD_START if re.match(r"[\w\0\1\2]", core) else ""
    end = r"\w*" if any_ending else (r"(?!\w)" if re.search(r"[\w\0\1\2]$", core) else "")
    return start + pattern + end
