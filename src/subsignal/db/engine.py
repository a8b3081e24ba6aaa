"""The async engine and the helpers that create and migrate databases."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    create_async_engine,
)

MIGRATIONS_DIR = Path(__file__).resolve().parents[3] / "migrations"
MIGRATION_LOCK_ID = 0x5B5167  # pg_advisory_xact_lock key: one migrator at a time


def make_engine(url: str, *, pool_size: int = 10) -> AsyncEngine:
    """One engine per process; connections are checked before use."""
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
        pool_timeout=10,
        connect_args={"server_settings": {"application_name": "subsignal"}, "timeout": 10},
    )


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, pointed at our migrations; reused by tests."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def migrate(engine: AsyncEngine, revision: str = "head") -> None:
    """Upgrade the schema to `revision` (idempotent; safe with several replicas).

    After an upgrade that changed something, the tables are vacuumed: a
    migration that rewrites a table (a stored column added) leaves its
    visibility map empty, and the index-only scans the readers rely on would
    visit every row until autovacuum came by, which a rewrite does not prompt.
    """
    async with engine.begin() as conn:
        before = await conn.run_sync(_revision)
        await conn.run_sync(lambda sync: command.upgrade(alembic_config(sync), revision))
        changed = await conn.run_sync(_revision) != before
    if changed and before is not None:
        async with engine.connect() as conn:
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM (ANALYZE)"))


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    async with engine.begin() as conn:
        await conn.run_sync(lambda sync: command.downgrade(alembic_config(sync), revision))


@asynccontextmanager
async def _maintenance(url: str) -> AsyncIterator[tuple[AsyncConnection, str]]:
    """A connection to the server's `postgres` database, and the name `url` points at."""
    target = make_url(url)
    assert target.database is not None
    admin = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            yield conn, target.database
    finally:
        await admin.dispose()


async def create_database(url: str, *, drop_first: bool = False) -> None:
    """Create the database `url` names (dropping it first if asked)."""
    async with _maintenance(url) as (conn, name):
        if drop_first:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        exists = await conn.scalar(
            text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))


async def drop_database(url: str) -> None:
    async with _maintenance(url) as (conn, name):
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@asynccontextmanager
async def read_connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection for a reader's queries, in one transaction: none runs away
    (15 s at most), and plans are made for the actual values (a cached generic
    plan guesses a search's match count and evaluates the tsquery per row)."""
    async with engine.connect() as conn:
        await conn.execute(text("SET LOCAL statement_timeout = '15s'"))
        await conn.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
        yield conn
