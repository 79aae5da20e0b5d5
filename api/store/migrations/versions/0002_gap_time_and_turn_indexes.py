"""Index content gaps by time, and a session's turns by their number.

- `gaps.created_at`: the purge deletes gaps older than the retention (180 days by default) every
  purge interval, and the gap report reads them newest first. Gaps are the longest-kept table;
  without this index each purge reads all of it to delete the few rows that expired.
- `messages (session_id, turn)` instead of `messages (session_id)`: every turn past
  `MAX_TURNS_PER_SESSION` deletes `WHERE session_id = ? AND turn <= ?`, and the history reads
  `WHERE session_id = ? ORDER BY turn`; both become one range of this index, with no sort. Its
  leading column serves whatever the old index served (the foreign key's cascade from
  `sessions` included), so that one goes and a turn still updates two indexes, not three.

No time index on `messages`: nothing reads messages by time (the purge goes by
`sessions.last_active`, which has its index since 0001).

Building an index locks its table against writes while it runs (a few seconds for millions of
rows); both tables are small by their retention.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_gaps_created_at", "gaps", ["created_at"])
    op.create_index("ix_messages_session_id_turn", "messages", ["session_id", "turn"])
    op.drop_index("ix_messages_session_id", table_name="messages")


def downgrade() -> None:
    op.create_index("ix_messages_session_id", "messages", ["session_id"])
    op.drop_index("ix_messages_session_id_turn", table_name="messages")
    op.drop_index("ix_gaps_created_at", table_name="gaps")
