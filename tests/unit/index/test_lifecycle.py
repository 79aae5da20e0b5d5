"""Loading an index that is not there (the index's builds and swaps are in
tests/component/index)."""

from __future__ import annotations

import pytest

from api.errors import IndexMissingError
from api.index.lifecycle import load_index


def test_missing_index_says_what_to_run(tmp_path):
    with pytest.raises(IndexMissingError, match="hiring-advisor build-index"):
        load_index(tmp_path / "nothing")
