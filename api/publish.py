"""Publish a rebuilt index: build beside the one in service, run the content's checks on both,
and put the new build in service only when the gate passes (or when forced).

The CLI (`hiring-advisor build-index`) and the admin endpoint (`POST /api/admin/reindex`) both
call `publish`, so they decide alike and report the same before/after table.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from api.checks import GateResult, gate, run_checks
from api.conversation import Conversation
from api.embedding import BaseEmbedder
from api.errors import IndexLoadError, IndexWriteError, KnowledgeError, Problem
from api.indexing import (
    BuildReport,
    SearchIndex,
    activate_build,
    build_index,
    index_status,
    load_build,
    load_index,
)

log = logging.getLogger("hiring_advisor")
OpenConversation = Callable[[SearchIndex], Conversation]


@dataclass
class PublishResult:
    """What a publish did: published, unchanged (nothing to do), refused (by the checks),
    failed (invalid knowledge) or unavailable (the index directory cannot be written)."""

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
) -> PublishResult:
    """Build, check and (if the checks allow, or `force`) publish the knowledge.

    `full` re-embeds every snippet; `if_stale` does nothing when the index is up to date;
    `serving` is the conversation on the index in service (loaded from disk when None).
    """
    try:
        if if_stale and not force and not full:
            status = index_status(knowledge_dir, index_dir, embedder.vector_space)
            if status.fresh:
                return PublishResult("unchanged", status.reason)
        report = build_index(knowledge_dir, index_dir, embedder, progress=progress, force=full,
                             activate=False)
    except KnowledgeError as exc:
        return PublishResult(
            "failed",
            f"the knowledge has {len(exc.problems)} problem(s); the index in service is unchanged",
            problems=list(exc.problems),
        )
    except IndexWriteError as exc:
        return PublishResult("unavailable", str(exc))
    new = open_conversation(load_build(report.path, space=embedder.vector_space))
    current = serving if serving is not None else _serving(index_dir, embedder, open_conversation)
    checks = new.retriever.index.checks
    before = run_checks(checks, current, before=True) if current is not None else None
    result = gate(before, run_checks(checks, new))
    if result.ok or force:
        try:
            activate_build(report.path)
        except IndexWriteError as exc:
            return PublishResult("unavailable", str(exc), report, result)
        message = "the new index is in service"
        if not result.ok:
            message += f" (forced despite {', '.join(result.reasons())})"
        log.info("published %s", report.path.name)
        return PublishResult("published", message, report, result, conversation=new)
    shutil.rmtree(report.path, ignore_errors=True)
    return PublishResult(
        "refused",
        f"not published: {', '.join(result.reasons())}; the index in service is unchanged. "
        "Fix the knowledge or the checks in knowledge/checks.yml, or publish anyway with force.",
        report, result,
    )


def _serving(index_dir: Path, embedder: BaseEmbedder,
             open_conversation: OpenConversation) -> Conversation | None:
    """The index in service, opened; None when there is none this version can read."""
    try:
        return open_conversation(load_index(index_dir, space=embedder.vector_space))
    except IndexLoadError as exc:
        log.info("no index in service to compare with: %s", exc)
        return None
