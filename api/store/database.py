"""Opening the conversation store's database: engines (SQLite tuned for WAL, PostgreSQL through
psycopg 3 unless the URL names another driver), the directory of an SQLite file, and the locks
that keep two processes from migrating the schema at once (a file beside an SQLite database, an
advisory lock on PostgreSQL).
"""

from __future__ import annotations

import contextlib
import fcntl
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.pool import NullPool

# Held while PostgreSQL's schema is migrated; any number no other user of the database's
# advisory locks takes ("hireadvs" in ASCII).
_PG_SCHEMA_LOCK = 0x6869726561647673


@contextlib.contextmanager
def migrating(url: str, engine: Engine) -> Iterator[Connection]:
    """A transaction to migrate in, which no other process migrates in at the same time:
    BEGIN IMMEDIATE on an SQLite file (and the caller's file lock), an advisory lock held
    to its end on PostgreSQL."""
    if sqlite_file(url) is not None:
        engine = make_engine(url, immediate=True)
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


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL; None for another database or one in memory."""
    parsed = make_url(url)
    database = parsed.database if parsed.get_backend_name() == "sqlite" else None
    if database and database.startswith("file:"):  # a URI filename: file:/path?mode=ro
        database = database.removeprefix("file:").split("?")[0]
    if not database or database == ":memory:":
        return None
    return Path(database).expanduser()


def make_parent(url: str) -> None:
    """Make the directory of an SQLite file (SQLite makes the file, not its directory)."""
    path = sqlite_file(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)


@contextlib.contextmanager
def schema_lock(url: str) -> Iterator[None]:
    """An exclusive lock beside an SQLite database file while its schema is migrated, so
    that workers starting together do not race; nothing for other databases."""
    path = sqlite_file(url)
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


def make_engine(url: str, *, immediate: bool = False) -> Engine:
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
    postgres = parsed.get_backend_name() == "postgresql"
    if postgres and "connect_timeout" not in parsed.query:
        # A server that does not answer degrades the service in seconds, not a TCP timeout.
        connect_args["connect_timeout"] = 10
    # A pooled connection is proved alive before each use (one that a restarted server or a
    # network cut left behind is replaced, not failed on): for psycopg by `_alive`, one round
    # trip; SQLAlchemy's own pre-ping takes three there (BEGIN, SELECT 1, ROLLBACK): 3 of the
    # 7 round trips of a new conversation's turn, 6 of the 12 of a continuing one.
    engine = create_engine(parsed, pool_pre_ping=not _psycopg(parsed), connect_args=connect_args)
    if _psycopg(parsed):
        event.listen(engine, "checkout", _alive)
    return engine


def _psycopg(url: URL) -> bool:
    return url.get_backend_name() == "postgresql" and url.get_driver_name() == "psycopg"


def _alive(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A pooled psycopg connection answers an empty query (one round trip, no transaction),
    or the pool is told to replace it (`DisconnectionError` makes it discard this one and
    check out another, up to three times)."""
    try:
        result = dbapi_connection.pgconn.exec_(b"")
        alive = result.status == psycopg.pq.ExecStatus.EMPTY_QUERY
    except psycopg.Error:
        alive = False
    if not alive:
        raise DisconnectionError("the database connection was closed; opening a new one")


def _with_driver(url: URL) -> URL:
    if url.drivername in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    return url
