"""Rate limits through the app on the fake model (memory://): turned off, a refused request
counted as a 429 with the seconds to wait, and a storage setting the limiter refuses stopping
the start."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.serve.ratelimit import RateLimitConfigError, RateLimiter
from tests.support.http import TOKEN
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


# --- who a client is, and wrong secrets -------------------------------------------------------


def behind_proxy(make_client, **settings):
    """A client whose requests come through a trusted proxy (X-Forwarded-For is believed)."""
    return make_client(trusted_proxies=["testclient"], **settings)


def from_address(address: str, **headers: str) -> dict[str, str]:
    return {"X-Forwarded-For": address, **headers}


def test_the_addresses_of_one_ipv6_64_share_one_allowance(make_client):
    client = behind_proxy(make_client, rate_limit_per_minute=5, rate_limit_burst=100)
    statuses = [client.get("/api/search", params={"q": "pay"},
                           headers=from_address(f"2001:db8:5:9::{n:x}")).status_code
                for n in range(1, 41)]
    assert statuses.count(200) == 5 and statuses.count(429) == 35
    other = client.get("/api/search", params={"q": "pay"}, headers=from_address("2001:db8:5:a::1"))
    assert other.status_code == 200  # the next /64 is another client
    each = behind_proxy(make_client, rate_limit_per_minute=5, rate_limit_burst=100,
                        client_ipv6_prefix=128)
    assert {each.get("/api/search", params={"q": "pay"},
                     headers=from_address(f"2001:db8:5:9::{n:x}")).status_code
            for n in range(1, 41)} == {200}


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_the_bearer_scheme_is_matched_in_any_case(client, scheme):
    response = client.get("/api/admin/gaps", headers={"Authorization": f"{scheme} {TOKEN}"})
    assert response.status_code == 200, response.text


def test_wrong_admin_tokens_are_throttled_per_client_across_the_api_and_the_console(make_client):
    client = behind_proxy(make_client, auth_max_failures=4, auth_failure_window_minutes=10)
    failures_before = counter("hiring_advisor_auth_failures_total")

    def gaps(address: str, token: str) -> int:
        return client.get("/api/admin/gaps", headers=from_address(
            address, Authorization=f"Bearer {token}")).status_code

    def sign_in(address: str, token: str) -> int:
        return client.post("/admin/api/session", json={"token": token},
                           headers=from_address(address)).status_code

    assert [gaps("198.51.100.20", f"guess-{n}") for n in range(3)] == [401] * 3
    assert sign_in("198.51.100.20", "guess-3") == 401  # the fourth wrong token
    refused = client.get("/api/admin/gaps", headers=from_address(
        "198.51.100.20", Authorization=f"Bearer {TOKEN}"))
    assert refused.status_code == 429  # even the right token, until the window frees
    assert 9 * 60 < int(refused.headers["retry-after"]) <= 10 * 60
    assert "wrong admin tokens" in refused.json()["detail"]
    assert sign_in("198.51.100.20", TOKEN) == 429
    assert gaps("198.51.100.21", TOKEN) == 200 and sign_in("198.51.100.21", TOKEN) == 200
    assert counter("hiring_advisor_auth_failures_total") == failures_before + 4


def test_the_console_sign_in_does_not_share_the_chat_rate_limit(make_client):
    client = make_client(rate_limit_per_minute=12, rate_limit_burst=20)
    for _ in range(12):
        assert client.post("/api/chat", json={"message": QUESTION}).status_code == 200
    assert client.post("/api/chat", json={"message": QUESTION}).status_code == 429
    assert client.post("/admin/api/session", json={"token": TOKEN}).status_code == 200
