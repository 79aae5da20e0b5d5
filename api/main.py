"""The app: `create_app(settings)` builds it; `uvicorn --factory api.main:create_app_from_env`
serves it (the command line's `serve` does).

Nothing happens at import: the settings are read, the logs set up and the model loaded only when
an app is built and started.
"""

from __future__ import annotations

import sys
from collections import Counter
from functools import partial

from fastapi import FastAPI
from pydantic import ValidationError

from api import __version__
from api.config import Settings, get_settings, settings_problems
from api.console.content_routes import router as console_content_router
from api.console.routes import router as console_router
from api.serve import docs, live_examples, logs, middleware, openapi
from api.serve.content_routes import router as content_router
from api.serve.handlers import add_error_handlers
from api.serve.lifespan import lifespan
from api.serve.ratelimit import FailureThrottle, RateLimitConfigError, RateLimiter
from api.serve.routes import router
from api.serve.service import ChatService
from api.text.tables import use_cache_dir


def create_app(settings: Settings | None = None, *, service: ChatService | None = None) -> FastAPI:
    """Build the app; the model and index load in the background at start-up (see /readyz).

    `service` replaces the default `ChatService(settings)` (tests pass one with a fake model).

    Raises:
        RateLimitConfigError: the rate-limit storage cannot be used.
    """
    settings = settings or get_settings()
    logs.configure()
    use_cache_dir(settings.cache_dir)
    app = FastAPI(
        title="hiring-advisor",
        version=__version__,
        summary="Hiring advice grounded in a knowledge base that its editors keep.",
        description=openapi.DESCRIPTION,
        lifespan=lifespan(settings, service),
        # Our own pages, on assets the app serves itself (api.serve.docs), not FastAPI's CDN.
        docs_url=None,
        redoc_url=None,
        openapi_tags=openapi.TAGS,
    )
    app.state.settings = settings
    # Events worth counting that are not errors ("aborted_streams": clients that went away).
    app.state.counters = Counter()
    app.state.limiter = RateLimiter(settings.rate_limit_per_minute, settings.rate_limit_burst,
                                    settings.rate_limit_storage,
                                    ipv6_prefix=settings.client_ipv6_prefix)
    # Wrong admin tokens, counted apart from the requests (a sign-in is not a chat turn).
    app.state.auth_throttle = FailureThrottle(
        settings.auth_max_failures, settings.auth_failure_window_minutes,
        settings.rate_limit_storage, ipv6_prefix=settings.client_ipv6_prefix)
    app.include_router(router)
    app.include_router(content_router)  # the admin API's knowledge editing
    app.include_router(console_router)  # the content console, /admin
    app.include_router(console_content_router)  # its knowledge editor
    docs.install(app)  # /docs, /redoc, their assets and /favicon.ico
    openapi.install(app, partial(live_examples.of_app, app))
    add_error_handlers(app)
    middleware.install(app, settings)
    return app


def create_app_from_env() -> FastAPI:
    """The app uvicorn serves, from the environment's settings; invalid settings stop it with
    a clear message (exit 2)."""
    try:
        return create_app()
    except ValidationError as exc:
        problems = settings_problems(exc)
    except RateLimitConfigError as exc:
        problems = str(exc)
    sys.stderr.write(f"hiring-advisor will not start; fix these settings:\n{problems}\n")
    raise SystemExit(2) from None
