"""What every part of the conversation store shares: its engine and sessions, made from a URL,
and its schema, brought to the latest migration once per store (`StoreBase`).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Self

from sqlalchemy.orm import sessionmaker

from api.store.daily import day_counter
from api.store.database import make_engine, make_parent, migrating, schema_lock, sqlite_file
from api.store.migrate import apply_migrations, head_revision, schema_revision
from api.store.records import SchemaRevision, StoreUnavailable, unavailable_on_error

log = logging.getLogger("hiring_advisor")


class StoreBase:
    """The engine, the sessions and the schema that every part of `Store` works through; the
    parts (`ConversationStore`, `FeedbackGapStore`, `ConsoleStore`) add what they store."""

    def __init__(self, url: str, *, session_ttl: timedelta, max_turns: int,
                 gap_retention: timedelta = timedelta(days=180)) -> None:
        """Connects lazily: nothing touches the database until `prepare()` or a first use."""
        if max_turns <= 0:
            raise ValueError(f"max_turns must be > 0, got {max_turns}")
        self.url = url
        self.session_ttl = session_ttl
        self.max_turns = max_turns
        self.gap_retention = gap_retention
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._prepared = False
        self._count_day = day_counter(self.engine.dialect.name)

    def close(self) -> None:
        self.engine.dispose()

    def prepare(self) -> Self:
        """Bring the schema up to date (`upgrade()`), once per store: every other method calls
        this first, so a store that failed here tries again on its next use.

        Raises:
            StoreUnavailable: the database cannot be reached or written, or its schema is of a
                newer version of this code.
        """
        if not self._prepared:
            self.upgrade()
            self._prepared = True
        return self

    def revision(self) -> SchemaRevision:
        """Where the database's schema stands; changes nothing.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        path = sqlite_file(self.url)
        if path is not None and not path.exists():  # not made yet, and not made by looking
            return SchemaRevision(None, head_revision())
        with unavailable_on_error("read the schema revision"), self.engine.connect() as db:
            return schema_revision(db)

    def upgrade(self) -> tuple[SchemaRevision, SchemaRevision]:
        """Apply the migrations up to the latest, once even when several processes start
        together: under a file lock beside an SQLite database, under an advisory lock on
        PostgreSQL. Elsewhere a process that loses the race to another one reports the store
        unavailable, and finds the work done when it tries again.

        An empty database gets every migration; tables made before migrations (by
        `create_all`, with no revision recorded) are stamped 0001 first. The migrations run in
        one transaction, so they apply whole or not at all (SQLite and PostgreSQL both change
        schemas in transactions).

        Returns:
            Where the schema stood before, and where it stands now.

        Raises:
            StoreUnavailable: the database cannot be reached or written, or its schema is of a
                newer version of this code (a migration this code does not have).
        """
        with unavailable_on_error("set up the database"):
            make_parent(self.url)
            with self.engine.connect() as db:  # the usual case: no lock, no write
                before = schema_revision(db)
            if before.up_to_date:
                return before, before
            with schema_lock(self.url), migrating(self.url, self.engine) as db:
                before = schema_revision(db)  # another process may have done it meanwhile
                if not before.known:
                    raise StoreUnavailable(
                        f"cannot set up the database: its schema is at revision "
                        f"{before.current}, which this version does not know (the latest it "
                        f"knows is {before.head}); a newer version migrated it")
                if not before.up_to_date:
                    apply_migrations(db, stamp_first=before.legacy)
                after = schema_revision(db)
        if after != before:
            log.info("database schema upgraded", extra={"fields": {
                "from": before.current or ("tables without a revision" if before.legacy
                                           else "nothing"),
                "to": after.current}})
        return before, after
