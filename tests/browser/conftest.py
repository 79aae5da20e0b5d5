"""Fixtures of the browser tests: Debian's Chromium (skips without it, fails when CI=true), a
page, the app on the real model under a live uvicorn, and another origin that embeds the widget."""

from __future__ import annotations

import threading

import pytest

from tests.support.browser import (
    CHROMIUM,
    FLAGS,
    require_browser,
)
from tests.support.live import serve_app


@pytest.fixture(scope="module")
def other_site(tmp_path_factory):
    """Another origin (a second loopback port) whose page embeds the widget; returns its URL
    and a function to write the page."""
    import functools
    import http.server

    root = tmp_path_factory.mktemp("other-site")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    yield origin, root
    server.shutdown()


@pytest.fixture(scope="module")
def live_server(real_service, other_site):
    """uvicorn serving the app (real model) on a free loopback port, in a thread."""
    from api.main import create_app

    settings = real_service.settings.model_copy(update={"cors_origins": [other_site[0]]})
    with serve_app(create_app(settings, service=real_service)) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    sync_playwright = require_browser()
    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    page.dialogs = []  # type: ignore[attr-defined]
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()
