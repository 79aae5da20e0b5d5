"""Intents as data, on a copy of the made-up second knowledge base with an intents file of its
own (fake embedder: a message close to an example in words is read as its intent): the build
trains and keeps the classifier, a message whose words say no pay is read as pay when the
classifier is sure, one it is sure is off-topic is refused, and the report cross-validates."""

from __future__ import annotations

import shutil

import pytest

from api.dialogue.conversation import Conversation
from api.dialogue.state import DialogueState
from api.index.intents import cross_validate
from api.knowledge.loader import load_knowledge
from tests.conftest import KB2, FakeEmbedder, write
from tests.support.conversation import open_kb

# Made up for the test: Kirschberg people asking about pay, and about everything else.
INTENTS = """\
threshold: 0.6
intents:
  - id: pay
    description: what someone costs
    examples:
      - what is the damage for one of them
      - what is the damage for a senior
      - what damage should we expect
      - the damage for an L4 please
      - how big is the damage for them
      - damage for a platform person
  - id: off-topic
    description: not about hiring
    examples:
      - will the lake freeze this winter
      - is the lake warm enough to swim
      - when does the lake steamer leave
      - lake swimming times today
      - how deep is the lake
      - is the lake open for boats
"""


@pytest.fixture(scope="module")
def bot(tmp_path_factory) -> Conversation:
    knowledge = tmp_path_factory.mktemp("kb") / "kb2"
    shutil.copytree(KB2, knowledge)
    write(knowledge / "intents.yml", INTENTS)
    return open_kb(knowledge, tmp_path_factory.mktemp("index") / "index")


def test_the_build_trains_the_classifier_and_keeps_it(bot):
    model = bot.index.intents
    assert model is not None and model.classes == ("off-topic", "pay")
    assert model.threshold == 0.6


def test_a_message_read_as_pay_by_the_classifier_gets_the_figure(bot):
    reading = bot.read("what is the damage for an L4 platform engineer")
    assert reading.pay  # no pay word in it: the classifier's reading
    answer, _ = bot.reply("what is the damage for an L4 platform engineer", DialogueState())
    assert answer.answered and "CHF 118,000" in answer.text


def test_a_message_the_classifier_is_sure_is_off_topic_is_refused(bot):
    answer, _ = bot.reply("is the lake warm enough for swimming today", DialogueState())
    assert (answer.route, answer.answered, answer.reason) == ("off_topic", False,
                                                             "out_of_scope")


def test_an_off_topic_message_that_names_a_place_is_refused_unlike_a_follow_up(bot):
    salary, state = bot.reply("What does an L4 platform engineer earn in Zurich?",
                              DialogueState())
    assert salary.answered
    lake, _ = bot.reply("is the lake in Zurich warm enough for swimming today", state)
    assert (lake.route, lake.answered) == ("off_topic", False)
    geneva, _ = bot.reply("and in Geneva?", state)  # names a place and nothing else
    assert geneva.answered and "CHF" in geneva.text


def test_without_an_intents_file_there_is_no_classifier(tmp_path):
    assert open_kb(KB2, tmp_path / "index").index.intents is None


def test_the_intents_are_cross_validated(tmp_path):
    knowledge = tmp_path / "kb2"
    shutil.copytree(KB2, knowledge)
    write(knowledge / "intents.yml", INTENTS)
    intents = load_knowledge(knowledge).intents
    assert intents is not None
    report = cross_validate(intents, FakeEmbedder(), folds=3)
    assert report.support == {"pay": 6, "off-topic": 6}
    assert report.recall["pay"] == 1.0 and report.recall["off-topic"] == 1.0
