"""How a figure is put in another period (`conversions:` in `knowledge/profile.yml`): a yearly
figure per month or per hour, with the basis the answer states ("a 40-hour week, 52 weeks a
year"). Optional: without one, a figure is given only in the period its source gives."""

from __future__ import annotations

from dataclasses import dataclass

from api.errors import Problem
from api.knowledge.yamldoc import YamlDoc, mapping_items, text_field, unknown_keys
from api.text.money import PERIODS

CONVERSION_FIELDS = ("from", "to", "divide_by", "basis")


@dataclass(frozen=True)
class Conversion:
    """A figure for `source` periods divided by `divide_by` is one for `target` periods."""

    source: str
    target: str
    divide_by: float
    basis: str


def parse_conversions(doc: YamlDoc, problems: list[Problem]) -> list[Conversion]:
    """The profile's `conversions` list, every problem with its line."""
    found = []
    for path, item in mapping_items(doc, "conversions", "from, to, divide_by and basis",
                                    problems):
        unknown_keys(doc, item, CONVERSION_FIELDS, path, problems)
        periods = [item.get(key) for key in ("from", "to")]
        for key, value in zip(("from", "to"), periods, strict=True):
            if value not in PERIODS:
                problems.append(doc.problem(f"'{key}' must be one of {', '.join(PERIODS)}, "
                                            f"got {value!r}", *path, key))
        divisor = item.get("divide_by")
        if isinstance(divisor, bool) or not isinstance(divisor, int | float) or divisor <= 0:
            problems.append(doc.problem(f"'divide_by' must be a number above 0, got {divisor!r}",
                                        *path, "divide_by"))
            continue
        basis = text_field(doc, item, "basis", path, problems)
        if basis and all(p in PERIODS for p in periods):
            found.append(Conversion(str(periods[0]), str(periods[1]), float(divisor), basis))
    return found
