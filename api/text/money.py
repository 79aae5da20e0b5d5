"""Money, numbers and dates as people read them, for any ISO 4217 currency and Babel locale."""

from __future__ import annotations

import calendar
import contextlib
import decimal
import functools
import re
from datetime import date

from babel import Locale, UnknownLocaleError
from babel.dates import format_date as babel_date
from babel.dates import format_skeleton
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_name

DEFAULT_LOCALE = "en_US"
PERIODS = ("year", "month", "week", "day", "hour")
# CLDR's currency spacing: a symbol made of letters ("CHF") is set apart from the digits.
_LETTER_THEN_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def _half_up() -> contextlib.AbstractContextManager[decimal.Context]:
    """Halves rounded up, as people round (Babel's default rounds them to even: 26.85% would
    show as 26.8%)."""
    return decimal.localcontext(rounding=decimal.ROUND_HALF_UP)


class MoneyError(ValueError):
    """A currency code or locale that Babel does not know."""


@functools.lru_cache(maxsize=64)
def check_locale(locale: str) -> str:
    """The locale, if Babel knows it.

    Raises:
        MoneyError: unknown locale.
    """
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError, TypeError) as exc:
        raise MoneyError(f"unknown locale '{locale}' (use one like en_US or de_DE)") from exc
    return locale


@functools.lru_cache(maxsize=512)
def check_currency(code: str, locale: str = DEFAULT_LOCALE) -> str:
    """The currency code, if it is an ISO 4217 code Babel knows.

    Raises:
        MoneyError: not a known currency code.
    """
    if not re.fullmatch(r"[A-Z]{3}", code or ""):
        raise MoneyError(
            f"currency must be an ISO 4217 code of three capital letters, got '{code}'")
    if get_currency_name(code, locale=locale) == code:
        raise MoneyError(f"'{code}' is not an ISO 4217 currency code")
    return code


@functools.lru_cache(maxsize=4096)  # answers format the same few figures again and again
def format_money(amount: float, currency: str, locale: str = DEFAULT_LOCALE) -> str:
    """'$151,000', '£60,646', 'CHF 120,000', '¥9,000,000'; cents only when there are some."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
    if float(amount).is_integer():
        pattern = re.sub(r"0\.0+", "0", pattern)
    with _half_up():
        text = format_currency(amount, currency, format=pattern, locale=locale,
                               currency_digits=False)
    return _LETTER_THEN_DIGIT.sub(" ", text.replace("\xa0", " "))


def format_number(value: float, locale: str = DEFAULT_LOCALE) -> str:
    with _half_up():
        return format_decimal(value, format="#,##0.##", locale=locale)


def format_share(value: float, locale: str = DEFAULT_LOCALE) -> str:
    """A ratio as a percentage with one decimal: 0.0402 -> '4.0%'."""
    with _half_up():
        return format_percent(value, format="#,##0.0%", locale=locale)


def format_percent_whole(value: float, locale: str = DEFAULT_LOCALE) -> str:
    """A ratio as a whole percentage: 0.55 -> '55%' (where an amount sits in a range)."""
    with _half_up():
        return format_percent(value, format="#,##0%", locale=locale)


@functools.lru_cache(maxsize=1024)
def format_day(day: date, locale: str = DEFAULT_LOCALE) -> str:
    """'22 January 2024'."""
    return babel_date(day, "d MMMM y", locale=locale)


@functools.lru_cache(maxsize=256)
def format_month(day: date, locale: str = DEFAULT_LOCALE) -> str:
    """'January 2024' (the month and year, as the locale writes them)."""
    return format_skeleton("yMMMM", day, locale=locale)


def add_months(day: date, months: int) -> date:
    """The same day `months` later; the month's last day when that month is shorter
    (31 January + 1 month -> 29 February 2024)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def months_between(start: date, end: date) -> int:
    """Whole calendar months from `start` to `end`, as an age is counted; 0 when `end` is not
    a month after `start` (22 January 2024 to 7 December 2026: 34 months and 15 days -> 34)."""
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - 1 if add_months(start, months) > end else months


def per_period(period: str) -> str:
    """'a year', 'an hour'."""
    return f"an {period}" if period == "hour" else f"a {period}"


def currency_name(code: str, locale: str = DEFAULT_LOCALE) -> str:
    return get_currency_name(code, locale=locale)
