"""Conversations, feedback and content gaps in a SQL database (SQLAlchemy): the `Store`.

SQLite by default (one file); PostgreSQL (psycopg 3) for several servers, or any SQLAlchemy URL.
The schema is made and changed by the Alembic migrations in api/store/migrations/, applied by
`Store.prepare()` at start-up or by `hiring-advisor db upgrade`.

`Store` is composed of its parts, one concern each: `StoreBase` (api/store/base.py: the engine,
the schema), `ConsoleStore` (console.py), `ConversationStore` (conversations.py) and
`FeedbackGapStore` (feedback_gaps.py), `ContentStore` (content.py: the knowledge as
revisions), `AccountStore` (accounts.py: the console's accounts and roles).
"""

from __future__ import annotations

from datetime import timedelta

from api.config import Settings
from api.store.accounts import AccountStore
from api.store.console import ConsoleStore
from api.store.content import ContentStore
from api.store.conversations import ConversationStore
from api.store.feedback_gaps import FeedbackGapStore


class Store(AccountStore, ConsoleStore, ContentStore, ConversationStore, FeedbackGapStore):
    """Sessions, turns, feedback and gaps; safe to share between threads and processes."""

    @classmethod
    def from_settings(cls, settings: Settings) -> Store:
        """The conversation store the settings describe (not connected yet)."""
        return cls(settings.database_url,
                   session_ttl=timedelta(minutes=settings.session_ttl_minutes),
                   max_turns=settings.max_turns_per_session,
                   gap_retention=timedelta(days=settings.gap_retention_days))
