"""What the content console shows, as plain JSON-ready data: the gap report and its CSV, the
knowledge on disk (files, snippets, salary table, problems, which snippets are retrieved), the
activity per day, an answer tried on a build, a reviewed conversation.

No HTTP here (api.console is the thin layer over it), and no content: the labels are of kinds of
things (reasons, file kinds), never of roles, places or figures.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from api.answer.compose import Answer
from api.errors import KnowledgeError, Problem
from api.index.build import index_status
from api.index.format import SearchIndex
from api.knowledge.checks import CHECKS_FILE
from api.knowledge.loader import knowledge_files, load_knowledge
from api.knowledge.model import KnowledgeBase, Snippet
from api.knowledge.naming import Naming
from api.knowledge.profile import PROFILE_FILE, Profile
from api.knowledge.records import SalaryRecord
from api.knowledge.synonyms import SYNONYMS_FILE
from api.serve.service import source_of
from api.store.records import ConversationSummary, DayCounts, GapGroup, ReviewedTurn

# Why a question is in the gap report, as an editor reads it.
REASON_LABELS = {
    "not_covered": "not covered",
    "out_of_scope": "out of scope",
    "declined": "declined",
    "other_language": "other language",
    "low_score": "low score",
    "thumbs_down": "thumbs down",
}
MOST_RETRIEVED = 10
# A spreadsheet runs a cell that starts with one of these as a formula: people's questions
# are exported, so such a cell gets a leading apostrophe (shown as text, not run).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat(timespec="seconds") if moment else None


# --- gaps -------------------------------------------------------------------------------------


def gap_item(group: GapGroup) -> dict[str, Any]:
    """A gap group as the console lists it."""
    return {
        "key": group.key,
        "question": group.question,
        "count": group.count,
        "reasons": [{"reason": r, "label": REASON_LABELS.get(r, r), "count": n}
                    for r, n in sorted(group.reasons.items(), key=lambda item: -item[1])],
        "examples": group.examples,
        "last_seen": _iso(group.last_seen),
        "missing": group.missing,
        "comments": list(group.comments),
        "handled": group.handled,
        "handled_at": _iso(group.handled_at),
        "handled_by": group.handled_by,
        "note": group.note,
        # Marked handled before, and asked again since.
        "reopened": group.handled_at is not None and not group.handled,
    }


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def gaps_csv(groups: Iterable[GapGroup]) -> str:
    """The gap report as CSV (UTF-8, one group a row), safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["question", "count", "reasons", "last seen (UTC)", "examples",
                     "what was missing", "thumbs-down comments", "handled at (UTC)",
                     "handled by", "note"])
    for g in groups:
        reasons = "; ".join(f"{REASON_LABELS.get(r, r)}: {n}" for r, n in g.reasons.items())
        writer.writerow([_cell(v) for v in (
            g.question, g.count, reasons, _iso(g.last_seen) or "", " | ".join(g.examples),
            g.missing, " | ".join(g.comments), _iso(g.handled_at) or "", g.handled_by, g.note)])
    return out.getvalue()


# --- activity ---------------------------------------------------------------------------------


def activity_series(counts: Iterable[DayCounts], first: date, last: date) -> list[dict[str, Any]]:
    """One entry per day from `first` to `last`, days without activity at zero."""
    by_day = {c.day: c for c in counts}
    series = []
    day = first
    while day <= last:
        c = by_day.get(day)
        series.append({"day": day.isoformat(), "questions": c.questions if c else 0,
                       "answered": c.answered if c else 0, "thumbs_up": c.thumbs_up if c else 0,
                       "thumbs_down": c.thumbs_down if c else 0})
        day += timedelta(days=1)
    return series


# --- conversations ----------------------------------------------------------------------------


def conversation_item(summary: ConversationSummary, show_text: bool) -> dict[str, Any]:
    return {
        "session_id": summary.session_id,
        "started": _iso(summary.started),
        "last_active": _iso(summary.last_active),
        "turns": summary.turns,
        "answered": summary.answered,
        "thumbs_up": summary.thumbs_up,
        "thumbs_down": summary.thumbs_down,
        "first_question": summary.first_question if show_text else None,
    }


def turn_item(turn: ReviewedTurn, show_text: bool) -> dict[str, Any]:
    """A stored turn; what the person typed (question, comments) only when `show_text`."""
    m = turn.message
    return {
        "message_id": m.id,
        "turn": m.turn,
        "at": _iso(m.created_at),
        "question": m.question if show_text else None,
        "answer": m.answer,
        "answered": m.answered,
        "kind": m.kind,
        "route": m.route,
        "score": round(m.score, 3),
        "sources": [{k: s.get(k) for k in ("id", "title", "path", "line", "score")}
                    for s in m.sources or () if isinstance(s, dict)],
        "rating": m.rating,
        "reasons": [{"reason": r, "label": REASON_LABELS.get(r, r)} for r in turn.reasons],
        "comments": list(turn.comments) if show_text else None,
    }


# --- trying a question ------------------------------------------------------------------------


def answer_item(answer: Answer, build: str) -> dict[str, Any]:
    """An answer given on a build, for the side-by-side view."""
    return {
        "build": build,
        "text": answer.text,
        "answered": answer.answered,
        "reason": answer.reason or None,
        "reason_label": REASON_LABELS.get(answer.reason or "", answer.reason) or None,
        "kind": answer.kind,
        "score": round(answer.score, 3),
        "sources": [{k: v for k, v in source_of(h).items() if k != "snippet"}
                    for h in answer.used],
    }


# --- knowledge --------------------------------------------------------------------------------


def _problem(p: Problem) -> dict[str, Any]:
    return {"path": p.path, "line": p.line, "message": p.message, "text": str(p)}


def _file_kind(path: Path) -> str:
    if path.name == PROFILE_FILE:
        return "profile"
    if path.name == SYNONYMS_FILE:
        return "synonyms"
    if path.name == CHECKS_FILE:
        return "checks"
    return {".md": "snippets", ".csv": "salary table"}.get(path.suffix, "other")


def _snippet_item(s: Snippet, usage: Counter[str]) -> dict[str, Any]:
    return {"id": s.id, "title": s.title, "document": s.doc_title, "topic": s.topic,
            "source": s.source, "as_of": s.as_of.isoformat(), "path": s.path, "line": s.line,
            "kind": s.kind, "retrieved": usage.get(s.id, 0)}


def _salary_item(r: SalaryRecord, naming: Naming) -> dict[str, Any]:
    return {"id": r.id, "role": naming.role_name(r.role),
            "level": naming.level_name(r.role, r.level) if r.level else "",
            "location": r.location, "region": r.region, "figure": naming.money_period(r),
            "amount": r.amount, "currency": r.currency, "period": r.period,
            "measure": r.measure, "baseline": r.baseline, "source": r.source,
            "cited_in": r.cited_in, "as_of": r.as_of.isoformat(), "path": r.path,
            "line": r.line}


def _files(knowledge_dir: Path, snippets: list[Snippet], salaries: list[SalaryRecord],
           problems: list[Problem]) -> list[dict[str, Any]]:
    """The knowledge's files, each with what it holds: snippets for a Markdown file, figures
    for a table (whose records also make snippets, not counted again)."""
    snippet_counts = Counter(s.path for s in snippets)
    record_counts = Counter(r.path for r in salaries)
    files: list[dict[str, Any]] = []
    root = knowledge_dir.name
    if not knowledge_dir.is_dir():
        return files
    for path in knowledge_files(knowledge_dir):
        shown = (Path(root) / path.relative_to(knowledge_dir)).as_posix()
        first = next((s for s in snippets if s.path == shown), None)
        stat = path.stat()
        files.append({
            "path": shown, "kind": _file_kind(path),
            "items": (record_counts if path.suffix == ".csv" else snippet_counts)[shown],
            "title": first.doc_title if first and path.suffix == ".md" else "",
            "source": first.source if first and path.suffix == ".md" else "",
            "as_of": first.as_of.isoformat() if first and path.suffix == ".md" else "",
            "bytes": stat.st_size,
            "modified": _iso(datetime.fromtimestamp(stat.st_mtime, UTC)),
            "problems": sum(p.path == shown for p in problems),
        })
    return files


def knowledge_report(knowledge_dir: Path, index_dir: Path, serving: SearchIndex,
                     usage: Counter[str] | None) -> dict[str, Any]:
    """The knowledge on disk as an editor checks it: every problem as `file:line`, the files,
    the snippets and salary records (from the files when they are valid, else from the index
    in service), and how often the kept turns showed each snippet (`usage`, None when the
    store cannot say)."""
    knowledge_dir = Path(knowledge_dir)
    problems: list[Problem] = []
    kb: KnowledgeBase | None = None
    fresh, reason = False, "the knowledge has problems: fix them before building"
    try:
        kb = load_knowledge(knowledge_dir)
        status = index_status(knowledge_dir, index_dir, serving.vector_space, kb)
        fresh, reason = status.fresh, status.reason
    except KnowledgeError as exc:
        problems = exc.problems
    profile: Profile = kb.profile if kb else serving.profile
    snippets = kb.snippets if kb else serving.snippets
    salaries = kb.salaries if kb else list(serving.salaries.values())
    naming = Naming(profile, salaries)
    counts = usage or Counter()
    root = knowledge_dir.name
    files = _files(knowledge_dir, snippets, salaries, problems)
    listed = [_snippet_item(s, counts) for s in snippets]
    retrieved = sorted((s for s in listed if s["retrieved"]), key=lambda s: -s["retrieved"])
    return {
        "directory": root,
        "valid": kb is not None,
        "listed_from": "files" if kb else "index in service",
        "index": {"build": serving.path.name, "built_at": serving.manifest.built_at,
                  "fresh": fresh, "status": reason},
        "problems": [_problem(p) for p in problems],
        "warnings": [_problem(p) for p in (kb.warnings if kb else [])],
        "files": files,
        "snippets": listed,
        "salaries": [_salary_item(r, naming) for r in salaries],
        "usage": None if usage is None else {
            "most": retrieved[:MOST_RETRIEVED],
            "never": [s for s in listed if not s["retrieved"]],
            "shown": sum(counts.values()),  # sources shown, all turns kept
        },
    }
