"""Rate limits through the app on the fake model (memory://): turned off, a refused request
counted as a 429 with the seconds to wait, and a storage setting the limiter refuses stopping
the start."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.serve.ratelimit import RateLimitConfigError, RateLimiter
from tests.support.ratelimit import QUESTION, acquire, counter


def test_zero_per_minute_turns_limiting_off(make_client):
    limiter = RateLimiter(per_minute=0, burst=1)
    assert acquire(limiter, "203.0.113.1", 500) == [0.0] * 500
    assert limiter.state == "off"
    client = make_client(rate_limit_per_minute=0)
    assert {client.get("/api/search", params={"q": "pay"}).status_code for _ in range(30)} == {200}
    assert client.get("/readyz").json()["rate_limit"] == "off"


def test_a_refused_request_is_a_counted_429_with_the_seconds_to_wait(make_client):
    client = make_client(rate_limit_per_minute=2, rate_limit_burst=10)
    refused_before = counter("hiring_advisor_rate_limited_total")
    for _ in range(2):
        assert client.post("/api/chat", json={"message": QUESTION}).status_code == 200
    refused = client.post("/api/chat", json={"message": QUESTION})
    assert refused.status_code == 429 and "wait" in refused.json()["detail"]
    assert 55 <= int(refused.headers["retry-after"]) <= 60  # the minute, not the burst
    assert counter("hiring_advisor_rate_limited_total") == refused_before + 1
    assert client.get("/readyz").json()["rate_limit"] == "ok"


@pytest.mark.parametrize("uri", ["memcached://localhost:11211", "localhost:6379", "",
                                 "redis://:hunter2@localhost:notaport/0"])
def test_an_invalid_storage_stops_the_start_naming_the_setting(uri, service_settings,
                                                                monkeypatch, capsys):
    from api.config import get_settings
    from api.main import create_app, create_app_from_env

    with pytest.raises(RateLimitConfigError, match="HIRING_ADVISOR_RATE_LIMIT_STORAGE") as error:
        create_app(service_settings.model_copy(update={"rate_limit_storage": uri}))
    assert "hunter2" not in str(error.value)  # a password is not repeated
    monkeypatch.setenv("HIRING_ADVISOR_RATE_LIMIT_STORAGE", uri)
    get_settings.cache_clear()
    try:
        with pytest.raises(SystemExit) as stopped:
            create_app_from_env()
    except ValidationError:
        pytest.fail("the settings themselves should accept the URI; the limiter refuses it")
    assert stopped.value.code == 2
    message = capsys.readouterr().err
    assert "will not start" in message and "HIRING_ADVISOR_RATE_LIMIT_STORAGE: " in message
    assert "memory://" in message or "valid Redis URI" in message
