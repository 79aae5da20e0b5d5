"""knowledge/intents.yml: intents with example utterances, validated with file:line like every
knowledge file; and the classifier a build keeps (its prediction needs no training library)."""

from __future__ import annotations

import numpy as np
import pytest

from api.errors import Problem
from api.index.intents import IntentModel
from api.knowledge.intents import Intents, parse_intents

GOOD = """\
threshold: 0.7
intents:
  - id: pay
    description: what someone is paid
    examples: [a, b, c, d, e]
  - id: off-topic
    description: not about hiring
    examples: [f, g, h, i, j]
"""


def parse(text: str) -> tuple[Intents | None, list[Problem]]:
    problems: list[Problem] = []
    return parse_intents(text, "kb/intents.yml", problems), problems


def test_intents_are_read_with_their_examples_and_threshold():
    intents, problems = parse(GOOD)
    assert problems == [] and intents is not None
    assert [(i.id, len(i.examples), i.line) for i in intents.intents] == [
        ("pay", 5, 3), ("off-topic", 5, 6)]
    assert intents.threshold == 0.7 and intents.named == 0.7  # no named_threshold: the same
    assert Intents.from_dict(intents.to_dict()) == intents
    named, _ = parse(GOOD.replace("threshold: 0.7\n", "threshold: 0.7\nnamed_threshold: 0.5\n"))
    assert named is not None and named.named == 0.5 and named.digest() != intents.digest()
    assert Intents.from_dict(named.to_dict()) == named


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (GOOD.replace("threshold: 0.7", "threshold: 2"), 1, "'threshold' must be a number"),
        (GOOD.replace("threshold: 0.7", "threshold: 0.7\nnamed_threshold: yes"), 2,
         "'named_threshold' must be a number"),
        (GOOD.replace("examples: [a, b, c, d, e]", "examples: [a, b]"), 5,
         "intent 'pay' needs a list of at least 5 examples"),
        (GOOD.replace("id: off-topic", "id: Off Topic"), 6, "intent id must be lower-case"),
        (GOOD.replace("id: off-topic", "id: pay"), 6, "duplicate intent id 'pay'"),
        (GOOD.replace("    description: not about hiring\n", ""), 6,
         "missing 'description'"),
        ("threshold: 0.7\nintents:\n  - id: pay\n    description: x\n    examples: [a, b, c, d, e]"
         "\n", 2, "at least two intents"),
        (GOOD + "colour: blue\n", 9, "unknown field 'colour'"),
    ],
)
def test_a_broken_intents_file_names_the_line(text, line, message):
    intents, problems = parse(text)
    assert intents is None
    assert any(p.line == line and message in p.message for p in problems), problems


def test_the_classifier_reads_the_likeliest_intent_and_how_sure():
    model = IntentModel(("off-topic", "pay"), np.array([[1.0, 0.0], [0.0, 1.0]], np.float32),
                        np.zeros(2, np.float32), 0.7)
    intent, sure = model.predict(np.array([0.0, 3.0], np.float32))
    assert intent == "pay" and sure == pytest.approx(np.exp(3) / (1 + np.exp(3)))
    assert IntentModel.from_dict(model.to_dict()).predict(np.array([3.0, 0.0]))[0] == \
        "off-topic"
