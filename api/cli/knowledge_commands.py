"""Commands on the knowledge and its index: build (and publish), validate, status."""

from __future__ import annotations

import sys
from functools import partial
from typing import Annotated

import typer

from api.answer.kit_checks import kit_warnings
from api.cli.common import IndexOpt, KnowledgeOpt, fail, settings_for
from api.dialogue.engine import open_engine
from api.embedding.factory import make_embedder
from api.errors import HiringAdvisorError, KnowledgeError
from api.index.build import index_status
from api.knowledge.loader import load_knowledge
from api.publish.publishing import PublishStatus, publish


def build_index_command(
    knowledge: KnowledgeOpt = None,
    out: IndexOpt = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Publish even if checks got worse or are stale.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Re-embed every snippet.")] = False,
    if_stale: Annotated[
        bool, typer.Option("--if-stale", help="Do nothing when the index is up to date.")
    ] = False,
) -> None:
    """Validate knowledge/, build the index (embedding only what changed), run the checks of
    knowledge/checks.yml on the index in service and on the new build, and publish the new one
    when no check got worse and none is stale.

    Exits 0 when published or up to date, 1 when the knowledge is invalid, 4 when the checks
    refused the build. Example: hiring-advisor build-index --knowledge knowledge --out index
    """
    settings = settings_for(knowledge, out)
    embedder = make_embedder(settings)
    try:
        result = publish(
            settings.knowledge_dir, settings.index_dir, embedder,
            partial(open_engine, embedder=embedder, settings=settings),
            force=force, full=full, if_stale=if_stale, progress=sys.stderr.isatty(),
        )
    except HiringAdvisorError as exc:
        raise fail(exc) from None
    if result.status == PublishStatus.FAILED:
        raise fail(KnowledgeError(result.problems))
    if result.status == PublishStatus.UNAVAILABLE:
        typer.echo(f"error: {result.message}", err=True)
        raise typer.Exit(1)
    if result.build is not None:
        report = result.build
        for warning in report.warnings:
            typer.echo(f"warning: {warning}", err=True)
        typer.echo(f"{report.summary()} ({report.total} snippets, {report.seconds:.1f}s)")
    if result.gate is not None:
        typer.echo(result.gate.table())
    typer.echo(result.message)
    if result.status == PublishStatus.PUBLISHED and result.build is not None:
        typer.echo(f"index: {result.build.path}")
    if result.status == PublishStatus.REFUSED:
        raise typer.Exit(4)


def validate_command(knowledge: KnowledgeOpt = None) -> None:
    """Check the knowledge files without building anything; lists every problem with file:line.

    Example: hiring-advisor validate --knowledge knowledge
    """
    settings = settings_for(knowledge)
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except HiringAdvisorError as exc:
        raise fail(exc) from None
    for warning in [*kb.warnings, *kit_warnings(kb.profile, kb.snippets)]:
        typer.echo(f"warning: {warning}", err=True)
    profile = kb.profile
    typer.echo(
        f"ok: {len(kb.snippets)} snippets, {len(kb.salaries)} salary records, "
        f"{len(profile.roles)} roles, {len(profile.ladders)} ladder(s), "
        f"{len(kb.synonyms)} synonym terms, {len(kb.checks)} checks"
    )


def status_command(knowledge: KnowledgeOpt = None, out: IndexOpt = None) -> None:
    """Say whether the index is up to date with knowledge/ and the configured model.

    Exits 0 when fresh, 3 when a build is needed. Example: hiring-advisor status
    """
    settings = settings_for(knowledge, out)
    try:
        status = index_status(
            settings.knowledge_dir, settings.index_dir, make_embedder(settings).vector_space
        )
    except HiringAdvisorError as exc:
        raise fail(exc) from None
    typer.echo(status.reason)
    if not status.fresh:
        raise typer.Exit(3)
