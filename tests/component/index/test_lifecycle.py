"""The index's candidate and roll back (api/index/lifecycle.py), with the fake model: roll back
swaps the pointers, and a checked candidate outlives the clean-up until a publish."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from api.dialogue.engine import open_engine
from api.errors import IndexMissingError
from api.index.build import build_index
from api.index.lifecycle import (
    CANDIDATE,
    LEFTOVER_AGE,
    PREVIOUS,
    current_build,
    read_candidate,
    roll_back,
)
from api.publish.publishing import publish
from tests.conftest import FakeEmbedder
from tests.support.knowledge import edit_figure


def test_roll_back_swaps_the_pointers_and_needs_a_previous_build(kb2_copy, tmp_path):
    index = tmp_path / "index"
    first = build_index(kb2_copy, index, FakeEmbedder()).path
    with pytest.raises(IndexMissingError, match="no previous build"):
        roll_back(index)
    edit_figure(kb2_copy)
    second = build_index(kb2_copy, index, FakeEmbedder()).path
    assert roll_back(index) == first
    assert current_build(index) == first
    assert (index / PREVIOUS).read_text().strip() == second.name
    assert roll_back(index) == second and current_build(index) == second


def test_a_candidate_outlives_the_cleanup_until_a_publish(kb2_copy, tmp_path):
    index = tmp_path / "index"
    embedder = FakeEmbedder()
    build_index(kb2_copy, index, embedder)
    edit_figure(kb2_copy)
    opener = lambda i: open_engine(i, embedder, _settings(kb2_copy, index))  # noqa: E731
    result = publish(kb2_copy, index, embedder, opener, check_only=True, actor="Bo")
    assert result.status == "checked"
    build, verdict = read_candidate(index)
    assert build == result.build.path and verdict["ok"] and verdict["by"] == "Bo"
    old = time.time() - 2 * LEFTOVER_AGE
    os.utime(build, (old, old))
    edit_figure(kb2_copy, ",118000,CHF,", ",119000,CHF,")  # another build cleans up leftovers
    other = build_index(kb2_copy, index, embedder, activate=False)
    assert build.is_dir()  # the candidate is no leftover
    from api.index.lifecycle import activate_build

    activate_build(other.path)  # a publish makes its verdict void: it goes
    assert read_candidate(index) is None and not (index / CANDIDATE).exists()


def _settings(knowledge: Path, index: Path):
    from api.config import Settings

    return Settings(knowledge_dir=knowledge, index_dir=index)
