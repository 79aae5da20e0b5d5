"""What a new build changes, as an editor reads it before the gate's figures: the salary figures
old → new, the snippets added, removed and edited (with a word diff of the text), and what each
of the gate's figures means, in words, with how it moved.

Computed from two loaded builds (`SearchIndex`: the one in service and the new one). No HTTP
here (api.console.routes calls it), and no content: records are named by each build's profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import Any

from api.index.format import SearchIndex
from api.knowledge.model import SALARY_TOPIC, Snippet
from api.knowledge.naming import Naming
from api.knowledge.records import SalaryRecord

LIST_LIMIT = 50  # items listed per kind of change (the counts are always whole)
CONTEXT = 8  # unchanged words kept either side of a change in a text diff
ELLIPSIS = "\u2026"

# What may change about a figure besides the figure itself, and about a snippet, as an editor
# names it. A snippet's file and line are where it is, not what it says: moving it is no change.
RECORD_FIELDS = {
    "role": "role", "level": "level", "location": "place", "region": "region",
    "aliases": "other names of the place", "measure": "measure", "baseline": "reference figure",
    "source": "source", "cited_in": "cited in", "as_of": "as of", "note": "note",
}
SNIPPET_FIELDS = {
    "title": "title", "text": "text", "keywords": "search words", "questions": "ways of asking",
    "source": "source", "as_of": "as of", "topic": "topic", "doc_title": "document title",
    "roles": "roles", "kind": "kind",
}

# The gate's figures (api.publish.checks), in words: name, what it measures, higher is better.
MEASURES = (
    ("passed", "checks passed",
     "the share of the check questions (checks.yml) answered or refused as expected"),
    ("answers", "answers", "of the checks that expect an answer, the share answered from the "
                           "right snippet or figure"),
    ("refusals", "refusals", "of the checks that expect a refusal, the share refused for the "
                             "right reason"),
    ("hit@1", "hit@1", "how often the right snippet comes first for the check questions"),
    ("hit@3", "hit@3", "how often the right snippet is among the first three"),
    ("mrr", "mrr", "how high the right snippet ranks on average (1.00: always first, 0.50: "
                   "second on average)"),
)
COUNTS = (
    ("pass", "checks passing", True),
    ("fail", "checks failing", False),
    ("stale", "stale checks (they name something the knowledge no longer holds)", False),
)


def _where(item: Snippet | SalaryRecord) -> str:
    return f"{item.path}:{item.line}"


def _changed(old: object, new: object, fields: dict[str, str]) -> list[str]:
    return [name for field, name in fields.items() if getattr(old, field) != getattr(new, field)]


# --- figures ------------------------------------------------------------------------------------


def _figure(record_id: str, old: SalaryRecord | None, new: SalaryRecord | None,
            names: tuple[Naming, Naming]) -> dict[str, Any] | None:
    """One salary record's change, or None when it did not change."""
    before, after = names
    shown = new or old
    assert shown is not None
    same_period = old is None or new is None or old.period == new.period

    def money(naming: Naming, r: SalaryRecord | None) -> str:
        if r is None:
            return ""
        return naming.money(r) if same_period and old and new else naming.money_period(r)

    item = {"id": record_id, "label": (after if new else before).label(shown, role=True),
            "old": money(before, old), "new": money(after, new), "fields": [],
            "where": _where(shown)}
    if old is None:
        return {**item, "change": "added", "text": f"{item['label']}: {item['new']} (new)"}
    if new is None:
        return {**item, "change": "removed", "text": f"{item['label']}: {item['old']} (removed)"}
    fields = _changed(old, new, RECORD_FIELDS)
    if (old.amount, old.currency, old.period) != (new.amount, new.currency, new.period):
        return {**item, "change": "changed", "fields": fields,
                "text": f"{item['label']}: {item['old']} \u2192 {item['new']}"}
    if fields:
        return {**item, "change": "edited", "fields": fields,
                "text": f"{item['label']}: {item['new']}, {', '.join(fields)} changed"}
    return None


def _figures(old: SearchIndex, new: SearchIndex) -> list[dict[str, Any]]:
    names = (Naming(old.profile, old.salaries.values()),
             Naming(new.profile, new.salaries.values()))
    ids = [*new.salaries, *(i for i in old.salaries if i not in new.salaries)]
    found = (_figure(i, old.salaries.get(i), new.salaries.get(i), names) for i in ids)
    return [f for f in found if f is not None]


# --- snippets -----------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return re.findall(r"\s+|[^\s]+", text)


def _kept(tokens: list[str], first: bool, last: bool) -> str:
    """Unchanged words of a text diff, shortened to the context either side of the changes
    (none before the first change, none after the last)."""
    words = [i for i, t in enumerate(tokens) if not t.isspace()]
    before, after = (0 if first else CONTEXT), (0 if last else CONTEXT)
    if len(words) <= before + after + 1:
        return "".join(tokens)
    head = "".join(tokens[: words[before - 1] + 1]) if before else ""
    tail = "".join(tokens[words[-after]:]) if after else ""
    return " ".join(part for part in (head, ELLIPSIS, tail) if part)


def text_diff(old: str, new: str) -> list[list[str]]:
    """The words that changed from `old` to `new`, in order: ["=", kept], ["-", removed],
    ["+", added]; long unchanged stretches are shortened to the words around a change."""
    a, b = _words(old), _words(new)
    codes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    out: list[list[str]] = []
    for n, (tag, i1, i2, j1, j2) in enumerate(codes):
        if tag == "equal":
            out.append(["=", _kept(a[i1:i2], n == 0, n == len(codes) - 1)])
            continue
        if i2 > i1:
            out.append(["-", "".join(a[i1:i2])])
        if j2 > j1:
            out.append(["+", "".join(b[j1:j2])])
    return out


def _from_tables(snippet: Snippet) -> bool:
    """A snippet made from salary records: its changes are the figures'."""
    return snippet.topic == SALARY_TOPIC and bool(snippet.salary_ids)


def _snippet(s: Snippet) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "document": s.doc_title, "where": _where(s)}


def _snippets(old: SearchIndex, new: SearchIndex) -> dict[str, list[dict[str, Any]]]:
    before = {s.id: s for s in old.snippets if not _from_tables(s)}
    after = {s.id: s for s in new.snippets if not _from_tables(s)}
    edited = []
    for sid, s in after.items():
        was = before.get(sid)
        fields = _changed(was, s, SNIPPET_FIELDS) if was is not None else []
        if was is not None and fields:
            edited.append({**_snippet(s), "fields": fields,
                           "old_title": was.title if was.title != s.title else None,
                           "diff": text_diff(was.text, s.text) if was.text != s.text else []})
    return {"added": [_snippet(s) for i, s in after.items() if i not in before],
            "removed": [_snippet(s) for i, s in before.items() if i not in after],
            "edited": edited}


# --- the rest, and the whole --------------------------------------------------------------------


def _other(old: SearchIndex, new: SearchIndex) -> list[str]:
    """What else changed, in a sentence each: the profile, the synonyms, the checks."""
    said = []
    if old.profile.to_dict() != new.profile.to_dict():
        said.append("The profile (roles, levels, places, the assistant's words) changed.")
    if old.synonyms != new.synonyms:
        said.append("The synonyms changed.")
    was = {c.ask: c for c in old.checks}
    now = {c.ask: c for c in new.checks}
    added = sum(a not in was for a in now)
    removed = sum(a not in now for a in was)
    edited = sum(a in was and was[a].to_dict() != c.to_dict() for a, c in now.items())
    if added or removed or edited:
        counts = [f"{n} {what}" for n, what in ((added, "added"), (removed, "removed"),
                                                 (edited, "changed")) if n]
        said.append(f"The checks changed: {', '.join(counts)}.")
    return said


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _summary(figures: Sequence[dict[str, Any]], snippets: dict[str, list[Any]],
             other: Sequence[str]) -> str:
    parts = [_count(sum(f["change"] == kind for f in figures), f"salary figure {kind}",
                    f"salary figures {kind}") for kind in ("changed", "added", "removed")]
    parts += [_count(len(snippets[kind]), f"snippet {kind}", f"snippets {kind}")
              for kind in ("added", "removed", "edited")]
    said = [p for p in parts if not p.startswith("0 ")]
    if sum(f["change"] == "edited" for f in figures):
        said.append(_count(sum(f["change"] == "edited" for f in figures),
                           "salary record's details edited", "salary records' details edited"))
    if other:
        said.append("other files changed" if said else "no snippet or figure changed")
    return ", ".join(said) if said else "no change to the content"


def content_changes(old: SearchIndex, new: SearchIndex | None) -> dict[str, Any] | None:
    """What `new` changes of the content of `old` (the build in service), for an editor; None
    when there is no other build to compare with."""
    if new is None or new.path == old.path:
        return None
    figures = _figures(old, new)
    snippets = _snippets(old, new)
    other = _other(old, new)
    return {
        "from": old.path.name,
        "to": new.path.name,
        "summary": _summary(figures, snippets, other),
        "counts": {"figures": len(figures), **{k: len(v) for k, v in snippets.items()}},
        "figures": figures[:LIST_LIMIT],
        **{k: v[:LIST_LIMIT] for k, v in snippets.items()},
        "other": other,
    }


# --- the gate's figures, in words ---------------------------------------------------------------


def _moved(before: float | None, after: float, higher_is_better: bool,
           number: Callable[[float], str]) -> tuple[str, str]:
    """How a figure moved, as a word ("better", "worse", "the same", "new") and a phrase."""
    if before is None:
        return "new", f"{number(after)} now (nothing in service to compare with)"
    change = round(after - before, 3)
    word = "the same" if change == 0 else "better" if (change > 0) == higher_is_better \
        else "worse"
    return word, f"{number(before)} before, {number(after)} now \u2014 {word}"


def measures(gate: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The gate's figures (`gate_payload`), each with what it means and how it moved."""
    if not gate:
        return []
    out = []
    for key, name, meaning in MEASURES:
        if key in gate.get("after", {}):
            after, before = gate["after"][key], gate.get("before", {}).get(key)
            word, moved = _moved(before, after, True, lambda v: f"{v:.2f}")
            out.append({"name": name, "meaning": meaning, "before": before, "after": after,
                        "change": word, "moved": moved, "text": f"{name}: {meaning}; {moved}"})
    for key, name, up in COUNTS:
        after = gate.get("counts_after", {}).get(key, 0)
        before = gate.get("counts_before", {}).get(key) if gate.get("counts_before") else None
        word, moved = _moved(before, after, up, str)
        out.append({"name": key, "meaning": name, "before": before, "after": after,
                    "change": word, "moved": moved, "text": f"{key}: {name}; {moved}"})
    return out
