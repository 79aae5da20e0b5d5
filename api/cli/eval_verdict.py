"""`eval`'s verdict: every measure of the run beside its floor, in one table, and whether the
run passes (the command exits 1 when a measure is below its floor).

The floors are data: `FLOORS` below, each overridable for a run with `--min NAME=VALUE` (a set
written apart from tuning, such as tests/eval/holdout, may be held to a lower one).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text

# The floors the shipped knowledge is held to on its own sets (tests/eval/questions.jsonl and
# conversations.jsonl): the ones tests/integration asserts (test_retrieval.py,
# test_chat_flows.py), so that `eval` fails where `make test` would; and every publish check
# passing, as the knowledge's checks are written to (knowledge/checks.yml). Measures without a
# floor (MRR, fact recall...) are shown for information.
FLOORS: dict[str, float] = {
    "retrieval.hit@1": 0.85,
    "retrieval.hit@3": 0.95,
    "retrieval.oos_rejection": 1.0,
    "answers.answered": 0.95,
    "answers.facts_in_answer": 0.88,
    "answers.oos_unanswered": 1.0,
    "conversations.passed": 0.95,
    "checks.passed": 1.0,
}
EPSILON = 1e-9  # a measure equal to its floor passes, whatever the float rounding


class FloorError(ValueError):
    """A `--min` that names no measure of the run, or gives no number from 0 to 1."""


@dataclass(frozen=True)
class Row:
    measure: str
    value: float
    floor: float | None

    @property
    def passed(self) -> bool:
        return self.floor is None or self.value >= self.floor - EPSILON


def parse_floors(given: list[str]) -> dict[str, float]:
    """`--min NAME=VALUE` options as {name: floor}.

    Raises:
        FloorError: a malformed option, or a value outside 0..1.
    """
    floors = {}
    for option in given:
        name, sep, value = option.partition("=")
        try:
            floor = float(value)
        except ValueError:
            floor = -1.0
        if not sep or not name.strip() or not 0.0 <= floor <= 1.0:
            raise FloorError(f"{option!r}: give NAME=VALUE, VALUE from 0 to 1 (e.g. "
                             "retrieval.hit@1=0.9)")
        floors[name.strip()] = floor
    return floors


def verdict(measured: dict[str, float], overrides: dict[str, float]) -> list[Row]:
    """Each measure with its floor (`FLOORS`, `overrides` first).

    Raises:
        FloorError: an override names a measure this run did not take.
    """
    unknown = sorted(set(overrides) - set(measured))
    if unknown:
        raise FloorError(f"{', '.join(unknown)}: not measured in this run (it measured "
                         f"{', '.join(measured)})")
    floors = {**FLOORS, **overrides}
    return [Row(name, value, floors.get(name)) for name, value in measured.items()]


def table(rows: list[Row]) -> Table:
    """The verdict as a table: measure, value, floor, pass or FAIL."""
    out = Table("measure", "value", "floor", "verdict", title="verdict", title_justify="left")
    for row in rows:
        mark = (Text("-", style="dim") if row.floor is None
                else Text("pass", style="green") if row.passed else Text("FAIL", style="bold red"))
        out.add_row(row.measure, f"{row.value:.3f}",
                    "" if row.floor is None else f"≥ {row.floor:.3f}", mark)
    return out


def summary(rows: list[Row]) -> Text:
    """One line: PASS, or FAIL with each measure below its floor."""
    failed = [r for r in rows if not r.passed]
    held = sum(r.floor is not None for r in rows)
    if not failed:
        return Text(f"PASS: {held} of {held} measures with a floor meet it", style="bold green")
    below = "; ".join(f"{r.measure} {r.value:.3f} < {r.floor:.3f}" for r in failed)
    return Text(f"FAIL: {len(failed)} of {held} measures below their floor: {below}",
                style="bold red")
