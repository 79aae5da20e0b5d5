"""ASGI middleware of the app: body limit, request log, security headers, HEAD, proxies, CORS.

Each is a thin wrapper that knows nothing of chat; `install` puts them around the routes, in
the order the settings ask for.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Sequence

from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.config import Settings
from api.serve import metrics

log = logging.getLogger("hiring_advisor")


class BodyLimit:
    """ASGI middleware: 413 for a body over `limit` bytes, declared or streamed (chunked)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    def _too_large(self) -> HTTPException:
        kb = self.limit // 1024
        return HTTPException(413, f"the request body is over the {kb} KB limit; send less")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            error = self._too_large()
            response = JSONResponse({"detail": error.detail}, 413)
            await response(scope, receive, send)
            return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise self._too_large()  # answered by the HTTPException handler
            return message

        await self.app(scope, limited, send)


class RequestLog:
    """ASGI middleware: a request id, one structured log line and the request metrics (count
    and latency by route template, method and status) per request.

    A client that goes away once the answer has started (a closed page, a lost network) is
    normal: the line says `"aborted": true`, a debug line and the app's `aborted_streams`
    counter note it, and no error is raised.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope.get("headers") or [])
        given = headers.get(b"x-request-id", b"").decode("latin-1")[:64]
        request_id = given if given.isprintable() and given else uuid.uuid4().hex
        scope["request_id"] = request_id
        status = 500
        responding = False
        aborted = False

        async def send_with_id(message: Message) -> None:
            nonlocal status, responding
            if message["type"] == "http.response.start":
                status = message["status"]
                responding = True
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except (ClientDisconnect, OSError):
            if not responding:
                raise  # a failure before any answer is a real error
            aborted = True
            log.debug("client went away", extra={"fields": {"request_id": request_id}})
            app = scope.get("app")
            counters = getattr(getattr(app, "state", None), "counters", None)
            if counters is not None:
                counters["aborted_streams"] += 1
        finally:
            seconds = time.perf_counter() - started
            template = getattr(scope.get("route"), "path", None)
            method = scope.get("method", "")
            metrics.record_request(template, method, status, seconds)
            fields = {
                "request_id": request_id,
                "method": method,
                "route": template or scope.get("path"),
                "status": status,
                "latency_ms": round(seconds * 1000, 1),
            }
            if aborted:
                fields["aborted"] = True
            state = scope.get("state") or {}
            fields.update(state.get("log_fields", {}) if isinstance(state, dict) else {})
            log.info("request", extra={"fields": fields})


# --- security headers ---------------------------------------------------------------------

# What a page of ours may load: the demo page needs only its own origin (and its inline style
# blocks); the API documentation loads Swagger UI / ReDoc from the app's own files (api.serve.docs:
# no CDN, so nothing else is allowed; ReDoc's footer logo, which it fetches from its CDN, is
# refused and not shown).
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'"
)
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
# JSON and scripts are never meant to run or be framed as documents.
DATA_POLICY = "default-src 'none'; frame-ancestors 'none'"
DOCS_PATHS = ("/docs", "/redoc")
SCRIPT_PATHS = ("/widget.js",)


class SecurityHeaders:
    """Security headers on every response: nosniff, a referrer policy, a content security
    policy by kind of response, and no framing (the widget is a script, not a frame)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                kind = Headers(raw=headers).get("content-type", "")
                if path.startswith(DOCS_PATHS):
                    policy = DOCS_POLICY
                elif kind.startswith("text/html"):
                    policy = PAGE_POLICY
                else:
                    policy = DATA_POLICY
                extra = {
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"strict-origin-when-cross-origin",
                    b"content-security-policy": policy.encode(),
                    b"x-frame-options": b"DENY",
                    # The widget script is loaded by other sites' pages; nothing else is.
                    b"cross-origin-resource-policy":
                        b"cross-origin" if path in SCRIPT_PATHS else b"same-site",
                }
                headers += [(k, v) for k, v in extra.items() if k not in present]
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class HeadAsGet:
    """HEAD answers wherever GET does (load balancers probe with HEAD): the GET response's
    status and headers, without its body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "HEAD":
            await self.app(scope, receive, send)
            return

        async def without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, without_body)


class JsonCORSMiddleware(CORSMiddleware):
    """Starlette's CORS handling, with a rejected preflight answered in JSON like every
    other error."""

    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code < 400:
            return response
        reason = bytes(response.body).decode("utf-8", "replace")
        headers = {k: v for k, v in response.headers.items()
                   if k.lower() not in ("content-length", "content-type")}
        return JSONResponse({"detail": f"{reason}: this origin may not call the API"},
                            response.status_code, headers=headers)


def trusted_hosts(proxies: Sequence[str]) -> list[str] | str:
    """uvicorn's form of the trusted proxies setting ("*" for any)."""
    return "*" if "*" in proxies else list(proxies)


def install(app: FastAPI, settings: Settings) -> None:
    """Wrap the app's routes in the middleware (the last added runs first)."""
    if settings.cors_origins:
        app.add_middleware(
            JsonCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization", "X-Request-ID"],
            expose_headers=["Retry-After", "X-Request-ID"],
            max_age=600,
        )
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(RequestLog)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    if settings.trusted_proxies:
        # The client address (rate limits, logs) as a trusted proxy reports it; with no
        # trusted proxy, X-Forwarded-For is ignored and the peer is the client.
        app.add_middleware(ProxyHeadersMiddleware,
                           trusted_hosts=trusted_hosts(settings.trusted_proxies))
