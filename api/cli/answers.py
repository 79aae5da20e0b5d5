"""What `ask` and `chat` share: the engine in service, a message checked as the chat API checks
it, the answer as the chat API returns it, and the answer shown as the widget shows it (its
Markdown, its sources, the follow-ups it suggests).

The response is the chat route's own (`api.serve`), so that `ask --json` prints what POST
/api/chat returns: the command line keeps no conversation, so its ids are new and `saved` is
false.
"""

from __future__ import annotations

from pydantic import ValidationError
from rich.console import Console, Group
from rich.markdown import Markdown
from rich.table import Table
from rich.text import Text

from api.answer.compose import Answer
from api.cli.common import fail, working
from api.cli.figures import figure_chart
from api.config import Settings
from api.dialogue.engine import Engine, serving_engine
from api.embedding.factory import make_embedder
from api.errors import HiringAdvisorError
from api.search.retrieval import Hit, Retrieval
from api.serve.routes import chat_response
from api.serve.schemas import ChatRequest, ChatResponse
from api.serve.service import ChatResult, ChatService
from api.store.records import new_id
from api.text.money import DEFAULT_LOCALE


def open_engine(settings: Settings) -> Engine:
    """The engine on the index in service, with a spinner while the model loads; exits 2
    (saying what to run) when there is no usable index."""
    try:
        with working("loading the model and the index…"):
            return serving_engine(settings.index_dir, make_embedder(settings), settings)
    except HiringAdvisorError as exc:
        raise fail(exc, 2) from None


class MessageError(ValueError):
    """A message the chat API would refuse (422), with its reason for a person."""


def checked(message: str) -> str:
    """`message` trimmed, as the chat API takes it (1 to 2,000 characters of storable text).

    Raises:
        MessageError: the API would refuse it; the message says why.
    """
    try:
        return ChatRequest(message=message).message
    except ValidationError as exc:
        problem = exc.errors()[0]
        raise MessageError(str(problem.get("ctx", {}).get("error") or problem["msg"])) from None


def api_response(message: str, answer: Answer) -> ChatResponse:
    """The answer to `message` as POST /api/chat returns it (a new session, not stored)."""
    turn = ChatService.turn_of(message, answer)
    return chat_response(ChatResult(new_id("s"), new_id("m"), turn, saved=False))


def source_line(hit: Hit) -> Text:
    """One source as a person reads it: title, file:line, who published it and when."""
    snippet = hit.snippet
    return Text.assemble("  • ", (snippet.title, "bold"), f" — {snippet.path}:{snippet.line}",
                         (f" — {snippet.source}, {snippet.as_of.isoformat()}", "dim"))


def show(console: Console, answer: Answer, locale: str = DEFAULT_LOCALE) -> None:
    """Print the answer as the widget shows it: its text, its figures charted (ranges and the
    company's band as range bars), its sources and the follow-ups it suggests."""
    lines: list[Text | Table] = []
    chart = figure_chart(answer.data, locale)
    if chart is not None:
        lines += [Text(""), chart]
    if answer.used:
        lines += [Text("\nSources:", style="bold"), *map(source_line, answer.used)]
    if answer.suggestions:
        lines.append(Text("You could ask: " + " · ".join(answer.suggestions), style="dim"))
    say(console, answer.text, *lines)


def say(console: Console, markdown: str, *lines: Text | Table) -> None:
    """Print `markdown` and then `lines`: on a terminal with the Markdown rendered; elsewhere
    (a file, a pipe) as they are, each line whole rather than cut at 80 columns."""
    terminal = console.is_terminal
    text = Markdown(markdown) if terminal else Text(markdown)
    console.print(Group(text, *lines), soft_wrap=not terminal)


def explained(answer: Answer, retrieval: Retrieval, k: int) -> Group:
    """How an answer came about: the route that gave it, and the `k` best snippets retrieval
    found for the question with their scores (fused, dense and lexical)."""
    how = f"route {answer.route or '-'}, kind {answer.kind}, score {answer.score:.2f}"
    if not answer.answered:
        how += f"; not answered: {answer.reason}" + (f" ({answer.detail})" if answer.detail
                                                      else "")
    found = ("retrieval:" if retrieval.relevant
             else f"retrieval found nothing relevant ({retrieval.reason}); the best were:")
    table = Table("#", "score", "dense", "lexical", "snippet", box=None, padding=(0, 1))
    for rank, hit in enumerate((retrieval.hits or retrieval.candidates)[:k], start=1):
        s = hit.snippet
        table.add_row(str(rank), f"{hit.score:.2f}", f"{hit.dense:.2f}", f"{hit.lexical:.2f}",
                      Text.assemble((s.title, "bold"), f" ({s.id}, {s.path}:{s.line}; source: "
                                    f"{s.source}, as of {s.as_of})\n", (s.text, "dim")))
    return Group(Text(how, style="bold"), Text(found), table)


def stdout_console() -> Console:
    """Rich output on stdout, for answers (no highlighting of numbers: the answer's own
    Markdown says what is bold)."""
    return Console(highlight=False)
