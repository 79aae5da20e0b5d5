"""What people typed is kept as their question only: with LOG_MESSAGES off (the default), no
stored answer, gap detail, console view or log line repeats it. A made-up canary word is
typed in many kinds of message; the person still sees the answer that names it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import create_engine, inspect, text

from tests.support.http import chat, sign_in

CANARY = "Qzxvmork"
MESSAGES = [
    f"How much does a {CANARY} engineer earn?",
    f"interview questions for a {CANARY} developer",
    f"is {CANARY} certification useful?",
    f"draft a job post for a {CANARY}",
    f"scorecard for a {CANARY}",
    f"what does {CANARY} say about platform engineers?",
    f"What does an L3 platform engineer earn? And what does a {CANARY} analyst do?",
    f"my budget is $500,000 for 3 {CANARY} engineers",
    CANARY,
]
# Where the question itself is kept, by design (README, "What is stored"): the conversation's
# turns and state until it expires, and the content gaps (question and its grouping key).
QUESTION_COLUMNS = {("messages", "question"), ("sessions", "state"), ("gaps", "question"),
                    ("gaps", "key")}


def stored_cells(database_url: str) -> list[tuple[str, str, str]]:
    """Every text cell of every table: (table, column, value)."""
    engine = create_engine(database_url)
    cells = []
    with engine.connect() as db:
        for table in inspect(engine).get_table_names():
            for row in db.execute(text(f'SELECT * FROM "{table}"')).mappings():
                cells += [(table, column, json.dumps(value) if not isinstance(value, str)
                           else value) for column, value in row.items() if value is not None]
    engine.dispose()
    return cells


def ask_everything(client) -> list[dict]:
    replies = []
    for message in MESSAGES:
        session = chat(client, "What does an L3 platform engineer earn?")["session_id"]
        replies.append(chat(client, message, session))
    return replies


def test_nothing_typed_is_repeated_in_the_store_the_console_or_the_logs(make_client,
                                                                        service_settings,
                                                                        capfd):
    client = make_client()
    replies = ask_everything(client)
    quoting = [r["answer"] for r in replies if CANARY.lower() in r["answer"].lower()]
    assert quoting  # the person is told what was not known, in their words

    leaks = [(t, c, v[:120]) for t, c, v in stored_cells(service_settings.database_url)
             if CANARY.lower() in v.lower() and (t, c) not in QUESTION_COLUMNS]
    assert leaks == []
    answers = [v for t, c, v in stored_cells(service_settings.database_url)
               if (t, c) == ("messages", "answer")]
    assert any("[…]" in a for a in answers)  # the quoted part is masked, the rest kept

    headers = sign_in(client)
    listed = client.get("/admin/api/conversations", headers=headers)
    assert listed.status_code == 200 and CANARY.lower() not in listed.text.lower()
    for item in listed.json()["conversations"]:
        one = client.get(f"/admin/api/conversations/{item['session_id']}", headers=headers)
        assert one.status_code == 200 and CANARY.lower() not in one.text.lower(), one.text

    report = client.get("/admin/api/gaps.csv", headers=headers).text.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(report)))
    assert rows  # the gap report keeps the questions themselves, and nothing else of them
    for row in rows:
        for column, value in row.items():
            if column not in ("question", "examples"):
                assert CANARY.lower() not in (value or "").lower(), (column, value)
    gaps = client.get("/admin/api/gaps", headers=headers).json()
    assert all(CANARY.lower() not in (g["missing"] or "").lower() for g in gaps["gaps"])

    logged = capfd.readouterr()
    assert CANARY.lower() not in (logged.out + logged.err).lower()


def test_with_log_messages_on_the_stored_answer_is_the_one_given(make_client, service_settings):
    client = make_client(log_messages=True)
    replies = ask_everything(client)
    answers = {v for t, c, v in stored_cells(service_settings.database_url)
               if (t, c) == ("messages", "answer")}
    assert {r["answer"] for r in replies} <= answers


@pytest.mark.parametrize("log_messages", [False, True])
def test_a_failed_turn_logs_its_trace_and_its_message_only_when_allowed(make_client, capfd,
                                                                        monkeypatch,
                                                                        log_messages):
    client = make_client(log_messages=log_messages)
    engine = client.app.state.service.engine

    def broken(message, state):
        raise ValueError(f"cannot read {message!r}")

    monkeypatch.setattr(engine.conversation, "reply", broken)
    assert chat(client, f"what about {CANARY}?")["answered"] is False
    logged = capfd.readouterr().err
    assert '"event": "turn failed"' in logged and "ValueError" in logged
    assert "broken" in logged  # the trace, where it failed
    assert (CANARY in logged) is log_messages
