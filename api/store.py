"""Conversations, feedback and content gaps in a SQL database (SQLAlchemy).

SQLite by default (one file); any SQLAlchemy URL (e.g. PostgreSQL) for several servers.
"""

from __future__ import annotations

import contextlib
import fcntl
import secrets
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    delete,
    event,
    exc,
    insert,
    select,
    update,
)
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from api.errors import HiringAdvisorError
from api.words import gap_key


class UnknownMessageError(HiringAdvisorError):
    """Feedback names a message the store does not hold."""


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class ChatSession(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_active: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    turns: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ChatMessage(Base):
    """One turn: the user's message and the answer given."""

    __tablename__ = "messages"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), index=True
    )
    turn: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    answered: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    suggestions: Mapped[list[str]] = mapped_column(JSON, default=list)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    rating: Mapped[str | None] = mapped_column(String(8), nullable=True)


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)


class Gap(Base):
    """A question the knowledge did not answer well: kept even when its session is trimmed."""

    __tablename__ = "gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    question: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(512), index=True)
    # out_of_scope | not_covered | declined (refused), low_score or thumbs_down
    reason: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    message_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)


_SESSIONS = cast(Table, ChatSession.__table__)
_MESSAGES = cast(Table, ChatMessage.__table__)
_GAPS = cast(Table, Gap.__table__)
# The statements of every turn, built once (their compiled form is cached by SQLAlchemy).
_NEXT_TURN = (
    update(_SESSIONS)
    .where(_SESSIONS.c.id == bindparam("sid"))
    .values(turns=_SESSIONS.c.turns + 1,
            state=bindparam("new_state", type_=_SESSIONS.c.state.type),
            last_active=bindparam("now", type_=_SESSIONS.c.last_active.type))
    .returning(_SESSIONS.c.turns)
)
_TRIM = delete(_MESSAGES).where(_MESSAGES.c.session_id == bindparam("sid"),
                                _MESSAGES.c.turn <= bindparam("cutoff"))
_READ_SESSION = select(_SESSIONS.c.last_active, _SESSIONS.c.state).where(
    _SESSIONS.c.id == bindparam("sid"))


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
    reason: str = ""  # why it was not answered: out_of_scope, not_covered or declined
    detail: str = ""  # what was missing, for the gap report


@dataclass(frozen=True)
class GapGroup:
    """Questions that went badly, grouped by their content words."""

    question: str
    count: int
    reasons: dict[str, int]
    examples: list[str]
    last_seen: datetime
    detail: str = ""  # the latest known reason ("no salary data for data scientists")


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}{secrets.token_hex(4)}"


class StoreUnavailable(HiringAdvisorError):
    """The database cannot be read or written now (read-only, full, gone); the message says
    why. The service keeps answering; what could not be stored is lost, nothing else is."""


@contextlib.contextmanager
def _unavailable_on_error(action: str) -> Iterator[None]:
    try:
        yield
    except (exc.OperationalError, exc.DatabaseError, exc.InterfaceError, OSError) as error:
        original = getattr(error, "orig", None) or error
        raise StoreUnavailable(f"cannot {action}: {original}") from error


class Store:
    """Sessions, turns, feedback and gaps; safe to share between threads and processes."""

    def __init__(self, url: str, *, session_ttl: timedelta, max_turns: int,
                 gap_retention: timedelta = timedelta(days=180)) -> None:
        """Connects lazily: nothing touches the database until `prepare()` or a first use."""
        if max_turns <= 0:
            raise ValueError(f"max_turns must be > 0, got {max_turns}")
        self.url = url
        self.session_ttl = session_ttl
        self.max_turns = max_turns
        self.gap_retention = gap_retention
        self.engine = _engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._prepared = False

    def close(self) -> None:
        self.engine.dispose()

    def prepare(self) -> Store:
        """Create the tables if they are missing, once even when several processes start
        together (a file lock beside an SQLite database; a retry elsewhere).

        Raises:
            StoreUnavailable: the database cannot be reached or written.
        """
        if self._prepared:
            return self
        with _unavailable_on_error("set up the database"), _schema_lock(self.url):
            try:
                Base.metadata.create_all(self.engine)
            except (exc.OperationalError, exc.ProgrammingError, exc.IntegrityError):
                # Another process created the same tables a moment earlier.
                Base.metadata.create_all(self.engine)
        self._prepared = True
        return self

    # --- sessions -----------------------------------------------------------------------------

    def load_session(self, session_id: str | None) -> tuple[str, dict[str, Any]]:
        """The session's id and state; a new id when the id is unknown or expired (the new
        session is stored with its first turn).

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        if session_id:
            with _unavailable_on_error("read the conversation"), self.engine.connect() as db:
                row = db.execute(_READ_SESSION, {"sid": session_id}).first()
            if row is not None and _aware(row.last_active) > _now() - self.session_ttl:
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
        now = _now()
        reason = None
        if not turn.answered:
            reason = turn.reason or "not_covered"
        elif turn.kind in ("snippet", "salary") and turn.score < low_score:
            reason = "low_score"
        # One short transaction of statements compiled once (SQLAlchemy Core): the ORM's unit
        # of work costs more than the database does here, and this runs on every turn.
        with _unavailable_on_error("store the turn"), self.engine.begin() as db:
            number = None if new_session else db.execute(
                _NEXT_TURN, {"sid": session_id, "new_state": state, "now": now}
            ).scalar_one_or_none()
            if number is None:  # a new session, or one purged since it was read
                number = 1
                db.execute(insert(_SESSIONS), {"id": session_id, "state": state,
                                               "turns": number, "created_at": now,
                                               "last_active": now})
            db.execute(insert(_MESSAGES), {
                "id": message_id, "session_id": session_id, "turn": number, "created_at": now,
                "question": turn.question, "answer": turn.answer, "answered": turn.answered,
                "kind": turn.kind, "score": turn.score, "sources": turn.sources,
                "suggestions": turn.suggestions, "data": turn.data, "rating": None})
            if reason:
                db.execute(insert(_GAPS), {
                    "created_at": now, "question": turn.question, "key": gap_key(turn.question),
                    "reason": reason, "score": turn.score, "message_id": message_id,
                    "detail": turn.detail or None})
            cutoff = number - self.max_turns
            if cutoff > 0:
                db.execute(_TRIM, {"sid": session_id, "cutoff": cutoff})
        return message_id

    def history(self, session_id: str) -> list[ChatMessage] | None:
        """The turns of a live session, oldest first; None when unknown or expired.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        with _unavailable_on_error("read the conversation"), self._sessions() as db:
            session = db.get(ChatSession, session_id)
            if session is None or _aware(session.last_active) <= _now() - self.session_ttl:
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
        now = now or _now()
        with _unavailable_on_error("purge old conversations"), self._sessions.begin() as db:
            ids = list(db.scalars(
                select(ChatSession.id).where(ChatSession.last_active < now - self.session_ttl)))
            messages = 0
            for chunk in (ids[i : i + 500] for i in range(0, len(ids), 500)):
                message_ids = select(ChatMessage.id).where(ChatMessage.session_id.in_(chunk))
                db.execute(delete(Feedback).where(Feedback.message_id.in_(message_ids)))
                deleted = db.execute(delete(ChatMessage).where(ChatMessage.session_id.in_(chunk)))
                messages += getattr(deleted, "rowcount", 0) or 0
                db.execute(delete(ChatSession).where(ChatSession.id.in_(chunk)))
            old = db.execute(delete(Gap).where(Gap.created_at < now - self.gap_retention))
            gaps = getattr(old, "rowcount", 0) or 0
        return PurgeReport(len(ids), messages, gaps)

    # --- feedback and gaps --------------------------------------------------------------------

    def add_feedback(self, message_id: str, rating: str, comment: str | None) -> None:
        """Record a rating; a thumbs-down also records a content gap.

        Raises:
            UnknownMessageError: no such message.
            StoreUnavailable: the database cannot be written.
        """
        self.prepare()
        with _unavailable_on_error("store the feedback"), self._sessions.begin() as db:
            message = db.get(ChatMessage, message_id)
            if message is None:
                raise UnknownMessageError(f"no message with id '{message_id}'")
            message.rating = rating
            db.add(Feedback(message_id=message_id, rating=rating, comment=comment))
            if rating == "down":
                db.add(Gap(question=message.question, key=gap_key(message.question),
                           reason="thumbs_down", score=message.score, message_id=message_id,
                           detail=comment))

    def feedback_for(self, message_id: str) -> list[Feedback]:
        with self._sessions() as db:
            return list(db.scalars(select(Feedback).where(Feedback.message_id == message_id)))

    def gaps(self, limit: int = 50) -> list[GapGroup]:
        """Gap questions grouped by content words, most frequent first.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        with _unavailable_on_error("read the content gaps"), self._sessions() as db:
            rows = list(db.scalars(select(Gap).order_by(Gap.created_at.desc())))
        groups: dict[str, list[Gap]] = defaultdict(list)
        for row in rows:
            groups[row.key].append(row)
        result = []
        for members in groups.values():
            reasons: dict[str, int] = defaultdict(int)
            for m in members:
                reasons[m.reason] += 1
            examples = list(dict.fromkeys(m.question for m in members))
            result.append(
                GapGroup(
                    question=members[0].question,
                    count=len(members),
                    reasons=dict(reasons),
                    examples=examples[:3],
                    last_seen=_aware(members[0].created_at),
                    detail=next((m.detail for m in members if m.detail), ""),
                )
            )
        result.sort(key=lambda g: (-g.count, -g.last_seen.timestamp()))
        return result[:limit]


@dataclass(frozen=True)
class PurgeReport:
    sessions: int
    messages: int
    gaps: int


@contextlib.contextmanager
def _schema_lock(url: str) -> Iterator[None]:
    """An exclusive lock beside an SQLite database file while its tables are created, so
    that workers starting together do not race; nothing for other databases."""
    parsed = make_url(url)
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if database and database.startswith("file:"):  # a URI filename: file:/path?mode=ro
        database = database.removeprefix("file:").split("?")[0]
    if not database or database == ":memory:":
        yield
        return
    path = Path(database).expanduser()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _aware(moment: datetime) -> datetime:
    """SQLite returns naive datetimes; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        # No pre-ping: an SQLite connection does not go stale as a server's can.
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record) -> None:  # noqa: ANN001 - DBAPI objects
            cursor = connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
            # A commit is in the WAL file when it returns: a killed process loses nothing; only
            # a power cut may lose the last commits (and never corrupts the database).
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True)
