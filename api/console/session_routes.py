"""The console's session: sign in (an account's name and password, or the admin token), who is
signed in with what role and what it may do, and sign out. Included in the console's routes
(api.console.routes); the session itself is api.console.auth's.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any, Self

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.config import Settings
from api.console import auth
from api.console.views import REASON_LABELS
from api.serve.deps import (
    JsonBody,
    NotThrottled,
    SettingsDep,
    checked_account,
    client_address,
    wrong_secret,
)
from api.serve.schemas import StoredText
from api.store.passwords import MAX_NAME, MAX_PASSWORD
from api.store.roles import AUTOMATION, Role

log = logging.getLogger("hiring_advisor")
api = APIRouter()
WRONG_ACCOUNT = "wrong name or password"  # the same for both: it tells no one which names exist


class SignIn(BaseModel):
    """An account's name and password, or the admin token."""

    model_config = ConfigDict(extra="forbid")

    name: StoredText = Field(default="", max_length=MAX_NAME, description=(
        f"The account's name, with `password`. With `token` it is ignored: that session is "
        f"{AUTOMATION!r}'s."))
    password: str | None = Field(default=None, max_length=MAX_PASSWORD)
    token: StoredText | None = Field(default=None, max_length=1024, description=(
        f"The admin token instead of an account: the session is {AUTOMATION!r}'s, with the "
        f"admin role."))

    @field_validator("name")
    @classmethod
    def _trimmed(cls, value: str) -> str:
        return " ".join(value.split())

    @model_validator(mode="after")
    def _one_way(self) -> Self:
        if self.token is not None and self.password is not None:
            raise ValueError("give your name and password, or the admin token, not both")
        if self.token is None and (self.password is None or not self.name):
            raise ValueError("give your account's name and password (or the admin token)")
        return self


def _session_body(session: auth.ConsoleSession, settings: Settings) -> dict[str, Any]:
    return {
        "name": session.name,
        "role": session.role.label,
        "can": {"edit": session.role >= Role.EDITOR, "publish": session.role >= Role.PUBLISHER,
                "admin": session.role >= Role.ADMIN},
        "expires_at": datetime.fromtimestamp(session.expires, UTC).isoformat(
            timespec="milliseconds"),
        "csrf_token": session.csrf,
        "show_text": settings.log_messages,
        "session_ttl_minutes": settings.session_ttl_minutes,
        "gap_retention_days": settings.gap_retention_days,
        "reasons": [{"reason": r, "label": label} for r, label in REASON_LABELS.items()],
    }


async def _refused(request: Request, way: str, detail: str) -> HTTPException:
    """Count a wrong secret (the admin API's throttle) and say so: the 401 to raise."""
    log.warning("console sign-in refused", extra={"fields": {
        "client": client_address(request), "with": way}})
    await wrong_secret(request)
    return HTTPException(401, detail)


async def _who(body: SignIn, request: Request, settings: Settings) -> tuple[str, Role]:
    """Who signs in, with what role; 401 for a wrong token, name or password."""
    if body.token is not None:
        if not auth.check_token(settings, body.token):
            raise await _refused(request, "token", "that is not the admin token")
        return AUTOMATION, Role.ADMIN
    account = await checked_account(
        request, body.name, body.password or "",
        meanwhile="try again later, or sign in with the admin token")
    if account is None:
        raise await _refused(request, "password", WRONG_ACCOUNT)
    return account.name, account.role


@api.post("/admin/api/session", dependencies=[JsonBody, NotThrottled])
async def post_session(body: SignIn, request: Request, settings: SettingsDep) -> JSONResponse:
    """Sign in with an account's name and password, or the admin token (the account
    "automation"): a session cookie, and the CSRF token for changes. Its own limit: wrong
    secrets per client (`HIRING_ADVISOR_AUTH_MAX_FAILURES`), not the chat's."""
    auth.same_origin(request)
    name, role = await _who(body, request, settings)
    value, session = auth.issue(settings, name, role)
    response = JSONResponse(_session_body(session, settings),
                            headers={"Cache-Control": "no-store"})
    auth.set_cookie(response, request, value, session)
    log.info("console sign-in", extra={"fields": {"name": session.name,
                                                  "role": session.role.label}})
    return response


@api.get("/admin/api/session")
def get_session(session: auth.Viewer, settings: SettingsDep) -> dict[str, Any]:
    """Who is signed in, with what role and what it allows, until when, and the CSRF token
    (the page keeps it in memory only)."""
    return _session_body(session, settings)


@api.post("/admin/api/session/end")
def post_session_end(session: auth.CheckedChange, request: Request) -> JSONResponse:
    """Sign out: the session is refused from now on, on every server, and the cookie goes."""
    recorded = auth.end(request, session)
    response = JSONResponse({"signed_out": True, "everywhere": recorded},
                            headers={"Cache-Control": "no-store"})
    auth.clear_cookie(response, request)
    return response
