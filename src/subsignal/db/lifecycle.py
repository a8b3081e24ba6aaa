"""Open the service's database for its lifetime: embedded or configured, migrated."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.db.embedded import start_embedded
from subsignal.db.engine import make_engine, migrate
from subsignal.settings import Settings, redact_url

logger = logging.getLogger(__name__)


@asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """Yield a migrated engine; on exit dispose it and release the embedded server."""
    embedded = None
    url = settings.database_url
    if url is None:
        embedded = start_embedded(settings.data_dir)
        url = embedded.url()
    engine = make_engine(url, pool_size=max(5, settings.collect_concurrency + 2))
    try:
        await migrate(engine)
        logger.info("database ready", extra={"url": redact_url(url)})
        yield engine
    finally:
        with anyio.CancelScope(shield=True):
            await engine.dispose()
        if embedded is not None:
            embedded.stop()
