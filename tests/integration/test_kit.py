"""The blind set of kit conversations (written apart from the code) played with the real model;
with the fake model it is in tests/component/dialogue/test_kit_chat.py."""

from __future__ import annotations

from api.cli.evaluation import load_conversations
from api.dialogue.state import DialogueState
from tests.conftest import ROOT
from tests.support.kits import blind_problems


def test_the_blind_kit_set_with_the_real_model(real_service):
    failures = []
    for convo in load_conversations(ROOT / "tests/eval/blind/kit.jsonl"):
        state = DialogueState()
        for turn in convo["turns"]:
            answer, state = real_service.engine.conversation.reply(turn["message"], state)
            failures += [(convo["id"], turn["message"], p) for p in blind_problems(answer, turn)]
    assert failures == []
