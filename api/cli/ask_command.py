"""`ask`: one question answered as the chat widget answers it, with its sources."""

from __future__ import annotations

from typing import Annotated

import typer

from api.cli.answers import (
    MessageError,
    api_response,
    checked,
    explained,
    open_engine,
    show,
    stdout_console,
)
from api.cli.common import IndexOpt, err_console, settings_for
from api.dialogue.state import DialogueState
from api.serve.service import TURN_FAILED


def ask_command(
    question: Annotated[str, typer.Argument(
        help="The question, as a person would type it in the widget.", show_default=False)],
    as_json: Annotated[bool, typer.Option(
        "--json", help="Print the response as POST /api/chat returns it (the same keys).")
    ] = False,
    explain: Annotated[bool, typer.Option(
        "--explain", help="Also show how it was answered: the route, and the snippets search "
        "found with their scores (on stderr with --json).")] = False,
    k: Annotated[int, typer.Option(
        "-k", "--top-k", min=1, max=50, help="Snippets --explain shows.")] = 3,
    out: IndexOpt = None,
) -> None:
    """Answer a question as the chat widget does: the answer, then its sources.

    A question the knowledge does not answer gets the reply a person would read; `--json` and
    `--explain` also say why. Every question starts a new conversation: `hiring-advisor chat`
    keeps one going. Exits 2 when there is no index or the chat API would refuse the question.

    Example: `hiring-advisor ask "what does a senior AI engineer earn in Boston?"`
    """
    try:
        message = checked(question)
    except MessageError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    engine = open_engine(settings_for(index=out))
    try:
        answer, _ = engine.reply(message, DialogueState())
    except Exception as exc:  # noqa: BLE001 - said as the chat API says it, not as a trace
        typer.echo(f"{TURN_FAILED}\n({type(exc).__name__}: {exc})", err=True)
        raise typer.Exit(1) from None
    why = explained(answer, engine.retriever.retrieve(message, top_k=k), k) if explain else None
    if as_json:
        typer.echo(api_response(message, answer).model_dump_json(indent=2))
        if why is not None:
            err_console().print(why)
        return
    console = stdout_console()
    show(console, answer, engine.domain.naming.locale)
    if why is not None:
        console.print()
        console.print(why)
