"""The FastAPI application: `create_app()` builds it; `uvicorn api.main:app` serves it."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import __version__, logs
from api.config import Settings, get_settings
from api.errors import HiringAdvisorError
from api.ratelimit import RateLimiter
from api.routes import router
from api.service import ChatService

log = logging.getLogger("hiring_advisor")


def create_app(settings: Settings | None = None, *, service: ChatService | None = None) -> FastAPI:
    """Build the app; the model and index load in the background at start-up (see /readyz).

    `service` replaces the default `ChatService(settings)` (tests pass one with a fake model).
    """
    settings = settings or get_settings()
    logs.configure()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.service = None
        app.state.startup_error = None
        chat = service or ChatService(settings)

        def warm() -> None:
            started = time.perf_counter()
            try:
                chat.warm_up()
                app.state.service = chat
                log.info("ready", extra={"fields": {
                    "seconds": round(time.perf_counter() - started, 2),
                    "index": chat.conversation.retriever.index.path.name}})
            except HiringAdvisorError as exc:
                app.state.startup_error = str(exc)
                log.error("not ready: %s", exc)

        warmer = threading.Thread(target=warm, name="warm-up", daemon=True)
        warmer.start()
        app.state.warmer = warmer
        try:
            yield
        finally:
            warmer.join(timeout=60)
            chat.close()

    app = FastAPI(
        title="hiring-advisor",
        version=__version__,
        summary="Hiring advice grounded in a knowledge base that its editors keep.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst)
    app.include_router(router)
    _add_error_handlers(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", "Authorization", "X-Request-ID"],
            expose_headers=["Retry-After", "X-Request-ID"],
            max_age=600,
        )
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(RequestLog)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = []
        for error in exc.errors():
            where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
            message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
            if error.get("type") == "json_invalid":
                where, message = "body", "the body is not valid JSON"
            elif error.get("type") == "extra_forbidden":
                message = "unknown field; remove it"
            errors.append({"field": where, "message": message, "type": error.get("type")})
        summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        return JSONResponse({"detail": f"invalid request: {summary}", "errors": errors}, 422)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        return JSONResponse({"detail": detail}, exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        request_id = request.scope.get("request_id", "")
        log.exception("unhandled error", extra={"fields": {"request_id": request_id}})
        # Answered by Starlette's outermost middleware, outside RequestLog: add the id here.
        return JSONResponse(
            {"detail": f"internal error; quote request id {request_id} when reporting it"},
            500,
            headers={"x-request-id": request_id},
        )


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
    """ASGI middleware: a request id, and one structured log line per request."""

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

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            route = scope.get("route")
            fields = {
                "request_id": request_id,
                "method": scope.get("method"),
                "route": getattr(route, "path", scope.get("path")),
                "status": status,
                "latency_ms": round((time.perf_counter() - started) * 1000, 1),
            }
            state = scope.get("state") or {}
            fields.update(state.get("log_fields", {}) if isinstance(state, dict) else {})
            log.info("request", extra={"fields": fields})


app = create_app()
