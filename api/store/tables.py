"""The conversation store's tables: the declarative `Base`, the `UTCDateTime` column type, the
ORM classes and the Core tables behind them (for statements that skip the ORM).

The Alembic migrations in api/store/migrations/ make and change these tables; their
`env.py` compares the migrations with `Base.metadata`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


def utc_now() -> datetime:
    """Now, aware and in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """The same moment in UTC; a naive one is taken to be in UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A moment, written in UTC and read back aware and in UTC from any database: SQLite keeps
    no time zone (its values come back naive), PostgreSQL answers in its session's time zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else as_utc(value)


class Base(DeclarativeBase):
    pass


class ChatSession(Base):
    __tablename__ = "sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    last_active: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, index=True)
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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    answered: Mapped[bool] = mapped_column(Boolean)
    kind: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    sources: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    suggestions: Mapped[list[str]] = mapped_column(JSON, default=list)
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    rating: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # The conversation's route that answered (migration 0005; none on older turns).
    route: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Feedback(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    message_id: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    rating: Mapped[str] = mapped_column(String(8))
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)


class Gap(Base):
    """A question the knowledge did not answer well: kept even when its session is trimmed."""

    __tablename__ = "gaps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Indexed for the purge of old gaps and the report, newest first (migration 0002).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now, index=True)
    question: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(String(512), index=True)
    # out_of_scope | not_covered | declined | other_language (refused), low_score or thumbs_down
    reason: Mapped[str] = mapped_column(String(32))
    score: Mapped[float] = mapped_column(Float, default=0.0)
    message_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)


class HandledGap(Base):
    """A group of gaps (by its key) that an editor marked as dealt with (migration 0003).
    Questions of the group asked after `handled_at` open it again."""

    __tablename__ = "gap_handled"

    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    handled_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
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


class Account(Base):
    """A person who signs in to the content console (migration 0006), with a role: viewer,
    editor, publisher or admin. The password is kept only as its argon2 hash."""

    __tablename__ = "accounts"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ContentOriginal(Base):
    """A document imported into the knowledge (migration 0006), kept as uploaded beside the
    revisions made from it."""

    __tablename__ = "content_originals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(128))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    author: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


class ContentRevision(Base):
    """One change of one knowledge file (migration 0006): its whole new text (None when the
    file was deleted), who made it, when and why. `parent` is the file's revision it was made
    on (0 for a new file); the unique (path, parent) pair is what makes two saves on the same
    revision conflict instead of one silently overwriting the other."""

    __tablename__ = "content_revisions"
    __table_args__ = (UniqueConstraint("path", "parent", name="uq_content_revisions_parent"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    path: Mapped[str] = mapped_column(String(255), index=True)
    parent: Mapped[int] = mapped_column(Integer, default=0)
    body: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str] = mapped_column(String(60))
    message: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[str] = mapped_column(String(16))  # seed | edit | import | revert | delete
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)
    original_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_originals.id", ondelete="SET NULL"), nullable=True)


class ContentPublish(Base):
    """The knowledge as it went into service (migration 0006): every file at its latest
    revision up to `revision`, published by `author` as `build`."""

    __tablename__ = "content_publishes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    revision: Mapped[int] = mapped_column(Integer)
    build: Mapped[str] = mapped_column(String(128))
    author: Mapped[str] = mapped_column(String(60))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utc_now)


SESSIONS = cast(Table, ChatSession.__table__)
MESSAGES = cast(Table, ChatMessage.__table__)
GAPS = cast(Table, Gap.__table__)
DAILY = cast(Table, DailyActivity.__table__)
