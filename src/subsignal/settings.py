"""All configuration, read once from the environment and validated.

`Settings.from_env()` is called by the command line and the result is passed
down; nothing else in the package reads the environment. A malformed value
raises `SettingsError` naming the variable, which the CLI turns into one line
and exit status 2.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_REDDIT_URL = "https://www.reddit.com"
DEFAULT_REDDIT_OAUTH_URL = "https://oauth.reddit.com"


class SettingsError(ValueError):
    """A configuration variable is missing or malformed."""

    def __init__(self, variable: str, problem: str) -> None:
        super().__init__(f"{variable}: {problem}")
        self.variable = variable


@dataclass(frozen=True)
class RedditCredentials:
    client_id: str
    client_secret: str = field(repr=False)
    user_agent: str


@dataclass(frozen=True)
class Settings:
    database_url: str | None = field(default=None, repr=False)
    data_dir: Path = Path(".subsignal")
    reddit: RedditCredentials | None = None
    reddit_url: str = DEFAULT_REDDIT_URL
    reddit_oauth_url: str = DEFAULT_REDDIT_OAUTH_URL
    collect_concurrency: int = 8
    theme_workers: int = 2  # processes scoring themes; 0: on the event loop
    api_token: str | None = field(default=None, repr=False)
    host: str = "127.0.0.1"
    port: int = 8001
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        return cls(
            database_url=_database_url(get("DATABASE_URL")),
            data_dir=Path(get("SUBSIGNAL_DATA_DIR") or ".subsignal"),
            reddit=_reddit_credentials(
                get("REDDIT_CLIENT_ID"), get("REDDIT_CLIENT_SECRET"), get("REDDIT_USER_AGENT")
            ),
            reddit_url=_http_url("REDDIT_URL", get("REDDIT_URL") or DEFAULT_REDDIT_URL),
            reddit_oauth_url=_http_url(
                "REDDIT_OAUTH_URL", get("REDDIT_OAUTH_URL") or DEFAULT_REDDIT_OAUTH_URL
            ),
            collect_concurrency=_int_in(
                "SUBSIGNAL_COLLECT_CONCURRENCY", get("SUBSIGNAL_COLLECT_CONCURRENCY"), 8, 1, 64
            ),
            theme_workers=_int_in(
                "SUBSIGNAL_THEME_WORKERS", get("SUBSIGNAL_THEME_WORKERS"), 2, 0, 16
            ),
            api_token=_api_token(get("SUBSIGNAL_API_TOKEN")),
            host=get("HOST") or "127.0.0.1",
            port=_int_in("PORT", get("PORT"), 8001, 1, 65535),
            log_level=_log_level(get("SUBSIGNAL_LOG_LEVEL")),
        )


def _database_url(value: str | None) -> str | None:
    """Accept the usual PostgreSQL URL spellings and pin the asyncpg driver."""
    if value is None:
        return None
    parts = urlsplit(value)
    scheme = parts.scheme.lower()
    if scheme in ("postgres", "postgresql", "postgresql+asyncpg"):
        if not (parts.hostname or "host=" in parts.query) or not parts.path.strip("/"):
            raise SettingsError(
                "DATABASE_URL", "must name a host and a database, e.g. postgresql://u:p@host/db"
            )
        return urlunsplit(parts._replace(scheme="postgresql+asyncpg"))
    raise SettingsError("DATABASE_URL", "must be a postgresql:// URL")


def _reddit_credentials(
    client_id: str | None, client_secret: str | None, user_agent: str | None
) -> RedditCredentials | None:
    if client_id is None and client_secret is None:
        return None
    if client_id is None:
        raise SettingsError("REDDIT_CLIENT_ID", "is required when REDDIT_CLIENT_SECRET is set")
    if client_secret is None:
        raise SettingsError("REDDIT_CLIENT_SECRET", "is required when REDDIT_CLIENT_ID is set")
    return RedditCredentials(
        client_id=client_id,
        client_secret=client_secret,
        user_agent=user_agent or "subsignal/0.1 (self-hosted audience research)",
    )


def _http_url(variable: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(variable, f"must be an http(s) URL, got {value!r}")
    return value.rstrip("/")


def _int_in(variable: str, value: str | None, default: int, low: int, high: int) -> int:
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(variable, f"must be a whole number, got {value!r}") from None
    if not low <= number <= high:
        raise SettingsError(variable, f"must be between {low} and {high}, got {number}")
    return number


def _api_token(value: str | None) -> str | None:
    if value is not None and len(value) < 16:
        raise SettingsError("SUBSIGNAL_API_TOKEN", "must be at least 16 characters long")
    return value


def _log_level(value: str | None) -> str:
    level = (value or "INFO").upper()
    if level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
        raise SettingsError("SUBSIGNAL_LOG_LEVEL", "must be DEBUG, INFO, WARNING or ERROR")
    return level


def redact_url(url: str) -> str:
    """A database URL fit for logs: the password replaced by ***."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))
