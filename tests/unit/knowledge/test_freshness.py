"""The profile's freshness rule (`freshness:` in profile.yml): read when present, off when absent,
a bad value reported with its file and line; and when a figure counts as old."""

from __future__ import annotations

from datetime import date

import pytest

from api.knowledge.loader import load_knowledge
from api.knowledge.profile import Freshness
from tests.conftest import SMALL_PROFILE, write
from tests.unit.knowledge.test_loader import kb_with, problems_of

# The line the block starts on, after the small profile.
FIRST = len(SMALL_PROFILE.strip("\n").splitlines()) + 1


def with_freshness(block: str) -> str:
    """The small profile with a freshness block after it (starting on line FIRST)."""
    return SMALL_PROFILE + block


def test_the_rule_is_read_and_is_off_when_absent(tmp_path):
    root = kb_with(tmp_path)
    assert load_knowledge(root).profile.freshness is None
    write(root / "profile.yml", with_freshness("freshness:\n  warn_after_months: 18\n"))
    assert load_knowledge(root).profile.freshness == Freshness(18)


@pytest.mark.parametrize(
    ("block", "offset", "message"),  # offset: the line of the problem within the block
    [
        ("freshness:\n  warn_after_months: 0\n", 1,
         "'warn_after_months' must be a whole number of months, at least 1, got 0"),
        ("freshness:\n  warn_after_months: soon\n", 1,
         "'warn_after_months' must be a whole number of months, at least 1, got 'soon'"),
        ("freshness:\n  warn_after_months: 1.5\n", 1,
         "'warn_after_months' must be a whole number of months, at least 1, got 1.5"),
        ("freshness:\n  warn_after_months: yes\n", 1,
         "'warn_after_months' must be a whole number of months, at least 1, got True"),
        ("freshness: 12\n", 0,
         "'freshness' must be a mapping with warn_after_months (say {warn_after_months: 12})"),
        ("freshness:\n  warn_after_month: 12\n", 0,
         "'freshness' must be a mapping with warn_after_months"),
        ("freshness:\n  warn_after_months: 12\n  colour: red\n", 2,
         "unknown field 'colour' (known: warn_after_months)"),
    ],
)
def test_a_bad_rule_is_reported_with_its_line(tmp_path, block, offset, message):
    root = kb_with(tmp_path)
    line = FIRST + offset
    write(root / "profile.yml", with_freshness(block))
    rendered = problems_of(root)
    assert any(r.startswith(f"kb/profile.yml:{line}: ") and message in r for r in rendered), \
        rendered


@pytest.mark.parametrize(
    ("today", "stale"),
    [
        (date(2025, 1, 22), False),  # exactly twelve months: still within the rule
        (date(2025, 1, 23), True),
        (date(2024, 6, 1), False),
        (date(2026, 12, 6), True),
    ],
)
def test_a_figure_is_old_once_more_than_the_months_allowed_have_passed(today, stale):
    assert Freshness(12).stale(date(2024, 1, 22), today) is stale


def test_a_month_end_figure_counts_its_months_to_the_month_end():
    # 31 January + 1 month is 29 February (2024): a day later it is over a month old.
    assert not Freshness(1).stale(date(2024, 1, 31), date(2024, 2, 29))
    assert Freshness(1).stale(date(2024, 1, 31), date(2024, 3, 1))
