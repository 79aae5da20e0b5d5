"""The content console's tables: gap groups marked as handled, sign-outs, and counts per day.

- `gap_handled`: one row per group of gaps (its `gaps.key`) that an editor marked as dealt
  with, by whom and when. Questions of the group asked later open it again; the rows go with the
  gap retention.
- `console_signouts`: console sessions signed out before their cookie expires, refused from
  then on by every server; a row goes when its cookie would have expired.
- `daily_activity`: questions, answered questions and thumbs up/down per day (UTC). Counts only,
  kept as long as the gaps, so that the console's charts reach further back than the
  conversations (purged a day after they go quiet, by default). A turn adds to its day's row in
  the transaction that stores it.

The days the database already holds turns and feedback of are counted from them here, so the
charts start with what is kept.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "gap_handled",
        sa.Column("key", sa.String(512), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_by", sa.String(128), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "console_signouts",
        sa.Column("sid", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sid"),
    )
    daily = op.create_table(
        "daily_activity",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("thumbs_up", sa.Integer(), nullable=False),
        sa.Column("thumbs_down", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )
    assert daily is not None
    rows = _counts_of_what_is_kept()
    if rows:
        op.bulk_insert(daily, rows)


def downgrade() -> None:
    op.drop_table("daily_activity")
    op.drop_table("console_signouts")
    op.drop_table("gap_handled")


def _day(moment: datetime) -> date:
    """The UTC day of a stored moment (SQLite gives it back without a zone: it is UTC)."""
    return (moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)).date()


def _counts_of_what_is_kept() -> list[dict[str, object]]:
    moment = sa.DateTime(timezone=True)
    messages = sa.table("messages", sa.column("created_at", moment),
                        sa.column("answered", sa.Boolean()))
    feedback = sa.table("feedback", sa.column("created_at", moment),
                        sa.column("rating", sa.String()))
    counts: dict[date, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(("questions", "answered", "thumbs_up", "thumbs_down"), 0))
    db = op.get_bind()
    for created, answered in db.execute(sa.select(messages.c.created_at, messages.c.answered)):
        day = counts[_day(created)]
        day["questions"] += 1
        day["answered"] += int(bool(answered))
    for created, rating in db.execute(sa.select(feedback.c.created_at, feedback.c.rating)):
        counts[_day(created)]["thumbs_up" if rating == "up" else "thumbs_down"] += 1
    return [{"day": day, **values} for day, values in sorted(counts.items())]
