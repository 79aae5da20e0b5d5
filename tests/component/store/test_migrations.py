"""Schema migrations (api/store/migrations/) on SQLite, and again on PostgreSQL in
tests/system/postgresql/test_migrations.py: they make the schema the models describe, revision
0001 is the schema releases before migrations made, such a database is upgraded without losing a
turn, a failed migration changes nothing, `hiring-advisor db` upgrades and reports, and 0003
counts the days already kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
    select,
    text,
)
from sqlalchemy import Column as C
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from api.cli.app import app
from api.config import get_settings
from api.store.migrate import alembic_config
from api.store.records import StoreUnavailable
from api.store.repository import Store
from api.store.tables import Base
from tests.support.store import turn

HEAD = "0006"

# The tables as releases before migrations declared them (api/store.py up to a2b1872), frozen:
# what `Base.metadata.create_all` made in every database created until then.
LEGACY = MetaData()
Table("sessions", LEGACY,
      C("id", String(64), primary_key=True),
      C("created_at", DateTime(timezone=True), nullable=False),
      C("last_active", DateTime(timezone=True), nullable=False, index=True),
      C("turns", Integer, nullable=False),
      C("state", JSON, nullable=False))
Table("messages", LEGACY,
      C("id", String(64), primary_key=True),
      C("session_id", ForeignKey("sessions.id", ondelete="CASCADE"), nullable=False, index=True),
      C("turn", Integer, nullable=False),
      C("created_at", DateTime(timezone=True), nullable=False),
      C("question", Text, nullable=False),
      C("answer", Text, nullable=False),
      C("answered", Boolean, nullable=False),
      C("kind", String(32), nullable=False),
      C("score", Float, nullable=False),
      C("sources", JSON, nullable=False),
      C("suggestions", JSON, nullable=False),
      C("data", JSON, nullable=True),
      C("rating", String(8), nullable=True))
Table("feedback", LEGACY,
      C("id", Integer, primary_key=True, autoincrement=True),
      C("message_id", String(64), nullable=False, index=True),
      C("created_at", DateTime(timezone=True), nullable=False),
      C("rating", String(8), nullable=False),
      C("comment", Text, nullable=True))
Table("gaps", LEGACY,
      C("id", Integer, primary_key=True, autoincrement=True),
      C("created_at", DateTime(timezone=True), nullable=False),
      C("question", Text, nullable=False),
      C("key", String(512), nullable=False, index=True),
      C("reason", String(32), nullable=False),
      C("score", Float, nullable=False),
      C("message_id", String(64), nullable=True),
      C("detail", Text, nullable=True))


def open_store(url: str) -> Store:
    return Store(url, session_ttl=timedelta(hours=1), max_turns=50)


def connect(url: str) -> Engine:
    """An engine of its own on the database of `url` (made as the store would make it)."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url)


def schema_differences(url: str, metadata: MetaData) -> list[Any]:
    """What Alembic's autogenerate would change to make the database match `metadata`."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = connect(url)
    with engine.connect() as db:
        differences = compare_metadata(MigrationContext.configure(db), metadata)
    engine.dispose()
    return differences


def migrate(url: str, target: str, *, down: bool = False) -> None:
    """Run the migrations up (or down) to `target` directly with Alembic."""
    from alembic import command

    engine = connect(url)
    with engine.begin() as db:
        (command.downgrade if down else command.upgrade)(alembic_config(db), target)
    engine.dispose()


def indexes(url: str) -> dict[str, set[str]]:
    engine = connect(url)
    found = inspect(engine)
    result = {t: {i["name"] for i in found.get_indexes(t)} for t in found.get_table_names()}
    engine.dispose()
    return result


def test_migrations_make_the_schema_of_the_models_and_go_back(database_url):
    store = open_store(database_url)
    before, after = store.upgrade()
    assert (before.current, before.legacy, after.current) == (None, False, HEAD)
    assert store.upgrade() == (after, after)  # nothing left to do
    store.close()
    assert schema_differences(database_url, Base.metadata) == []
    migrate(database_url, "base", down=True)
    assert set(indexes(database_url)) == {"alembic_version"}
    migrate(database_url, "head")
    assert schema_differences(database_url, Base.metadata) == []


def test_revision_0001_is_the_schema_that_create_all_made(database_url):
    migrate(database_url, "0001")
    assert schema_differences(database_url, LEGACY) == []
    tables = indexes(database_url)
    tables.pop("alembic_version")
    legacy = {t.name: {i.name for i in t.indexes} for t in LEGACY.sorted_tables}
    assert tables == legacy


def fill_the_old_way(url: str) -> None:
    """Make the tables as releases before migrations did, with conversations in them."""
    engine = connect(url)
    sessions, messages, feedback, gaps = (LEGACY.tables[n] for n in
                                          ("sessions", "messages", "feedback", "gaps"))
    start = datetime.now(UTC) - timedelta(minutes=30)
    with engine.begin() as db:
        LEGACY.create_all(db)
        for s in range(3):
            sid = f"s_{s}"
            db.execute(sessions.insert(), {"id": sid, "created_at": start, "turns": 4,
                                           "last_active": start + timedelta(minutes=4),
                                           "state": {"frame": {"role": "tester", "n": s}}})
            db.execute(messages.insert(), [{
                "id": f"m_{s}_{t}", "session_id": sid, "turn": t,
                "created_at": start + timedelta(minutes=t, microseconds=s),
                "question": f"question {s}.{t} – Zürich?", "answer": f"answer {s}.{t}",
                "answered": t != 2, "kind": "salary" if t != 2 else "refused", "score": t / 8,
                "sources": [{"id": f"pay/{t}", "score": t / 8}], "suggestions": ["and L4?"],
                "data": {"rows": [t, s]} if t == 1 else None, "rating": "down" if t == 3 else None,
            } for t in range(1, 5)])
            db.execute(feedback.insert(), {"message_id": f"m_{s}_3", "rating": "down",
                                           "created_at": start, "comment": "too vague"})
            db.execute(gaps.insert(), [
                {"created_at": start, "question": f"question {s}.2 – Zürich?",
                 "key": "zurich", "reason": "not_covered", "score": 0.25,
                 "message_id": f"m_{s}_2", "detail": None},
                {"created_at": start, "question": f"question {s}.3 – Zürich?",
                 "key": "zurich", "reason": "thumbs_down", "score": 0.375,
                 "message_id": f"m_{s}_3", "detail": "too vague"}])
    engine.dispose()


def everything(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of the old schema, in a stable order."""
    engine = connect(url)
    with engine.connect() as db:
        rows = {t.name: [tuple(r) for r in db.execute(select(t).order_by(*t.primary_key))]
                for t in LEGACY.sorted_tables}
    engine.dispose()
    return rows


def test_a_database_made_before_migrations_is_upgraded_without_losing_a_turn(database_url):
    fill_the_old_way(database_url)
    rows = everything(database_url)
    assert [len(rows[t]) for t in ("sessions", "messages", "feedback", "gaps")] == [3, 12, 3, 6]

    store = open_store(database_url)
    before, after = store.upgrade()
    assert (before.current, before.legacy, after.current) == (None, True, HEAD)
    assert everything(database_url) == rows  # every row as it was, to the microsecond
    assert schema_differences(database_url, Base.metadata) == []

    # ...and the store carries on with them.
    history = store.history("s_1")
    assert [(m.turn, m.question) for m in history] == [
        (t, f"question 1.{t} – Zürich?") for t in range(1, 5)]
    assert history[0].data == {"rows": [1, 1]} and history[0].created_at.tzinfo is not None
    assert store.load_session("s_2") == ("s_2", {"frame": {"role": "tester", "n": 2}})
    store.save_turn("s_2", {}, turn("a new one"), low_score=0.4)
    assert [m.turn for m in store.history("s_2")] == [1, 2, 3, 4, 5]
    (gap,) = store.gaps()
    assert gap.count == 6 and gap.reasons == {"not_covered": 3, "thumbs_down": 3}
    assert [f.comment for f in store.feedback_for("m_0_3")] == ["too vague"]
    store.close()


def test_a_failed_migration_changes_nothing(database_url):
    migrate(database_url, "0001")

    def fail(conn, cursor, statement, *args) -> None:  # noqa: ANN001 - SQLAlchemy's hook
        # The last step of 0002, after its two CREATE INDEX: they must go back too.
        if statement.lstrip().startswith("DROP INDEX"):
            raise conn.dialect.loaded_dbapi.OperationalError("the disk went away")

    event.listen(Engine, "before_cursor_execute", fail)
    try:
        store = open_store(database_url)
        with pytest.raises(StoreUnavailable, match="cannot set up the database: the disk went"):
            store.prepare()
    finally:
        event.remove(Engine, "before_cursor_execute", fail)
    assert store.revision().current == "0001"
    assert "ix_gaps_created_at" not in indexes(database_url)["gaps"]  # rolled back too
    session, _ = store.load_session(None)  # it tries again, and now it works
    store.save_turn(session, {}, turn("after"), low_score=0.4)
    assert store.revision().current == HEAD
    store.close()


def test_a_database_migrated_by_a_newer_version_is_unavailable_not_damaged(database_url):
    store = open_store(database_url)
    session, _ = store.load_session(None)
    store.save_turn(session, {}, turn("kept"), low_score=0.4)
    with store.engine.begin() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    store.close()
    older = open_store(database_url)
    with pytest.raises(StoreUnavailable, match="schema is at revision 0099, which this "
                                               "version does not know"):
        older.load_session(session)
    revision = older.revision()
    assert (revision.current, revision.known) == ("0099", False)
    older.close()


def test_db_upgrade_and_current_commands(new_database, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # nothing depends on the working directory
    runner = CliRunner()

    def db(command: str, url: str) -> str:
        monkeypatch.setenv("HIRING_ADVISOR_DATABASE_URL", url)
        get_settings.cache_clear()
        result = runner.invoke(app, ["db", command])
        assert result.exit_code == 0, result.output
        return result.stdout.strip()

    old = new_database("old")
    fill_the_old_way(old)
    rows = everything(old)
    assert db("current", old) == (f"none: tables made before migrations (`hiring-advisor db "
                                  f"upgrade` records them as 0001 and upgrades to {HEAD})")
    assert db("upgrade", old) == f"upgraded from 0001 (tables made before migrations) to {HEAD}"
    assert everything(old) == rows
    assert db("current", old) == f"{HEAD} (the latest)"
    assert db("upgrade", old) == f"already at {HEAD}, the latest"

    empty = new_database("empty")
    assert db("current", empty) == f"none: an empty database (the latest is {HEAD})"
    assert db("upgrade", empty) == f"upgraded from nothing (an empty database) to {HEAD}"
    migrate(empty, "0001", down=True)
    assert db("current", empty) == f"0001 (the latest is {HEAD}: `hiring-advisor db upgrade`)"
    assert db("upgrade", empty) == f"upgraded from 0001 to {HEAD}"


def test_a_database_that_the_first_0003_migrated_gets_its_sign_out_table(database_url):
    """0003 was first published without `console_signouts`: a database migrated then is at
    0003 without the table; 0004 makes it, and the purge works again."""
    migrate(database_url, "0003")
    engine = connect(database_url)
    with engine.begin() as db:
        db.execute(text("DROP TABLE console_signouts"))
    engine.dispose()
    store = open_store(database_url)
    before, after = store.upgrade()
    assert (before.current, after.current) == ("0003", HEAD)
    assert schema_differences(database_url, Base.metadata) == []
    session, _ = store.load_session(None)
    store.save_turn(session, {}, turn("kept"), low_score=0.4)
    store.purge()  # raised "no such table: console_signouts" before 0004
    store.close()
    migrate(database_url, "0003", down=True)  # going down leaves what 0003 holds
    assert "console_signouts" in indexes(database_url)


def test_migration_0003_counts_the_days_already_kept(database_url):
    fill_the_old_way(database_url)
    rows = everything(database_url)
    store = Store(database_url, session_ttl=timedelta(hours=1), max_turns=50)
    store.upgrade()
    days = store.activity(datetime.now(UTC).date() - timedelta(days=2))
    assert sum(d.questions for d in days) == 12 and sum(d.answered for d in days) == 9
    assert sum(d.thumbs_down for d in days) == 3 and sum(d.thumbs_up for d in days) == 0
    expected = {m[3].astimezone(UTC).date() if m[3].tzinfo else m[3].date()
                for m in rows["messages"]}
    assert {d.day for d in days} == expected
    store.close()


def test_migration_0005_keeps_the_route_of_each_turn(database_url):
    """0005 adds `messages.route`: turns stored before keep none, new ones keep theirs, and
    going down drops the column and nothing else."""
    migrate(database_url, "0004")
    engine = connect(database_url)
    now = datetime.now(UTC)
    with engine.begin() as db:
        db.execute(text("INSERT INTO sessions (id, created_at, last_active, turns, state) "
                        "VALUES ('s_old', :now, :now, 1, '{}')"), {"now": now})
        db.execute(text("INSERT INTO messages (id, session_id, turn, created_at, question, "
                        "answer, answered, kind, score, sources, suggestions) VALUES ('m_old', "
                        "'s_old', 1, :now, 'q', 'a', true, 'snippet', 0.9, '[]', '[]')"),
                   {"now": now})
    engine.dispose()
    store = open_store(database_url)
    store.upgrade()
    assert schema_differences(database_url, Base.metadata) == []
    store.save_turn("s_old", {}, replace(turn("new"), route="salary"), low_score=0.4)
    history = store.history("s_old")
    assert history is not None and [m.route for m in history] == [None, "salary"]
    store.close()
    migrate(database_url, "0004", down=True)
    columns = {c["name"] for c in inspect(connect(database_url)).get_columns("messages")}
    assert "route" not in columns and len(everything(database_url)["messages"]) == 2
