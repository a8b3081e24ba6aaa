"""docker-compose.yml and the Dockerfile, checked without a Docker engine."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from subsignal.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def expand_defaults(value: str) -> str:
    """What compose makes of `${NAME:-default}` with nothing set."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


def test_compose_has_a_healthy_postgres_then_the_app() -> None:
    services = compose()["services"]
    assert set(services) == {"postgres", "app"}

    postgres = services["postgres"]
    image, _, tag = postgres["image"].partition(":")
    assert image == "postgres" and int(tag) >= 17
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    volume = postgres["volumes"][0].split(":")[0]
    assert volume in compose()["volumes"], "data must live in a named volume"

    app = services["app"]
    assert app["build"] == "."
    assert app["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert app["ports"] == ["${SUBSIGNAL_PORT:-8001}:8001"]


def test_compose_environment_is_valid_settings_as_it_stands() -> None:
    environment = {
        key: expand_defaults(str(value))
        for key, value in compose()["services"]["app"]["environment"].items()
    }
    settings = Settings.from_env(environment)
    assert settings.database_url == (
        "postgresql+asyncpg://subsignal:subsignal@postgres:5432/subsignal"
    )
    assert (settings.host, settings.port) == ("0.0.0.0", 8001)
    assert settings.reddit is None and settings.api_token is None

    postgres_env = compose()["services"]["postgres"]["environment"]
    assert {k: expand_defaults(v) for k, v in postgres_env.items()} == {
        "POSTGRES_USER": "subsignal",
        "POSTGRES_PASSWORD": "subsignal",
        "POSTGRES_DB": "subsignal",
    }


def test_dockerfile_is_minimal_locked_and_unprivileged() -> None:
    lines = [
        line.strip()
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if line.strip() and not line.strip().startswith("#")
    ]
    assert re.fullmatch(r"FROM python:3\.1[1-9]-slim", lines[0])
    assert sum(line.startswith("FROM") for line in lines) == 1
    assert any("uv sync --locked --no-dev" in line for line in lines)
    users = [line.split()[1] for line in lines if line.startswith("USER")]
    assert users and users[-1] not in ("root", "0")
    assert lines[-1] == 'CMD ["subsignal", "serve"]'
    assert "EXPOSE 8001" in lines
    copied = {line.split()[1] for line in lines if line.startswith("COPY")}
    assert {"src", "migrations", "alembic.ini"} <= copied | {
        word for line in lines if line.startswith("COPY") for word in line.split()[1:-1]
    }
