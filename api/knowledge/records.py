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
                   "note")
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

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["as_of"] = self.as_of.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> SalaryRecord:
        return cls(**{**data, "as_of": date.fromisoformat(data["as_of"]),
                      "aliases": tuple(data.get("aliases", ()))})


def parse_salaries(text: str, shown: str, problems: list[Problem]) -> list[SalaryRecord]:
    """Read one CSV table; every bad row is recorded as a problem with its line."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    known = SALARY_REQUIRED + SALARY_OPTIONAL
    missing = [c for c in SALARY_REQUIRED if c not in header]
    unknown = [c for c in header if c not in known]
    if missing:
        problems.append(Problem(shown, 1, f"missing column(s): {', '.join(missing)}"))
    if unknown:
        problems.append(Problem(shown, 1, f"unknown column(s): {', '.join(unknown)} "
                                f"(known: {', '.join(known)})"))
    if missing or unknown:
        return []
    records = []
    for row in reader:
        # line_num is where the row ends; a quoted value may span lines.
        spanned = sum(v.count("\n") for v in row.values() if isinstance(v, str))
        record = _record(row, shown, reader.line_num - spanned, problems)
        if record is not None:
            records.append(record)
    return records


def _record(row: dict[str, str | None], shown: str, line: int,
            problems: list[Problem]) -> SalaryRecord | None:
    """One row as a record; None for a blank row, or after recording what is wrong with it."""
    if None in row:
        problems.append(Problem(shown, line, "more values than columns (quote values with commas)"))
        return None
    values = dict.fromkeys(SALARY_REQUIRED + SALARY_OPTIONAL, "")
    values.update({k: (v or "").strip() for k, v in row.items()})
    if not any(values.values()):
        return None  # blank line
    errors = [f"missing {c}" for c in SALARY_REQUIRED if not values[c]]
    if not values["level"] and not values["location"]:
        errors.append("give a level or a location")
    if values["id"] and not RECORD_ID_RE.match(values["id"]):
        errors.append(f"invalid id '{values['id']}': use lower-case letters, digits, '-' and '_'")
    amount = _amount(values["amount"], errors)
    if values["currency"]:
        try:
            check_currency(values["currency"])
        except MoneyError as exc:
            errors.append(str(exc))
    if values["period"] and values["period"] not in PERIODS:
        errors.append(f"period must be one of {', '.join(PERIODS)}, got '{values['period']}'")
    as_of = _as_of(values["as_of"], errors)
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
    )


def _amount(text: str, errors: list[str]) -> float:
    """The amount column as a number (0.0 when empty); what is wrong with it goes to `errors`."""
    amount = 0.0
    if text:
        try:
            amount = float(text.replace(",", "").replace("_", ""))
            if not amount > 0 or amount == float("inf"):
                errors.append(f"amount must be a positive number, got {text}")
        except ValueError:
            errors.append(f"amount must be a number without symbols, got '{text}'")
    return amount


def _as_of(text: str, errors: list[str]) -> date | None:
    """The as_of column as a date (None when empty or bad); what is wrong goes to `errors`."""
    as_of = None
    if text:
        try:
            as_of = date.fromisoformat(text)
        except ValueError:
            errors.append(f"as_of must be a date like 2024-01-22, got '{text}'")
    return as_of
