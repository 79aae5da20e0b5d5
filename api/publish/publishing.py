"""Publish a rebuilt index: build beside the one in service, run the content's checks on both,
and put the new build in service only when the gate passes (or when forced).

The CLI (`hiring-advisor build-index`), the admin endpoint (`POST /api/admin/reindex`) and the
content console all call `publish`, so they decide alike and report the same before/after table.
The console may also keep a build it checked as the candidate, publish that one later, or roll
back to the build in service before; each of these is written to the index's history.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from api.dialogue.conversation import Conversation
from api.embedding.encoders import BaseEmbedder
from api.errors import (
    HiringAdvisorError,
    IndexLoadError,
    IndexWriteError,
    KnowledgeError,
    Problem,
)
from api.index.build import (
    BuildReport,
    SearchIndex,
    activate_build,
    build_index,
    build_lock,
    index_status,
    keep_candidate,
    load_build,
    load_index,
    previous_build,
    read_candidate,
    roll_back,
)
from api.publish.checks import GateResult, gate, run_checks

log = logging.getLogger("hiring_advisor")
OpenConversation = Callable[[SearchIndex], Conversation]
HISTORY = "history.jsonl"
HISTORY_KEPT = 200  # events; older ones go when the file holds twice as many
COMMAND_LINE = "command line"  # who publishes when no one is named


@dataclass
class PublishResult:
    """What a publish did: published, unchanged (nothing to do), refused (by the checks),
    checked (passed, but only a check was asked for), failed (invalid knowledge), unavailable
    (the index directory cannot be written); rolled_back, or missing (no candidate or previous
    build to publish or go back to)."""

    status: str
    message: str
    build: BuildReport | None = None
    gate: GateResult | None = None
    problems: list[Problem] = field(default_factory=list)
    conversation: Conversation | None = None  # the new build, opened, when published

    @property
    def ok(self) -> bool:
        return self.status in ("published", "unchanged")


def publish(
    knowledge_dir: Path,
    index_dir: Path,
    embedder: BaseEmbedder,
    open_conversation: OpenConversation,
    *,
    force: bool = False,
    full: bool = False,
    if_stale: bool = False,
    progress: bool = False,
    serving: Conversation | None = None,
    check_only: bool = False,
    keep: bool = False,
    actor: str = COMMAND_LINE,
) -> PublishResult:
    """Build, check and (if the checks allow, or `force`) publish the knowledge.

    `full` re-embeds every snippet; `if_stale` does nothing when the index is up to date;
    `serving` is the conversation on the index in service (loaded from disk when None).
    `check_only` builds and checks without publishing; `keep` keeps a build that is not
    published as the candidate (`publish_candidate` puts it in service later) instead of
    deleting it. `actor` is who asked, for the history.
    """
    try:
        if if_stale and not force and not full:
            status = index_status(knowledge_dir, index_dir, embedder.vector_space)
            if status.fresh:
                return PublishResult("unchanged", status.reason)
        report = build_index(knowledge_dir, index_dir, embedder, progress=progress, force=full,
                             activate=False)
    except KnowledgeError as exc:
        failed = PublishResult(
            "failed",
            f"the knowledge has {len(exc.problems)} problem(s); the index in service is unchanged",
            problems=list(exc.problems),
        )
        _record(index_dir, failed, "", actor, "; ".join(map(str, exc.problems[:3])))
        return failed
    except IndexWriteError as exc:
        return PublishResult("unavailable", str(exc))
    new = open_conversation(load_build(report.path, space=embedder.vector_space))
    current = serving if serving is not None else _serving(index_dir, embedder, open_conversation)
    checks = new.retriever.index.checks
    before = run_checks(checks, current, before=True) if current is not None else None
    result = gate(before, run_checks(checks, new))
    if (result.ok or force) and not check_only:
        try:
            activate_build(report.path)
        except IndexWriteError as exc:
            return PublishResult("unavailable", str(exc), report, result)
        message = "the new index is in service"
        if not result.ok:
            message += f" (forced despite {', '.join(result.reasons())})"
        log.info("published %s", report.path.name)
        published = PublishResult("published", message, report, result, conversation=new)
        _record(index_dir, published, report.path.name, actor, report.summary())
        return published
    if result.ok:
        outcome = PublishResult("checked", "the checks pass; nothing is published until you "
                                "publish this build", report, result)
    else:
        outcome = PublishResult(
            "refused",
            f"not published: {', '.join(result.reasons())}; the index in service is unchanged. "
            "Fix the knowledge or the checks in knowledge/checks.yml, or publish anyway with "
            "force.", report, result)
    if not (keep or check_only):
        shutil.rmtree(report.path, ignore_errors=True)
    else:
        try:
            keep_candidate(report.path, {
                "ok": result.ok, "reasons": result.reasons(), "checked_at": _now(), "by": actor,
                "summary": report.summary(), "message": outcome.message,
                "gate": gate_payload(result)})
        except IndexWriteError as exc:
            return PublishResult("unavailable", str(exc), report, result)
    _record(index_dir, outcome, report.path.name, actor, report.summary())
    return outcome


def publish_candidate(index_dir: Path, embedder: BaseEmbedder,
                      open_conversation: OpenConversation, *, force: bool = False,
                      actor: str = COMMAND_LINE) -> PublishResult:
    """Put the candidate kept by `publish(..., keep=True)` in service: the build that was
    checked, as it was checked. One the checks refused needs `force`.

    A candidate was always checked against the build in service now: any publish or roll
    back discards it.
    """
    found = read_candidate(index_dir)
    if found is None:
        return PublishResult("missing", "there is no checked build to publish; check the "
                             "knowledge first")
    build, verdict = found
    if not verdict.get("ok") and not force:
        reasons = ", ".join(verdict.get("reasons") or ["the checks refused it"])
        return PublishResult("refused", f"not published: {reasons}; publish anyway with force")
    try:
        new = open_conversation(load_build(build, space=embedder.vector_space))
        activate_build(build)
    except IndexLoadError as exc:
        return PublishResult("missing", f"the checked build cannot be used: {exc}")
    except IndexWriteError as exc:
        return PublishResult("unavailable", str(exc))
    message = "the checked build is in service"
    if not verdict.get("ok"):
        message += f" (forced despite {', '.join(verdict.get('reasons') or [])})"
    log.info("published %s", build.name)
    published = PublishResult("published", message, conversation=new)
    _record(index_dir, published, build.name, actor, str(verdict.get("summary", "")))
    return published


def roll_back_to_previous(index_dir: Path, embedder: BaseEmbedder,
                          open_conversation: OpenConversation, *,
                          actor: str = COMMAND_LINE) -> PublishResult:
    """Put the build in service before the current one back, atomically (see `roll_back`),
    once it is known to load."""
    build = previous_build(index_dir)
    if build is None:
        return PublishResult("missing", "there is no previous build to roll back to (one is "
                             "kept from the second publish on)")
    try:
        new = open_conversation(load_build(build, space=embedder.vector_space))
        done = roll_back(index_dir)
        if done != build:  # another publish came between: the one now in service
            new = open_conversation(load_build(done, space=embedder.vector_space))
    except IndexLoadError as exc:
        return PublishResult("missing", str(exc))
    except IndexWriteError as exc:
        return PublishResult("unavailable", str(exc))
    log.info("rolled back to %s", done.name)
    result = PublishResult("rolled_back", f"the previous build ({done.name}) is in service "
                           "again", conversation=new)
    _record(index_dir, result, done.name, actor, "")
    return result


def gate_payload(result: GateResult) -> dict[str, Any]:
    """The gate's verdict as JSON, with the before/after table a person reads."""
    return {**result.to_dict(), "table": result.table()}


# --- history --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuildEvent:
    """One line of the index's history: a build published, checked, refused or rolled back
    to, or knowledge that failed to build."""

    at: str  # ISO 8601, UTC
    action: str  # a PublishResult status
    build: str
    by: str
    summary: str = ""
    message: str = ""


def build_history(index_dir: Path, limit: int = 50) -> list[BuildEvent]:
    """The latest events of the index's history, newest first (lines it cannot read are
    skipped)."""
    try:
        lines = (Path(index_dir) / HISTORY).read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    events = []
    for line in reversed(lines):
        try:
            events.append(BuildEvent(**json.loads(line)))
        except (ValueError, TypeError):
            continue
        if len(events) >= limit:
            break
    return events


def _record(index_dir: Path, result: PublishResult, build: str, actor: str,
            summary: str) -> None:
    """Append an event to the history; a history that cannot be written is logged, never
    an error of the publish it tells of."""
    event = BuildEvent(_now(), result.status, build, actor, summary, result.message)
    path = Path(index_dir) / HISTORY
    try:
        with open(path, "a", encoding="utf-8") as handle:  # one short append: whole lines
            handle.write(json.dumps(asdict(event), ensure_ascii=False) + "\n")
        if path.stat().st_size > HISTORY_KEPT * 2 * 400:  # roughly twice the lines kept
            _trim_history(Path(index_dir))
    except (OSError, HiringAdvisorError) as exc:
        log.warning("index history not written: %s", exc)


def _trim_history(index_dir: Path) -> None:
    with build_lock(index_dir):
        path = index_dir / HISTORY
        lines = path.read_text(encoding="utf-8").splitlines()[-HISTORY_KEPT:]
        tmp = index_dir / f".{HISTORY}.tmp"
        tmp.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        os.replace(tmp, path)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _serving(index_dir: Path, embedder: BaseEmbedder,
             open_conversation: OpenConversation) -> Conversation | None:
    """The index in service, opened; None when there is none this version can read."""
    try:
        return open_conversation(load_index(index_dir, space=embedder.vector_space))
    except IndexLoadError as exc:
        log.info("no index in service to compare with: %s", exc)
        return None
