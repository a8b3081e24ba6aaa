"""The one way the collectors write: a transaction whose end survives cancellation.

A collector can be cancelled at any await (a client went away). The page
being written must then roll back and its connection go back to the pool
clean, so the rollback and the release run shielded, with a short timeout.
The commit is shielded too: once a page is being committed, the commit is
allowed to finish, so what the caller knows matches what the database holds.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

CLEANUP_TIMEOUT = 3.0


@asynccontextmanager
async def transaction(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    conn = await engine.connect()
    try:
        await conn.begin()
        try:
            yield conn
        except BaseException:
            with anyio.CancelScope(shield=True), anyio.move_on_after(CLEANUP_TIMEOUT):
                await conn.rollback()
            raise
        with anyio.CancelScope(shield=True), anyio.fail_after(CLEANUP_TIMEOUT):
            await conn.commit()
    finally:
        with anyio.CancelScope(shield=True), anyio.move_on_after(CLEANUP_TIMEOUT) as scope:
            await conn.close()
        if scope.cancelled_caught:
            await conn.invalidate()
