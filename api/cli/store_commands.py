"""Commands on the conversation store: content gaps, purging, and the schema's migrations."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from api.cli.common import Command, new_app, with_store


def gaps_command(
    limit: Annotated[int, typer.Option(min=1, max=500, help="Groups to show.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List questions that went unanswered, scored low or got a thumbs-down, grouped.

    Example: `hiring-advisor gaps --limit 10`
    """
    groups = with_store(lambda store: store.gaps(limit))
    if as_json:
        typer.echo(json.dumps([
            {"question": g.question, "count": g.count, "reasons": g.reasons,
             "examples": g.examples, "last_seen": g.last_seen.isoformat(), "detail": g.detail}
            for g in groups
        ], indent=2))
        return
    if not groups:
        typer.echo("No content gaps recorded yet.")
        return
    for g in groups:
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(g.reasons.items()))
        typer.echo(f"{g.count:>4}  {g.question}  [{reasons}; last {g.last_seen:%Y-%m-%d %H:%M}]")
        for other in g.examples[1:]:
            typer.echo(f"      also: {other}")
        if g.detail:
            typer.echo(f"      why: {g.detail}")


def purge_command() -> None:
    """Delete the conversations and content gaps kept longer than the settings allow.

    Conversations idle for longer than HIRING_ADVISOR_SESSION_TTL_MINUTES and content gaps
    older than HIRING_ADVISOR_GAP_RETENTION_DAYS go; a running server does this every
    HIRING_ADVISOR_PURGE_INTERVAL_MINUTES too.

    Example: `hiring-advisor purge`
    """
    report = with_store(lambda store: store.purge())
    typer.echo(f"purged {report.sessions} expired conversation(s) ({report.messages} turns) "
               f"and {report.gaps} old content gap(s)")


db_app = new_app("The conversation database (HIRING_ADVISOR_DATABASE_URL): its schema "
                 "migrations.\n\nExample: `hiring-advisor db current`")


@db_app.command("upgrade", cls=Command)
def db_upgrade_command() -> None:
    """Apply the schema migrations up to the latest (the server does this at start-up too).

    Tables made before migrations are recorded as revision 0001 first.

    Example: `HIRING_ADVISOR_DATABASE_URL=postgresql+psycopg://user:password@host/db
    hiring-advisor db upgrade`
    """
    before, after = with_store(lambda store: store.upgrade())
    if before == after:
        typer.echo(f"already at {after.current}, the latest")
        return
    start = ("0001 (tables made before migrations)" if before.legacy
             else before.current or "nothing (an empty database)")
    typer.echo(f"upgraded from {start} to {after.current}")


@db_app.command("current", cls=Command)
def db_current_command() -> None:
    """Print the database's schema revision, and whether it is the latest; changes nothing.

    Example: `hiring-advisor db current`
    """
    schema = with_store(lambda store: store.revision())
    if schema.legacy:
        typer.echo(f"none: tables made before migrations (`hiring-advisor db upgrade` records "
                   f"them as 0001 and upgrades to {schema.head})")
    elif schema.current is None:
        typer.echo(f"none: an empty database (the latest is {schema.head})")
    elif not schema.known:
        typer.echo(f"{schema.current} (not a revision this version knows; its latest is "
                   f"{schema.head})")
    elif schema.up_to_date:
        typer.echo(f"{schema.current} (the latest)")
    else:
        typer.echo(f"{schema.current} (the latest is {schema.head}: `hiring-advisor db upgrade`)")
