"""The app under a real uvicorn (a socket of its own, tests/support/live.py) on the fake model:
what only a real connection shows."""

from __future__ import annotations

import pytest

from api.main import create_app
from api.serve.service import ChatService
from tests.conftest import FakeEmbedder
from tests.support.live import serve_app


def test_a_client_leaving_mid_stream_is_counted_not_logged_as_an_error(service_settings, capfd):
    import time

    import httpx

    settings = service_settings.model_copy(update={"rate_limit_per_minute": 0})
    service = ChatService(settings, embedder=FakeEmbedder())
    real_chat = service.chat

    def slow_chat(*args):
        time.sleep(0.5)  # the client is gone before the answer is ready
        return real_chat(*args)

    service.chat = slow_chat  # type: ignore[method-assign]
    app = create_app(settings, service=service)
    with serve_app(app, log_level="info", ready_seconds=30) as base:
        for _ in range(5):
            with httpx.Client(timeout=0.1) as http:
                with pytest.raises(httpx.ReadTimeout):
                    with http.stream("POST", f"{base}/api/chat/stream",
                                     json={"message": "L3 salary?"}) as response:
                        response.read()
        time.sleep(1.0)
        assert app.state.counters["aborted_streams"] == 5
    logged = capfd.readouterr().err
    assert '"level": "error"' not in logged and "Traceback" not in logged, logged
