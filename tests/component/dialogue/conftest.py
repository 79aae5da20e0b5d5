"""The conversation on the made-up second knowledge base (tests/fixtures/kb2), built once for
every dialogue test that does not need its own knowledge (those define their own `bot`)."""

from __future__ import annotations

import pytest

from api.dialogue.conversation import Conversation
from tests.conftest import KB2
from tests.support.conversation import Talk, open_kb


@pytest.fixture(scope="session")
def bot(tmp_path_factory) -> Conversation:
    return open_kb(KB2, tmp_path_factory.mktemp("kb2") / "index")


@pytest.fixture
def talk(bot) -> Talk:
    """A new conversation with `bot`."""
    return Talk(bot)
