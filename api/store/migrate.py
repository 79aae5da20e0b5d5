"""The conversation store's schema: Alembic configured for the migrations in
api/store/migrations/ (no alembic.ini), where a database stands against them, and applying them.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from api.store.records import SchemaRevision
from api.store.tables import ChatSession

MIGRATIONS = Path(__file__).with_name("migrations")
# The revision of the tables that releases before migrations made with `create_all`.
FIRST_REVISION = "0001"


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the migrations in api/store/migrations/, without an alembic.ini
    (so it works from any directory and from an installed wheel). Commands run them on
    `connection`, inside its transaction: the caller commits."""
    config = Config()
    # The option is read through configparser, where "%" starts an interpolation.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


@functools.cache
def _scripts() -> ScriptDirectory:
    """The migrations this code ships (read once)."""
    return ScriptDirectory.from_config(alembic_config())


def head_revision() -> str:
    """The latest migration this code ships."""
    head = _scripts().get_current_head()
    assert head is not None, f"no migrations in {MIGRATIONS}"
    return head


def schema_revision(db: Connection) -> SchemaRevision:
    """Where the database on `db` stands against the migrations this code ships."""
    current = MigrationContext.configure(db).get_current_revision()
    known = current is None or current in {s.revision for s in _scripts().walk_revisions()}
    legacy = current is None and inspect(db).has_table(ChatSession.__tablename__)
    return SchemaRevision(current, head_revision(), legacy=legacy, known=known)


def apply_migrations(db: Connection, *, stamp_first: bool) -> None:
    """Upgrade to the latest migration; `stamp_first`: record the tables as revision 0001
    (made by `create_all` before migrations) instead of making them."""
    config = alembic_config(db)
    if stamp_first:
        command.stamp(config, FIRST_REVISION)
    command.upgrade(config, "head")
