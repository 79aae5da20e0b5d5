"""`hiring-advisor content ...`: the knowledge's revisions in the store, as the console and the
admin API see them: the log, a revision's diff (or the draft's, since the last publish), a
revert, and the sync of a knowledge directory with the store (api.serve.content)."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from api.cli.common import Command, KnowledgeOpt, fail, new_app, settings_for, with_store
from api.serve.content import ContentSyncConflict, Prefer, draft_changes, sync, unified_diff
from api.store.content import ContentConflict, Revision, UnknownRevision
from api.store.repository import Store

content_app = new_app(
    "The knowledge's revisions in the store (HIRING_ADVISOR_DATABASE_URL), which the content "
    "console edits and every replica builds from.\n\nExample: `hiring-advisor content log`")
AuthorOpt = Annotated[str, typer.Option(
    "--as", help="Who makes the change, for the history (default: this computer's user).")]


def _author(given: str) -> str:
    if given.strip():
        return " ".join(given.split())[:60]
    try:
        return f"{getpass.getuser()} (command line)"[:60]
    except (KeyError, OSError):
        return "command line"


def _line(rev: Revision) -> str:
    what = "deleted" if rev.body is None else rev.kind
    return (f"r{rev.id:<5} {rev.created_at:%Y-%m-%d %H:%M}  {rev.author:<20}  {rev.path}  "
            f"[{what}] {rev.message}").rstrip()


@content_app.command("log", cls=Command)
def log_command(
    path: Annotated[str | None, typer.Argument(help="Only this file's revisions.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Revisions to show.")] = 30,
) -> None:
    """The knowledge's revisions, newest first: who changed which file, when and why.

    Example: `hiring-advisor content log salaries.csv`
    """
    revisions = with_store(lambda store: store.content_log(path, limit=limit))
    if not revisions:
        typer.echo("No revisions yet: the store is seeded from the knowledge directory by the "
                   "first `serve` or `content sync`.")
        return
    table = Table("rev", "when (UTC)", "who", "file", "what", box=None, pad_edge=False)
    for rev in revisions:
        table.add_row(f"r{rev.id}", f"{rev.created_at:%Y-%m-%d %H:%M}", rev.author, rev.path,
                      ("deleted" if rev.body is None else rev.kind)
                      + (f": {rev.message}" if rev.message else ""))
    Console(highlight=False, width=160).print(table)


def _revision_diff(store: Store, revision: int) -> str:
    rev = store.content_revision(revision)
    before = store.content_revision(rev.parent).body if rev.parent else None
    return f"{_line(rev)}\n" + unified_diff(rev.path, before, rev.body,
                                           labels=(f"r{rev.parent}", f"r{rev.id}"))


def _draft_diff(store: Store) -> str:
    published, changed, diff = draft_changes(store)
    if not changed:
        return "The draft is the knowledge in service: nothing changed since the last publish."
    since = f"r{published}" if published is not None else "the beginning"
    return f"{len(changed)} file(s) changed since {since}: {', '.join(changed)}\n{diff}"


@content_app.command("diff", cls=Command)
def diff_command(
    revision: Annotated[int | None, typer.Argument(
        min=1, help="A revision's id (r12 is 12); none: the draft against the last publish.")
    ] = None,
) -> None:
    """A revision's change to its file, or everything the draft changes since the last publish.

    Example: `hiring-advisor content diff 12`
    """
    try:
        text = with_store(lambda store: _revision_diff(store, revision) if revision
                          else _draft_diff(store))
    except UnknownRevision as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(text.rstrip("\n"))


@content_app.command("revert", cls=Command)
def revert_command(
    revision: Annotated[int, typer.Argument(min=1, help="The revision to undo.")],
    author: AuthorOpt = "",
    message: Annotated[str, typer.Option("--message", "-m", help="Why.")] = "",
) -> None:
    """Undo a revision: its file gets back the text it had before, as a new draft revision
    (publish it with `build-index`, the console or the admin API).

    Example: `hiring-advisor content revert 12 --as "Ann Editor" -m "wrong figure"`
    """
    try:
        rev = with_store(lambda store: store.revert_content(
            revision, author=_author(author), message=message))
    except (UnknownRevision, ContentConflict) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"reverted r{revision}: {_line(rev)}")


@content_app.command("sync", cls=Command)
def sync_command(
    knowledge: KnowledgeOpt = None,
    author: AuthorOpt = "",
    prefer: Annotated[Prefer, typer.Option(
        help="Where a file changed on both sides: refuse (neither), or keep one side.")
    ] = Prefer.NEITHER,
) -> None:
    """Bring the knowledge directory and the store's revisions together, both ways.

    Edits in the files become revisions; revisions made in the console are written to the
    files. The first sync of an empty store seeds it from the directory.

    Example: `hiring-advisor content sync --as "Ann Editor"`
    """
    settings = settings_for(knowledge)
    try:
        report = with_store(lambda store: sync(store, settings.knowledge_dir, prefer=prefer,
                                               author=_author(author)))
    except ContentSyncConflict as exc:
        raise fail(exc) from None
    except (OSError, UnicodeDecodeError) as exc:
        typer.echo(f"error: the knowledge directory cannot be read: {exc}; `hiring-advisor "
                   "validate` says which file and line", err=True)
        raise typer.Exit(1) from None
    if report.seeded:
        typer.echo(f"seeded the store from {settings.knowledge_dir}/")
    for path in report.saved:
        typer.echo(f"saved   {path} (edited in the files)")
    for path in report.written:
        typer.echo(f"wrote   {path} (edited in the store)")
    for path in report.conflicts:
        typer.echo(f"kept the {prefer.value}'s {path} (changed on both sides)")
    typer.echo(f"in sync at r{report.revision}" + ("" if report.changed else ": nothing to do"))
