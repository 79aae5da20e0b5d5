"""Publish a rebuilt index: build beside the one in service, run the content's checks on both,
and put the new build in service only when the gate passes (or when forced).

The CLI (`hiring-advisor build-index`), the admin endpoint (`POST /api/admin/reindex`) and the
content console all call `publish`, so they decide alike and report the same before/after table.
The console may also keep a build it checked as the candidate, publish that one later, or roll
back to the build in service before; each of these is written to the index's history.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from api.dialogue.engine import Engine
from api.embedding.base import BaseEmbedder
from api.errors import (
    IndexLoadError,
    IndexWriteError,
    KnowledgeError,
    Problem,
)
from api.index.build import BuildReport, build_index, index_status
from api.index.format import SearchIndex, load_build
from api.index.lifecycle import (
    activate_build,
    keep_candidate,
    load_index,
    previous_build,
    read_candidate,
    roll_back,
)
from api.publish.checks import run_checks
from api.publish.gate import GateResult, gate, gate_payload
from api.publish.history import now, record

log = logging.getLogger("hiring_advisor")
OpenEngine = Callable[[SearchIndex], Engine]
COMMAND_LINE = "command line"  # who publishes when no one is named


class PublishStatus(StrEnum):
    """What a publish, a roll back or a check of the knowledge did."""

    PUBLISHED = "published"
    UNCHANGED = "unchanged"  # the index was up to date: nothing to do
    CHECKED = "checked"  # the checks pass, but only a check was asked for
    REFUSED = "refused"  # by the checks (or a candidate they refused, without force)
    FAILED = "failed"  # the knowledge is invalid
    UNAVAILABLE = "unavailable"  # the index directory cannot be written
    ROLLED_BACK = "rolled_back"
    MISSING = "missing"  # no candidate or previous build to publish or go back to


@dataclass(frozen=True)
class PublishResult:
    """What a publish did (see `PublishStatus`), with the build, the gate's verdict, the
    knowledge's problems and, when a build went into service, its engine."""

    status: PublishStatus
    message: str
    build: BuildReport | None = None
    gate: GateResult | None = None
    problems: list[Problem] = field(default_factory=list)
    engine: Engine | None = None  # the build now in service, opened

    @property
    def ok(self) -> bool:
        return self.status in (PublishStatus.PUBLISHED, PublishStatus.UNCHANGED)


def publish(
    knowledge_dir: Path,
    index_dir: Path,
    embedder: BaseEmbedder,
    open_engine: OpenEngine,
    *,
    force: bool = False,
    full: bool = False,
    if_stale: bool = False,
    progress: bool = False,
    serving: Engine | None = None,
    check_only: bool = False,
    keep: bool = False,
    actor: str = COMMAND_LINE,
) -> PublishResult:
    """Build, check and (if the checks allow, or `force`) publish the knowledge.

    `full` re-embeds every snippet; `if_stale` does nothing when the index is up to date;
    `serving` is the engine on the index in service (loaded from disk when None).
    `check_only` builds and checks without publishing; `keep` keeps a build that is not
    published as the candidate (`publish_candidate` puts it in service later) instead of
    deleting it. `actor` is who asked, for the history.
    """
    try:
        if if_stale and not force and not full:
            status = index_status(knowledge_dir, index_dir, embedder.vector_space)
            if status.fresh:
                return PublishResult(PublishStatus.UNCHANGED, status.reason)
        report = build_index(knowledge_dir, index_dir, embedder, progress=progress, force=full,
                             activate=False)
    except KnowledgeError as exc:
        failed = PublishResult(
            PublishStatus.FAILED,
            f"the knowledge has {len(exc.problems)} problem(s); the index in service is unchanged",
            problems=list(exc.problems),
        )
        _record(index_dir, failed, "", actor, "; ".join(map(str, exc.problems[:3])))
        return failed
    except IndexWriteError as exc:
        return PublishResult(PublishStatus.UNAVAILABLE, str(exc))
    new = open_engine(load_build(report.path, space=embedder.vector_space))
    current = serving if serving is not None else _serving(index_dir, embedder, open_engine)
    checks = new.index.checks
    before = run_checks(checks, current, before=True) if current is not None else None
    result = gate(before, run_checks(checks, new))
    if (result.ok or force) and not check_only:
        return _put_in_service(report, result, new, actor)
    return _hold_back(report, result, keep=keep or check_only, actor=actor)


def _put_in_service(report: BuildReport, result: GateResult, new: Engine,
                    actor: str) -> PublishResult:
    """Publish a checked build (the gate passed, or it was forced)."""
    index_dir = report.path.parent
    try:
        activate_build(report.path)
    except IndexWriteError as exc:
        return PublishResult(PublishStatus.UNAVAILABLE, str(exc), report, result)
    message = "the new index is in service"
    if not result.ok:
        message += f" (forced despite {', '.join(result.reasons())})"
    log.info("published %s", report.path.name)
    published = PublishResult(PublishStatus.PUBLISHED, message, report, result, engine=new)
    _record(index_dir, published, report.path.name, actor, report.summary())
    return published


def _hold_back(report: BuildReport, result: GateResult, *, keep: bool,
               actor: str) -> PublishResult:
    """A build not published: checked (the gate passed) or refused; kept as the candidate or
    deleted."""
    index_dir = report.path.parent
    if result.ok:
        outcome = PublishResult(PublishStatus.CHECKED, "the checks pass; nothing is published "
                                "until you publish this build", report, result)
    else:
        outcome = PublishResult(
            PublishStatus.REFUSED,
            f"not published: {', '.join(result.reasons())}; the index in service is unchanged. "
            "Fix the knowledge or the checks in knowledge/checks.yml, or publish anyway with "
            "force.", report, result)
    if not keep:
        shutil.rmtree(report.path, ignore_errors=True)
    else:
        try:
            keep_candidate(report.path, {
                "ok": result.ok, "reasons": result.reasons(), "checked_at": now(), "by": actor,
                "summary": report.summary(), "message": outcome.message,
                "gate": gate_payload(result)})
        except IndexWriteError as exc:
            return PublishResult(PublishStatus.UNAVAILABLE, str(exc), report, result)
    _record(index_dir, outcome, report.path.name, actor, report.summary())
    return outcome


def publish_candidate(index_dir: Path, embedder: BaseEmbedder,
                      open_engine: OpenEngine, *, force: bool = False,
                      actor: str = COMMAND_LINE) -> PublishResult:
    """Put the candidate kept by `publish(..., keep=True)` in service: the build that was
    checked, as it was checked. One the checks refused needs `force`.

    A candidate was always checked against the build in service now: any publish or roll
    back discards it.
    """
    found = read_candidate(index_dir)
    if found is None:
        return PublishResult(PublishStatus.MISSING, "there is no checked build to publish; "
                             "check the knowledge first")
    build, verdict = found
    if not verdict.get("ok") and not force:
        reasons = ", ".join(verdict.get("reasons") or ["the checks refused it"])
        return PublishResult(PublishStatus.REFUSED,
                             f"not published: {reasons}; publish anyway with force")
    try:
        new = open_engine(load_build(build, space=embedder.vector_space))
        activate_build(build)
    except IndexLoadError as exc:
        return PublishResult(PublishStatus.MISSING, f"the checked build cannot be used: {exc}")
    except IndexWriteError as exc:
        return PublishResult(PublishStatus.UNAVAILABLE, str(exc))
    message = "the checked build is in service"
    if not verdict.get("ok"):
        message += f" (forced despite {', '.join(verdict.get('reasons') or [])})"
    log.info("published %s", build.name)
    published = PublishResult(PublishStatus.PUBLISHED, message, engine=new)
    _record(index_dir, published, build.name, actor, str(verdict.get("summary", "")))
    return published


def roll_back_to_previous(index_dir: Path, embedder: BaseEmbedder,
                          open_engine: OpenEngine, *,
                          actor: str = COMMAND_LINE) -> PublishResult:
    """Put the build in service before the current one back, atomically (see `roll_back`),
    once it is known to load."""
    build = previous_build(index_dir)
    if build is None:
        return PublishResult(PublishStatus.MISSING, "there is no previous build to roll back to "
                             "(one is kept from the second publish on)")
    try:
        new = open_engine(load_build(build, space=embedder.vector_space))
        done = roll_back(index_dir)
        if done != build:  # another publish came between: the one now in service
            new = open_engine(load_build(done, space=embedder.vector_space))
    except IndexLoadError as exc:
        return PublishResult(PublishStatus.MISSING, str(exc))
    except IndexWriteError as exc:
        return PublishResult(PublishStatus.UNAVAILABLE, str(exc))
    log.info("rolled back to %s", done.name)
    result = PublishResult(PublishStatus.ROLLED_BACK,
                           f"the previous build ({done.name}) is in service again", engine=new)
    _record(index_dir, result, done.name, actor, "")
    return result


def _record(index_dir: Path, result: PublishResult, build: str, actor: str,
            summary: str) -> None:
    """Write what a publish did to the index's history."""
    record(index_dir, result.status, result.message, build, actor, summary)


def _serving(index_dir: Path, embedder: BaseEmbedder,
             open_engine: OpenEngine) -> Engine | None:
    """The index in service, opened; None when there is none this version can read."""
    try:
        return open_engine(load_index(index_dir, space=embedder.vector_space))
    except IndexLoadError as exc:
        log.info("no index in service to compare with: %s", exc)
        return None
