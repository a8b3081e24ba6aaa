"""Alembic environment (async).

Two ways in: the service hands over an open connection through
`config.attributes["connection"]` (see `subsignal.db.engine.migrate`), or the
`alembic` command runs this file by hand, with DATABASE_URL in the environment.
Either way the migration holds a transaction-scoped advisory lock, so replicas
starting together migrate one after another.
"""

from __future__ import annotations

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from subsignal.db.engine import MIGRATION_LOCK_ID
from subsignal.db.models import Base
from subsignal.settings import Settings

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True)
    with context.begin_transaction():
        context.execute(text(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_ID})"))
        context.run_migrations()


async def run_from_environment() -> None:
    url = Settings.from_env().database_url
    if url is None:
        raise SystemExit(
            "DATABASE_URL is not set; use `subsignal migrate` for the embedded database"
        )
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(run_migrations)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("offline (--sql) migrations are not supported")

connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    if config.config_file_name is not None:
        fileConfig(config.config_file_name)
    asyncio.run(run_from_environment())
