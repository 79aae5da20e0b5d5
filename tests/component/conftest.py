"""Fixtures of the component tests: new databases are SQLite files (the store and migration tests
run again on PostgreSQL in tests/system/postgresql, where `new_database` is PostgreSQL's)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture(params=["sqlite"])
def new_database(tmp_path: Path) -> Callable[[str], str]:
    """Make new, empty SQLite databases: `new_database(name)` is the URL of a file in a directory
    not made yet. (One parameter, so that a test's id names its backend.)"""
    return lambda name: f"sqlite:///{tmp_path / name / 'chat.db'}"
