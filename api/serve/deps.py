"""Dependencies of the HTTP routes: the service, rate limiting, admin auth, JSON bodies.

They are `async def` because none of them blocks: FastAPI runs a plain `def` dependency in the
thread pool, a round trip per dependency on every request.
"""

from __future__ import annotations

import asyncio
import hmac
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Header, HTTPException, Request

from api.config import Settings
from api.serve.ratelimit import FailureThrottle, RateLimiter
from api.serve.service import ChatService

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
    """429 with Retry-After while this client has given too many wrong admin tokens."""
    throttle: FailureThrottle = request.app.state.auth_throttle
    wait = await throttle.wait(client_address(request))
    if wait > 0:
        raise HTTPException(
            429, "too many wrong admin tokens from this address; wait before trying again",
            headers={"Retry-After": throttle.retry_after(wait)})


async def wrong_secret(request: Request) -> None:
    """Count a wrong admin token from this client (see `not_throttled`)."""
    throttle: FailureThrottle = request.app.state.auth_throttle
    await throttle.failed(client_address(request))


def bearer_token(authorization: str | None) -> str:
    """The token of an `Authorization: Bearer <token>` header ('' for any other): the scheme
    in any case, as HTTP's schemes are (RFC 9110, 11.1)."""
    scheme, _, token = (authorization or "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def require_admin(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Bearer HIRING_ADVISOR_ADMIN_TOKEN, compared in constant time; 404 when no token is set;
    429 after too many wrong ones from this client (`not_throttled`)."""
    settings: Settings = request.app.state.settings
    if settings.admin_token is None or not settings.admin_token.get_secret_value():
        raise HTTPException(404, "Not Found")
    await not_throttled(request)
    expected = settings.admin_token.get_secret_value().encode()
    if not hmac.compare_digest(bearer_token(authorization).encode(), expected):
        await wrong_secret(request)
        raise HTTPException(
            401, "admin token missing or wrong", headers={"WWW-Authenticate": "Bearer"}
        )


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
AdminOnly = Depends(require_admin)
NotThrottled = Depends(not_throttled)
JsonBody = Depends(require_json)
