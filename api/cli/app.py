"""The `hiring-advisor` command line: build the index, ask, chat, evaluate, serve, list gaps.

This module only assembles the commands; each lives in the module of its group.
"""

from __future__ import annotations

import typer
from pydantic import ValidationError

from api.cli.ask_command import ask_command
from api.cli.chat_command import chat_command
from api.cli.common import Command, new_app
from api.cli.content_commands import content_app
from api.cli.eval_command import eval_command
from api.cli.kit_commands import kit_app
from api.cli.knowledge_commands import build_index_command, status_command, validate_command
from api.cli.serve_command import serve_command
from api.cli.store_commands import db_app, gaps_command, purge_command
from api.cli.users_commands import users_app
from api.config import get_settings, settings_problems
from api.text.tables import use_cache_dir

app = new_app("hiring-advisor: hiring advice from the knowledge in knowledge/.\n\n"
              "Each command's --help says what it does, with an example.\n\n"
              'Example: `hiring-advisor ask "which skills should we look for?"`')


@app.callback()
def configure() -> None:
    """Set up what every command shares."""
    # The derived tables (place names, word counts) are kept where the settings say.
    use_cache_dir(get_settings().cache_dir)


for name, command in (
    ("build-index", build_index_command),
    ("validate", validate_command),
    ("status", status_command),
    ("ask", ask_command),
    ("chat", chat_command),
    ("eval", eval_command),
    ("serve", serve_command),
    ("gaps", gaps_command),
    ("purge", purge_command),
):
    app.command(name, cls=Command)(command)
app.add_typer(kit_app, name="kit")
app.add_typer(db_app, name="db")
app.add_typer(content_app, name="content")
app.add_typer(users_app, name="users")


def main() -> None:
    """Console entry point."""
    try:
        app()
    except ValidationError as exc:
        typer.echo(f"error: fix these settings:\n{settings_problems(exc)}", err=True)
        raise SystemExit(2) from None
