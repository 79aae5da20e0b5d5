"""The intent classifier's reading of a message (a stub model that is 60% sure of pay, made-up
testers' domain): it counts at the content's threshold, or at its lower bar for a message that
names a level or place."""

from __future__ import annotations

import math

import numpy as np
import pytest

from api.index.intents import IntentModel
from api.understand.intents import IntentReader


class _Embedder:
    def encode_query(self, text: str) -> np.ndarray:
        return np.ones(2, np.float32)


def model(named: float | None) -> IntentModel:
    sure = math.log(0.6 / 0.4)  # pay 60% likely
    return IntentModel(("off-topic", "pay"), np.zeros((2, 2), np.float32),
                       np.array([0.0, sure], np.float32), 0.7, named_threshold=named)


@pytest.mark.parametrize(
    ("text", "named", "pay"),
    [
        ("what is the damage for a G2 tester", 0.5, True),  # names a level: the lower bar
        ("what is the damage for a tester in Zurich", 0.5, True),  # names a place
        ("what is the damage for a tester", 0.5, False),  # names neither
        ("what is the damage for a G2 tester", None, False),  # no lower bar set
    ],
)
def test_pay_is_read_at_the_bar_for_what_the_message_names(reader, lexicon, text, named, pay):
    intents = IntentReader(model(named), _Embedder())  # type: ignore[arg-type]
    reading, intent, sure = intents.read(reader.read(text, lexicon.analyze(text)))
    assert intent == "pay" and sure == pytest.approx(0.6) and reading.pay is pay


def sure_of(intent: str) -> IntentModel:
    """A stub model 80% sure of `intent` (beside off-topic)."""
    return IntentModel(("off-topic", intent), np.zeros((2, 2), np.float32),
                       np.array([0.0, math.log(0.8 / 0.2)], np.float32), 0.7,
                       named_threshold=0.5)


@pytest.mark.parametrize(("intent", "text", "field"), [
    ("follow-up", "I meant Zurich specifically, actually", "followup"),
    ("source", "can I bank on this salary data", "source_question"),
])
def test_a_follow_up_or_a_source_question_the_words_do_not_say_is_read(
        reader, lexicon, intent, text, field):
    plain = reader.read(text, lexicon.analyze(text))
    assert getattr(plain, field) is False  # the words alone do not say it
    intents = IntentReader(sure_of(intent), _Embedder())  # type: ignore[arg-type]
    reading, found, _ = intents.read(plain)
    assert found == intent and getattr(reading, field) is True


def test_a_ranking_in_a_topic_question_is_not_of_pay(reader, lexicon):
    text = "which skills are the most important for a tester"
    plain = reader.read(text, lexicon.analyze(text))
    assert plain.op == "highest"  # the words alone rank something
    intents = IntentReader(sure_of("topic"), _Embedder())  # type: ignore[arg-type]
    assert intents.read(plain)[0].op == ""
    paid = "which place pays a tester the most"
    assert intents.read(reader.read(paid, lexicon.analyze(paid)))[0].op == "highest"


def test_the_question_after_the_background_says_what_is_asked(reader, lexicon):
    """The classifier reads the question, not the background's story (a stub that reads
    "pay" from a background that speaks of money)."""
    class ByText:
        threshold, named = 0.7, 0.5

        def predict(self, vector):
            return ("pay", 0.9) if vector[0] else ("topic", 0.9)

    class Marks:
        def encode_query(self, text: str) -> np.ndarray:
            return np.array([float("budget" in text)], np.float32)

    intents = IntentReader(sure_of("topic"), Marks())  # type: ignore[arg-type]
    intents.model = ByText()  # type: ignore[assignment]
    whole = "We have a budget for one tester. Which skills matter most?"
    asked = "Which skills matter most?"
    reading = reader.read(whole, lexicon.analyze(whole))
    assert intents.read(reading)[1] == "pay"
    assert intents.read(reading, question=reader.read(asked, lexicon.analyze(asked)))[1] == "topic"


def test_a_comparison_word_in_a_topic_question_compares_no_pay(reader, lexicon):
    text = "totally different q: does the Edelweiss cert cover automation?"
    plain = reader.read(text, lexicon.analyze(text))
    assert plain.op == "difference"
    intents = IntentReader(sure_of("topic"), _Embedder())  # type: ignore[arg-type]
    assert intents.read(plain)[0].op == ""
