"""The settings: read from the environment; the admin token trimmed, and a short one refused
before the server starts."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from api.config import Settings

TOKEN = "s3cret-admin-token-for-tests"


def test_settings_read_the_environment(monkeypatch):
    monkeypatch.setenv("HIRING_ADVISOR_RATE_LIMIT_PER_MINUTE", "7")
    monkeypatch.setenv("hiring_advisor_admin_token", "  a-token-of-twenty-four-chars  ")
    monkeypatch.setenv("HIRING_ADVISOR_TRUSTED_PROXIES", "10.0.0.1, 10.0.0.2")
    settings = Settings()
    assert settings.rate_limit_per_minute == 7
    assert settings.admin_token.get_secret_value() == "a-token-of-twenty-four-chars"
    assert settings.trusted_proxies == ["10.0.0.1", "10.0.0.2"]


def test_a_short_admin_token_stops_the_server_with_a_clear_message(monkeypatch):
    with pytest.raises(ValidationError, match="too short; use at least 24"):
        Settings(admin_token="short-token")
    monkeypatch.setenv("HIRING_ADVISOR_ADMIN_TOKEN", "  short  ")
    from api.config import get_settings
    from api.main import create_app_from_env

    get_settings.cache_clear()
    with pytest.raises(SystemExit) as stopped:
        create_app_from_env()
    assert stopped.value.code == 2


def test_the_admin_token_is_trimmed():
    settings = Settings(admin_token=f"  {TOKEN}\n")
    assert settings.admin_token is not None
    assert settings.admin_token.get_secret_value() == TOKEN
