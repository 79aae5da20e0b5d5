"""The console's accounts in the store: who may sign in, with which role, and their password's
hash (`AccountStore`); an account as a plain record (`AccountRecord`).

Names are kept as given (trimmed) and found in any case, so "ann" signs in as "Ann"; two
accounts never differ in case alone. The store checks a name's rules (api.store.passwords)
itself: an account it holds always meets them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, exc, select
from sqlalchemy.orm import Session

from api.errors import HiringAdvisorError
from api.store.base import StoreBase
from api.store.passwords import (
    account_name,
    needs_rehash,
    renew_hash,
    verify_password,
    waste_time,
)
from api.store.records import StoreUnavailable, unavailable_on_error
from api.store.roles import Role
from api.store.tables import Account, as_utc, utc_now

log = logging.getLogger("hiring_advisor")


class AccountExists(HiringAdvisorError):
    """An account of that name (in any case) exists already."""


class UnknownAccount(HiringAdvisorError):
    """No account of that name."""


@dataclass(frozen=True)
class AccountRecord:
    """An account as the store holds it; its password only as a hash (never shown)."""

    name: str
    role: Role
    created_at: datetime
    updated_at: datetime
    password_hash: str = field(repr=False)


def _record(row: Account) -> AccountRecord:
    try:
        role = Role.parse(row.role)
    except ValueError:  # written by something else than this code: the least it may do
        log.warning("an account has an unknown role; read as viewer",
                    extra={"fields": {"account": row.name, "role": row.role}})
        role = Role.VIEWER
    return AccountRecord(row.name, role, as_utc(row.created_at), as_utc(row.updated_at),
                         row.password_hash)


def _find(db: Session, name: str) -> Account | None:
    """The account named `name` (trimmed), in any case (the exact name first)."""
    name = " ".join(name.split())
    row = db.get(Account, name)
    if row is not None:
        return row
    folded = name.casefold()
    # Few accounts, and a miss is rare (a name typed in another case, or a wrong one):
    # compared here, as SQLite's lower() folds only ASCII.
    for other in db.scalars(select(Account.name)):
        if other.casefold() == folded:
            return db.get(Account, other)
    return None


class AccountStore(StoreBase):
    """The accounts of the content console and the admin API."""

    def add_account(self, name: str, role: Role, password_hash: str) -> AccountRecord:
        """Add an account (its name trimmed, see `account_name`).

        Raises:
            InvalidAccount: the name breaks the rules.
            AccountExists: an account of that name, in any case, exists.
            StoreUnavailable: the database cannot be written.
        """
        name = account_name(name)
        self.prepare()
        try:
            with unavailable_on_error("add the account"), self._sessions.begin() as db:
                if _find(db, name) is not None:
                    raise AccountExists(f"an account named {name!r} exists already")
                now = utc_now()
                row = Account(name=name, role=role.label, password_hash=password_hash,
                              created_at=now, updated_at=now)
                db.add(row)
                db.flush()
                return _record(row)
        except StoreUnavailable as error:  # two adding the same name at once: one wins
            if isinstance(error.__cause__, exc.IntegrityError):
                raise AccountExists(f"an account named {name!r} exists already") from None
            raise

    def account(self, name: str) -> AccountRecord | None:
        """The account named `name` (in any case); None when there is none.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        with unavailable_on_error("read the account"), self._sessions() as db:
            row = _find(db, name)
            return _record(row) if row is not None else None

    def accounts(self) -> list[AccountRecord]:
        """Every account, by name.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        self.prepare()
        with unavailable_on_error("read the accounts"), self._sessions() as db:
            rows = db.scalars(select(Account)).all()
            return sorted((_record(r) for r in rows), key=lambda a: (a.name.casefold(), a.name))

    def set_role(self, name: str, role: Role) -> AccountRecord:
        """Give the account another role (it applies to its sessions at once).

        Raises:
            UnknownAccount: no such account.
            StoreUnavailable: the database cannot be written.
        """
        return self._change(name, role=role.label)

    def set_password_hash(self, name: str, password_hash: str) -> AccountRecord:
        """Keep another password hash for the account.

        Raises:
            UnknownAccount: no such account.
            StoreUnavailable: the database cannot be written.
        """
        return self._change(name, password_hash=password_hash)

    def _change(self, name: str, **values: str) -> AccountRecord:
        self.prepare()
        with unavailable_on_error("change the account"), self._sessions.begin() as db:
            row = _find(db, name)
            if row is None:
                raise UnknownAccount(f"no account named {name!r}")
            for key, value in values.items():
                setattr(row, key, value)
            row.updated_at = utc_now()
            db.flush()
            return _record(row)

    def remove_account(self, name: str) -> AccountRecord:
        """Remove the account (its sessions are refused from the next request on); what it was.

        Raises:
            UnknownAccount: no such account.
            StoreUnavailable: the database cannot be written.
        """
        self.prepare()
        with unavailable_on_error("remove the account"), self._sessions.begin() as db:
            row = _find(db, name)
            if row is None:
                raise UnknownAccount(f"no account named {name!r}")
            removed = _record(row)
            db.execute(delete(Account).where(Account.name == row.name))
            return removed

    def authenticate(self, name: str, password: str) -> AccountRecord | None:
        """The account, when `password` is its password; None for a wrong name or password,
        in about the same time. A hash made with older parameters is made again.

        Raises:
            StoreUnavailable: the database cannot be read.
        """
        found = self.account(name)
        if found is None:
            waste_time(password)
            return None
        if not verify_password(found.password_hash, password):
            return None
        if needs_rehash(found.password_hash):
            try:
                self.set_password_hash(found.name, renew_hash(password))
            except (StoreUnavailable, UnknownAccount) as error:  # next time, then
                log.warning("a password hash was not renewed",
                            extra={"fields": {"account": found.name, "error": str(error)}})
        return found
