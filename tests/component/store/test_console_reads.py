"""The store's reads for the console, on SQLite (and on PostgreSQL in
tests/system/postgresql/test_console_reads.py): gap groups marked handled and filtered,
questions and ratings per day (kept after a purge or a trim), conversations summed up and
reviewed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from api.store.records import Turn, UnknownGapError
from api.store.repository import Store
from api.text.words import gap_key
from tests.support.store import turn


@pytest.fixture
def store(database_url) -> Store:
    s = Store(database_url, session_ttl=timedelta(hours=1), max_turns=50)
    yield s
    s.close()


def test_marks_filters_and_statuses_of_gap_groups(store):
    session, _ = store.load_session(None)
    store.save_turn(session, {}, turn("Salary in Tokyo?", answered=False), low_score=0.4)
    store.save_turn(session, {}, turn("weak match", score=0.2), low_score=0.4)
    message = store.save_turn(session, {}, turn("tokyo salary"), low_score=0.4)
    store.add_feedback(message, "down", "wrong city")
    key = gap_key("tokyo salary")
    with pytest.raises(UnknownGapError):
        store.mark_handled("nothing like this", "Ann")
    handled_at = store.mark_handled(key, "Ann", "added Tokyo")
    (group,) = store.gaps(status="handled")
    assert group.key == key and group.handled and group.handled_at == handled_at
    assert (group.handled_by, group.note, group.comments) == ("Ann", "added Tokyo",
                                                              ("wrong city",))
    assert [g.question for g in store.gaps(status="open")] == ["weak match"]
    assert [g.question for g in store.gaps(reasons=["low_score"])] == ["weak match"]
    assert store.gaps(since=datetime.now(UTC) + timedelta(minutes=1)) == []
    with pytest.raises(ValueError, match="status must be one of"):
        store.gaps(status="closed")
    store.unmark_handled(key)
    assert {g.key for g in store.gaps(status="open")} == {key, gap_key("weak match")}


def test_days_count_turns_and_ratings(store):
    session, _ = store.load_session(None)
    for i in range(3):
        message = store.save_turn(session, {}, turn(f"q{i}", answered=i != 1), low_score=0.4)
    store.add_feedback(message, "up", None)
    store.add_feedback(message, "down", "changed my mind")
    (today,) = store.activity(datetime.now(UTC).date() - timedelta(days=1))
    assert today.day == datetime.now(UTC).date()
    assert (today.questions, today.answered, today.thumbs_up, today.thumbs_down) == (3, 2, 1, 1)
    assert store.purge(now=datetime.now(UTC) + timedelta(days=181)) is not None
    assert store.activity(datetime.now(UTC).date() - timedelta(days=1)) == []


def test_days_outlive_the_conversations_a_purge_deletes(store):
    session, _ = store.load_session(None)
    message = store.save_turn(session, {}, turn("q", answered=True), low_score=0.4,
                              new_session=True)
    store.add_feedback(message, "down", None)
    store.save_turn(session, {}, turn("r", answered=False), low_score=0.4)
    since = datetime.now(UTC).date() - timedelta(days=1)
    before = store.activity(since)
    report = store.purge(now=datetime.now(UTC) + timedelta(hours=2))  # the session expired
    assert report.messages == 2 and store.history(session) is None
    assert store.activity(since) == before
    (today,) = before
    assert (today.questions, today.answered, today.thumbs_up, today.thumbs_down) == (2, 1, 0, 1)


def test_days_keep_the_turns_a_long_conversation_trims(database_url):
    store = Store(database_url, session_ttl=timedelta(hours=1), max_turns=3)
    session, _ = store.load_session(None)
    for i in range(5):  # the store keeps 3 turns a conversation
        store.save_turn(session, {}, turn(f"q{i}"), low_score=0.4, new_session=i == 0)
    assert len(store.history(session) or []) == 3
    (today,) = store.activity(datetime.now(UTC).date())
    assert today.questions == 5
    store.close()


def test_conversations_are_summed_up_and_reviewed(store):
    first, _ = store.load_session(None)
    m1 = store.save_turn(first, {}, Turn("What is 100%_ done?", "an answer", True, "snippet", 0.9,
                                         [{"id": "pay/zurich", "title": "Zurich"}], [], None),
                         low_score=0.4, new_session=True)
    store.save_turn(first, {}, turn("no data", answered=False), low_score=0.4)
    store.add_feedback(m1, "up", "great")
    second, _ = store.load_session(None)
    store.save_turn(second, {}, turn("later one"), low_score=0.4, new_session=True)
    listed = store.conversations()
    assert [c.session_id for c in listed] == [second, first]
    summary = listed[1]
    assert (summary.turns, summary.answered, summary.thumbs_up, summary.thumbs_down,
            summary.first_question) == (2, 1, 1, 0, "What is 100%_ done?")
    assert [c.session_id for c in store.conversations(search="100%_")] == [first]
    assert store.conversations(search="100%_", in_text=False) == []
    assert [c.session_id for c in store.conversations(search="PAY/ZUR", in_text=False)] == [first]
    reviewed = store.review(first)
    assert [(t.message.question, t.reasons, t.comments) for t in reviewed] == [
        ("What is 100%_ done?", (), ("great",)), ("no data", ("not_covered",), ())]
    assert store.review("s_nothing") is None
    assert store.source_usage() == {"pay/zurich": 1}
