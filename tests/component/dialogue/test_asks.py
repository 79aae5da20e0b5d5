"""Messages that ask several things at once, on the made-up second knowledge base
(tests/fixtures/kb2): each question answered in turn, under its own heading."""

from __future__ import annotations

import pytest

from api.dialogue.state import DialogueState

LONG = ("Some background first: we are a 40-person fintech and have never hired a platform "
        "person before, so I'm a bit lost. We think L4 is right. Two questions: what should we "
        "expect to pay an L4 platform engineer, and how long is the take-home exercise?")


def test_each_question_of_a_long_message_is_answered_under_its_own_heading(bot):
    answer, state = bot.reply(LONG, DialogueState())
    assert answer.answered and answer.route == "asks+salary,snippet"
    pay, _, take_home = answer.text.partition("**How long is the take-home exercise?**")
    assert pay.startswith("**What should we expect to pay an L4 platform engineer?**")
    assert "CHF 118,000" in pay and "CHF 118,000" not in take_home and take_home.strip()
    assert {h.snippet.id for h in answer.used} >= {"interview/take-home-platform"}
    assert state.asked == [" ".join(LONG.split())]  # the message is asked once


def test_a_question_the_knowledge_lacks_is_said_so_beside_the_one_it_answers(bot):
    answer, _ = bot.reply("How much is an L5 platform engineer in Zurich, and how much equity "
                          "do new hires usually get?", DialogueState())
    assert answer.answered and answer.route == "asks+salary,declared_gap"
    assert "CHF 142,000" in answer.text and "equity" in answer.text.lower()
    assert "how much equity do new hires usually get?" in answer.detail


def test_the_background_fills_in_what_a_question_leaves_out(bot):
    answer, _ = bot.reply("We are hiring an L3 platform engineer. Two things: what should we "
                          "pay, and how are candidates scored?", DialogueState())
    assert answer.route == "asks+salary,snippet" and "CHF 98,000" in answer.text


@pytest.mark.parametrize(
    "message",
    [
        "What does an L3 platform engineer earn, and what about an L5?",  # both salary
        "Which level earns the most, and how much is it?",  # the second points back
    ],
)
def test_questions_of_one_kind_are_answered_together(bot, message):
    answer, _ = bot.reply(message, DialogueState())
    assert not answer.route.startswith("asks") and answer.answered


def test_a_follow_up_after_a_long_message_continues_its_last_question(bot):
    _, state = bot.reply("What does an L4 platform engineer earn, and how are candidates "
                         "scored?", DialogueState())
    answer, _ = bot.reply("and an L5?", state)
    assert "CHF 142,000" in answer.text
