"""Intents (`knowledge/intents.yml`): what people ask, each with example utterances in their own
words, and the confidence a classifier must reach for its reading to count. Optional: without
the file the assistant reads messages by their words alone.

The classifier is trained on these examples when the index is built (`api.index.intents`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

from api.errors import Problem
from api.knowledge.yamldoc import id_field, read_yaml, text_field, text_list, unknown_keys

INTENTS_FILE = "intents.yml"
DEFAULT_THRESHOLD = 0.6
MIN_EXAMPLES = 5


@dataclass(frozen=True)
class Intent:
    id: str
    description: str
    examples: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True)
class Intents:
    """Every intent of the knowledge, and how sure the classifier must be."""

    intents: tuple[Intent, ...]
    threshold: float = DEFAULT_THRESHOLD
    path: str = INTENTS_FILE
    # How sure it must be of a message that also names a level or place the salary figures are
    # kept by ("what's a senior going for these days?"); the threshold unless set.
    named_threshold: float | None = None

    @property
    def named(self) -> float:
        return self.threshold if self.named_threshold is None else self.named_threshold

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def digest(self) -> str:
        """Hash of what a classifier learns from (the intents, their examples, the threshold;
        not where they were written): a build whose classifier has it need not train again."""
        learnt = [[i.id, list(i.examples)] for i in self.intents]
        text = json.dumps([learnt, self.threshold, self.named_threshold], ensure_ascii=False,
                          separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Intents | None:
        if not data:
            return None
        named = data.get("named_threshold")
        return cls(tuple(Intent(**{**i, "examples": tuple(i["examples"])})
                         for i in data["intents"]),
                   float(data["threshold"]), str(data.get("path", INTENTS_FILE)),
                   float(named) if named is not None else None)


def parse_intents(text: str, shown: str, problems: list[Problem]) -> Intents | None:
    """Read `intents.yml`; every problem is recorded with its line, None when unusable."""
    doc = read_yaml(text, shown, problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        problems.append(doc.problem("must be a mapping with threshold and intents"))
        return None
    count = len(problems)
    unknown_keys(doc, doc.data, ("threshold", "named_threshold", "intents"), (), problems)
    threshold = doc.data.get("threshold", DEFAULT_THRESHOLD)
    named = doc.data.get("named_threshold")
    for key, value in (("threshold", threshold), ("named_threshold", named)):
        if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)
                                  or not 0 < value < 1):
            problems.append(doc.problem(f"'{key}' must be a number between 0 and 1, got "
                                        f"{value!r}", key))
    raw = doc.data.get("intents")
    if not isinstance(raw, list) or len(raw) < 2:
        problems.append(doc.problem("'intents' must list at least two intents, each with an "
                                    "id, a description and examples", "intents"))
        return None
    intents: list[Intent] = []
    for i, item in enumerate(raw):
        path = ("intents", i)
        if not isinstance(item, dict):
            problems.append(doc.problem("an intent must be a mapping with id, description and "
                                        "examples", *path))
            continue
        unknown_keys(doc, item, ("id", "description", "examples"), path, problems)
        ident = id_field(doc, item.get("id"), "intent", (*path, "id"), problems)
        description = text_field(doc, item, "description", path, problems)
        examples = text_list(item.get("examples"))
        if examples is None or len(examples) < MIN_EXAMPLES:
            problems.append(doc.problem(f"intent '{ident}' needs a list of at least "
                                        f"{MIN_EXAMPLES} examples", *path, "examples"))
            continue
        if ident in {x.id for x in intents}:
            problems.append(doc.problem(f"duplicate intent id '{ident}'", *path, "id"))
            continue
        if ident and description:
            intents.append(Intent(ident, description, tuple(examples), doc.line(*path)))
    if len(problems) > count:
        return None
    return Intents(tuple(intents), float(threshold), shown,
                   float(named) if named is not None else None)
