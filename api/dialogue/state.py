"""What a session remembers between turns: the frame of the last answer and what was asked.

The chat service loads it from the store before a turn and stores the one the turn returns;
`Conversation.reply` itself keeps nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from api.answer.compose import Frame


@dataclass
class DialogueState:
    """What a session remembers between turns."""

    frame: Frame | None = None
    asked: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"frame": self.frame.to_dict() if self.frame else None, "asked": self.asked}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DialogueState:
        data = data or {}
        return cls(Frame.from_dict(data.get("frame")), list(data.get("asked", [])))
