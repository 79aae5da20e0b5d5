"""What only a PostgreSQL server has: one the store cannot reach or log in to."""

from __future__ import annotations

from datetime import timedelta

import pytest

from api.store.records import StoreUnavailable
from api.store.repository import Store
from tests.support.postgres import PostgresServer


def test_a_server_it_cannot_reach_or_log_in_to_is_unavailable(postgres: PostgresServer):
    from sqlalchemy import make_url

    from api.store.database import make_engine

    # Without a driver in the URL: psycopg 3, the one installed.
    assert make_engine("postgresql://u:p@127.0.0.1/x").dialect.driver == "psycopg"
    wrong = make_url(postgres.new_database("wrong")).set(password="nope").render_as_string(
        hide_password=False)
    for url, problem in [(wrong, "password authentication failed for user"),
                         (f"postgresql://u:p@127.0.0.1:{_closed_port()}/x", "Connection refused")]:
        store = Store(url, session_ttl=timedelta(hours=1), max_turns=5)
        with pytest.raises(StoreUnavailable, match=f"cannot set up the database: .*{problem}"):
            store.prepare()
        with pytest.raises(StoreUnavailable, match=problem):  # and it keeps trying
            store.load_session(None)
        store.close()


def _closed_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


QUESTION = "what does an L3 platform engineer earn?"


def test_pooled_connections_the_server_closed_are_replaced_not_failed_on(postgres):
    """The server ends every connection of the store (as a restart or a network cut does): the
    next reads and writes open new ones, each checkout proving its connection alive in one
    round trip (an empty query) rather than SQLAlchemy's three."""
    from psycopg import sql

    from tests.support.store import turn

    url = postgres.new_database("closed")
    store = Store(url, session_ttl=timedelta(hours=1), max_turns=5)
    store.prepare()
    session, _ = store.load_session(None)
    store.save_turn(session, {"n": 1}, turn(QUESTION), low_score=0.3, new_session=True)
    held = [store.engine.connect() for _ in range(3)]  # the pool holds several
    for connection in held:
        connection.close()
    postgres.execute_as_admin(sql.SQL(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE usename = {} AND pid <> pg_backend_pid()").format(sql.Literal(postgres.user)))
    assert store.load_session(session) == (session, {"n": 1})
    store.save_turn(session, {"n": 2}, turn(QUESTION), low_score=0.3)
    assert store.load_session(session)[1] == {"n": 2}
    store.close()
