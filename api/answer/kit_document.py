"""A drafted hiring kit as a value: its lines (`Bullet`), sections, the sources it quotes and the
document (`KitDocument`), with the two ways it is given out: a dict for JSON (the chat's `data`
and `POST /api/kit`) and Markdown to copy or download.

`api.answer.kit.Kits` builds these; nothing here reads the knowledge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from api.answer.kit_ask import KitAsk

# The labels a client shows around a kit (what to look for, what was left out).
SHOWN_LABELS = ("evidence", "missing", "omitted", "source")


# --- what a kit is made of -------------------------------------------------------------------


@dataclass(frozen=True)
class Bullet:
    """One line of a kit, with the id of the snippet or salary record it is taken from."""

    text: str
    source: str
    label: str = ""  # what a figure stands for when it is not the one asked ("nearest level")
    evidence: str = ""  # scorecards: what to look for


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    bullets: tuple[Bullet, ...]
    note: str = ""
    table: bool = False  # scorecard criteria: a row each, with what to look for

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(b.source for b in self.bullets))


@dataclass(frozen=True)
class SourceRef:
    """A snippet or salary record a kit quotes: where it is and where it comes from."""

    id: str
    kind: str  # "snippet" or "record"
    title: str
    text: str
    source: str
    as_of: date
    path: str
    line: int


@dataclass(frozen=True)
class KitDocument:
    """A drafted kit: its sections in order, what was left out, the sources, and Markdown."""

    kind: str
    name: str
    title: str
    ask: KitAsk
    sections: tuple[Section, ...]
    missing: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    omitted: tuple[str, ...] = ()  # headings of the sections left out as asked
    markdown: str = ""
    labels: dict[str, str] = field(default_factory=dict)  # the profile's words around it

    @property
    def bullets(self) -> list[Bullet]:
        return [b for s in self.sections for b in s.bullets]

    @property
    def records(self) -> list[str]:
        """The salary records the kit states."""
        return [s.id for s in self.sources if s.kind == "record"]

    def to_dict(self) -> dict[str, Any]:
        """The document as the API returns it (chat `data` and `POST /api/kit`)."""
        return {
            "kind": self.kind,
            "name": self.name,
            "title": self.title,
            "role": self.ask.role,
            "level": self.ask.level,
            "location": self.ask.where,
            "sections": [
                {"id": s.id, "heading": s.heading, "note": s.note, "table": s.table,
                 "sources": s.sources,
                 "bullets": [asdict(b) for b in s.bullets]}
                for s in self.sections
            ],
            "missing": list(self.missing),
            "omitted": list(self.omitted),
            "sources": [{**asdict(r), "as_of": r.as_of.isoformat()} for r in self.sources],
            "markdown": self.markdown,
            "labels": {key: self.labels[key] for key in SHOWN_LABELS if key in self.labels},
        }


# --- Markdown ---------------------------------------------------------------------------------


def render_markdown(document: KitDocument, labels: dict[str, str],
                    day: Callable[[date], str]) -> str:
    """The kit as Markdown to copy or download: the content first, then what was left out and
    where every line comes from (to remove before publishing)."""
    out = [f"# {document.title}"]
    for section in document.sections:
        out.append(f"## {section.heading}")
        if section.table:
            out.append(_table(section, labels))
        else:
            out.append("\n".join(
                f"- **{b.label}:** {b.text}" if b.label else f"- {b.text}"
                for b in section.bullets))
        if section.note:
            out.append(f"*{section.note}*")
    out.append("---")
    if document.missing:
        out.append(f"*{labels['missing']}: {', '.join(document.missing)}.*")
    if document.omitted:
        out.append(f"*{labels['omitted']}: {', '.join(document.omitted)}.*")
    out.append(f"*{labels['draft']}*")
    by_id = {r.id: r for r in document.sources}
    lines = [f"{labels['sources']}:"]
    for section in document.sections:
        refs = "; ".join(f"{by_id[i].title} (`{i}`, {by_id[i].path}:{by_id[i].line})"
                         for i in section.sources)
        lines.append(f"- {section.heading}: {refs}")
    published: dict[str, list[str]] = {}
    for ref in sorted(document.sources, key=lambda r: r.as_of):
        dates = published.setdefault(ref.source, [])
        if day(ref.as_of) not in dates:
            dates.append(day(ref.as_of))
    cited = "; ".join(f"{source}, {', '.join(dates)}" for source, dates in published.items())
    lines.append(f"- {labels['publications']}: {cited}")
    out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def _table(section: Section, labels: dict[str, str]) -> str:
    head = [labels["criterion"], labels["evidence"], labels["source"], labels["score"]]
    rows = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
    rows += [f"| {_cell(b.text)} | {_cell(b.evidence)} | `{b.source}` | |"
             for b in section.bullets]
    return "\n".join(rows)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
