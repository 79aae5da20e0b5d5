"""What every command shares: the options naming the knowledge and the index, the settings
they override, and domain errors printed for a person with an exit code."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from api.config import Settings, get_settings
from api.errors import HiringAdvisorError, KnowledgeError
from api.store.repository import Store

T = TypeVar("T")

KnowledgeOpt = Annotated[
    Path | None,
    typer.Option("--knowledge", help="Knowledge directory [default: HIRING_ADVISOR_KNOWLEDGE_DIR]"),
]
IndexOpt = Annotated[
    Path | None, typer.Option("--out", "--index", help="Index directory [default: index/]")
]


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
