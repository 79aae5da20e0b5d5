"""The conversation store on its own: expiry and purge, trimming, feedback, gap grouping, turn
numbers under concurrency, a database that cannot be written, and schema set-up by several
processes at once.

Each test runs on SQLite here and again on PostgreSQL (a throwaway server,
tests/support/postgres.py) in tests/system/postgresql/test_store.py, except those about what only
SQLite has (a file, its journal): they say why.
"""

from __future__ import annotations

import multiprocessing
import re
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine

from api.store.records import StoreUnavailable, Turn, UnknownMessageError
from api.store.repository import Store
from api.text.words import gap_key
from tests.support.postgres import backend_of
from tests.support.store import DiskFull, turn


@pytest.fixture
def store(database_url) -> Store:
    s = Store(database_url, session_ttl=timedelta(hours=1), max_turns=3)
    yield s
    s.close()


def alter_database(url: str, setting: str, value: str) -> None:
    """Set a PostgreSQL setting for every later connection to the database of `url`."""
    engine = create_engine(url)
    with engine.begin() as db:
        db.exec_driver_sql(f"ALTER DATABASE {engine.url.database} SET {setting} = '{value}'")
    engine.dispose()


def test_sessions_expire_after_the_idle_time(database_url):
    store = Store(database_url, session_ttl=timedelta(seconds=0.3), max_turns=5)
    session, _ = store.load_session(None)
    store.save_turn(session, {"frame": None}, turn("hello"), low_score=0.4)
    assert store.load_session(session)[0] == session
    time.sleep(0.4)
    assert store.history(session) is None
    fresh, state = store.load_session(session)
    assert fresh != session and state == {}
    store.close()


def test_purge_deletes_expired_conversations_and_old_gaps_only(database_url):
    store = Store(database_url, session_ttl=timedelta(hours=1), max_turns=5,
                  gap_retention=timedelta(days=30))
    old, _ = store.load_session(None)
    message = store.save_turn(old, {}, turn("old question", answered=False), low_score=0.4)
    store.add_feedback(message, "down", "meh")
    live, _ = store.load_session(None)
    store.save_turn(live, {}, turn("live question"), low_score=0.4)

    later = datetime.now(UTC) + timedelta(hours=2)
    store.save_turn(live, {}, turn("still here"), low_score=0.4)  # keeps `live` active...
    with store._sessions.begin() as db:  # ...while `old` was last active 2 hours "ago"
        from api.store.tables import ChatSession

        db.get(ChatSession, live).last_active = later
    report = store.purge(now=later)
    assert (report.sessions, report.messages, report.gaps) == (1, 1, 0)
    assert store.history(old) is None and store.feedback_for(message) == []
    (kept,) = store.gaps()  # content gaps are kept for the gap retention, not the TTL
    assert kept.question == "old question" and kept.count == 2
    assert store.purge(now=later + timedelta(days=31)).gaps == 2
    store.close()


def test_state_and_turns_are_kept_and_trimmed(store):
    session, _ = store.load_session(None)
    for i in range(5):
        store.save_turn(session, {"n": i}, turn(f"q{i}"), low_score=0.4)
    assert store.load_session(session) == (session, {"n": 4})
    assert [m.question for m in store.history(session)] == ["q2", "q3", "q4"]


def test_concurrent_turns_in_one_session_each_keep_their_number(database_url):
    store = Store(database_url, session_ttl=timedelta(hours=1), max_turns=1000)
    session, _ = store.load_session(None)
    store.save_turn(session, {}, turn("first"), low_score=0.4)
    errors: list[Exception] = []

    def client(n: int) -> None:
        for i in range(25):
            try:
                store.save_turn(session, {}, turn(f"c{n}-{i}"), low_score=0.4)
            except Exception as exc:  # noqa: BLE001 - collected and reported below
                errors.append(exc)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    rows = store.history(session)
    assert [r.turn for r in rows] == list(range(1, 102))  # every turn stored once, in order
    for n in range(4):  # each client's turns in the order it sent them
        mine = [r.question for r in rows if r.question.startswith(f"c{n}-")]
        assert mine == [f"c{n}-{i}" for i in range(25)]
    store.close()


def test_feedback_needs_a_known_message_and_records_gaps(store):
    session, _ = store.load_session(None)
    message = store.save_turn(session, {}, turn("what does a tester do"), low_score=0.4)
    with pytest.raises(UnknownMessageError):
        store.add_feedback("m_missing", "up", None)
    store.add_feedback(message, "down", "too short")
    assert [(f.rating, f.comment) for f in store.feedback_for(message)] == [("down", "too short")]
    (gap,) = store.gaps()
    assert gap.reasons == {"thumbs_down": 1} and gap.question == "what does a tester do"


def test_a_thumbs_down_then_why_is_one_rating_and_one_gap(store):
    """The widget asks why after a thumbs down and sends the rating again with the comment."""
    session, _ = store.load_session(None)
    message = store.save_turn(session, {}, turn("what does a tester do"), low_score=0.4)
    store.add_feedback(message, "down", None)
    store.add_feedback(message, "down", "it left out the test plans")
    assert [(f.rating, f.comment) for f in store.feedback_for(message)] == [
        ("down", "it left out the test plans")]
    (gap,) = store.gaps()
    assert gap.count == 1 and gap.reasons == {"thumbs_down": 1}
    assert gap.comments == ("it left out the test plans",)
    store.add_feedback(message, "down", None)  # again, with nothing new: nothing changes
    store.add_feedback(message, "down", "and the budget")  # a second reason is a rating too
    assert len(store.feedback_for(message)) == 2 and store.gaps()[0].count == 2
    store.add_feedback(message, "up", None)  # a change of mind is recorded
    assert [f.rating for f in store.feedback_for(message)] == ["down", "down", "up"]


def test_gaps_group_wordings_and_count_reasons(store):
    session, _ = store.load_session(None)
    store.save_turn(session, {}, turn("Salary in Tokyo?", answered=False), low_score=0.4)
    store.save_turn(session, {}, turn("tokyo salary", answered=False), low_score=0.4)
    store.save_turn(session, {}, turn("weak match", score=0.2), low_score=0.4)
    store.save_turn(session, {}, turn("good match", score=0.9), low_score=0.4)
    store.save_turn(session, {}, turn("only hire the young", answered=False, reason="declined"),
                    low_score=0.4)
    gaps = {g.question: g for g in store.gaps()}
    assert gap_key("Salary in Tokyo?") == gap_key("tokyo salary")
    assert gaps["tokyo salary"].count == 2 and gaps["tokyo salary"].reasons == {"not_covered": 2}
    assert gaps["only hire the young"].reasons == {"declined": 1}
    assert gaps["weak match"].reasons == {"low_score": 1}
    assert "good match" not in gaps


def test_a_read_only_database_fails_clearly_and_loses_nothing(database_url):
    store = Store(database_url, session_ttl=timedelta(hours=1), max_turns=9)
    session, _ = store.load_session(None)
    store.save_turn(session, {}, turn("kept"), low_score=0.4)
    store.close()
    if backend_of(database_url) == "sqlite":
        # The same file, opened read-only (as on a read-only mount; root ignores file modes).
        path = database_url.removeprefix("sqlite:///")
        database_url = f"sqlite:///file:{path}?mode=ro&uri=true"
        refusal = "attempt to write a readonly database"
    else:  # as a standby server is, or a database set read-only for maintenance
        alter_database(database_url, "default_transaction_read_only", "on")
        refusal = "cannot execute UPDATE in a read-only transaction"
    stuck = Store(database_url, session_ttl=timedelta(hours=1), max_turns=9)
    with pytest.raises(StoreUnavailable, match=f"cannot store the turn: {refusal}"):
        stuck.save_turn(session, {}, turn("lost"), low_score=0.4)
    assert [r.question for r in stuck.history(session)] == ["kept"]
    stuck.close()


def test_a_full_disk_fails_clearly_and_writes_resume(store):
    session, _ = store.load_session(None)
    store.save_turn(session, {}, turn("before"), low_score=0.4)
    full = DiskFull(store)
    with full:
        with pytest.raises(StoreUnavailable, match=re.escape(full.message)):
            store.save_turn(session, {}, turn("during"), low_score=0.4)
    store.save_turn(session, {}, turn("after"), low_score=0.4)
    assert [r.question for r in store.history(session)] == ["before", "after"]


def _prepare(url: str, barrier) -> None:  # noqa: ANN001 - a multiprocessing barrier
    store = Store(url, session_ttl=timedelta(hours=1), max_turns=5)
    barrier.wait()
    store.prepare()
    session, _ = store.load_session(None)
    store.save_turn(session, {}, turn("hello"), low_score=0.4)
    store.close()


def test_several_processes_setting_up_a_new_database_never_fail(new_database):
    context = multiprocessing.get_context("fork")
    for attempt in range(10):
        url = new_database(f"new-{attempt}")
        barrier = context.Barrier(3)
        workers = [context.Process(target=_prepare, args=(url, barrier)) for _ in range(3)]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
        assert [w.exitcode for w in workers] == [0, 0, 0], f"start {attempt} failed"


# --- durability: an answered turn survives a killed process -----------------------------------
# SQLite only: what is at stake is SQLite's journal (WAL, synchronous=NORMAL) in the client's
# process. A PostgreSQL server makes a commit durable whatever becomes of the client.


def _save_then_die(url: str, ready) -> None:  # noqa: ANN001 - a multiprocessing event
    import os
    import signal

    store = Store(url, session_ttl=timedelta(hours=1), max_turns=5)
    session, _ = store.load_session(None)
    message = store.save_turn(session, {"n": 1}, turn("kept?"), low_score=0.4,
                              new_session=True)
    print(session, message, flush=True)  # what the HTTP answer would carry
    ready.set()
    os.kill(os.getpid(), signal.SIGKILL)  # no close, no clean-up, no atexit


def test_an_answered_turn_survives_a_killed_process(tmp_path):
    url = f"sqlite:///{tmp_path / 'chat.db'}"
    Store(url, session_ttl=timedelta(hours=1), max_turns=5).prepare().close()
    context = multiprocessing.get_context("spawn")
    ready = context.Event()
    child = context.Process(target=_save_then_die, args=(url, ready))
    child.start()
    child.join(30)
    assert ready.is_set() and child.exitcode == -9
    store = Store(url, session_ttl=timedelta(hours=1), max_turns=5)
    with store.engine.connect() as db:
        from sqlalchemy import text

        assert db.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
        questions = db.execute(text("SELECT question FROM messages")).scalars().all()
    assert questions == ["kept?"]
    store.close()


def test_a_new_session_is_written_without_an_update_and_numbers_from_one(store):
    session, _ = store.load_session(None)
    store.save_turn(session, {"step": 1}, turn("first"), low_score=0.4, new_session=True)
    store.save_turn(session, {"step": 2}, turn("second"), low_score=0.4)
    assert [m.turn for m in store.history(session)] == [1, 2]
    assert store.load_session(session) == (session, {"step": 2})


def test_a_turn_comes_back_as_it_was_stored(store, database_url):
    if backend_of(database_url) == "postgresql":
        # A server in another time zone answers in it: the store still gives UTC.
        alter_database(database_url, "timezone", "Asia/Tokyo")
    sources = [{"id": "pay/zürich", "title": "Zürich — 東京 “pay”", "score": 0.8125,
                "path": "pay.csv", "line": 3}]
    data = {"kind": "bars", "rows": [{"label": "L3", "value": 120000.5, "note": None}]}
    session, _ = store.load_session(None)
    before = datetime.now(UTC)
    message = store.save_turn(
        session, {"frame": {"role": "tester", "levels": ["g1", "g2"]}, "n": 1.5},
        Turn("¿Cuánto gana? 🙂", "an answer\non two lines", True, "salary", 0.8125, sources,
             ["and a junior one?"], data),
        low_score=0.4)
    store.save_turn(session, {}, turn("no data", answered=False), low_score=0.4)
    first, second = store.history(session)
    assert (first.id, first.question, first.answer) == (message, "¿Cuánto gana? 🙂",
                                                        "an answer\non two lines")
    assert (first.sources, first.suggestions, first.data) == (sources, ["and a junior one?"], data)
    assert (first.answered, first.score, second.data) == (True, 0.8125, None)
    assert first.created_at.utcoffset() == timedelta(0)
    assert before <= first.created_at <= second.created_at <= datetime.now(UTC)
    (gap,) = store.gaps()
    assert gap.question == "no data" and gap.last_seen == second.created_at
    assert store.load_session(session) == (session, {})


def test_console_sign_outs_are_kept_until_the_cookie_would_expire(store):
    now = datetime.now(UTC)
    store.sign_out("sid-old", now - timedelta(minutes=1))
    store.sign_out("sid-live", now + timedelta(hours=1))
    store.sign_out("sid-live", now + timedelta(hours=1))  # twice is once
    assert store.signed_out("sid-old") and store.signed_out("sid-live")
    assert not store.signed_out("sid-never")
    store.purge()
    assert not store.signed_out("sid-old") and store.signed_out("sid-live")
