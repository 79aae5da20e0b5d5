"""Alembic's environment: runs the migrations on the connection that `api.store.migrate` hands
over, inside that connection's transaction (the caller commits, and holds the lock that keeps
other processes out). There is no alembic.ini: see README.md beside this file."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.engine import Connection

from api.store.tables import Base, UTCDateTime


def render_item(kind: str, item: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Write the store's own column types as plain SQLAlchemy types in new revisions, so that a
    revision keeps meaning the same schema whatever becomes of `api.store.tables`."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes.get("connection")
if not isinstance(connection, Connection):
    raise RuntimeError("run the migrations through api.store (Store.upgrade(), "
                       "`hiring-advisor db upgrade`) or alembic_config(connection)")
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite changes a table by copying it: autogenerate writes such changes as batch ops.
    render_as_batch=connection.dialect.name == "sqlite",
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
