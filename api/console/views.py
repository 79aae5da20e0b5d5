"""What the content console shows, as plain JSON-ready data: the gap report and its CSV, why a
question went badly in plain words, the knowledge on disk (files, snippets, salary table,
problems, which snippets are retrieved), the activity per day, an answer tried on a build, the
kept conversations and one reviewed.

No HTTP here (api.console is the thin layer over it), and no content: the labels are of kinds of
things (reasons, file kinds, routes), never of roles, places or figures.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from api.answer.compose import Answer
from api.answer.quoting import MASK
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
from api.store.tables import ChatMessage

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


# --- why, in plain words ----------------------------------------------------------------------

# Why a question went badly, for people who edit the content. The search and dialogue layers
# store a terse detail ("best score 0.28 is below 0.30"); the first pattern that matches it (at
# its start, or after the "question: " of a message that asked several things) gives the
# sentence, and the detail line (the raw detail unless a pattern words the figures). A `what`
# lists what the person asked about: words masked for privacy ("[…]") are left out of it.
_WHY: tuple[tuple[str, str, str], ...] = (
    (r"best score (?P<best>[\d.]+) is below (?P<need>[\d.]+)$",
     "Nothing in the knowledge matched closely enough", "best match {best}, needs {need}"),
    (r"unknown words carry the question \((?P<what>.*)\): [\d.]+$",
     "The question hinges on words the knowledge doesn't use: {what}", ""),
    (r"no word of the query is known$",
     "None of the question's words appear in the knowledge", ""),
    (r"asks for a task \((?P<what>.*)\)$", "Asked for a task the assistant doesn't do: {what}", ""),
    (r"asks about another role \((?P<what>.*)\)$",
     "Asked about a role the knowledge doesn't cover: {what}", ""),
    (r"not covered: (?P<what>.+)$", "The knowledge says it doesn't cover this: {what}", ""),
    (r"no kit: (?:I have )?no role '(?P<what>[^']*)'",
     "Asked for a kit for a role the knowledge doesn't have: {what}", ""),
    (r"no kit: (?:I have )?no level '(?P<what>[^']*)'",
     "Asked for a kit at a level the knowledge doesn't have: {what}", ""),
    (r"no kit: (?:I have )?no place '(?P<what>[^']*)'",
     "Asked for a kit for a place without salary figures: {what}", ""),
    (r"no kit: no section '(?P<what>[^']*)'",
     "Asked for a kit section that doesn't exist: {what}", ""),
    (r"no kit: (?P<what>[^'’:;]+)$",  # a role as the person wrote it
     "Asked for a kit for a role the knowledge doesn't cover: {what}", ""),
    (r"no kit: ", "The kit could not be drafted as asked", ""),
    (r"no salary figures: (?P<what>.+)$",
     "The knowledge names this role but has no salary figures for it: {what}", ""),
    (r"place missing: (?P<what>.+)$", "No salary figures for this place: {what}", ""),
    (r"level missing: (?P<what>.+)$", "No salary figures for this level: {what}", ""),
    (r"role missing: (?P<what>.+)$", "No salary figures for this role: {what}", ""),
    (r"period missing: (?P<what>.+)$", "No salary figures for this period: {what}", ""),
    (r"cannot calculate \(", "The calculation asked for cannot be worked out from the figures",
     ""),
    (r"no snippet near the best states the (?P<what>.+) asked for$",
     "The knowledge has the topic, but not the number asked for: {what}", ""),
    (r"asked in (?P<what>.+)$", "Asked in a language the assistant doesn't answer in: {what}",
     ""),
    (r"the intent classifier reads it as off-topic$", "Not a hiring question", ""),
    (r"asks about something else than pay$",
     "Asked about something besides pay that the knowledge doesn't cover", ""),
    (r"asks to select candidates by a protected characteristic$",
     "Asked to choose people by who they are (declined)", ""),
    (r"turn failed: ", "The assistant failed on this message (see the server log)", ""),
)
_WHY_PATTERNS = tuple((re.compile(r"(?:^|:\s)" + p), s, d) for p, s, d in _WHY)
# When there is no detail (or none a pattern knows), why by the reason alone.
REASON_WORDS = {
    "not_covered": "The knowledge has nothing on this",
    "out_of_scope": "Not a question the assistant is for",
    "declined": "Asked to choose people by who they are (declined)",
    "other_language": "Asked in a language the assistant doesn't answer in",
    "low_score": "Answered, but from a weak match",
    "thumbs_down": "Someone rated the answer down",
}


def _what(listed: str) -> str:
    """What was asked about, without the words masked for privacy ('' when all were)."""
    items = [i.strip() for i in listed.split(",") if i.strip()]
    kept = [i for i in items if MASK not in i]
    if not kept:
        return ""
    return ", ".join(kept) + (" and words not kept" if len(kept) < len(items) else "")


def _sentence(part: str) -> tuple[str, str] | None:
    """One stored detail (or one question's, of a message that asked several) in words, with
    its detail line ('' for the raw detail); None when no pattern knows it."""
    for pattern, sentence, line in _WHY_PATTERNS:
        found = pattern.search(part)
        if found is None:
            continue
        values = found.groupdict()
        if "what" in values:
            values["what"] = _what(values["what"])
            if not values["what"]:  # every word was the person's, and is not kept
                sentence = sentence.replace(": {what}", " (the words typed are not kept)")
        return sentence.format(**values), line.format(**values)
    return None


def why(detail: str, reason: str = "") -> dict[str, str] | None:
    """Why a question went badly, as an editor reads it: `text`, a plain sentence, and
    `detail`, the line with the figures (the stored detail, unless a pattern words them)."""
    detail = (detail or "").strip()
    found = [s for s in (_sentence(p) for p in detail.split("; ")) if s] if detail else []
    if not found:
        text = REASON_WORDS.get(reason, "")
        return {"text": text, "detail": detail} if text or detail else None
    sentences = list(dict.fromkeys(s for s, _ in found))
    text = "; ".join([sentences[0], *(s[:1].lower() + s[1:] for s in sentences[1:])])
    line = found[0][1] if len(found) == 1 and found[0][1] else detail
    return {"text": text, "detail": line}


def _main_reason(reasons: dict[str, int]) -> str:
    """The most frequent reason other than a thumbs down (whose comments say why), else ''."""
    ranked = sorted((r for r in reasons if r != "thumbs_down"), key=lambda r: -reasons[r])
    return ranked[0] if ranked else ""


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
        "why": _group_why(group),
        "comments": list(group.comments),
        "handled": group.handled,
        "handled_at": _iso(group.handled_at),
        "handled_by": group.handled_by,
        "note": group.note,
        # Marked handled before, and asked again since.
        "reopened": group.handled_at is not None and not group.handled,
    }


def _group_why(group: GapGroup) -> dict[str, str] | None:
    reason = _main_reason(group.reasons)
    return why(group.missing, reason) if group.missing or reason else None


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def gaps_csv(groups: Iterable[GapGroup]) -> str:
    """The gap report as CSV (UTF-8, one group a row), safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["question", "count", "reasons", "last seen (UTC)", "examples",
                     "what was missing", "detail", "thumbs-down comments", "handled at (UTC)",
                     "handled by", "note"])
    for g in groups:
        reasons = "; ".join(f"{REASON_LABELS.get(r, r)}: {n}" for r, n in g.reasons.items())
        said = _group_why(g) or {"text": "", "detail": ""}
        writer.writerow([_cell(v) for v in (
            g.question, g.count, reasons, _iso(g.last_seen) or "", " | ".join(g.examples),
            said["text"], said["detail"], " | ".join(g.comments), _iso(g.handled_at) or "",
            g.handled_by, g.note)])
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


# What a conversation without its words was about, by the route that answered a turn that
# showed no source (a source's title says it better).
ROUTE_TOPICS = {
    "salary": "pay", "figure": "pay", "calculation": "a pay calculation",
    "no_figures": "pay the knowledge has no figures for", "source": "where a figure comes from",
    "kit": "a hiring kit", "other_role": "a role the knowledge doesn't cover",
    "task": "a task the assistant doesn't do", "off_topic": "something off-topic",
    "figure_off_topic": "something off-topic", "declared_gap": "something not covered",
    "refuse": "something not covered", "decline": "choosing people by who they are",
    "language": "a question in another language", "smalltalk": "small talk",
    "closing": "small talk",
}
MAX_TOPICS = 3


def _turn_topics(m: ChatMessage) -> list[str]:
    """What one turn was about: its kit, the first source it showed, else its route(s)."""
    data = m.data if isinstance(m.data, dict) else {}
    if m.kind == "kit" and data.get("name"):
        return [f"{data['name']}: {data['title']}" if data.get("title") else str(data["name"])]
    titles = [str(s["title"]) for s in m.sources or () if isinstance(s, dict) and s.get("title")]
    if titles:
        return titles[:1]
    # "asks+salary,refuse": a message that asked several things, and each one's route.
    return [ROUTE_TOPICS[r] for r in re.split(r"[+,]", m.route or "") if r in ROUTE_TOPICS]


def conversation_topics(turns: Sequence[ChatMessage]) -> list[str]:
    """What a conversation was about, in the order asked, without what anyone typed."""
    topics = list(dict.fromkeys(t for m in turns for t in _turn_topics(m)))
    if len(topics) > MAX_TOPICS:
        topics = [*topics[:MAX_TOPICS], f"{len(topics) - MAX_TOPICS} more"]
    return topics


def _outcome(summary: ConversationSummary) -> str:
    if summary.answered == summary.turns:
        return "answered" if summary.turns == 1 else f"all {summary.turns} answered"
    if not summary.answered:
        return "not answered" if summary.turns == 1 else f"none of {summary.turns} answered"
    return f"{summary.answered} of {summary.turns} answered"


def conversation_item(summary: ConversationSummary, show_text: bool,
                      topics: Sequence[str] = ()) -> dict[str, Any]:
    """A kept conversation as the list shows it: named by its first question when what people
    typed may be shown, else by what it was about (`topics`) and how it went."""
    first = summary.first_question if show_text else None
    about = ", ".join(topics) or "a conversation"
    return {
        "session_id": summary.session_id,
        "started": _iso(summary.started),
        "last_active": _iso(summary.last_active),
        "turns": summary.turns,
        "answered": summary.answered,
        "thumbs_up": summary.thumbs_up,
        "thumbs_down": summary.thumbs_down,
        "first_question": first,
        "topics": None if show_text else list(topics),
        "outcome": _outcome(summary),
        "label": first or about[:1].upper() + about[1:],
    }


def _turn_reason(reason: str, detail: str, m: ChatMessage, low_score: float
                 ) -> dict[str, Any]:
    """A reason a turn is in the gap report, in words, from the detail its gap kept (a weak
    match's score is the turn's own)."""
    said = why(detail, reason) if detail else None
    if said is None:
        said = {"text": REASON_WORDS.get(reason, REASON_LABELS.get(reason, reason)),
                "detail": f"best match {m.score:.2f}, needs {low_score:.2f}"
                if reason == "low_score" else ""}
    return {"reason": reason, "label": REASON_LABELS.get(reason, reason), **said}


def turn_item(turn: ReviewedTurn, show_text: bool, low_score: float) -> dict[str, Any]:
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
        "reasons": [_turn_reason(r, d, m, low_score) for r, d in
                    zip(turn.reasons, turn.details or ("",) * len(turn.reasons), strict=True)],
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
