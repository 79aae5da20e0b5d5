"""The conversations in the store: sessions, their turns (saved, trimmed, read back) and the
purge of what is kept no longer (`ConversationStore`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from api.store.base import StoreBase
from api.store.daily import add_to_day, day_counts
from api.store.records import PurgeReport, Turn, new_id, unavailable_on_error
from api.store.tables import (
    GAPS,
    MESSAGES,
    SESSIONS,
    ChatMessage,
    ChatSession,
    ConsoleSignOut,
    DailyActivity,
    Feedback,
    Gap,
    HandledGap,
    utc_now,
)
from api.text.words import gap_key

# The statements of every turn, built once (their compiled form is cached by SQLAlchemy).
_NEXT_TURN = (
    update(SESSIONS)
    .where(SESSIONS.c.id == bindparam("sid"))
    .values(turns=SESSIONS.c.turns + 1,
            state=bindparam("new_state", type_=SESSIONS.c.state.type),
            last_active=bindparam("now", type_=SESSIONS.c.last_active.type))
    .returning(SESSIONS.c.turns)
)
_TRIM = delete(MESSAGES).where(MESSAGES.c.session_id == bindparam("sid"),
                               MESSAGES.c.turn <= bindparam("cutoff"))
_READ_SESSION = select(SESSIONS.c.last_active, SESSIONS.c.state).where(
    SESSIONS.c.id == bindparam("sid"))
_NEW_SESSION = insert(SESSIONS)
_NEW_MESSAGE = insert(MESSAGES)
_NEW_GAP = insert(GAPS)


class ConversationStore(StoreBase):
    """Sessions and their turns: load, save (trimming the oldest), read back, purge."""

    def load_session(self, session_id: str | None) -> tuple[str, dict[str, Any]]:
        """The session's id and state; a new id when the id is unknown or expired (the new
        session is stored with its first turn).

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        if session_id:
            with unavailable_on_error("read the conversation"), self.engine.connect() as db:
                row = db.execute(_READ_SESSION, {"sid": session_id}).first()
            if row is not None and row.last_active > utc_now() - self.session_ttl:
                return session_id, dict(row.state or {})
        return new_id("s"), {}

    def save_turn(
        self, session_id: str, state: dict[str, Any], turn: Turn, *, low_score: float,
        new_session: bool = False,
    ) -> str:
        """Store a turn and the new state; trim the oldest turns beyond `max_turns`.
        `new_session`: the id was just made by `load_session` (no row to update yet).

        The turn's number is taken by one atomic increment of the session's counter, so turns
        saved at the same moment in one session all keep their own number.

        Raises:
            StoreUnavailable: the database cannot be written; nothing was stored.
        """
        self.prepare()
        message_id = new_id("m")
        now = utc_now()
        reason = None
        if not turn.answered:
            reason = turn.reason or "not_covered"
        elif turn.kind in ("snippet", "salary") and turn.score < low_score:
            reason = "low_score"
        # One short transaction of statements compiled once (SQLAlchemy Core): the ORM's unit
        # of work costs more than the database does here, and this runs on every turn.
        with unavailable_on_error("store the turn"), self.engine.begin() as db:
            number = None if new_session else db.execute(
                _NEXT_TURN, {"sid": session_id, "new_state": state, "now": now}
            ).scalar_one_or_none()
            if number is None:  # a new session, or one purged since it was read
                number = 1
                db.execute(_NEW_SESSION, {"id": session_id, "state": state,
                                               "turns": number, "created_at": now,
                                               "last_active": now})
            db.execute(_NEW_MESSAGE, {
                "id": message_id, "session_id": session_id, "turn": number, "created_at": now,
                "question": turn.question, "answer": turn.answer, "answered": turn.answered,
                "kind": turn.kind, "score": turn.score, "sources": turn.sources,
                "suggestions": turn.suggestions, "data": turn.data, "rating": None,
                "route": turn.route or None})
            if reason:
                db.execute(_NEW_GAP, {
                    "created_at": now, "question": turn.question, "key": gap_key(turn.question),
                    "reason": reason, "score": turn.score, "message_id": message_id,
                    "detail": turn.detail or None})
            cutoff = number - self.max_turns
            if cutoff > 0:  # a long conversation: its oldest turns go, counted in their days
                self._roll_up(db, select(MESSAGES.c.id).where(
                    MESSAGES.c.session_id == session_id, MESSAGES.c.turn <= cutoff))
                db.execute(_TRIM, {"sid": session_id, "cutoff": cutoff})
        return message_id

    def history(self, session_id: str) -> list[ChatMessage] | None:
        """The turns of a live session, oldest first; None when unknown or expired.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        with unavailable_on_error("read the conversation"), self._sessions() as db:
            session = db.get(ChatSession, session_id)
            if session is None or session.last_active <= utc_now() - self.session_ttl:
                return None
            rows = db.scalars(
                select(ChatMessage)
                .where(ChatMessage.session_id == session_id)
                .order_by(ChatMessage.turn)
            )
            return list(rows)

    def purge(self, now: datetime | None = None) -> PurgeReport:
        """Delete what is kept no longer: conversations idle for longer than the session TTL
        (their turns and feedback with them), and content gaps older than the gap retention.

        Raises:
            StoreUnavailable: the database cannot be written.
        """
        self.prepare()
        now = now or utc_now()
        with unavailable_on_error("purge old conversations"), self._sessions.begin() as db:
            ids = list(db.scalars(
                select(ChatSession.id).where(ChatSession.last_active < now - self.session_ttl)))
            messages = 0
            for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
                message_ids = select(ChatMessage.id).where(ChatMessage.session_id.in_(chunk))
                self._roll_up(db, message_ids)
                db.execute(delete(Feedback).where(Feedback.message_id.in_(message_ids)))
                deleted = db.execute(delete(ChatMessage).where(ChatMessage.session_id.in_(chunk)))
                messages += getattr(deleted, "rowcount", 0) or 0
                db.execute(delete(ChatSession).where(ChatSession.id.in_(chunk)))
            old = db.execute(delete(Gap).where(Gap.created_at < now - self.gap_retention))
            gaps = getattr(old, "rowcount", 0) or 0
            # Counts and marks live as long as the gaps they sit beside.
            db.execute(delete(DailyActivity).where(
                DailyActivity.day < (now - self.gap_retention).date()))
            db.execute(delete(HandledGap).where(
                HandledGap.handled_at < now - self.gap_retention))
            db.execute(delete(ConsoleSignOut).where(ConsoleSignOut.expires_at < now))
        return PurgeReport(len(ids), messages, gaps)

    def _roll_up(self, db: Connection | Session, message_ids: Any) -> None:
        """Add the turns `message_ids` selects, and their ratings, to the counts of their days
        (`daily_activity`), before they are deleted: the charts outlive the conversations
        without a write on every turn."""
        for day, counts in sorted(day_counts(db, message_ids).items()):
            add_to_day(db, self._count_day, day, **counts)
