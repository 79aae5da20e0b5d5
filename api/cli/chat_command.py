"""`chat`: a conversation in the terminal, follow-ups carried over as in the widget."""

from __future__ import annotations

import sys

from rich.console import Console
from rich.text import Text

from api.cli.answers import MessageError, checked, open_engine, say, show, stdout_console
from api.cli.common import IndexOpt, settings_for
from api.dialogue.engine import Engine
from api.dialogue.state import DialogueState
from api.serve.service import TURN_FAILED

QUIT = {"exit", "quit", "/exit", "/quit", "/bye"}
NEW = "/new"
PROMPT = "you › "


def chat_command(out: IndexOpt = None) -> None:
    """Talk with the assistant in the terminal: follow-ups carry over, as in the widget.

    Each answer is shown with its sources. An empty line, Ctrl-D or `exit` ends the
    conversation; `/new` starts a new one. Nothing is stored. Exits 2 when there is no index.

    Example: `hiring-advisor chat`, then "what does a senior AI engineer earn?" and "and a
    junior one?"
    """
    engine = open_engine(settings_for(index=out))
    console = stdout_console()
    say(console, engine.assistant.greeting, Text(
        f"(an empty line, Ctrl-D or exit ends the conversation; {NEW} starts a new one)",
        style="dim"))
    state = DialogueState()
    while (line := _read(console)) is not None:
        if line == NEW:
            state = DialogueState()
            console.print(Text("A new conversation: earlier questions are forgotten.",
                               style="dim"))
            continue
        state = _turn(console, engine, line, state)


def _read(console: Console) -> str | None:
    """The next message, or None when the person is done."""
    try:
        line = console.input(Text(PROMPT, style="bold")).strip()
    except (EOFError, KeyboardInterrupt):
        console.print()
        return None
    if not sys.stdin.isatty():  # what was typed is not on the screen: show it after the prompt
        console.print(line, markup=False)
    return None if not line or line.lower() in QUIT else line


def _turn(console: Console, engine: Engine, line: str, state: DialogueState) -> DialogueState:
    """Answer one message in the conversation at `state`; the state after it."""
    try:
        answer, state = engine.reply(checked(line), state)
    except MessageError as exc:
        console.print(Text(str(exc), style="yellow"))
        return state
    except Exception as exc:  # noqa: BLE001 - one message's fault must not end the chat
        # As the chat service does: said plainly, and the conversation kept as it was.
        console.print(Text(f"{TURN_FAILED} ({type(exc).__name__}: {exc})", style="yellow"))
        return state
    console.print()
    show(console, answer, engine.domain.naming.locale)
    console.print()
    return state
