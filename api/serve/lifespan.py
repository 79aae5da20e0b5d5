"""The app's life: the model and the index load in the background at start-up (`/readyz` says
when they are ready), and everything the app holds is closed when it stops."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI

from api.config import Settings
from api.errors import HiringAdvisorError
from api.serve.service import ChatService

log = logging.getLogger("hiring_advisor")
Lifespan = Callable[[FastAPI], AbstractAsyncContextManager[None]]


def lifespan(settings: Settings, service: ChatService | None = None) -> Lifespan:
    """The lifespan of an app serving `service` (default: `ChatService(settings)`): warm it up
    in a thread at start-up, answer turns in `CHAT_CONCURRENCY` threads, close all at the end.
    """

    @asynccontextmanager
    async def run(app: FastAPI) -> AsyncIterator[None]:
        app.state.service = None
        app.state.startup_error = None
        app.state.answering = ThreadPoolExecutor(settings.chat_concurrency,
                                                 thread_name_prefix="answer")
        chat = service or ChatService(settings)
        warmer = threading.Thread(target=_warm, args=(app, chat), name="warm-up", daemon=True)
        warmer.start()
        app.state.warmer = warmer
        try:
            yield
        finally:
            warmer.join(timeout=60)
            app.state.answering.shutdown(wait=True, cancel_futures=True)
            chat.close()
            await app.state.limiter.aclose()
            await app.state.auth_throttle.aclose()

    return run


def _warm(app: FastAPI, chat: ChatService) -> None:
    """Load the model and the index; the app serves chat once this is done (or says why not)."""
    started = time.perf_counter()
    try:
        chat.warm_up()
        app.state.service = chat
        log.info("ready", extra={"fields": {
            "seconds": round(time.perf_counter() - started, 2), "index": chat.engine.build}})
    except HiringAdvisorError as exc:
        app.state.startup_error = str(exc)
        log.error("not ready: %s", exc)
