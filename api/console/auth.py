"""Sign-in for the content console (/admin): an account's name and password (or the admin
token, as the account "automation"), given once in a form, become a signed session cookie; every
request that changes something also carries the session's CSRF token in a header and comes from
the console's own origin; each route asks for a role (`Viewer`, `Editor`, `Publisher`, `Admin`).

The cookie is HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it),
scoped to /admin and expires. It holds who signed in, with which role, and until when, signed
with a key derived from the admin token: any replica verifies it, and changing the token signs
everyone out. The role is read again from the store on each request, so a changed role or a
removed account applies at once, on every replica; only while the store cannot be read does the
role the cookie was issued with stand (degraded, logged). Signing out records the session's id
in the store, so a copy of the cookie is refused too. Neither the token nor a password leaves
the sign-in request.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, Response

from api.config import Settings
from api.store.records import StoreUnavailable
from api.store.repository import Store
from api.store.roles import AUTOMATION, Role

COOKIE = "ha_console"
COOKIE_PATH = "/admin"
CSRF_HEADER = "X-CSRF-Token"
_SIGNING = b"hiring-advisor content console session v2"  # v2: with the role
log = logging.getLogger("hiring_advisor")


@dataclass(frozen=True)
class ConsoleSession:
    """Who is signed in, until when (epoch seconds), the token their changes must carry, and
    their role (as the store has it now, once `signed_in` has read it)."""

    sid: str
    name: str
    expires: float
    csrf: str
    role: Role


def clock() -> float:
    """Now, in epoch seconds (tests move it)."""
    return time.time()


def _admin_token(settings: Settings) -> str:
    """The admin token; the console does not exist (404) without one, like the admin API."""
    token = settings.admin_token.get_secret_value() if settings.admin_token else ""
    if not token:
        raise HTTPException(404, "Not Found")
    return token


def _key(token: str) -> bytes:
    return hmac.new(token.encode(), _SIGNING, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _csrf(key: bytes, sid: str) -> str:
    return _b64(hmac.new(key, f"csrf:{sid}".encode(), hashlib.sha256).digest())


def check_token(settings: Settings, given: str) -> bool:
    """Whether `given` is the admin token (compared in constant time)."""
    return hmac.compare_digest(given.encode(), _admin_token(settings).encode())


def issue(settings: Settings, name: str, role: Role) -> tuple[str, ConsoleSession]:
    """A new session for the account `name`, whose role is `role`: the cookie's value, and the
    session it stands for."""
    key = _key(_admin_token(settings))
    sid = secrets.token_urlsafe(18)
    expires = round(clock() + settings.console_session_minutes * 60, 3)
    payload = _b64(json.dumps({"s": sid, "n": name, "e": expires, "r": role.label},
                              ensure_ascii=False).encode())
    signature = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    return f"{payload}.{signature}", ConsoleSession(sid, name, expires, _csrf(key, sid), role)


def read(settings: Settings, value: str | None) -> ConsoleSession | None:
    """The session a cookie value stands for; None when absent, forged or expired."""
    key = _key(_admin_token(settings))
    payload, _, signature = (value or "").partition(".")
    if not payload or not signature:
        return None
    expected = _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(signature.encode(), expected.encode()):
        return None
    try:
        data = json.loads(_unb64(payload))
        sid, name, expires = str(data["s"]), str(data["n"]), float(data["e"])
        role = Role.parse(str(data["r"]))
    except (ValueError, KeyError, TypeError):
        return None
    if expires <= clock():
        return None
    return ConsoleSession(sid, name, expires, _csrf(key, sid), role)


def set_cookie(response: Response, request: Request, value: str, session: ConsoleSession
               ) -> None:
    response.set_cookie(
        COOKIE, value, max_age=max(1, round(session.expires - clock())), path=COOKIE_PATH,
        httponly=True, samesite="strict", secure=request.url.scheme == "https")


def clear_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict",
                           secure=request.url.scheme == "https")


def _ours(origin: str, request: Request) -> bool:
    """Whether an Origin header names this server: its scheme and host, and its port when
    the Host header has one (a proxy may pass the host without it, as nginx's $host does)."""
    given = urlsplit(origin)
    own = request.url
    try:
        port = given.port
    except ValueError:
        return False
    return (given.scheme == own.scheme and given.hostname == own.hostname
            and (own.port is None or port == own.port))


def same_origin(request: Request) -> None:
    """403 for a request another site's page made: its Origin is not ours, or the browser says
    it came from elsewhere (Sec-Fetch-Site). Clients that are not browsers send neither."""
    origin = request.headers.get("origin")
    site = request.headers.get("sec-fetch-site")
    if (origin is not None and not _ours(origin, request)) or site not in (
            None, "same-origin", "none"):
        raise HTTPException(403, "this request came from another site and is refused; use the "
                            "console's own page")


async def console_exists(request: Request) -> None:
    """404 while no admin token is configured."""
    _admin_token(request.app.state.settings)


def _now_allowed(store: Store, session: ConsoleSession) -> Role | None:
    """The session's role as the store has it now; None when it was signed out or its account
    removed."""
    if store.signed_out(session.sid):
        return None
    if session.name == AUTOMATION:  # the admin token's session: no account to read
        return Role.ADMIN
    account = store.account(session.name)
    return account.role if account is not None else None


def _current(request: Request, session: ConsoleSession) -> ConsoleSession:
    """The session with its account's role now; 401 when it was signed out (on any server) or
    its account removed. While the store cannot be read the cookie decides alone (its
    signature, expiry and role): the console keeps working, degraded."""
    service = getattr(request.app.state, "service", None)
    if service is None:
        return session
    try:
        role = service.use_store(lambda store: _now_allowed(store, session))
    except StoreUnavailable as exc:
        log.warning("console sessions cannot be checked against the store; the role the "
                    "session was given stands: %s", exc,
                    extra={"fields": {"name": session.name, "role": session.role.label}})
        return session
    if role is None:
        raise HTTPException(401, "this session was signed out, or its account removed; sign "
                            "in again")
    return replace(session, role=role)


def end(request: Request, session: ConsoleSession) -> bool:
    """Refuse the session from now on, on every server; False when the store cannot record it
    (the browser's cookie still goes)."""
    service = getattr(request.app.state, "service", None)
    if service is None:
        return False
    until = datetime.fromtimestamp(session.expires, UTC)
    try:
        service.use_store(lambda store: store.sign_out(session.sid, until))
    except StoreUnavailable as exc:
        log.warning("console sign-out not recorded: %s", exc)
        return False
    return True


async def signed_in(request: Request) -> ConsoleSession:
    """The console session of the request, with its role now; 401 without a valid, unexpired
    one, after it was signed out, or once its account is removed."""
    session = read(request.app.state.settings, request.cookies.get(COOKIE))
    if session is None:
        expired = COOKIE in request.cookies
        raise HTTPException(401, "your session has expired; sign in again" if expired
                            else "sign in to the console")
    return _current(request, session)


async def checked_change(request: Request,
                         session: Annotated[ConsoleSession, Depends(signed_in)]
                         ) -> ConsoleSession:
    """A signed-in request that changes something: from our origin, with the CSRF token."""
    same_origin(request)
    given = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(given.encode(), session.csrf.encode()):
        raise HTTPException(403, f"the {CSRF_HEADER} header is missing or wrong; reload the "
                            "console and try again")
    return session


def _a(role: Role) -> str:
    return f"{'an' if role.label[0] in 'aeiou' else 'a'} {role.label}"


# What each role is needed for, as the refusal says it.
NEEDED_FOR = {Role.EDITOR: "editing", Role.PUBLISHER: "publishing",
              Role.ADMIN: "managing accounts"}


def require_role(session: ConsoleSession, role: Role, doing: str | None = None) -> None:
    """403 unless the session's role is `role` or higher, saying what was refused: "publishing
    needs the publisher role; you are an editor"."""
    if session.role < role:
        doing = doing or NEEDED_FOR.get(role, "this")
        raise HTTPException(403, f"{doing} needs the {role.label} role; you are "
                            f"{_a(session.role)}")


def at_least(role: Role, *, change: bool = True) -> Callable[..., Awaitable[ConsoleSession]]:
    """A dependency: a session of `role` or higher (403 otherwise); for a `change`, also
    from our origin with the CSRF token (`checked_change`)."""
    # Two functions, not one with a computed annotation: FastAPI reads the annotations (strings
    # here) in the module's namespace, where a local name means nothing.
    async def allowed_change(session: CheckedChange) -> ConsoleSession:
        require_role(session, role)
        return session

    async def allowed_read(session: SignedIn) -> ConsoleSession:
        require_role(session, role)
        return session

    return allowed_change if change else allowed_read


SignedIn = Annotated[ConsoleSession, Depends(signed_in)]
CheckedChange = Annotated[ConsoleSession, Depends(checked_change)]
# The roles a route asks for: any session may read; a change needs the CSRF token, our origin
# and the role. A viewer's change that needs no more (Try it) is a `CheckedChange`; a read only
# a higher role may make, `at_least(role, change=False)`.
Viewer = SignedIn
Editor = Annotated[ConsoleSession, Depends(at_least(Role.EDITOR))]
Publisher = Annotated[ConsoleSession, Depends(at_least(Role.PUBLISHER))]
Admin = Annotated[ConsoleSession, Depends(at_least(Role.ADMIN))]
AdminRead = Annotated[ConsoleSession, Depends(at_least(Role.ADMIN, change=False))]
