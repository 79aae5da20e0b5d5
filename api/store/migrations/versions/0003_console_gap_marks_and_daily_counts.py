"""The content console's tables: gap groups marked as handled, sign-outs, and counts per day.

- `gap_handled`: one row per group of gaps (its `gaps.key`) that an editor marked as dealt
  with, by whom and when. Questions of the group asked later open it again; the rows go with the
  gap retention.
- `console_signouts`: console sessions signed out before their cookie expires, refused from
  then on by every server; a row goes when its cookie would have expired.
- `daily_activity`: questions, answered questions and thumbs up/down per day (UTC) of the turns
  no longer kept: a purge (or the trim of a long conversation) adds the turns it deletes to
  their days, so that the console's charts reach further back than the conversations (purged a
  day after they go quiet, by default). Counts only, kept as long as the gaps. The turns still
  kept are counted where they are, so nothing is copied here now.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

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
    op.create_table(
        "daily_activity",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("questions", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("thumbs_up", sa.Integer(), nullable=False),
        sa.Column("thumbs_down", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day"),
    )


def downgrade() -> None:
    op.drop_table("daily_activity")
    op.drop_table("console_signouts")
    op.drop_table("gap_handled")
