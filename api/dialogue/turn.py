"""A message as the conversation's routes see it (`Turn`), and a route (`Route`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from api.answer.compose import Answer
from api.dialogue.state import DialogueState
from api.search.retrieval import Retrieval
from api.understand.reading import FIGURE_WORDS, Reading


@dataclass(frozen=True)
class Route:
    """A named way of answering: `answer` gives the answer, or None when it does not apply."""

    name: str
    answer: Callable[[Turn], Answer | None]
    offers: bool = True  # whether a kit may be offered under its answer


@dataclass
class Turn:
    """One message in its conversation, as the routes see it; what search finds for it is
    worked out once, by the first route that needs it."""

    reading: Reading
    state: DialogueState
    followup: bool
    retrieval: Retrieval | None = None
    topical: Retrieval | None = None
    intent: str = ""  # what the intent classifier reads, when asked
    sure: float = 0.0  # and how sure it is
    said_pay: bool = False  # the message's own words ask pay (not only the classifier)

    @property
    def asks_figures(self) -> bool:
        """Whether its words ask pay or name figures ("list the Europe figures")."""
        return self.said_pay or bool(FIGURE_WORDS & set(self.reading.analysis.tokens))


def first_answer(turn: Turn, routes: tuple[Route, ...]) -> tuple[Route, Answer]:
    """The first route that answers the turn, and its answer, naming the route (and the one
    it handed the turn to, "language+salary")."""
    for route in routes:
        answer = route.answer(turn)
        if answer is not None:
            name = f"{route.name}+{answer.route}" if answer.route else route.name
            return route, replace(answer, route=name)
    raise AssertionError("the last route answers every turn")  # pragma: no cover
