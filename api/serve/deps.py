"""Dependencies of the HTTP routes: the service, rate limiting, admin auth (the admin token, or
an account's name and password with a role: `admin_actor`), JSON bodies.

They are `async def` because none of them blocks: FastAPI runs a plain `def` dependency in the
thread pool, a round trip per dependency on every request.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
from collections.abc import Callable
from typing import Annotated, TypeVar

import anyio
from fastapi import Depends, Header, HTTPException, Request, params

from api.config import Settings
from api.serve.ratelimit import FailureThrottle, RateLimiter
from api.serve.service import ChatService
from api.store.accounts import AccountRecord
from api.store.records import StoreUnavailable
from api.store.roles import AUTOMATION, Role

T = TypeVar("T")


async def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


async def get_service(request: Request) -> ChatService:
    """The chat service once it is warm; 503 while it starts."""
    service: ChatService | None = getattr(request.app.state, "service", None)
    if service is None or not service.ready:
        problem = getattr(request.app.state, "startup_error", None)
        detail = (
            f"the assistant is not available: {problem}" if problem
            else "the assistant is starting up; try again in a few seconds"
        )
        raise HTTPException(503, detail, headers={"Retry-After": "5"})
    return service


async def rate_limited(request: Request) -> None:
    """429 with Retry-After when this client sends too many requests."""
    limiter: RateLimiter = request.app.state.limiter
    wait = await limiter.acquire(client_address(request))
    if wait > 0:
        raise HTTPException(
            429,
            "too many requests; please wait a moment before asking again",
            headers={"Retry-After": limiter.retry_after(wait)},
        )


def client_address(request: Request) -> str:
    """The client's address (as a trusted proxy reports it, see `middleware.install`)."""
    return request.client.host if request.client else "unknown"


async def not_throttled(request: Request) -> None:
    """429 with Retry-After while this client has given too many wrong admin tokens (or
    names and passwords)."""
    throttle: FailureThrottle = request.app.state.auth_throttle
    wait = await throttle.wait(client_address(request))
    if wait > 0:
        raise HTTPException(
            429, "too many wrong admin tokens or passwords from this address; wait before "
            "trying again",
            headers={"Retry-After": throttle.retry_after(wait)})


async def wrong_secret(request: Request) -> None:
    """Count a wrong admin token, name or password from this client (see `not_throttled`)."""
    throttle: FailureThrottle = request.app.state.auth_throttle
    await throttle.failed(client_address(request))


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header ('' for any other): the scheme
    in any case, as HTTP's schemes are (RFC 9110, 11.1)."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _admin_token(request: Request) -> bytes:
    """The admin token; 404 while none is configured (then there is no admin API)."""
    settings: Settings = request.app.state.settings
    if settings.admin_token is None or not settings.admin_token.get_secret_value():
        raise HTTPException(404, "Not Found")
    return settings.admin_token.get_secret_value().encode()


async def _refused(request: Request, detail: str, challenge: str) -> HTTPException:
    """Count a wrong secret (`wrong_secret`); the 401 to raise."""
    await wrong_secret(request)
    return HTTPException(401, detail, headers={"WWW-Authenticate": challenge})


async def require_admin(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Bearer HIRING_ADVISOR_ADMIN_TOKEN alone (what /metrics may ask for; the admin API takes
    accounts too, `admin_actor`), compared in constant time; 404 when no token is set; 429
    after too many wrong ones from this client (`not_throttled`)."""
    expected = _admin_token(request)
    await not_throttled(request)
    if not hmac.compare_digest(bearer_token(authorization).encode(), expected):
        raise await _refused(request, "admin token missing or wrong", "Bearer")


# What a 401 of the admin API offers: the admin token, or an account's name and password.
ADMIN_CHALLENGE = 'Bearer, Basic realm="hiring-advisor admin API", charset="UTF-8"'


def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """The name and password of an `Authorization: Basic <base64 of name:password>` header
    (UTF-8, RFC 7617); None for any other scheme, ("", "") when it cannot be read."""
    scheme, _, value = (authorization or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        name, colon, password = base64.b64decode(value.strip(), validate=True).decode(
            "utf-8").partition(":")
    except (binascii.Error, ValueError):  # UnicodeDecodeError is a ValueError
        return "", ""
    return (name, password) if colon else ("", "")


async def account_for(request: Request, name: str, password: str) -> AccountRecord | None:
    """The account when `password` is its password, else None (a wrong name and a wrong
    password alike, in about the same time). Hashing is slow on purpose: a worker thread.

    Raises:
        StoreUnavailable: the accounts cannot be read.
    """
    service: ChatService | None = getattr(request.app.state, "service", None)
    if service is None:
        raise StoreUnavailable("the service is starting up")
    found: AccountRecord | None = await anyio.to_thread.run_sync(
        lambda: service.use_store(lambda store: store.authenticate(name, password)))
    return found


async def checked_account(request: Request, name: str, password: str, *, meanwhile: str
                          ) -> AccountRecord | None:
    """`account_for`, answering 503 while the accounts cannot be read (`meanwhile`: what the
    caller may do instead)."""
    try:
        return await account_for(request, name, password)
    except StoreUnavailable as exc:
        raise HTTPException(503, f"the accounts cannot be read right now ({exc}); {meanwhile}",
                            headers={"Retry-After": "30"}) from None


async def _actor(request: Request, role: Role) -> str:
    """Who calls the admin API: "automation" for the admin token, else the account whose name
    and password come as Basic credentials, if its role is `role` or higher."""
    expected = _admin_token(request)
    await not_throttled(request)
    authorization = request.headers.get("authorization")
    credentials = basic_credentials(authorization)
    if credentials is None:
        if hmac.compare_digest(bearer_token(authorization).encode(), expected):
            return AUTOMATION
        raise await _refused(request, "admin token missing or wrong", ADMIN_CHALLENGE)
    account = await checked_account(request, *credentials,
                                    meanwhile="use the admin token, or try again later")
    if account is None:
        raise await _refused(request, "wrong name or password", ADMIN_CHALLENGE)
    if account.role < role:
        raise HTTPException(403, f"this needs the {role.label} role; the account "
                            f"{account.name!r} has the {account.role.label} role")
    return account.name


def admin_actor(role: Role) -> params.Depends:
    """A dependency on who calls an admin route, for `actor: Annotated[str,
    admin_actor(Role.EDITOR)]`: "automation" with `Authorization: Bearer <admin token>`, or
    the account of `Authorization: Basic <name:password>` whose role is `role` or higher.
    404 when no admin token is configured (no admin API); 401 for a wrong token, name or
    password (counted by `wrong_secret`); 403 for a role too low; 429 after too many wrong
    ones from this client (`not_throttled`); 503 while the accounts cannot be read (the
    token still works)."""
    async def actor(request: Request) -> str:
        return await _actor(request, role)

    actor.__name__ = f"admin_{role.label}"
    return Depends(actor)


async def require_json(request: Request) -> None:
    """415 unless the body is declared as JSON."""
    content_type = request.headers.get("content-type", "")
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise HTTPException(
            415, f"send the body as JSON with Content-Type: application/json (got "
            f"'{content_type or 'none'}')"
        )


async def chat_turn(request: Request) -> ChatService:
    """What an endpoint that answers a message checks, in this order, as one dependency: a
    JSON body (415), the client's rate (429), a warm service (503). FastAPI's resolving of
    each dependency is most of a request's routing: with these as four, the ASGI side of a
    chat turn made 1,190 Python calls, with one 962."""
    await require_json(request)
    await rate_limited(request)
    return await get_service(request)


async def answering(request: Request, call: Callable[[], T]) -> T:
    """`call`'s result, worked out in one of the worker's answering threads
    (`HIRING_ADVISOR_CHAT_CONCURRENCY` of them) once one is free: the model releases the GIL,
    so turns in several threads share its calls. A plain executor, not anyio's thread pool
    with a capacity limiter: that hand-over took 118-129 us against 75 us, on every turn."""
    return await asyncio.get_running_loop().run_in_executor(request.app.state.answering, call)


ServiceDep = Annotated[ChatService, Depends(get_service)]
ChatTurn = Annotated[ChatService, Depends(chat_turn)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
RateLimited = Depends(rate_limited)
NotThrottled = Depends(not_throttled)
JsonBody = Depends(require_json)
