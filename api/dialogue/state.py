"""What a session remembers between turns: the frame of the last answer, what was asked, and
the last hiring kit drafted (so that "put the how-we-work bit back" still finds it after a
question in between).

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
    kit: dict[str, Any] = field(default_factory=dict)  # the last kit drafted (a KitAsk)
    # The last kit drafted of each kind, by kind ("back to the job post" after a scorecard).
    kits: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"frame": self.frame.to_dict() if self.frame else None, "asked": self.asked,
                "kit": self.kit, "kits": self.kits}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> DialogueState:
        data = data or {}
        kit, kits = data.get("kit"), data.get("kits")
        return cls(Frame.from_dict(data.get("frame")), list(data.get("asked", [])),
                   dict(kit) if isinstance(kit, dict) else {},
                   {k: dict(v) for k, v in kits.items() if isinstance(v, dict)}
                   if isinstance(kits, dict) else {})
