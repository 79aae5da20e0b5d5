"""What to search for a follow-up (made-up testers' domain): a pronoun that says too little is
the last subject, unless the message names the one it means."""

from __future__ import annotations

import pytest

from api.answer.compose import Frame
from api.dialogue.context import elsewhere, search_query

FRAME = Frame(topic="certs", subject="The Edelweiss testing certificate")


@pytest.fixture
def query(domain, reader, lexicon):
    def query(text: str) -> str:
        return search_query(domain, reader.read(text, lexicon.analyze(text)), FRAME, True)
    return query


def test_a_pronoun_that_says_too_little_is_the_last_subject(query):
    assert query("what does it cover?") == "what does The Edelweiss testing certificate cover?"


@pytest.mark.parametrize("text", ["and the Alpine one, what does it cover?",
                                  "what about the other one, what does it cover?"])
def test_a_message_that_names_its_own_one_is_searched_as_it_is(query, text):
    assert query(text) == text


@pytest.mark.parametrize(("text", "intent", "away"), [
    # A question of its own, read as off-topic, naming a place and no pay: not a follow-up.
    ("and what's the best way for her to get from the airport into Zurich?", "off-topic", True),
    ("and Zurich?", "off-topic", False),  # short: a follow-up whatever the classifier says
    ("and what would a G2 tester get in Zurich over there?", "off-topic", False),  # a level
    ("and what's the best way for her to get from the airport into Zurich?", "pay", False),
])
def test_a_question_of_its_own_about_a_place_is_elsewhere(reader, lexicon, text, intent, away):
    assert elsewhere(reader.read(text, lexicon.analyze(text)), intent) is away


def test_a_question_after_background_is_searched_alone_with_the_roles_named(query, domain):
    text = "We're a small team in Zurich hiring our first tester. Which skills matter most?"
    assert query(text) == f"Which skills matter most? {domain.role_name('tester')}"
    kept = "One applicant lists the Edelweiss certificate. What does it cover?"
    assert query(kept).startswith("One applicant")  # "it" is in the background
