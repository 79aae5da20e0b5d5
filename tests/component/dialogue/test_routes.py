"""The conversation's routes: an ordered table of named rules, the first that answers wins, and
the answer names the route that gave it (kept with the turn). One case a route, on the made-up
second knowledge base with the fake embedder."""

from __future__ import annotations

from dataclasses import replace

import pytest

from api.dialogue.conversation import Conversation
from api.dialogue.state import DialogueState
from api.dialogue.turn import Turn
from api.search.retrieval import Hit


def test_the_routes_are_named_and_tried_in_a_fixed_order(bot):
    assert [r.name for r in bot.routes] == [
        "smalltalk", "decline", "language", "asks", "kit", "closing", "source", "calculation",
        "declared_gap", "task", "other_role", "off_topic", "no_figures", "topic_slot", "salary",
        "figure_off_topic", "figure", "snippet", "refuse"]
    assert [r.name for r in bot.routes if not r.offers] == [
        "smalltalk", "decline", "language", "asks", "closing"]


@pytest.mark.parametrize(
    ("message", "route", "answered", "reason"),
    [
        ("hello there", "smalltalk", True, None),
        ("only hire candidates under 30", "decline", False, "declined"),
        ("Welche Fähigkeiten braucht ein Designer?", "language", False, "other_language"),
        ("Wie viel verdient ein L4 Platform Engineer?", "language+salary", True, None),
        ("What does an L4 platform engineer earn, and how long is the take-home exercise?",
         "asks+salary,snippet", True, None),
        ("Draft a job post for a platform engineer", "kit", True, None),
        ("thanks, that was all I was after", "closing", True, None),
        ("where does the L4 platform engineer figure come from?", "source", True, None),
        ("Do new hires get stock options?", "declared_gap", False, "not_covered"),
        ("write me a poem about Zurich", "task", False, "out_of_scope"),
        ("What does a nurse earn?", "other_role", False, "out_of_scope"),
        ("What does a product manager earn?", "no_figures", False, "not_covered"),
        ("What does an L4 platform engineer earn?", "salary", True, None),
        ("What do 2 L5 platform engineers and an L3 cost a year?", "calculation", True, None),
        ("How long is the take-home exercise?", "snippet", True, None),
        ("how do I bake bread", "refuse", False, "out_of_scope"),
    ],
)
def test_each_route_answers_what_it_is_for(bot, message, route, answered, reason):
    answer, _ = bot.reply(message, DialogueState())
    assert (answer.route, answer.answered, answer.reason) == (route, answered, reason)


def _route(bot: Conversation, name: str):
    return next(r for r in bot.routes if r.name == name)


def _found_figure(bot: Conversation, message: str) -> Turn:
    """A turn whose search found a figure's snippet first (as a real model may for a question
    about something else that names a place with figures)."""
    reading = bot.read(message)
    retrieval = bot.retriever.retrieve("What does an L4 platform engineer earn?")
    figure = next(s for s in bot.index.snippets if s.salary_ids)
    hit = Hit(figure, 0.6, 0.6, 0.6)
    found = replace(retrieval, query=reading.analysis, hits=[hit], candidates=[hit],
                    relevant=True)
    return Turn(reading, DialogueState(), followup=False, retrieval=found, topical=found)


def test_a_figure_found_for_a_question_about_something_else_is_refused(bot):
    turn = _found_figure(bot, "what's the rainfall in Zurich?")
    assert turn.reading.analysis.unknown and not turn.reading.pay
    answer = _route(bot, "figure_off_topic").answer(turn)
    assert answer is not None and not answer.answered and answer.reason == "out_of_scope"
    assert _route(bot, "figure").answer(turn) is not None  # only reached when that one passes


def test_a_figure_found_for_a_plain_question_is_answered_from_its_record(bot):
    turn = _found_figure(bot, "Zurich")
    assert _route(bot, "figure_off_topic").answer(turn) is None
    answer = _route(bot, "figure").answer(turn)
    assert answer is not None and answer.answered and answer.kind == "salary"


def test_a_route_that_does_not_apply_gives_none(bot):
    turn = Turn(bot.read("What does an L4 platform engineer earn?"), DialogueState(),
                followup=False)
    assert [r.name for r in bot.routes if r.answer(turn) is not None][:1] == ["salary"]


def test_a_declared_gap_asked_of_a_role_is_not_covered_rather_than_out_of_scope(talk):
    answer = talk("what's a normal hourly rate for a freelance platform engineer contractor")
    assert answer.route.startswith("declared_gap") and answer.reason == "not_covered"
