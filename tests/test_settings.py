"""Settings are read once, validated, and never leak secrets."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from subsignal.settings import Settings, SettingsError, redact_url


def test_defaults() -> None:
    settings = Settings.from_env({})
    assert settings.database_url is None
    assert settings.data_dir == Path(".subsignal")
    assert settings.reddit is None
    assert settings.reddit_url == "https://www.reddit.com"
    assert settings.reddit_oauth_url == "https://oauth.reddit.com"
    assert settings.collect_concurrency == 8
    assert settings.theme_workers == 2
    assert settings.api_token is None
    assert (settings.host, settings.port) == ("127.0.0.1", 8001)


def test_everything_set() -> None:
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgres://u:pw@db:5432/subsignal",
            "SUBSIGNAL_DATA_DIR": "/var/lib/subsignal",
            "REDDIT_CLIENT_ID": "id",
            "REDDIT_CLIENT_SECRET": "secret",
            "REDDIT_USER_AGENT": "ua",
            "REDDIT_URL": "http://127.0.0.1:9000/",
            "REDDIT_OAUTH_URL": "http://127.0.0.1:9000",
            "SUBSIGNAL_COLLECT_CONCURRENCY": "3",
            "SUBSIGNAL_THEME_WORKERS": "0",
            "SUBSIGNAL_API_TOKEN": "a-token-of-enough-length",
            "HOST": "0.0.0.0",
            "PORT": "9001",
        }
    )
    assert settings.database_url == "postgresql+asyncpg://u:pw@db:5432/subsignal"
    assert settings.reddit is not None and settings.reddit.client_secret == "secret"
    assert settings.reddit_url == "http://127.0.0.1:9000"
    assert settings.collect_concurrency == 3 and settings.port == 9001
    assert settings.theme_workers == 0


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "mysql://u@h/db"),
        ("DATABASE_URL", "postgresql://"),
        ("DATABASE_URL", "postgresql://host"),
        ("REDDIT_CLIENT_ID", None),
        ("REDDIT_CLIENT_SECRET", None),
        ("REDDIT_URL", "ftp://reddit"),
        ("REDDIT_OAUTH_URL", "not a url"),
        ("SUBSIGNAL_COLLECT_CONCURRENCY", "0"),
        ("SUBSIGNAL_COLLECT_CONCURRENCY", "eight"),
        ("SUBSIGNAL_THEME_WORKERS", "-1"),
        ("SUBSIGNAL_THEME_WORKERS", "17"),
        ("SUBSIGNAL_API_TOKEN", "short"),
        ("PORT", "70000"),
        ("PORT", "http"),
        ("SUBSIGNAL_LOG_LEVEL", "LOUD"),
    ],
)
def test_malformed_values_name_their_variable(variable: str, value: str | None) -> None:
    env = {variable: value} if value is not None else {}
    if variable == "REDDIT_CLIENT_ID":
        env = {"REDDIT_CLIENT_SECRET": "s"}
    if variable == "REDDIT_CLIENT_SECRET":
        env = {"REDDIT_CLIENT_ID": "i"}
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(env)
    assert raised.value.variable == variable
    assert str(raised.value).startswith(f"{variable}: ")


def test_secrets_stay_out_of_repr() -> None:
    settings = Settings.from_env(
        {
            "DATABASE_URL": "postgresql://u:db-password@h/db",
            "REDDIT_CLIENT_ID": "id",
            "REDDIT_CLIENT_SECRET": "reddit-secret",
            "SUBSIGNAL_API_TOKEN": "api-token-0123456789",
        }
    )
    shown = repr(settings)
    for secret in ("db-password", "reddit-secret", "api-token-0123456789"):
        assert secret not in shown
    assert redact_url("postgresql://u:db-password@h/db") == "postgresql://u:***@h/db"


def test_cli_refuses_bad_settings_with_one_line_and_status_2() -> None:
    env = {**os.environ, "PORT": "not-a-port", "REDDIT_CLIENT_SECRET": "hunter2-secret"}
    env.pop("REDDIT_CLIENT_ID", None)
    result = subprocess.run(
        [sys.executable, "-m", "subsignal.cli", "serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("subsignal: configuration error: ")
    assert "hunter2-secret" not in result.stderr
