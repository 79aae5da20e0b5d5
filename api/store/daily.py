"""The counts per day (`daily_activity`) of the turns no longer kept: counting the turns about
to be deleted, and adding them to their days in one statement where the database allows.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from api.store.tables import DAILY, MESSAGES, Feedback, as_utc

# The counts a day holds: the columns of `daily_activity` besides the day.
DAY_COUNTS = ("questions", "answered", "thumbs_up", "thumbs_down")


def day_counter(dialect: str) -> Any:
    """The statement that adds to a day's counts in one step, making the day's row on first
    use (an upsert); None where the database has none that SQLAlchemy speaks."""
    upserts: dict[str, Any] = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}
    if dialect not in upserts:
        return None
    statement = upserts[dialect](DAILY).values(
        {name: bindparam(name) for name in ("day", *DAY_COUNTS)})
    return statement.on_conflict_do_update(
        index_elements=[DAILY.c.day],
        set_={name: DAILY.c[name] + statement.excluded[name] for name in DAY_COUNTS})


def day_counts(db: Connection | Session, message_ids: Any) -> dict[date, dict[str, int]]:
    """Questions, answered questions and thumbs up/down per UTC day, of the turns (and the
    ratings of the turns) that `message_ids` selects."""
    days: dict[date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(DAY_COUNTS, 0))
    for created, answered in db.execute(select(MESSAGES.c.created_at, MESSAGES.c.answered)
                                        .where(MESSAGES.c.id.in_(message_ids))):
        day = days[as_utc(created).date()]
        day["questions"] += 1
        day["answered"] += int(bool(answered))
    for created, rating in db.execute(select(Feedback.created_at, Feedback.rating)
                                      .where(Feedback.message_id.in_(message_ids))):
        days[as_utc(created).date()]["thumbs_up" if rating == "up" else "thumbs_down"] += 1
    return days


def add_to_day(db: Connection | Session, upsert: Any, day: date, **counts: int) -> None:
    """Add `counts` (names of DAY_COUNTS) to the row of `day`, in the caller's transaction."""
    values = {"day": day, **dict.fromkeys(DAY_COUNTS, 0), **counts}
    if upsert is not None:
        db.execute(upsert, values)
        return
    added = {name: DAILY.c[name] + value for name, value in counts.items()}
    if not getattr(db.execute(update(DAILY).where(DAILY.c.day == day).values(added)),
                   "rowcount", 0):
        db.execute(insert(DAILY), values)
