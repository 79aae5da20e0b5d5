"""A drafted hiring kit as a value: its lines (`Bullet`), sections, the sources it quotes and the
document (`KitDocument`), with the two ways it is given out: a dict for JSON (the chat's `data`
and `POST /api/kit`) and Markdown to copy or download.

The document keeps the ad (its sections) apart from what is for the recruiter only: notes (the
market references behind a pay band, the pay-transparency rules it meets), warnings (a rule the
post breaks as it stands) and the sources. Its Markdown comes in two: the whole document, and
the ad alone, ready to publish.

`api.answer.kit.Kits` builds these; nothing here reads the knowledge.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from api.answer.kit_ask import KitAsk

# The labels a client shows around a kit (what to look for, what was left out).
SHOWN_LABELS = ("evidence", "missing", "omitted", "source", "recruiter", "warning")


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
    """A snippet, salary record or piece of the company's content a kit quotes: where it is
    and where it comes from."""

    id: str
    kind: str  # "snippet", "record", "company" (company.yml), "band" or "rule"
    title: str
    text: str
    source: str
    as_of: date | None  # None: the company's own lines carry no date
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
    markdown: str = ""  # the whole document: the ad, the recruiter's notes and the sources
    labels: dict[str, str] = field(default_factory=dict)  # the profile's words around it
    recruiter: tuple[Bullet, ...] = ()  # notes for the recruiter, never part of the ad
    warnings: tuple[Bullet, ...] = ()  # what to fix before the ad is published
    ad_markdown: str = ""  # the ad alone, to publish

    @property
    def bullets(self) -> list[Bullet]:
        """Every line of the document: the ad's, then the recruiter's notes and warnings."""
        return [*(b for s in self.sections for b in s.bullets), *self.recruiter, *self.warnings]

    @property
    def records(self) -> list[str]:
        """The salary records the kit states."""
        return [s.id for s in self.sources if s.kind == "record"]

    def to_dict(self, *, sources: bool = True) -> dict[str, Any]:
        """The document as the API returns it (chat `data` and `POST /api/kit`); `sources`
        False: its `markdown` is the ad alone (the JSON keeps every field)."""
        return {
            "kind": self.kind,
            "name": self.name,
            "title": self.title,
            "role": self.ask.role,
            "level": self.ask.level,
            "location": self.ask.shown,
            "sections": [
                {"id": s.id, "heading": s.heading, "note": s.note, "table": s.table,
                 "sources": s.sources,
                 "bullets": [asdict(b) for b in s.bullets]}
                for s in self.sections
            ],
            "missing": list(self.missing),
            "omitted": list(self.omitted),
            "recruiter": [asdict(b) for b in self.recruiter],
            "warnings": [asdict(b) for b in self.warnings],
            "sources": [{**asdict(r), "as_of": r.as_of.isoformat() if r.as_of else None}
                        for r in self.sources],
            "markdown": self.markdown if sources else self.ad_markdown,
            "ad_markdown": self.ad_markdown,
            "labels": {key: self.labels[key] for key in SHOWN_LABELS if key in self.labels},
        }


# --- Markdown ---------------------------------------------------------------------------------


def render_markdown(document: KitDocument, labels: dict[str, str],
                    day: Callable[[date], str], *, sources: bool = True) -> str:
    """The kit as Markdown to copy or download: the ad first, then (with `sources`) what is for
    the recruiter only: warnings, notes, what was left out and where every line comes from (to
    remove before publishing)."""
    out = [f"# {document.title}"]
    for section in document.sections:
        out.append(f"## {section.heading}")
        if section.table:
            out.append(_table(section, labels))
        else:
            out.append(_bullets(section.bullets))
        if section.note:
            out.append(f"*{section.note}*")
    if not sources:
        return "\n\n".join(out) + "\n"
    out.append("---")
    if document.warnings or document.recruiter:
        warned = [Bullet(b.text, b.source, labels["warning"]) for b in document.warnings]
        out.append(f"**{labels['recruiter']}:**\n\n" + _bullets([*warned, *document.recruiter]))
    if document.missing:
        out.append(f"*{labels['missing']}: {', '.join(document.missing)}.*")
    if document.omitted:
        out.append(f"*{labels['omitted']}: {', '.join(document.omitted)}.*")
    out.append(f"*{labels['draft']}*")
    out.append(_sources(document, labels, day))
    return "\n\n".join(out) + "\n"


def _bullets(bullets: Sequence[Bullet]) -> str:
    return "\n".join(f"- **{b.label}:** {b.text}" if b.label else f"- {b.text}" for b in bullets)


def _sources(document: KitDocument, labels: dict[str, str], day: Callable[[date], str]) -> str:
    """Where each part's lines come from, then who published them and when."""
    by_id = {r.id: r for r in document.sources}
    parts = [(s.heading, s.sources) for s in document.sections]
    notes = [*document.warnings, *document.recruiter]
    if notes:
        parts.append((labels["recruiter"], list(dict.fromkeys(b.source for b in notes))))
    lines = [f"{labels['sources']}:"]
    for heading, ids in parts:
        refs = "; ".join(f"{by_id[i].title} (`{i}`, {by_id[i].path}:{by_id[i].line})"
                         for i in ids)
        lines.append(f"- {heading}: {refs}")
    published: dict[str, list[str]] = {}
    dated = sorted(((r.as_of, r.source) for r in document.sources if r.as_of is not None),
                   key=lambda pair: pair[0])
    for as_of, source in dated:  # the company's own lines carry no date
        dates = published.setdefault(source, [])
        if day(as_of) not in dates:
            dates.append(day(as_of))
    cited = "; ".join(f"{source}, {', '.join(dates)}" for source, dates in published.items())
    lines.append(f"- {labels['publications']}: {cited}")
    return "\n".join(lines)


def _table(section: Section, labels: dict[str, str]) -> str:
    head = [labels["criterion"], labels["evidence"], labels["source"], labels["score"]]
    rows = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
    rows += [f"| {_cell(b.text)} | {_cell(b.evidence)} | `{b.source}` | |"
             for b in section.bullets]
    return "\n".join(rows)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
