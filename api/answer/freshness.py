"""How old the salary figures an answer shows are, against the profile's freshness rule
(`freshness:` in profile.yml, `api.knowledge.profile.Freshness`).

Computed once per answer from the records it shows: the oldest figure's date and its age on
"today", which the caller gives (the engine's clock), so that nothing here reads the system
clock. `api.answer.wording` words the caution.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from api.knowledge.profile import Freshness
from api.knowledge.records import SalaryRecord
from api.text.money import months_between

# What "today" is: `date.today` in service, a fixed day in tests.
Clock = Callable[[], date]


@dataclass(frozen=True)
class Age:
    """The age of the figures an answer shows, when the oldest is older than the rule allows."""

    as_of: date  # the oldest figure's date
    months: int  # how long before today, to the nearest month
    figures: int  # how many figures the answer shows
    one_date: bool  # whether they all have that date


def figures_age(rows: Iterable[SalaryRecord], rule: Freshness | None,
                today: date) -> Age | None:
    """The age of the figures shown, or None when there is no rule, no figure, or every figure
    is within the rule."""
    shown = {r.id: r for r in rows}
    if rule is None or not shown:
        return None
    oldest = min(r.as_of for r in shown.values())
    if not rule.stale(oldest, today):
        return None
    return Age(oldest, months_between(oldest, today), len(shown),
               all(r.as_of == oldest for r in shown.values()))
