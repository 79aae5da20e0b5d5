"""`serve`: the chat API, the widget and the console (uvicorn), one model and index a worker."""

from __future__ import annotations

import os
from typing import Annotated

import typer
import uvicorn

from api.cli.common import fail, working
from api.cli.readiness import announce_when_ready, base_url
from api.config import get_settings
from api.embedding.factory import make_embedder
from api.embedding.onnx_backend import OnnxEmbedder
from api.errors import HiringAdvisorError
from api.serve.connections import GuardedHttp
from api.serve.metrics import multiprocess_directory
from api.serve.ratelimit import SETTING, check_storage_uri
from api.store.records import StoreUnavailable
from api.store.repository import Store


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Serve the chat API, the widget and the console (uvicorn).

    Each worker loads the model and the index once. When the app is ready, the addresses of
    the widget demo, the console (with HIRING_ADVISOR_ADMIN_TOKEN set) and the API docs are
    printed.

    Example: `hiring-advisor serve --host 0.0.0.0 --port 8000 --workers 2`
    """
    settings = get_settings()
    try:  # the whole URI, before any worker starts (the settings check only its scheme)
        check_storage_uri(settings.rate_limit_storage)
    except ValueError as exc:
        typer.echo(f"error: fix these settings:\n{SETTING}: {exc}", err=True)
        raise typer.Exit(2) from None
    if settings.embed_threads is None:
        # Workers share the cores: give each its fair part rather than all of them.
        threads = max(1, (os.cpu_count() or 1) // workers)
        os.environ["HIRING_ADVISOR_EMBED_THREADS"] = str(threads)
    embedder = make_embedder(settings)
    if isinstance(embedder, OnnxEmbedder):
        try:
            with working("preparing the embedding model (a first run exports it, once)…"):
                embedder.ensure_exported()  # once, here, before the workers start
        except HiringAdvisorError as exc:
            raise fail(exc) from None
    store = Store.from_settings(settings)
    try:
        store.prepare()  # once, here, before the workers start
    except StoreUnavailable as exc:
        typer.echo(f"warning: {exc}; answers will be given but not kept", err=True)
    finally:
        store.close()
    typer.echo(f"starting on {base_url(host, port)}: the model and the index are loading")
    announce_when_ready(host, port, settings, typer.echo)  # the addresses, once it is ready
    # Several workers record their metrics in a private directory that /metrics adds up.
    with multiprocess_directory(workers):
        uvicorn.run(
            "api.main:create_app_from_env", factory=True, host=host, port=port,
            workers=workers, access_log=False, log_level="warning",
            # Forwarded addresses are read by the app, from HIRING_ADVISOR_TRUSTED_PROXIES only.
            proxy_headers=False,
            # Request heads must arrive in time, and one client may hold only so many
            # connections (api.serve.connections).
            http=GuardedHttp,
        )
