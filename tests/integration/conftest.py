"""Fixtures of the integration layer: a conversation played on the real model and the shipped
knowledge."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from api.answer.compose import Answer
from api.dialogue.state import DialogueState


@pytest.fixture
def talk(real_service) -> Callable[..., Answer | None]:
    """Play messages in one new conversation; the last answer."""
    conversation = real_service.engine.conversation

    def talk(*messages: str) -> Answer | None:
        state, answer = DialogueState(), None
        for message in messages:
            answer, state = conversation.reply(message, state)
        return answer
    return talk
