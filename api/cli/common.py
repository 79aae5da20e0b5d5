"""What every command shares: the options naming the knowledge and the index, the settings
they override, domain errors printed for a person with an exit code, a spinner while something
slow loads, and the command classes that keep `--help` clean."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer
from rich.console import Console
from typer.core import TyperCommand, TyperGroup, TyperOption

from api.config import Settings, get_settings
from api.errors import HiringAdvisorError, KnowledgeError
from api.store.repository import Store

T = TypeVar("T")

KnowledgeOpt = Annotated[Path | None, typer.Option(
    "--knowledge", help="Knowledge directory [default: HIRING_ADVISOR_KNOWLEDGE_DIR, or "
    "knowledge/]")]
IndexOpt = Annotated[Path | None, typer.Option(
    "--out", "--index", help="Index directory [default: HIRING_ADVISOR_INDEX_DIR, or index/]")]
# How every command's help is written: Markdown, so that a docstring's lines are joined into
# paragraphs (Rich markup would keep each line break, and read "[default: x]" as a style).
MARKUP: Literal["markdown"] = "markdown"


def _without_flag_types(params: list[Any]) -> list[Any]:
    """The parameters, their flags shown without a type in `--help`."""
    for param in params:
        if isinstance(param, TyperOption) and param.is_flag and param.metavar is None:
            param.metavar = ""  # shown as it is: nothing
    return params


class Command(TyperCommand):
    """A command whose `--help` shows no type for a flag: Typer's Rich help prints each
    option's type, `<bool>` for a flag (`--help` included), where Click's prints none."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_types(super().get_params(ctx))


class CommandGroup(TyperGroup):
    """A group of commands whose `--help` shows no type for a flag (see `Command`)."""

    def get_params(self, ctx: Any) -> list[Any]:
        return _without_flag_types(super().get_params(ctx))


def new_app(text: str) -> typer.Typer:
    """A group of commands, `text` its help, with help as every group of this command line."""
    return typer.Typer(help=text, cls=CommandGroup, rich_markup_mode=MARKUP, no_args_is_help=True,
                       add_completion=False, pretty_exceptions_enable=False)


def err_console() -> Console:
    """Rich output on stderr, where progress and spinners go (stdout keeps the results)."""
    return Console(stderr=True, highlight=False)


@contextmanager
def working(what: str) -> Iterator[None]:
    """A spinner saying what is being done, on a terminal only (and gone once done)."""
    console = err_console()
    if not console.is_terminal:
        yield
        return
    with console.status(what):
        yield


def settings_for(knowledge: Path | None = None, index: Path | None = None) -> Settings:
    """The configured settings with the directories a command was given instead."""
    settings = get_settings()
    updates: dict[str, Path] = {}
    if knowledge is not None:
        updates["knowledge_dir"] = knowledge
    if index is not None:
        updates["index_dir"] = index
    return settings.model_copy(update=updates) if updates else settings


def fail(error: HiringAdvisorError, code: int = 1) -> typer.Exit:
    """Print a domain error for a person and return the exit to raise."""
    if isinstance(error, KnowledgeError):
        typer.echo(f"error: {len(error.problems)} problem(s) in the knowledge base:", err=True)
        for problem in error.problems:
            typer.echo(f"  {problem}", err=True)
        typer.echo("The index was not changed.", err=True)
    else:
        typer.echo(f"error: {error}", err=True)
    return typer.Exit(code)


def with_store(action: Callable[[Store], T]) -> T:
    """`action` on the configured conversation store, closed afterwards; a store error is
    printed for a person (exit 1)."""
    store = Store.from_settings(get_settings())
    try:
        return action(store)
    except HiringAdvisorError as exc:
        raise fail(exc) from None
    finally:
        store.close()
