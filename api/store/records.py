"""What the conversation store hands back and raises: the plain records of its answers
(`Turn`, `GapGroup`, `ConversationSummary`, `ReviewedTurn`, `DayCounts`, `PurgeReport`,
`SchemaRevision`), its errors, and the ids it makes (`new_id`).
"""

from __future__ import annotations

import contextlib
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import exc

from api.errors import HiringAdvisorError
from api.store.tables import ChatMessage


class UnknownMessageError(HiringAdvisorError):
    """Feedback names a message the store does not hold."""


class UnknownGapError(HiringAdvisorError):
    """A gap group is named that the store does not hold (or no longer: purged)."""


@dataclass(frozen=True)
class Turn:
    """What the service stores for one exchange."""

    question: str
    answer: str
    answered: bool
    kind: str
    score: float
    sources: list[dict[str, Any]]
    suggestions: list[str]
    data: dict[str, Any] | None
    reason: str = ""  # why not answered: out_of_scope, not_covered, declined, other_language
    detail: str = ""  # what was missing, for the gap report
    route: str = ""  # the conversation's route that answered ("salary", "snippet", ...)


@dataclass(frozen=True)
class GapGroup:
    """Questions that went badly, grouped by their content words."""

    question: str
    count: int
    reasons: dict[str, int]
    examples: list[str]
    last_seen: datetime
    detail: str = ""  # the latest known reason ("no salary data for data scientists")
    key: str = ""  # what groups them (`gap_key`): names the group to mark it handled
    missing: str = ""  # the latest reason the assistant gave, thumbs-down comments aside
    comments: tuple[str, ...] = ()  # the thumbs-down comments, newest first
    handled_at: datetime | None = None  # when an editor marked the group as dealt with
    handled_by: str = ""
    note: str = ""

    @property
    def handled(self) -> bool:
        """Marked as dealt with, and not asked again since."""
        return self.handled_at is not None and self.last_seen <= self.handled_at


GAP_STATUSES = ("all", "open", "handled")


@dataclass(frozen=True)
class ConversationSummary:
    """One kept conversation, as a list of them shows it."""

    session_id: str
    started: datetime
    last_active: datetime
    turns: int
    answered: int
    thumbs_up: int
    thumbs_down: int
    first_question: str


@dataclass(frozen=True)
class ReviewedTurn:
    """A stored turn with what was said about it: why it was a gap, the feedback comments."""

    message: ChatMessage
    reasons: tuple[str, ...]
    comments: tuple[str, ...]
    details: tuple[str, ...] = ()  # what was missing, one for each reason ('' when none)


@dataclass(frozen=True)
class DayCounts:
    day: date
    questions: int
    answered: int
    thumbs_up: int
    thumbs_down: int


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}{secrets.token_hex(4)}"


@dataclass(frozen=True)
class PurgeReport:
    sessions: int
    messages: int
    gaps: int


class StoreUnavailable(HiringAdvisorError):
    """The database cannot be read or written now (read-only, full, gone); the message says
    why. The service keeps answering; what could not be stored is lost, nothing else is."""


@dataclass(frozen=True)
class SchemaRevision:
    """Where a database's schema stands against the migrations this code ships."""

    current: str | None  # the last migration applied; None when none is recorded
    head: str  # the latest migration this code knows
    legacy: bool = False  # tables made before migrations (no revision recorded)
    known: bool = True  # False when `current` is a migration this code does not have

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


@contextlib.contextmanager
def unavailable_on_error(action: str) -> Iterator[None]:
    """Raise a database's failure to `action` inside as `StoreUnavailable`."""
    try:
        yield
    except (exc.OperationalError, exc.DatabaseError, exc.InterfaceError, OSError) as error:
        original = getattr(error, "orig", None) or error
        raise StoreUnavailable(f"cannot {action}: {original}") from error
