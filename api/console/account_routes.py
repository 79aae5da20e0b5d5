"""The console's accounts, for admins: list them, add one, change its role or password, remove
it (`Admin` for all). Included in the console's routes (api.console.routes); the accounts
themselves are the store's (api.store.accounts), their rules api.store.passwords'.

A password is hashed here and never answered, logged or kept as itself. A role changed or an
account removed applies to its sessions from their next request, on every replica.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated, Any, Literal, Self, TypeVar

from fastapi import APIRouter, HTTPException
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from api.console import auth
from api.serve.deps import JsonBody, ServiceDep
from api.serve.schemas import storable
from api.store.accounts import AccountExists, AccountRecord, UnknownAccount
from api.store.passwords import MAX_PASSWORD, account_name, check_password, hash_password
from api.store.records import StoreUnavailable
from api.store.repository import Store
from api.store.roles import Role

log = logging.getLogger("hiring_advisor")
api = APIRouter()
T = TypeVar("T")

RoleName = Literal["viewer", "editor", "publisher", "admin"]
# Validated by the rules every account's name meets (api.store.passwords), as the store would.
AccountName = Annotated[str, Field(max_length=200), AfterValidator(storable),
                        AfterValidator(account_name)]
Password = Annotated[str, Field(max_length=MAX_PASSWORD), AfterValidator(check_password)]
NamePath = Annotated[str, PathParam(max_length=200, description="The account's name."),
                     AfterValidator(storable)]


class NewAccount(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: AccountName
    role: RoleName
    password: Password


class AccountChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: RoleName | None = None
    password: Password | None = None

    @model_validator(mode="after")
    def _something(self) -> Self:
        if self.role is None and self.password is None:
            raise ValueError("give a new role, a new password, or both")
        return self


def _item(account: AccountRecord) -> dict[str, Any]:
    """An account as the console shows it: never its password, nor its hash."""
    return {"name": account.name, "role": account.role.label,
            "created_at": account.created_at.isoformat(timespec="seconds"),
            "updated_at": account.updated_at.isoformat(timespec="seconds")}


def _stored(service: ServiceDep, action: Callable[[Store], T]) -> T:
    """A store action on the accounts; 503 while the store cannot be reached, 404 for an
    account that is not there, 409 for one that is."""
    try:
        return service.use_store(action)
    except StoreUnavailable as exc:
        raise HTTPException(503, f"the accounts cannot be read or changed right now ({exc}); "
                            "try again later", headers={"Retry-After": "30"}) from None
    except UnknownAccount as exc:
        raise HTTPException(404, str(exc)) from None
    except AccountExists as exc:
        raise HTTPException(409, str(exc)) from None


def _not_yourself(session: auth.ConsoleSession, name: str, doing: str) -> None:
    """409 for an admin about to lock themselves out (another admin, or the admin token, can)."""
    if " ".join(name.split()).casefold() == session.name.casefold():
        raise HTTPException(409, f"you cannot {doing} your own account; another admin (or the "
                            "admin token) can")


def _log(what: str, session: auth.ConsoleSession, account: AccountRecord) -> None:
    log.info(what, extra={"fields": {"account": account.name, "role": account.role.label,
                                     "by": session.name}})


@api.get("/admin/api/accounts")
def get_accounts(service: ServiceDep, session: auth.AdminRead) -> dict[str, Any]:
    """Every account, by name, with its role (for admins)."""
    return {"accounts": [_item(a) for a in _stored(service, lambda s: s.accounts())],
            "roles": [r.label for r in Role]}


@api.post("/admin/api/accounts", dependencies=[JsonBody])
def post_account(body: NewAccount, service: ServiceDep, session: auth.Admin) -> JSONResponse:
    """Add an account with a role and a first password."""
    digest = hash_password(body.password)
    added = _stored(service, lambda s: s.add_account(body.name, Role.parse(body.role), digest))
    _log("account added", session, added)
    return JSONResponse(_item(added), status_code=201, headers={"Cache-Control": "no-store"})


@api.patch("/admin/api/accounts/{name}", dependencies=[JsonBody])
def patch_account(name: NamePath, body: AccountChange, service: ServiceDep,
                  session: auth.Admin) -> dict[str, Any]:
    """Give an account another role, or set its password (or both)."""
    if body.role is not None and Role.parse(body.role) < Role.ADMIN:
        _not_yourself(session, name, "take the admin role from")
    digest = hash_password(body.password) if body.password is not None else None

    def change(store: Store) -> AccountRecord:
        changed = [store.set_role(name, Role.parse(body.role))] if body.role else []
        if digest is not None:
            changed.append(store.set_password_hash(name, digest))
        return changed[-1]  # one of the two at least, as the model's validator says

    changed = _stored(service, change)
    _log("account changed" + (" (password set)" if digest else ""), session, changed)
    return _item(changed)


@api.delete("/admin/api/accounts/{name}")
def delete_account(name: NamePath, service: ServiceDep, session: auth.Admin
                   ) -> dict[str, Any]:
    """Remove an account: its sessions are refused from their next request on."""
    _not_yourself(session, name, "remove")
    removed = _stored(service, lambda s: s.remove_account(name))
    _log("account removed", session, removed)
    return {"removed": removed.name}
