"""Liveness and readiness."""

from __future__ import annotations

import anyio
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from subsignal.api import state
from subsignal.api.responses import JSON
from subsignal.errors import Unavailable


async def health(request: Request) -> Response:
    """The process answers; says nothing about its dependencies."""
    return JSON({"status": "ok"})


async def ready(request: Request) -> Response:
    """The database answers within two seconds."""
    try:
        with anyio.fail_after(2):
            async with state.engine(request).connect() as conn:
                await conn.execute(text("SELECT 1"))
    except (TimeoutError, SQLAlchemyError, OSError) as exc:
        raise Unavailable(f"the database does not answer: {type(exc).__name__}") from None
    return JSON({"status": "ready", "database": "ok"})


routes = [
    Route("/health", health, methods=["GET"]),
    Route("/ready", ready, methods=["GET"]),
]
