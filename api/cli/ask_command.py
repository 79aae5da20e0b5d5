"""`ask`: the best snippets for a question, with their scores and sources."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from api.cli.common import IndexOpt, fail, settings_for
from api.dialogue.engine import serving_engine
from api.embedding.factory import make_embedder
from api.errors import HiringAdvisorError
from api.search.retrieval import Retriever


def ask_command(
    question: Annotated[
        str | None, typer.Argument(help="The question; omit it to ask several in a row.")
    ] = None,
    k: Annotated[int, typer.Option("-k", "--top-k", min=1, max=50, help="Snippets to show.")] = 3,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    out: IndexOpt = None,
) -> None:
    """Print the best snippets for a question, with scores and sources.

    Example: hiring-advisor ask "what does a senior AI engineer earn in Boston?"
    """
    settings = settings_for(index=out)
    try:
        retriever = serving_engine(settings.index_dir, make_embedder(settings), settings).retriever
    except HiringAdvisorError as exc:
        raise fail(exc, 2) from None
    if question is not None:
        _print_retrieval(retriever, question, k, as_json)
        return
    typer.echo("Ask a question (empty line or Ctrl-D to quit).")
    while True:
        try:
            line = input("? ").strip()
        except (EOFError, KeyboardInterrupt):
            typer.echo()
            return
        if not line:
            return
        _print_retrieval(retriever, line, k, as_json)


def _print_retrieval(retriever: Retriever, question: str, k: int, as_json: bool) -> None:
    """The best snippets for a question, as text or JSON."""
    result = retriever.retrieve(question, top_k=k)
    if as_json:
        typer.echo(
            json.dumps(
                {
                    "question": question,
                    "relevant": result.relevant,
                    "reason": result.reason,
                    "hits": [
                        {
                            "id": h.snippet.id,
                            "title": h.snippet.title,
                            "score": round(h.score, 4),
                            "dense": round(h.dense, 4),
                            "lexical": round(h.lexical, 4),
                            "path": f"{h.snippet.path}:{h.snippet.line}",
                            "text": h.snippet.text,
                        }
                        for h in result.hits
                    ],
                },
                indent=2,
            )
        )
        return
    if not result.relevant:
        typer.echo(f"Nothing relevant found in the guidance ({result.reason}).")
        return
    for rank, hit in enumerate(result.hits, start=1):
        snippet = hit.snippet
        typer.echo(
            f"{rank}. [{hit.score:.2f}] {snippet.title}  ({snippet.id}, "
            f"{snippet.path}:{snippet.line}; source: {snippet.source}, as of {snippet.as_of})"
        )
        typer.echo(f"   {snippet.text}\n")
