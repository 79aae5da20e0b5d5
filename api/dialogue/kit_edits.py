"""Changes to the sections of a kit just drafted: "drop the 'How we work' bit", "put the
certifications back in", "make sure maths is in there somewhere".

Which section a message means is read from the kit's own words (each section's heading and id,
and the snippet ids and topics it takes its lines from, all in the profile), so a kit with
other sections needs no change here; a section that states salary figures is meant by a
message about pay ("take out the salary section"). The verbs are plain English.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum

from api.answer.kit_ask import JOB_POST
from api.answer.kit_document import KitDocument
from api.knowledge.kits import KitSectionSpec, KitSpec
from api.knowledge.phrasings import Cues
from api.text.words import STOPWORDS, sentences, tokenize

# Document nouns that are a kit only right after a verb of making ("draft the listing"), or
# after "the" once one was drafted ("back to the advert").
MADE = {JOB_POST: r"listings?|ads?|adverts?|advertisements?"}
# The clauses a change to a kit may be said in, and the cues that say one.
_CLAUSE_END = re.compile(r"(?<=[.!?;:,])\s+|\s+(?:-|–|—)\s+")
_EDIT_CUES = ("kit_change", "kit_omit", "kit_restore", "kit_add", "kit_setting")


def drafted_named(text: str, kinds: Collection[str]) -> str:
    """The kind of a kit drafted before that a message names as "the advert" (`MADE`), or ''."""
    return next((kind for kind, nouns in MADE.items() if kind in kinds and re.search(
        rf"\b(?:the|that|this|our)\s+(?:{nouns})\b", text, re.I)), "")


def edit_clauses(text: str, cues: Cues) -> list[str]:
    """A message read up to each clause that says a change to a kit, shortest first, when
    more follows it ("put it back, my boss likes it": "put it back,")."""
    ends = [m.start() for m in _CLAUSE_END.finditer(text)]
    return [text[:end] for start, end in zip([0, *ends], ends, strict=False)
            if any(cues.search(cue, text[start:end]) for cue in _EDIT_CUES)]


class EditAction(StrEnum):
    OMIT = "omit"  # leave a section out
    RESTORE = "restore"  # put a section left out back
    CHECK = "check"  # say whether (and where) something is in the kit


# Words of an edit that say nothing about which section or content it means.
_EDIT_WORDS = frozenset(
    "section sections part parts bit bits bullet bullets line lines block paragraph piece "
    "heading headings stuff thing things please pls kit draft document back again there "
    "somewhere anywhere sure make ensure check drop dropped remove removed delete take leave "
    "out cut skip lose get rid without need want include included includes publish care put "
    "bring add restore actually also instead mention mentioned mentions listed covered "
    "written need needs needed must should has have".split())
MIN_PREFIX = 4  # words match when they share this many first letters ("maths", "mathematics")


@dataclass(frozen=True)
class SectionEdit:
    action: EditAction
    sections: tuple[str, ...] = ()  # the section ids meant (none: which is unclear)
    words: tuple[str, ...] = ()  # what to look for (CHECK)


def read_edit(text: str, spec: KitSpec, cues: Cues, *, pay: bool) -> SectionEdit | None:
    """The change a message asks of a kit of `spec`, or None when it asks none: a section put
    back, left out or checked for (the cues kit_restore, kit_omit, kit_check and kit_add of
    knowledge/phrasings.yml). `pay`: the message is about pay (it then means the section of
    figures)."""
    action = (EditAction.RESTORE if cues.search("kit_restore", text) else
              EditAction.OMIT if cues.search("kit_omit", text) else
              EditAction.CHECK if cues.search("kit_check", text) else None)
    # (not the kit's own name: "back to the post: drop the nice-to-have section")
    own = set(tokenize(f"{spec.kind.replace('_', ' ')} {spec.name}"))
    words = [w for w in _content_words(text) if w not in own]
    if action is None and cues.search("kit_add", text):
        # "Add the certs as a nice-to-have": a section it names, put in; "add Python to the
        # requirements": whether the kit says it.
        other = [w for w in words if not any(_overlap([w], _section_words(s))
                                             for s in spec.sections)]
        action = EditAction.CHECK if other or not words else EditAction.RESTORE
    if action is None:
        return None
    # The sentence that asks it ("Can you drop the certifications part? We don't weigh
    # those.": not the weighing section).
    cue = {EditAction.RESTORE: "kit_restore", EditAction.OMIT: "kit_omit",
           EditAction.CHECK: "kit_check"}.get(action, "kit_add")
    said = [t for t in sentences(text) if cues.search(cue, t)]
    if len(said) == 1:
        words = [w for w in _content_words(said[0]) if w not in own]
    if action is EditAction.CHECK:
        # "On-call needs to be in the duties": what to look for, not where.
        named = tokenize(" ".join(re.sub(r"[-_]", " ", f"{s.id} {s.heading}")
                                  for s in spec.sections))
        looked_for = [w for w in words if not _overlap([w], named)] or words
        return SectionEdit(action, words=tuple(looked_for)) if words else None
    scores = {s.id: _overlap(words, _section_words(s)) + (2 if pay and s.figures else 0)
              for s in spec.sections}
    top = max(scores.values(), default=0)
    if top == 0:
        return None  # names no section: not an edit of one ("drop the salary talk" elsewhere)
    best = tuple(i for i, score in scores.items() if score == top)
    return SectionEdit(action, best if len(best) == 1 else ())


def found_in(document: KitDocument, words: tuple[str, ...]) -> list[tuple[str, str]]:
    """The (heading, line) pairs of a kit whose lines have the most of the words looked for
    (all but one in three of them); none when no line has."""
    lines = [(section.heading, bullet.text, _overlap(list(words), _content_words(bullet.text)))
             for section in document.sections for bullet in section.bullets]
    top = max((n for _, _, n in lines), default=0)
    if top == 0 or top < len(words) - len(words) // 3:
        return []
    return [(heading, text) for heading, text, n in lines if n == top]


def _content_words(text: str) -> list[str]:
    return [w for w in tokenize(text)
            if w not in STOPWORDS and w not in _EDIT_WORDS and len(w) > 2]


def _section_words(section: KitSectionSpec) -> list[str]:
    """A section's own words: its id and heading, the snippet ids and topics it quotes."""
    names = [section.id, section.heading, *section.snippets, *section.lead, *section.topics]
    return tokenize(" ".join(re.sub(r"[/*_-]", " ", n) for n in names))


def _overlap(words: list[str], vocabulary: list[str]) -> int:
    """How many of `words` the vocabulary has: the same word, or one that shares all its
    letters but the last with it ("maths", "mathematics"; "certs", "certifications")."""
    return sum(1 for w in words if any(_same(w, v) for v in vocabulary))


def _same(a: str, b: str) -> bool:
    common = len(os.path.commonprefix([a, b]))
    return a == b or (common >= MIN_PREFIX and common >= min(len(a), len(b)) - 1)
