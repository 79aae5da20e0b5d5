"""The conversation store on its own: expiry, trimming, feedback, gap grouping."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from api.store import Store, Turn, UnknownMessageError
from api.words import gap_key


def turn(question: str, *, answered: bool = True, score: float = 0.9,
         reason: str = "not_covered") -> Turn:
    return Turn(question, "an answer", answered, "snippet" if answered else "refused", score,
                [], [], None, reason="" if answered else reason)


@pytest.fixture
def store(tmp_path) -> Store:
    s = Store(f"sqlite:///{tmp_path / 'sub' / 'chat.db'}", session_ttl=timedelta(hours=1),
              max_turns=3)
    yield s
    s.close()


def test_sessions_expire_after_the_idle_time(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'chat.db'}", session_ttl=timedelta(seconds=0.3),
                  max_turns=5)
    session, _ = store.load_session(None)
    store.save_turn(session, {"frame": None}, turn("hello"), low_score=0.4)
    assert store.load_session(session)[0] == session
    time.sleep(0.4)
    assert store.history(session) is None
    fresh, state = store.load_session(session)
    assert fresh != session and state == {}
    assert store.purge_expired() == 1
    store.close()


def test_state_and_turns_are_kept_and_trimmed(store):
    session, _ = store.load_session(None)
    for i in range(5):
        store.save_turn(session, {"n": i}, turn(f"q{i}"), low_score=0.4)
    assert store.load_session(session) == (session, {"n": 4})
    assert [m.question for m in store.history(session)] == ["q2", "q3", "q4"]


def test_feedback_needs_a_known_message_and_records_gaps(store):
    session, _ = store.load_session(None)
    message = store.save_turn(session, {}, turn("what does a tester do"), low_score=0.4)
    with pytest.raises(UnknownMessageError):
        store.add_feedback("m_missing", "up", None)
    store.add_feedback(message, "down", "too short")
    assert [(f.rating, f.comment) for f in store.feedback_for(message)] == [("down", "too short")]
    (gap,) = store.gaps()
    assert gap.reasons == {"thumbs_down": 1} and gap.question == "what does a tester do"


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
