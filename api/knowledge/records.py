"""Salary records: one figure per row of a knowledge CSV table, exactly as its source states it.

Parsing checks each row on its own (numbers, dates, currency codes); whether its role and level
exist is checked against the profile by `api.knowledge`, which sees both.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from api.errors import Problem
from api.text.money import PERIODS, MoneyError, check_currency

SALARY_REQUIRED = ("id", "role", "amount", "currency", "period", "source", "as_of")
SALARY_OPTIONAL = ("level", "location", "region", "aliases", "measure", "cited_in", "baseline",
                   "note", "low", "high", "p25", "p50", "p75", "p90", "sample")
# Percentile columns, lowest first: each at most the next.
PERCENTILES = ("p25", "p50", "p75", "p90")
# What a record's amount is when it states a range and no amount of its own.
RANGE_MEASURE = "range"
RECORD_ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
TRUE_WORDS = ("yes", "true", "y", "1")
FALSE_WORDS = ("", "no", "false", "n", "0")


@dataclass(frozen=True)
class SalaryRecord:
    """One salary figure from a structured table."""

    id: str
    role: str  # a role id of the profile
    amount: float
    currency: str  # ISO 4217
    period: str  # year, month, week, day or hour
    source: str  # who produced the figure
    as_of: date
    path: str
    line: int
    level: str = ""  # a level id of the role's ladder
    location: str = ""
    region: str = ""
    aliases: tuple[str, ...] = ()  # other names of the location
    measure: str = ""  # "median", ...: what kind of figure, when not a typical salary
    cited_in: str = ""  # where the figure was read, when that is not the source itself
    baseline: bool = False  # a reference figure, not pay for the role itself
    note: str = ""
    low: float | None = None  # the range's bottom (minimum), when the source gives one
    high: float | None = None  # and its top
    percentiles: tuple[tuple[int, float], ...] = ()  # ((25, 120000.0), (75, 150000.0)), rising
    sample: int | None = None  # how many salaries the figure is taken from

    @property
    def spread(self) -> tuple[float, float, str] | None:
        """The range to show beside the figure: (bottom, top, what it is: "p25-p75" or
        "range"); the interquartile range when the source gives it, else its low and high."""
        marks = dict(self.percentiles)
        if 25 in marks and 75 in marks:
            return marks[25], marks[75], "p25-p75"
        if self.low is not None and self.high is not None:
            return self.low, self.high, RANGE_MEASURE
        return None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SalaryRecord:
        return cls(**{**data, "as_of": date.fromisoformat(data["as_of"]),
                      "aliases": tuple(data.get("aliases", ())),
                      "percentiles": tuple((int(p), float(v))
                                           for p, v in data.get("percentiles", ()))})


def parse_salaries(text: str, shown: str, problems: list[Problem]) -> list[SalaryRecord]:
    """Read one CSV table; every bad row is recorded as a problem with its line."""
    rows = table_rows(text, shown, SALARY_REQUIRED, SALARY_OPTIONAL, problems)
    return [r for line, values in rows if (r := _record(values, shown, line, problems))]


def table_rows(text: str, shown: str, required: tuple[str, ...], optional: tuple[str, ...],
               problems: list[Problem]) -> list[tuple[int, dict[str, str]]]:
    """The non-blank rows of a CSV table, each with its line and every column stripped (""
    when empty); none when a required column is missing or one is unknown (a problem)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    known = required + optional
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in known]
    if missing:
        problems.append(Problem(shown, 1, f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append(Problem(shown, 1, f"unknown column(s): {', '.join(unknown)} "
                                f"(known: {', '.join(known)})"))
    if missing or unknown:
        return []
    rows = []
    for row in reader:
        # line_num is where the row ends; a quoted value may span lines.
        spanned = sum(v.count("\n") for v in row.values() if isinstance(v, str))
        line = reader.line_num - spanned
        if None in row:
            problems.append(Problem(shown, line, "more values than columns (quote values with "
                                    "commas)"))
            continue
        values = dict.fromkeys(known, "")
        values.update({k: (v or "").strip() for k, v in row.items()})
        if any(values.values()):
            rows.append((line, values))
    return rows


def _record(values: dict[str, str], shown: str, line: int,
            problems: list[Problem]) -> SalaryRecord | None:
    """One row as a record; None after recording what is wrong with it."""
    errors: list[str] = []
    spread = _spread(values, errors)
    if not values["amount"] and spread.amount is not None:
        values["amount"] = str(spread.amount)
        values["measure"] = values["measure"] or spread.measure
    errors += [f"missing {c}" for c in SALARY_REQUIRED if not values[c]]
    if not values["level"] and not values["location"]:
        errors.append("give a level or a location")
    if values["id"] and not RECORD_ID_RE.match(values["id"]):
        errors.append(f"invalid id '{values['id']}': use lower-case letters, digits, '-' and '_'")
    amount = amount_value(values["amount"], errors)
    spread.check(amount, errors)
    if values["currency"]:
        try:
            check_currency(values["currency"])
        except MoneyError as exc:
            errors.append(str(exc))
    if values["period"] and values["period"] not in PERIODS:
        errors.append(f"period must be one of {', '.join(PERIODS)}, got '{values['period']}'")
    as_of = date_value(values["as_of"], errors)
    baseline = values["baseline"].lower()
    if baseline not in TRUE_WORDS + FALSE_WORDS:
        errors.append(f"baseline must be yes or empty, got '{values['baseline']}'")
    if errors:
        name = f"salary '{values['id']}'" if values["id"] else "salary record"
        problems.append(Problem(shown, line, f"{name}: {'; '.join(errors)}"))
        return None
    assert as_of is not None
    return SalaryRecord(
        id=values["id"],
        role=values["role"],
        amount=amount,
        currency=values["currency"],
        period=values["period"],
        source=values["source"],
        as_of=as_of,
        path=shown,
        line=line,
        level=values["level"],
        location=values["location"],
        region=values["region"],
        aliases=tuple(a.strip() for a in values["aliases"].split(";") if a.strip()),
        measure=values["measure"],
        cited_in=values["cited_in"],
        baseline=baseline in TRUE_WORDS,
        note=values["note"],
        low=spread.low,
        high=spread.high,
        percentiles=spread.percentiles,
        sample=spread.sample,
    )


@dataclass
class _Spread:
    """The optional range columns of a row, read and checked."""

    low: float | None = None
    high: float | None = None
    percentiles: tuple[tuple[int, float], ...] = ()
    sample: int | None = None

    @property
    def amount(self) -> float | None:
        """The figure a row without an amount stands for: its median, else its range's
        middle."""
        marks = dict(self.percentiles)
        if 50 in marks:
            return marks[50]
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return None

    @property
    def measure(self) -> str:
        """A median stands for a typical salary (answers say "median" beside its range); a
        range's middle is no figure of the source's own."""
        return "" if 50 in dict(self.percentiles) else RANGE_MEASURE

    def check(self, amount: float, errors: list[str]) -> None:
        """The range must hold its own figure: low <= amount <= high."""
        if self.low is not None and self.high is not None and amount \
                and not self.low <= amount <= self.high:
            errors.append(f"amount {amount:g} is outside low-high ({self.low:g}-{self.high:g})")


def _spread(values: dict[str, str], errors: list[str]) -> _Spread:
    """The low, high, percentile and sample columns; what is wrong with them goes to `errors`."""
    found = {c: amount_value(values[c], errors, c) if values[c] else None
             for c in ("low", "high", *PERCENTILES)}
    spread = _Spread(found["low"], found["high"])
    if (spread.low is None) != (spread.high is None):
        errors.append("give both low and high, or neither")
    elif spread.low is not None and spread.high is not None and spread.low > spread.high:
        errors.append(f"low ({spread.low:g}) is above high ({spread.high:g})")
    marks = [(int(c[1:]), v) for c in PERCENTILES if (v := found[c]) is not None]
    if any(a[1] > b[1] for a, b in zip(marks, marks[1:], strict=False)):
        errors.append("percentiles must rise: p25 <= p50 <= p75 <= p90")
    spread.percentiles = tuple(marks)
    if values["sample"]:
        text = values["sample"].replace(",", "").replace("_", "")
        if not text.isdigit() or int(text) < 1:
            errors.append(f"sample must be a whole number of salaries, got '{values['sample']}'")
        else:
            spread.sample = int(text)
    return spread


def amount_value(text: str, errors: list[str], column: str = "amount") -> float:
    """An amount column as a number (0.0 when empty); what is wrong with it goes to `errors`."""
    amount = 0.0
    if text:
        try:
            amount = float(text.replace(",", "").replace("_", ""))
            if not amount > 0 or amount == float("inf"):
                errors.append(f"{column} must be a positive number, got {text}")
        except ValueError:
            errors.append(f"{column} must be a number without symbols, got '{text}'")
    return amount


def date_value(text: str, errors: list[str], column: str = "as_of") -> date | None:
    """A date column as a date (None when empty or bad); what is wrong goes to `errors`."""
    as_of = None
    if text:
        try:
            as_of = date.fromisoformat(text)
        except ValueError:
            errors.append(f"{column} must be a date like 2024-01-22, got '{text}'")
    return as_of
