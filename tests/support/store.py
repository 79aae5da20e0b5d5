"""A turn to store, and a disk that is full: for the store's tests and those of what uses it."""

from __future__ import annotations

from api.store.records import Turn
from api.store.repository import Store


def turn(question: str, *, answered: bool = True, score: float = 0.9,
         reason: str = "not_covered") -> Turn:
    """A turn as the service stores it, answered or not."""
    return Turn(question, "an answer", answered, "snippet" if answered else "refused", score,
                [], [], None, reason="" if answered else reason)


class DiskFull:
    """Make every write of a store fail as its database does when the disk is full."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine
        if store.engine.dialect.name == "sqlite":
            import sqlite3

            self.error: Exception = sqlite3.OperationalError("database or disk is full")
        else:
            from psycopg import errors

            self.error = errors.DiskFull('could not extend file "base/16384/16385": No space '
                                         "left on device")
        self.message = str(self.error)

    def __enter__(self) -> DiskFull:
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._fail)
        return self

    def __exit__(self, *exc: object) -> None:
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._fail)

    def _fail(self, conn, cursor, statement, *args) -> None:  # noqa: ANN001 - SQLAlchemy's hook
        if not statement.lstrip().upper().startswith("SELECT"):
            raise self.error
