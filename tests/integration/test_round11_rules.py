"""Rules of the conversation found by the eleventh blind round, each played with the real model
on the shipped knowledge, in phrasings of our own (not the round's): one conversation a rule,
its expected answer in the test."""

from __future__ import annotations

import pytest

from api.dialogue.state import DialogueState


@pytest.fixture
def talk(real_service):
    conversation = real_service.engine.conversation

    def talk(*messages: str):
        state, answer = DialogueState(), None
        for message in messages:
            answer, state = conversation.reply(message, state)
        return answer
    return talk


def test_a_duration_after_a_percentage_gap_asks_the_gap_in_money(talk):
    answer = talk("by what percent does New York out-pay the Bay Area for AI engineers?",
                  "and over three years, how much more is that per engineer?")
    assert answer.answered and "$46,800" in answer.text  # 3 × ($153,600 − $138,000)


def test_leaning_on_a_figure_asks_whether_it_holds(talk):
    answer = talk("what's a mid-level AI engineer paid?",
                  "can we still lean on that number for next year's offers?")
    assert answer.kind == "source" and "2024" in answer.text


def test_a_profession_in_the_background_is_not_what_is_asked(talk):
    answer = talk("We've staffed plenty of QA testers over the years but never an ML person. "
                  "What does one cost in New York?")
    assert answer.answered and "$153,600" in answer.text
    answer = talk("We're also recruiting a copywriter for the launch. What pay suits that "
                  "position?")
    assert not answer.answered


def test_a_role_without_figures_asked_the_same_question_is_not_covered(talk):
    answer = talk("what's a junior AI engineer paid?", "and a data engineer, same question")
    assert not answer.answered and answer.reason == "not_covered"


def test_two_questions_joined_by_and_and_an_adverb_are_both_answered(talk):
    answer = talk("Two things: which certifications count, and approximately what does a "
                  "senior cost?")
    assert answer.answered and "$151,000" in answer.text and "Azure" in answer.text
