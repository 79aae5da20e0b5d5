"""Commands on the knowledge and its index: build (and publish), validate, status."""

from __future__ import annotations

from typing import Annotated

import typer

from api.answer.kit_checks import kit_warnings
from api.cli.common import (
    IndexOpt,
    KnowledgeOpt,
    err_console,
    fail,
    settings_for,
    with_store,
)
from api.cli.progress import BuildSteps, WatchedEmbedder, intent_examples
from api.config import Settings
from api.dialogue.engine import Engine, open_engine
from api.embedding.factory import make_embedder
from api.errors import HiringAdvisorError, IndexLoadError, KnowledgeError
from api.index.build import index_status
from api.index.format import SearchIndex
from api.index.lifecycle import current_build
from api.knowledge.loader import load_knowledge
from api.publish.publishing import (
    COMMAND_LINE,
    OpenEngine,
    PublishResult,
    PublishStatus,
    publish,
)
from api.serve.content import note_build_revision, sync


def build_index_command(
    knowledge: KnowledgeOpt = None,
    out: IndexOpt = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Publish even if checks got worse or are stale.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Re-embed every snippet.")] = False,
    if_stale: Annotated[
        bool, typer.Option("--if-stale", help="Do nothing when the index is up to date.")
    ] = False,
    synced: Annotated[bool, typer.Option("--sync", help=(
        "First bring the knowledge directory and the store's revisions together, as a server "
        "does before it builds (the store wins where both changed)."))] = False,
) -> None:
    """Build the index from knowledge/ and publish it if the checks allow.

    Validates the knowledge, embeds only what changed, runs the checks of knowledge/checks.yml
    on the index in service and on the new build, and publishes the new one when no check got
    worse and none is stale. On a terminal each step shows its progress. Exits 0 when
    published or up to date, 1 when the knowledge is invalid, 4 when the checks refused the
    build.

    Example: `hiring-advisor build-index --knowledge knowledge --out index`
    """
    settings = settings_for(knowledge, out)
    revision = _sync(settings) if synced else None
    result = _publish(settings, force=force, full=full, if_stale=if_stale)
    if revision is not None:
        _note_synced(revision, result)
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


def _sync(settings: Settings) -> int:
    """Sync the knowledge directory with the store (see api.serve.content); the revision."""
    try:
        report = with_store(lambda store: sync(store, settings.knowledge_dir))
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: the knowledge directory cannot be synced: {exc}", err=True)
        raise typer.Exit(1) from None
    for path in report.saved:
        typer.echo(f"synced: {path} saved to the store (changed in the files)", err=True)
    for path in report.written:
        typer.echo(f"synced: {path} written from the store", err=True)
    for path in report.conflicts:
        typer.echo(f"synced: {path} changed on both sides; kept the store's", err=True)
    return report.revision


def _note_synced(revision: int, result: PublishResult) -> None:
    """Note the store's revision in the new build, and in the store when it was published."""
    build = result.build
    if build is None:
        return
    note_build_revision(build.path, revision)
    if result.status == PublishStatus.PUBLISHED:
        with_store(lambda store: store.record_publish(revision, build.path.name, COMMAND_LINE))


def _publish(settings: Settings, *, force: bool, full: bool, if_stale: bool) -> PublishResult:
    """`publish` with each step of the build shown as it runs (on a terminal)."""
    with BuildSteps(err_console(),
                    intents=intent_examples(settings.knowledge_dir)) as steps:
        steps.step(f"reading {settings.knowledge_dir}/")
        embedder = WatchedEmbedder(make_embedder(settings), steps)
        try:
            result = publish(settings.knowledge_dir, settings.index_dir, embedder,
                             _checking(steps, embedder, settings), force=force, full=full,
                             if_stale=if_stale)
        except HiringAdvisorError as exc:
            error: HiringAdvisorError | None = exc
            steps.end(failed=True)
        else:
            error = None
            steps.end(failed=result.status in (PublishStatus.FAILED, PublishStatus.UNAVAILABLE))
    if error is not None:  # once the progress display is stopped: printed under it, not in it
        raise fail(error) from None
    return result


def _checking(steps: BuildSteps, embedder: WatchedEmbedder, settings: Settings) -> OpenEngine:
    """`open_engine` for `publish`, which opens the new build first to check it (on it, and on
    the build in service when there is one): the checks step begins there."""

    def opened(index: SearchIndex) -> Engine:
        if not steps.checking:
            try:
                serving = bool(current_build(settings.index_dir))
            except (IndexLoadError, OSError):  # none, or none usable: the new build alone
                serving = False
            steps.checks(len(index.checks), serving)
        return open_engine(index, embedder, settings)

    return opened


def validate_command(knowledge: KnowledgeOpt = None) -> None:
    """Check the knowledge files without building anything; list every problem as file:line.

    Exits 1 when there is a problem; warnings (a kit section that names nothing, say) do not
    fail it.

    Example: `hiring-advisor validate --knowledge knowledge`
    """
    settings = settings_for(knowledge)
    try:
        kb = load_knowledge(settings.knowledge_dir)
    except HiringAdvisorError as exc:
        raise fail(exc) from None
    for warning in [*kb.warnings, *kit_warnings(kb.profile, [*kb.snippets, *kb.kit_snippets])]:
        typer.echo(f"warning: {warning}", err=True)
    profile = kb.profile
    typer.echo(
        f"ok: {len(kb.snippets)} snippets, {len(kb.salaries)} salary records, "
        f"{len(profile.roles)} roles, {len(profile.ladders)} ladder(s), "
        f"{len(kb.synonyms)} synonym terms, {len(kb.checks)} checks"
    )


def status_command(knowledge: KnowledgeOpt = None, out: IndexOpt = None) -> None:
    """Say whether the index is up to date with knowledge/ and the configured model.

    Exits 0 when it is, 3 when a build is needed.

    Example: `hiring-advisor status`
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
