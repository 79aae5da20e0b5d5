"""Small talk: a message that only greets, thanks, takes leave or asks what the assistant is,
with polite words around it ("thanks a lot for your help!", "hey there, what can you do?").
Each is a cue of `knowledge/phrasings.yml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from api.knowledge.phrasings import Cues
from api.understand.asks import starts_as_question

KINDS = ("greeting", "thanks", "bye", "help")


class SmallTalk:
    """Tells small talk by the cues of one knowledge base."""

    def __init__(self, cues: Cues) -> None:
        polite = cues.pattern("politeness")
        self._kinds = [(kind, re.compile(rf"^(?:{polite}\s+)*{cues.pattern(kind)}"
                                         rf"(?:\s+{polite})*$"))
                       for kind in KINDS]
        said = "|".join(cues.pattern(k) for k in ("greeting", "thanks", "bye"))
        self._combined = re.compile(rf"^(?:(?:{said}|{polite})\s*)+$")
        self._polite_word = re.compile(f"(?:{said})")
        self._leading_greeting = re.compile(rf"^(?:{cues.pattern('greeting')}\s+)+")
        self._bye = re.compile(cues.pattern("bye"))

    def kind(self, text: str) -> str | None:
        """'greeting', 'thanks', 'bye' or 'help' when the message is only that, else None."""
        cleaned = " ".join(re.sub(r"[^\w\s']", " ", text.lower()).split())
        if not cleaned:
            return None
        rest = self._leading_greeting.sub("", cleaned)  # "hey, what's this bot for": help
        for kind, pattern in self._kinds:
            if pattern.match(cleaned) or (rest != cleaned and pattern.match(rest)):
                return kind
        if self._combined.match(cleaned) and self._polite_word.search(cleaned):  # "thanks, bye"
            return "bye" if self._bye.search(cleaned) else "thanks"
        return None


def closing(text: str, cues: Cues, says: Callable[[str], bool]) -> str | None:
    """'thanks' or 'bye' said first or last, the rest a remark that asks nothing and names
    nothing the knowledge knows (`says`): "thanks, that's all I needed", "good stuff, thanks";
    not "thanks, and a junior?", "thanks, now the UK" nor "ok how many could we get?"."""
    text = text.strip().rstrip(".!")
    if "?" in text:
        return None
    for kind in ("bye", "thanks"):
        said = cues.starts(kind, text) or next(
            (m for m in cues.finditer(kind, text) if m.end() == len(text)), None)
        rest = (text[:said.start()] + text[said.end():]).strip(" ,;:-–—") if said else ""
        if said and not (says(rest) or cues.starts("follow_up_start", rest)
                         or starts_as_question(rest)):
            return kind
    return None
