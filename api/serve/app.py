"""The FastAPI application: `create_app()` builds it; `uvicorn api.main:app` serves it."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections import Counter
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

from fastapi import FastAPI
from pydantic import ValidationError
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api import __version__
from api.config import Settings, get_settings, settings_problems
from api.console.routes import router as console_router
from api.errors import HiringAdvisorError
from api.serve import logs
from api.serve.handlers import add_error_handlers
from api.serve.middleware import (
    BodyLimit,
    HeadAsGet,
    JsonCORSMiddleware,
    RequestLog,
    SecurityHeaders,
    trusted_hosts,
)
from api.serve.ratelimit import RateLimitConfigError, RateLimiter
from api.serve.routes import router
from api.serve.service import ChatService

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
        app.state.answering = ThreadPoolExecutor(settings.chat_concurrency,
                                                 thread_name_prefix="answer")
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
            app.state.answering.shutdown(wait=True, cancel_futures=True)
            chat.close()
            await app.state.limiter.aclose()

    app = FastAPI(
        title="hiring-advisor",
        version=__version__,
        summary="Hiring advice grounded in a knowledge base that its editors keep.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    # Events worth counting that are not errors ("aborted_streams": clients that went away).
    app.state.counters = Counter()
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst,
                                    settings.rate_limit_storage)
    app.include_router(router)
    app.include_router(console_router)  # the content console, /admin
    add_error_handlers(app)
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
    return app


def _app_from_environment() -> FastAPI:
    """The app `uvicorn api.main:app` serves; invalid settings stop it with a clear message."""
    try:
        return create_app()
    except ValidationError as exc:
        problems = settings_problems(exc)
    except RateLimitConfigError as exc:
        problems = str(exc)
    sys.stderr.write(f"hiring-advisor will not start; fix these settings:\n{problems}\n")
    raise SystemExit(2) from None


app = _app_from_environment()
