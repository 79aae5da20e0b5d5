"""A conversation on a knowledge directory with the fake model, in process: its index built,
its engine opened, and a `Talk` that keeps the dialogue state between messages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from api.answer.freshness import Clock
from api.config import Settings
from api.dialogue.conversation import Conversation
from api.dialogue.engine import open_engine
from api.dialogue.state import DialogueState
from api.index.build import build_index
from api.index.lifecycle import load_index
from tests.conftest import FakeEmbedder


def open_kb(directory: Path, index: Path, *, today: Clock = date.today) -> Conversation:
    """The conversation on `directory`'s knowledge, built into `index`; its answers dated by
    `today`."""
    embedder = FakeEmbedder()
    build_index(directory, index, embedder)
    return open_engine(load_index(index), embedder, Settings(min_relevance=0.2),
                       today=today).conversation


class Talk:
    """One conversation: say(message) -> answer, keeping the state."""

    def __init__(self, bot: Conversation) -> None:
        self.bot = bot
        self.state = DialogueState()

    def __call__(self, message: str):
        answer, self.state = self.bot.reply(message, self.state)
        return answer
