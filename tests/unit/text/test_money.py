"""Dates as people read them (`api.text.money`): a month and year, and months between days."""

from __future__ import annotations

from datetime import date

import pytest

from api.text.money import add_months, format_month, months_between


@pytest.mark.parametrize(("locale", "expected"), [("en_US", "January 2024"),
                                                  ("de_CH", "Januar 2024")])
def test_a_month_is_written_as_the_locale_writes_it(locale, expected):
    assert format_month(date(2024, 1, 22), locale) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 22), 12, date(2025, 1, 22)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 11, 30), 14, date(2026, 1, 30)),
    ],
)
def test_months_are_added_on_the_calendar(day, months, expected):
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2024, 1, 22), date(2026, 12, 7), 34),  # 34 months and 15 days
        (date(2024, 1, 22), date(2026, 11, 22), 34),
        (date(2024, 1, 22), date(2026, 11, 21), 33),
        (date(2024, 1, 31), date(2024, 2, 29), 1),  # (the month's last day)
        (date(2024, 1, 22), date(2025, 1, 22), 12),
        (date(2024, 1, 22), date(2024, 1, 30), 0),
        (date(2024, 1, 22), date(2023, 1, 22), 0),
    ],
)
def test_months_between_two_days_are_whole_months(start, end, months):
    assert months_between(start, end) == months
