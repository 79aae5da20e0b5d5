"""Phrasings as data, on copies of the made-up second knowledge base: a way of saying a cue that
the shipped phrasings lack is read only once a content editor adds it to `phrasings.yml` and
rebuilds, with no code change; and without the file no cue is said at all."""

from __future__ import annotations

import shutil

import pytest

from api.answer.compose import AnswerKind
from api.dialogue.conversation import Conversation
from tests.conftest import KB2
from tests.support.conversation import Talk, open_kb

# Made up for the test: three phrasings no one has written into the shipped file.
ADDED = {
    "source_question": "got receipts [for _]",
    "thanks": "ta muchly",
    "new_topic": "switching gears",
}


def _bot(tmp_path_factory, edit) -> Conversation:
    knowledge = tmp_path_factory.mktemp("kb") / "kb2"
    shutil.copytree(KB2, knowledge)
    edit(knowledge / "phrasings.yml")
    return open_kb(knowledge, tmp_path_factory.mktemp("index") / "index")


def _add(path) -> None:
    text = path.read_text(encoding="utf-8")
    for cue, phrase in ADDED.items():
        text = text.replace(f"\n{cue}:\n", f"\n{cue}:\n  - {phrase}\n", 1)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def before(tmp_path_factory) -> Conversation:
    return _bot(tmp_path_factory, lambda path: None)


@pytest.fixture(scope="module")
def after(tmp_path_factory) -> Conversation:
    return _bot(tmp_path_factory, _add)


def test_a_new_phrasing_is_read_after_the_edit_and_rebuild(before, after):
    for bot, read in ((before, False), (after, True)):
        assert bot.read("got receipts for that?").source_question is read
        assert (bot.read("ta muchly").smalltalk == "thanks") is read
        assert bot.reader.new_topic("switching gears: who wrote this?") is read


def test_the_added_source_phrasing_gets_the_figure_its_source(after):
    talk = Talk(after)
    talk("What does a senior platform engineer earn in Zurich?")
    answer = talk("got receipts for that?")
    assert answer.kind == AnswerKind.SOURCE


def test_without_the_file_no_cue_is_said(tmp_path_factory):
    bot = _bot(tmp_path_factory, lambda path: path.unlink())
    assert bot.read("thanks a lot").smalltalk is None
    assert not bot.read("where does that figure come from?").source_question
