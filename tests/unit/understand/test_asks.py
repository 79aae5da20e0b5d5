"""Telling the questions of a long message apart (made-up messages)."""

from __future__ import annotations

import pytest

from api.understand.asks import final_question, split_asks


def texts(message: str) -> list[str]:
    return [a.text for a in split_asks(message)]


@pytest.mark.parametrize(
    "message",
    [
        "What does a G2 tester earn in Geneva?",
        "In Basel, how much does a G2 tester earn?",
        "Geneva, Basel and what about Bern?",
        "What does a tester earn? We are in Geneva.",
        "We are a small lab in Geneva. What should we pay a G2 tester?",
        "and why?",
        "Which G level earns the most, and how much is it?",
        "Do we need a visa for a tester from abroad, and how does that work?",
        "What does a G4 tester earn in Basel, roughly? And in Zug?",
        "How should I build my test team? All in-house or some people from outside?",
        "Budget: 500k. How many G2 testers can we hire?",
        "Quick question: what does a G2 tester earn in Geneva?",
    ],
)
def test_a_message_that_asks_one_thing_is_left_whole(message):
    asks = split_asks(message)
    assert len(asks) == 1 and asks[0].text == " ".join(message.split())


@pytest.mark.parametrize(
    ("message", "questions"),
    [
        ("What should we pay a G2 tester, and which certificates should I look for?",
         ["What should we pay a G2 tester?", "which certificates should I look for?"]),
        ("How much is a tester in Geneva? And what tools do testers use?",
         ["How much is a tester in Geneva?", "what tools do testers use?"]),
        ("What does a tester do and how do I interview one?",
         ["What does a tester do?", "how do I interview one?"]),
        ("Draft a job post for a G2 tester, and what should we pay them?",
         ["Draft a job post for a G2 tester", "what should we pay them?"]),
        ("Tell me the G3 pay and how should I structure the team?",
         ["Tell me the G3 pay", "how should I structure the team?"]),
        ("What’s the pay for a G3 tester; which skills matter most?",
         ["What’s the pay for a G3 tester?", "which skills matter most?"]),
        # A few words and a colon before the questions: what they are, not a question.
        ("Two quick ones: what does a G2 tester earn, and how long should they have tested?",
         ["what does a G2 tester earn?", "how long should they have tested?"]),
        ("Re the Basel hire: how much for a G3, and which certificates matter?",
         ["how much for a G3?", "which certificates matter?"]),
        # Questions numbered: "first, ...", "and second, ...".
        ("Two questions really: first, what should a G2 tester get, and second, which "
         "certificates matter?", ["what should a G2 tester get?", "which certificates matter?"]),
        ("Firstly, how much is a G3 in Basel; secondly, what tools do they use?",
         ["how much is a G3 in Basel?", "what tools do they use?"]),
        # An adverb before the question word still opens a question of its own.
        ("Which certificates matter for a G2? Also, roughly how long does hiring take?",
         ["Which certificates matter for a G2?", "roughly how long does hiring take?"]),
    ],
)
def test_the_questions_of_a_message_are_told_apart(message, questions):
    assert texts(message) == questions


def test_the_background_goes_with_the_first_question():
    asks = split_asks(
        "Some background: we are a 40-person shop in Basel and have never hired a tester. "
        "Two questions: what should we expect to pay a G2 tester, and which certificates "
        "matter on a CV?")
    assert [a.text for a in asks] == ["what should we expect to pay a G2 tester?",
                                      "which certificates matter on a CV?"]
    assert asks[0].context == ("Some background: we are a 40-person shop in Basel and have "
                               "never hired a tester. Two questions:")
    assert asks[0].read_as.endswith("Two questions: what should we expect to pay a G2 tester?")
    assert asks[1].context == "" and asks[1].read_as == asks[1].text


def test_an_any_question_after_a_question_asks_more_of_it():
    assert texts("What should a G2 tester's first month look like? Any onboarding plan?") == [
        "What should a G2 tester's first month look like? Any onboarding plan?"]
    assert texts("What does a G2 tester earn? Any idea which certificates matter most for "
                 "them?") == ["What does a G2 tester earn?",
                              "Any idea which certificates matter most for them?"]


def test_a_question_too_short_to_stand_alone_stays_with_the_one_before():
    assert texts("What does a G2 tester earn in Geneva, and why, and which tools do they use?") \
        == ["What does a G2 tester earn in Geneva and why?", "which tools do they use?"]


@pytest.mark.parametrize(("message", "question"), [
    ("We're a small company in Zurich, hiring our first tester. Which skills matter most?",
     "Which skills matter most?"),
    ("Which skills matter most?", ""),  # one question, no background
    ("Is it hard? Which skills matter most?", ""),  # two questions: split_asks's
    ("We're hiring a tester. Thanks.", ""),  # no question at the end
])
def test_the_question_a_message_ends_on_after_its_background(message, question):
    assert final_question(message) == question


def test_questions_told_as_statements_are_questions_of_their_own():
    asks = split_asks("We're a small testing firm in Basel planning our first hires this "
                      "spring. Our CFO keeps asking me what a G2 tester costs there, and our "
                      "founder wants to know whether we should train people in-house or "
                      "contract a team. Separately, do testers get a bonus?")
    assert [a.text for a in asks] == [
        "what a G2 tester costs there?",
        "whether we should train people in-house or contract a team?",
        "Separately, do testers get a bonus?"]
    assert asks[0].context.startswith("We're a small testing firm") and not asks[1].context
    # Not a question about the assistant ("wondering if you can help").
    assert len(split_asks("I'm wondering if you could help me. What does a G1 tester earn? "
                          "And which skills matter?")) == 2


def test_a_question_that_says_nothing_of_its_own_is_read_with_the_background():
    asks = split_asks("We run a quality lab near Zurich with forty staff and need a salary "
                      "benchmark for a G3 tester before the budget round. Our founder also "
                      "asked whether testers need a degree. What can you tell us?")
    assert asks[-1].text == "What can you tell us?" and asks[-1].vague
    assert asks[-1].context.startswith("We run a quality lab")
    # A lead alone is no background to read it with.
    asks = split_asks("Honest question: who writes this, and are they selling something?")
    assert [a.context for a in asks][1:] == [""]


def test_a_remark_after_the_questions_leaves_them_apart():
    message = ("We're a small lab in Basel. Two things: what does a G2 tester earn, and which "
               "skills matter most? Any pointers welcome.")
    asks = split_asks(message, matters=lambda sentence: "Basel" in sentence)
    assert [a.text for a in asks] == ["what does a G2 tester earn?", "which skills matter most?"]
    told = split_asks("What does a G2 tester earn? We hire in Basel.",
                      matters=lambda sentence: "Basel" in sentence)
    assert len(told) == 1  # (what is told after the question says what it is about)


def test_a_question_said_with_a_full_stop_is_asked_without_it():
    asks = split_asks("Two things: what does a G2 tester earn, and how long is a release.")
    assert asks[-1].text == "how long is a release?"
