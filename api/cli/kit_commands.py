"""`kit`: hiring kits (a job post, a screening scorecard) drafted from the knowledge."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from api.answer.kit import Kits
from api.answer.kit_ask import NoKitContent, UnknownKitValue
from api.cli.common import Command, KnowledgeOpt, fail, new_app, settings_for
from api.errors import HiringAdvisorError
from api.knowledge.domain import Domain
from api.knowledge.loader import load_knowledge

kit_app = new_app("Hiring kits drafted from the knowledge: a job post, a screening scorecard.\n\n"
                  "Every line is quoted from a snippet or salary record; no index is needed.\n\n"
                  "Example: `hiring-advisor kit job-post --role ROLE --level LEVEL` (an unknown "
                  "role is answered with the roles the knowledge has)")
RoleOpt = Annotated[str, typer.Option("--role", help="A role id or any of its names.")]
LevelOpt = Annotated[str | None, typer.Option("--level", help="A level id or name.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the structured document as JSON.")]
OmitOpt = Annotated[list[str] | None, typer.Option(
    "--omit", help="A section id to leave out (the profile's kits:); repeat for more.")]
NoSourcesOpt = Annotated[bool, typer.Option(
    "--no-sources", help="Print the ad alone: no notes for the recruiter, no sources (any "
    "warning still goes to stderr).")]


def _print_kit(kind: str, role: str, level: str | None, location: str | None,
               knowledge: Path | None, as_json: bool, omit: list[str] | None = None,
               sources: bool = True) -> None:
    """Draft a kit from the knowledge directory (no index needed) and print it.

    Exits 1 when the knowledge is invalid, 2 for a role, level, place or section it does not
    have, 3 when it has nothing for this kit and role; each message says what it has instead.
    """
    try:
        kb = load_knowledge(settings_for(knowledge).knowledge_dir)
        domain = Domain(kb.profile, {r.id: r for r in kb.salaries}, kb.company, kb.phrasings)
        kits = Kits(domain, [*kb.snippets, *kb.kit_snippets], today=date.today)
        document = kits.build(kits.ask(kind, role, level, location, omit or ()))
    except UnknownKitValue as exc:
        raise fail(exc, 2) from None
    except NoKitContent as exc:
        raise fail(exc, 3) from None
    except HiringAdvisorError as exc:
        raise fail(exc) from None
    if as_json:
        typer.echo(json.dumps(document.to_dict(sources=sources), indent=2, ensure_ascii=False))
    elif sources:
        typer.echo(document.markdown, nl=False)
    else:
        # The ad alone: what must be fixed before it is published still gets said.
        for warning in document.warnings:
            typer.echo(f"warning: {warning.text}", err=True)
        typer.echo(document.ad_markdown, nl=False)


@kit_app.command("job-post", cls=Command)
def kit_job_post_command(
    role: RoleOpt,
    level: LevelOpt = None,
    location: Annotated[str | None, typer.Option(
        "--location", help="A place: its figure, or the nearest one, labelled.")] = None,
    knowledge: KnowledgeOpt = None,
    as_json: JsonOpt = False,
    omit: OmitOpt = None,
    no_sources: NoSourcesOpt = False,
) -> None:
    """Print a job post drafted from the knowledge, as Markdown.

    Its sections come from the profile (about the role, responsibilities, requirements, nice to
    have, compensation: the company's pay band when the knowledge has one, else the matching
    salary record or the nearest, labelled; with a company.yml, about us, what it expects at
    the level, benefits and how it works); each line is quoted from the knowledge. After the
    ad come the notes for the recruiter (market references, pay-transparency rules, warnings)
    and the sources; `--no-sources` prints the ad alone. Exits 2 for a role, level or place
    the knowledge lacks, 3 when it has nothing for the role.

    Example: `hiring-advisor kit job-post --role "AI engineer" --level senior --location
    Boston --omit how-we-work`
    """
    _print_kit("job_post", role, level, location, knowledge, as_json, omit, not no_sources)


@kit_app.command("scorecard", cls=Command)
def kit_scorecard_command(
    role: RoleOpt,
    level: LevelOpt = None,
    knowledge: KnowledgeOpt = None,
    as_json: JsonOpt = False,
    omit: OmitOpt = None,
    no_sources: NoSourcesOpt = False,
) -> None:
    """Print a screening scorecard drafted from the knowledge, as Markdown.

    Must-have and nice-to-have criteria quoted from the knowledge, each with what to look for
    and its source. Exits 2 for a role or level the knowledge lacks, 3 when it has nothing for
    the role.

    Example: `hiring-advisor kit scorecard --role "ML engineer" --level junior`
    """
    _print_kit("scorecard", role, level, None, knowledge, as_json, omit, not no_sources)
