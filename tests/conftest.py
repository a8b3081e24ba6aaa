"""Shared fixtures: a real PostgreSQL, a fresh database per session, a clean one per test.

The server is the embedded one (data in `.subsignal/test-pg`), or the one
TEST_DATABASE_URL names. Either way each test session creates its own
database, migrates it once, and drops it at the end; every test then starts
from empty tables (they are truncated after each test).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.app import create_app
from subsignal.db.embedded import start_embedded
from subsignal.db.engine import create_database, drop_database, make_engine, migrate
from subsignal.db.models import Base
from subsignal.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    """A URL of the test server's `postgres` database (maintenance connection)."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        url = Settings.from_env({"DATABASE_URL": configured}).database_url
        assert url is not None
        yield url
        return
    embedded = start_embedded(ROOT / ".subsignal" / "test-pg")
    try:
        yield embedded.url(database="postgres")
    finally:
        embedded.stop()


@pytest.fixture(scope="session")
async def database_url(server_url: str) -> AsyncIterator[str]:
    """A database of this session's own, migrated to head."""
    base = make_url(server_url)
    prefix = base.database if base.database not in (None, "postgres") else "subsignal"
    name = f"{prefix}_t{os.getpid()}_{secrets.token_hex(3)}"
    url = base.set(database=name).render_as_string(hide_password=False)
    await create_database(url, drop_first=True)
    engine = make_engine(url)
    try:
        await migrate(engine)
    finally:
        await engine.dispose()
    yield url
    await drop_database(url)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(database_url)
    try:
        yield engine
    finally:
        tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
        async with engine.begin() as conn:
            await conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        await engine.dispose()


@pytest.fixture
def settings() -> Settings:
    return Settings.from_env({})


@pytest.fixture
async def client(settings: Settings, engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, engine=engine)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://subsignal.test") as client:
        yield client
