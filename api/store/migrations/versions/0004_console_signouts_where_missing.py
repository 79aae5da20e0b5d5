"""`console_signouts` for databases that the first form of 0003 migrated.

Revision 0003 was first published without the `console_signouts` table and was completed in
place afterwards, so a database migrated to 0003 in between stayed without it: its purge failed
(old conversations were never deleted) and console sign-outs held only in the browser. This
revision makes the table where it is missing and changes nothing elsewhere. Going down leaves
it: 0003 as it stands now holds it, and its own downgrade drops it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if "console_signouts" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "console_signouts",
        sa.Column("sid", sa.String(64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sid"),
    )


def downgrade() -> None:
    pass
