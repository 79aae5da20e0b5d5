"""Where a served app is, said once it is ready: `serve` polls /readyz beside uvicorn and then
prints the widget's, the console's and the API documentation's addresses (or why it is not
ready). Polled over HTTP, so it holds for any number of workers."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

from api.config import Settings

POLL_SECONDS = 0.5
STARTING = "starting up"  # what /readyz says (503) while the model and the index load


def base_url(host: str, port: int) -> str:
    """The address a person opens for a server listening on `host`: this machine's own for a
    server on every interface."""
    shown = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


def addresses(base: str, settings: Settings) -> list[str]:
    """The lines that say where the widget, the console and the API documentation are."""
    console = (f"{base}/admin" if settings.admin_token is not None
               else "off (set HIRING_ADVISOR_ADMIN_TOKEN, 24 characters or more, e.g. from "
               "`openssl rand -hex 24`, to enable it)")
    return [f"widget demo: {base}/", f"console:     {console}", f"API docs:    {base}/docs"]


def readiness(base: str) -> tuple[int, dict[str, str]]:
    """/readyz's status and JSON body (0 and {} when the server does not answer yet)."""
    try:
        with urlopen(f"{base}/readyz", timeout=2) as response:
            return response.status, json.loads(response.read() or b"{}")
    except HTTPError as exc:
        try:
            body = json.loads(exc.read() or b"{}")
        except ValueError:
            body = {}
        return exc.code, body if isinstance(body, dict) else {}
    except (URLError, OSError, ValueError):
        return 0, {}


def wait_and_announce(base: str, settings: Settings, say: Callable[[str], None],
                      *, poll: float = POLL_SECONDS) -> bool:
    """Poll /readyz until the app is ready, then `say` where everything is; or say why it will
    not be ready (its start-up failed). True when it is ready."""
    while True:
        status, body = readiness(base)
        if status == 200:
            state = body.get("status", "ready")
            say(f"ready{'' if state == 'ready' else f' ({state}: see /readyz)'}, "
                f"serving index {body.get('index', '?')}:")
            for line in addresses(base, settings):
                say(f"  {line}")
            return True
        detail = body.get("detail")
        if status == 503 and detail and detail != STARTING:
            say(f"not ready: {detail}")
            return False
        time.sleep(poll)


def announce_when_ready(host: str, port: int, settings: Settings,
                        say: Callable[[str], None]) -> threading.Thread:
    """Say where the app is once it is ready, from a thread that ends with the process."""
    thread = threading.Thread(target=wait_and_announce, args=(base_url(host, port), settings, say),
                              name="announce", daemon=True)
    thread.start()
    return thread
