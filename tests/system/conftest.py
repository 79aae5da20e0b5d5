"""Fixtures of the system tests: the test run's PostgreSQL server, and new databases on it."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.support.postgres import PostgresServer, postgres_server, require_postgres


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """The test run's PostgreSQL server (skips without one, fails when CI=true)."""
    require_postgres()
    with postgres_server() as server:
        yield server


@pytest.fixture(params=["postgresql"])
def new_database(request: pytest.FixtureRequest, postgres: PostgresServer
                 ) -> Callable[[str], str]:
    """Make new, empty databases: `new_database(name)` is the URL of a database of its own on the
    test run's PostgreSQL server. (One parameter, so that a test's id names its backend.)"""
    return lambda name: postgres.new_database(f"{request.node.name}_{name}")
