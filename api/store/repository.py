"""Conversations, feedback and content gaps in a SQL database (SQLAlchemy).

SQLite by default (one file); PostgreSQL (psycopg 3) for several servers, or any SQLAlchemy URL.
The schema is made and changed by the Alembic migrations in api/migrations/, applied by
`Store.prepare()` at start-up or by `hiring-advisor db upgrade`.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import logging
import secrets
import sqlite3
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    bindparam,
    case,
    create_engine,
    delete,
    event,
    exc,
    func,
    insert,
    inspect,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import URL, Connection, Dialect, Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import NullPool
from sqlalchemy.types import TypeDecorator

from api.errors import HiringAdvisorError
from api.text.words import gap_key

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

log = logging.getLogger("hiring_advisor")
MIGRATIONS = Path(__file__).with_name("migrations")
# The revision of the tables that releases before migrations made with `create_all`.
FIRST_REVISION = "0001"
# Held while PostgreSQL's schema is migrated; any number no other user of the database's
# advisory locks takes ("hireadvs" in ASCII).
_PG_SCHEMA_LOCK = 0x6869726561647673


class UnknownMessageError(HiringAdvisorError):
    """Feedback names a message the store does not hold."""


class UnknownGapError(HiringAdvisorError):
    """A gap group is named that the store does not hold (or no longer: purged)."""


def _now() -> datetime:
    return datetime.now(UTC)


def _utc(moment: datetime) -> datetime:
    """The same moment in UTC; a naive one is taken to be in UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment, written in UTC and read back aware and in UTC from any database: SQLite keeps
    no time zone (its values come back naive), PostgreSQL answers in its session's time zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else _utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else _utc(value)


class Base(DeclarativeBase):
    pass


class ChatSession(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    last_active: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now, index=True)
    turns: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ChatMessage(Base):
    """One turn: the user's message and the answer given."""

    __tablename__ = "messages"
    # A session's turns in order: the history, and the trim of the oldest (migration 0002).
    __table_args__ = (Index("ix_messages_session_id_turn", "session_id", "turn"),)

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    turn: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)


class Gap(Base):
    """A question the knowledge did not answer well: kept even when its session is trimmed."""

    __tablename__ = "gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Indexed for the purge of old gaps and the report, newest first (migration 0002).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now, index=True)
    question: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(512), index=True)
    # out_of_scope | not_covered | declined (refused), low_score or thumbs_down
    reason: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    message_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)


class HandledGap(Base):
    """A group of gaps (by its key) that an editor marked as dealt with (migration 0003).
    Questions of the group asked after `handled_at` open it again."""

    __tablename__ = "gap_handled"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)
    handled_by: Mapped[str] = mapped_column(String(128), default="")
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


class DailyActivity(Base):
    """How many questions, answers and ratings a day (UTC) saw, of the turns no longer kept
    (migration 0003): a turn is added here when a purge or a long conversation's trim deletes
    it, so that charts reach further back than the conversations; counts only, kept as long as
    the gaps. Turns still kept are counted where they are (`Store.activity`)."""

    __tablename__ = "daily_activity"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    questions: Mapped[int] = mapped_column(Integer, default=0)
    answered: Mapped[int] = mapped_column(Integer, default=0)
    thumbs_up: Mapped[int] = mapped_column(Integer, default=0)
    thumbs_down: Mapped[int] = mapped_column(Integer, default=0)


class ConsoleSignOut(Base):
    """A content console session signed out before its cookie expires (migration 0003): the
    cookie is refused from then on, by every replica. Kept until the cookie would expire."""

    __tablename__ = "console_signouts"

    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


_SESSIONS = cast(Table, ChatSession.__table__)
_MESSAGES = cast(Table, ChatMessage.__table__)
_GAPS = cast(Table, Gap.__table__)
_DAILY = cast(Table, DailyActivity.__table__)
DAY_COUNTS = ("questions", "answered", "thumbs_up", "thumbs_down")
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
_NEW_SESSION = insert(_SESSIONS)
_NEW_MESSAGE = insert(_MESSAGES)
_NEW_GAP = insert(_GAPS)


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


@dataclass(frozen=True)
class DayCounts:
    day: date
    questions: int
    answered: int
    thumbs_up: int
    thumbs_down: int


def new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex}{secrets.token_hex(4)}"


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
        self._count_day = _day_counter(self.engine.dialect.name)

    def close(self) -> None:
        self.engine.dispose()

    def prepare(self) -> Store:
        """Bring the schema up to date (`upgrade()`), once per store: every other method calls
        this first, so a store that failed here tries again on its next use.

        Raises:
            StoreUnavailable: the database cannot be reached or written, or its schema is of a
                newer version of this code.
        """
        if not self._prepared:
            self.upgrade()
            self._prepared = True
        return self

    def revision(self) -> SchemaRevision:
        """Where the database's schema stands; changes nothing.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        path = _sqlite_file(self.url)
        if path is not None and not path.exists():  # not made yet, and not made by looking
            return SchemaRevision(None, _head())
        with _unavailable_on_error("read the schema revision"), self.engine.connect() as db:
            return _schema_revision(db)

    def upgrade(self) -> tuple[SchemaRevision, SchemaRevision]:
        """Apply the migrations up to the latest, once even when several processes start
        together: under a file lock beside an SQLite database, under an advisory lock on
        PostgreSQL. Elsewhere a process that loses the race to another one reports the store
        unavailable, and finds the work done when it tries again.

        An empty database gets every migration; tables made before migrations (by
        `create_all`, with no revision recorded) are stamped 0001 first. The migrations run in
        one transaction, so they apply whole or not at all (SQLite and PostgreSQL both change
        schemas in transactions).

        Returns:
            Where the schema stood before, and where it stands now.

        Raises:
            StoreUnavailable: the database cannot be reached or written, or its schema is of a
                newer version of this code (a migration this code does not have).
        """
        with _unavailable_on_error("set up the database"):
            _make_parent(self.url)
            with self.engine.connect() as db:  # the usual case: no lock, no write
                before = _schema_revision(db)
            if before.up_to_date:
                return before, before
            with _schema_lock(self.url), _migrating(self.url, self.engine) as db:
                before = _schema_revision(db)  # another process may have done it meanwhile
                if not before.known:
                    raise StoreUnavailable(
                        f"cannot set up the database: its schema is at revision "
                        f"{before.current}, which this version does not know (the latest it "
                        f"knows is {before.head}); a newer version migrated it")
                if not before.up_to_date:
                    _migrate(db, stamp_first=before.legacy)
                after = _schema_revision(db)
        if after != before:
            log.info("database schema upgraded", extra={"fields": {
                "from": before.current or ("tables without a revision" if before.legacy
                                           else "nothing"),
                "to": after.current}})
        return before, after

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
            if row is not None and row.last_active > _now() - self.session_ttl:
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
                db.execute(_NEW_SESSION, {"id": session_id, "state": state,
                                               "turns": number, "created_at": now,
                                               "last_active": now})
            db.execute(_NEW_MESSAGE, {
                "id": message_id, "session_id": session_id, "turn": number, "created_at": now,
                "question": turn.question, "answer": turn.answer, "answered": turn.answered,
                "kind": turn.kind, "score": turn.score, "sources": turn.sources,
                "suggestions": turn.suggestions, "data": turn.data, "rating": None})
            if reason:
                db.execute(_NEW_GAP, {
                    "created_at": now, "question": turn.question, "key": gap_key(turn.question),
                    "reason": reason, "score": turn.score, "message_id": message_id,
                    "detail": turn.detail or None})
            cutoff = number - self.max_turns
            if cutoff > 0:  # a long conversation: its oldest turns go, counted in their days
                self._roll_up(db, select(_MESSAGES.c.id).where(
                    _MESSAGES.c.session_id == session_id, _MESSAGES.c.turn <= cutoff))
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
            if session is None or session.last_active <= _now() - self.session_ttl:
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

    # --- content console sign-outs --------------------------------------------------------------

    def sign_out(self, sid: str, expires_at: datetime) -> None:
        """Refuse the console session `sid` from now on (until `expires_at`, when its cookie
        would expire anyway).

        Raises:
            StoreUnavailable: the database cannot be written.
        """
        self.prepare()
        with _unavailable_on_error("record the sign-out"), self._sessions.begin() as db:
            if db.get(ConsoleSignOut, sid) is None:
                db.add(ConsoleSignOut(sid=sid, expires_at=expires_at))

    def signed_out(self, sid: str) -> bool:
        """Whether the console session `sid` was signed out.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        with _unavailable_on_error("read the sign-outs"), self._sessions() as db:
            return db.get(ConsoleSignOut, sid) is not None

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

    def gaps(self, limit: int = 50, *, since: datetime | None = None,
             reasons: Collection[str] | None = None, status: str = "all",
             examples: int = 3) -> list[GapGroup]:
        """Gap questions grouped by content words, most frequent first.

        Args:
            since: only questions asked from then on.
            reasons: only questions that went badly for one of these reasons.
            status: "open" leaves out the groups marked handled (and not asked again since),
                "handled" keeps only those; "all" both.
            examples: how many different wordings to give per group.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        if status not in GAP_STATUSES:
            raise ValueError(f"status must be one of {', '.join(GAP_STATUSES)}, got {status!r}")
        self.prepare()
        query = select(Gap).order_by(Gap.created_at.desc(), Gap.id.desc())
        if since is not None:
            query = query.where(Gap.created_at >= since)
        if reasons is not None:
            query = query.where(Gap.reason.in_(list(reasons)))
        with _unavailable_on_error("read the content gaps"), self._sessions() as db:
            rows = list(db.scalars(query))
            marks = {m.key: m for m in db.scalars(select(HandledGap))} if rows else {}
        groups: dict[str, list[Gap]] = defaultdict(list)
        for row in rows:
            groups[row.key].append(row)
        result = []
        for key, members in groups.items():
            reason_counts: dict[str, int] = defaultdict(int)
            for m in members:
                reason_counts[m.reason] += 1
            wordings = list(dict.fromkeys(m.question for m in members))
            mark = marks.get(key)
            group = GapGroup(
                question=members[0].question,
                count=len(members),
                reasons=dict(reason_counts),
                examples=wordings[:examples],
                last_seen=members[0].created_at,
                detail=next((m.detail for m in members if m.detail), ""),
                key=key,
                missing=next((m.detail for m in members
                              if m.detail and m.reason != "thumbs_down"), ""),
                comments=tuple(dict.fromkeys(m.detail for m in members
                                             if m.detail and m.reason == "thumbs_down")),
                handled_at=mark.handled_at if mark else None,
                handled_by=mark.handled_by if mark else "",
                note=(mark.note or "") if mark else "",
            )
            if status == "all" or group.handled == (status == "handled"):
                result.append(group)
        result.sort(key=lambda g: (-g.count, -g.last_seen.timestamp()))
        return result[:limit]

    def mark_handled(self, key: str, by: str, note: str | None = None) -> datetime:
        """Mark the gap group `key` as dealt with, now (again, if it was already).

        Raises:
            UnknownGapError: no gap of that group is kept.
            StoreUnavailable: the database cannot be written.
        """
        self.prepare()
        now = _now()
        with _unavailable_on_error("mark the gap handled"), self._sessions.begin() as db:
            if db.scalar(select(Gap.id).where(Gap.key == key).limit(1)) is None:
                raise UnknownGapError(f"no content gap grouped as '{key}' is kept")
            db.execute(delete(HandledGap).where(HandledGap.key == key))
            db.add(HandledGap(key=key, handled_at=now, handled_by=by, note=note or None))
        return now

    def unmark_handled(self, key: str) -> None:
        """Open the gap group `key` again (nothing happens when it was not marked).

        Raises:
            StoreUnavailable: the database cannot be written.
        """
        self.prepare()
        with _unavailable_on_error("reopen the gap"), self._sessions.begin() as db:
            db.execute(delete(HandledGap).where(HandledGap.key == key))

    # --- reviewing what was asked ---------------------------------------------------------------

    def conversations(self, *, search: str = "", in_text: bool = True,
                      since: datetime | None = None, limit: int = 50
                      ) -> list[ConversationSummary]:
        """The kept conversations, the most recently active first.

        Args:
            search: only conversations with a turn that holds this (any case) in its question
                or answer (when `in_text`), in the id of a source it showed, or in its session
                or message id.
            in_text: whether `search` may look into what was said.
            since: only conversations active from then on.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        cutoff = _now() - self.session_ttl
        if since is not None:
            cutoff = max(cutoff, since)
        answered = func.sum(case((ChatMessage.answered.is_(True), 1), else_=0))
        up = func.sum(case((ChatMessage.rating == "up", 1), else_=0))
        down = func.sum(case((ChatMessage.rating == "down", 1), else_=0))
        query = (
            select(ChatSession.id, ChatSession.created_at, ChatSession.last_active,
                   func.count(ChatMessage.id), answered, up, down)
            .join(ChatMessage, ChatMessage.session_id == ChatSession.id)
            .where(ChatSession.last_active > cutoff)
            .group_by(ChatSession.id, ChatSession.created_at, ChatSession.last_active)
            .order_by(ChatSession.last_active.desc())
            .limit(limit)
        )
        needle = search.strip()
        if needle:
            fields = [ChatMessage.sources.cast(Text), ChatMessage.session_id, ChatMessage.id]
            if in_text:
                fields += [ChatMessage.question, ChatMessage.answer]
            matching = select(ChatMessage.session_id).where(
                or_(*(f.icontains(needle, autoescape=True) for f in fields)))
            query = query.where(ChatSession.id.in_(matching))
        with _unavailable_on_error("read the conversations"), self.engine.connect() as db:
            rows = db.execute(query).all()
            ids = [r[0] for r in rows]
            first_turn = (select(ChatMessage.session_id, func.min(ChatMessage.turn).label("turn"))
                          .where(ChatMessage.session_id.in_(ids))
                          .group_by(ChatMessage.session_id).subquery())
            firsts = dict(db.execute(
                select(ChatMessage.session_id, ChatMessage.question).join(
                    first_turn, (ChatMessage.session_id == first_turn.c.session_id)
                    & (ChatMessage.turn == first_turn.c.turn))).all()) if ids else {}
        return [ConversationSummary(sid, _utc(started), _utc(active), int(turns),
                                    int(yes or 0), int(ups or 0), int(downs or 0),
                                    firsts.get(sid, ""))
                for sid, started, active, turns, yes, ups, downs in rows]

    def review(self, session_id: str) -> list[ReviewedTurn] | None:
        """A kept conversation's turns, oldest first, each with the reasons it was listed as a
        gap and its feedback comments; None when unknown or expired.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        turns = self.history(session_id)
        if turns is None:
            return None
        ids = [m.id for m in turns]
        with _unavailable_on_error("read the conversation"), self._sessions() as db:
            gaps = db.execute(select(Gap.message_id, Gap.reason)
                              .where(Gap.message_id.in_(ids)).order_by(Gap.id)).all()
            notes = db.execute(select(Feedback.message_id, Feedback.comment)
                               .where(Feedback.message_id.in_(ids))
                               .order_by(Feedback.id)).all()
        reasons: dict[str, list[str]] = defaultdict(list)
        comments: dict[str, list[str]] = defaultdict(list)
        for mid, reason in gaps:
            reasons[str(mid)].append(reason)
        for mid, comment in notes:
            if comment:  # an empty comment says nothing
                comments[mid].append(comment)
        return [ReviewedTurn(m, tuple(dict.fromkeys(reasons[m.id])), tuple(comments[m.id]))
                for m in turns]

    def source_usage(self) -> Counter[str]:
        """How many kept turns showed each snippet as a source (by snippet id).

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        counts: Counter[str] = Counter()
        with _unavailable_on_error("read the conversations"), self.engine.connect() as db:
            result = db.execution_options(yield_per=1000).execute(select(ChatMessage.sources))
            for (sources,) in result:
                counts.update({str(s["id"]) for s in sources or ()
                               if isinstance(s, dict) and s.get("id")})
        return counts

    def activity(self, since: date) -> list[DayCounts]:
        """Questions, answers and ratings per day from `since` on (days with none left out).

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        start = datetime.combine(since, datetime.min.time(), tzinfo=UTC)
        with _unavailable_on_error("read the activity"), self.engine.connect() as db:
            days = _day_counts(db, select(_MESSAGES.c.id).where(_MESSAGES.c.created_at >= start))
            for r in db.execute(select(_DAILY).where(_DAILY.c.day >= since)):
                for name in DAY_COUNTS:
                    days[r.day][name] += getattr(r, name)
        return [DayCounts(day, **days[day]) for day in sorted(days)]

    def _roll_up(self, db: Connection | Session, message_ids: Any) -> None:
        """Add the turns `message_ids` selects, and their ratings, to the counts of their days
        (`daily_activity`), before they are deleted: the charts outlive the conversations
        without a write on every turn."""
        for day, counts in sorted(_day_counts(db, message_ids).items()):
            _add_to_day(db, self._count_day, day, **counts)


@dataclass(frozen=True)
class PurgeReport:
    sessions: int
    messages: int
    gaps: int


# --- the schema: Alembic migrations -------------------------------------------------------------


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the migrations in api/migrations/, without an alembic.ini
    (so it works from any directory and from an installed wheel). Commands run them on
    `connection`, inside its transaction: the caller commits."""
    from alembic.config import Config

    config = Config()
    # The option is read through configparser, where "%" starts an interpolation.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    """The migrations this code ships (read once)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def _head() -> str:
    head = _scripts().get_current_head()
    assert head is not None, f"no migrations in {MIGRATIONS}"
    return head


def _schema_revision(db: Connection) -> SchemaRevision:
    from alembic.runtime.migration import MigrationContext

    current = MigrationContext.configure(db).get_current_revision()
    known = current is None or current in {s.revision for s in _scripts().walk_revisions()}
    legacy = current is None and inspect(db).has_table(ChatSession.__tablename__)
    return SchemaRevision(current, _head(), legacy=legacy, known=known)


def _migrate(db: Connection, *, stamp_first: bool) -> None:
    """Upgrade to the latest migration; `stamp_first`: record the tables as revision 0001
    (made by `create_all` before migrations) instead of making them."""
    from alembic import command

    config = alembic_config(db)
    if stamp_first:
        command.stamp(config, FIRST_REVISION)
    command.upgrade(config, "head")


@contextlib.contextmanager
def _migrating(url: str, engine: Engine) -> Iterator[Connection]:
    """A transaction to migrate in, which no other process migrates in at the same time:
    BEGIN IMMEDIATE on an SQLite file (and the caller's file lock), an advisory lock held
    to its end on PostgreSQL."""
    if _sqlite_file(url) is not None:
        engine = _engine(url, immediate=True)
        try:
            with engine.begin() as db:
                yield db
        finally:
            engine.dispose()
        return
    with engine.begin() as db:
        if db.dialect.name == "postgresql":
            db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_SCHEMA_LOCK})
        yield db


def _sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL; None for another database or one in memory."""
    parsed = make_url(url)
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if database and database.startswith("file:"):  # a URI filename: file:/path?mode=ro
        database = database.removeprefix("file:").split("?")[0]
    if not database or database == ":memory:":
        return None
    return Path(database).expanduser()


def _make_parent(url: str) -> None:
    """Make the directory of an SQLite file (SQLite makes the file, not its directory)."""
    path = _sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


@contextlib.contextmanager
def _schema_lock(url: str) -> Iterator[None]:
    """An exclusive lock beside an SQLite database file while its schema is migrated, so
    that workers starting together do not race; nothing for other databases."""
    path = _sqlite_file(url)
    if path is None:
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _wal(cursor: Any, timeout: float = 30.0) -> None:
    """Put the database in WAL mode. SQLite answers "database is locked" at once, without
    waiting on the busy timeout, when another process holds a lock while the mode is switched
    (a new file that several processes open together): retry until it gives way."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _engine(url: str, *, immediate: bool = False) -> Engine:
    """An engine for `url`; `postgresql://` (or `postgres://`) without a driver means psycopg 3,
    the driver this package installs.

    `immediate` (SQLite, for migrations): each transaction starts with BEGIN IMMEDIATE, taking
    the write lock at once, and holds DDL too (the driver otherwise runs DDL outside any
    transaction), so that a migration applies whole or not at all.
    """
    parsed = _with_driver(make_url(url))
    if parsed.get_backend_name() == "sqlite":
        # No pre-ping: an SQLite connection does not go stale as a server's can.
        engine = create_engine(parsed, connect_args={"check_same_thread": False, "timeout": 30},
                               poolclass=NullPool if immediate else None)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(connection, _record) -> None:  # noqa: ANN001 - DBAPI objects
            if immediate:
                connection.isolation_level = None  # no implicit BEGIN: the event below does it
            cursor = connection.cursor()
            cursor.execute("PRAGMA busy_timeout=30000")
            _wal(cursor)  # readers never block the writer
            # A commit is in the WAL file when it returns: a killed process loses nothing; only
            # a power cut may lose the last commits (and never corrupts the database).
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        if immediate:
            @event.listens_for(engine, "begin")
            def _begin_immediate(connection: Connection) -> None:
                connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    connect_args: dict[str, Any] = {}
    if parsed.get_backend_name() == "postgresql" and "connect_timeout" not in parsed.query:
        # A server that does not answer degrades the service in seconds, not a TCP timeout.
        connect_args["connect_timeout"] = 10
    return create_engine(parsed, pool_pre_ping=True, connect_args=connect_args)


def _day_counter(dialect: str) -> Any:
    """The statement that adds to a day's counts in one step, making the day's row on first
    use (an upsert); None where the database has none that SQLAlchemy speaks."""
    from sqlalchemy.dialects import postgresql, sqlite

    upserts: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
    if dialect not in upserts:
        return None
    statement = upserts[dialect](_DAILY).values(
        {name: bindparam(name) for name in ("day", *DAY_COUNTS)})
    return statement.on_conflict_do_update(
        index_elements=[_DAILY.c.day],
        set_={name: _DAILY.c[name] + statement.excluded[name] for name in DAY_COUNTS})


def _day_counts(db: Connection | Session, message_ids: Any) -> dict[date, dict[str, int]]:
    """Questions, answered questions and thumbs up/down per UTC day, of the turns (and the
    ratings of the turns) that `message_ids` selects."""
    days: dict[date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(DAY_COUNTS, 0))
    for created, answered in db.execute(select(_MESSAGES.c.created_at, _MESSAGES.c.answered)
                                        .where(_MESSAGES.c.id.in_(message_ids))):
        day = days[_utc(created).date()]
        day["questions"] += 1
        day["answered"] += int(bool(answered))
    for created, rating in db.execute(select(Feedback.created_at, Feedback.rating)
                                      .where(Feedback.message_id.in_(message_ids))):
        days[_utc(created).date()]["thumbs_up" if rating == "up" else "thumbs_down"] += 1
    return days


def _add_to_day(db: Connection | Session, upsert: Any, day: date, **counts: int) -> None:
    """Add `counts` (names of DAY_COUNTS) to the row of `day`, in the caller's transaction."""
    values = {"day": day, **dict.fromkeys(DAY_COUNTS, 0), **counts}
    if upsert is not None:
        db.execute(upsert, values)
        return
    added = {name: _DAILY.c[name] + value for name, value in counts.items()}
    if not getattr(db.execute(update(_DAILY).where(_DAILY.c.day == day).values(added)),
                   "rowcount", 0):
        db.execute(insert(_DAILY), values)


def _with_driver(url: URL) -> URL:
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    return url
