"""The Starlette application: routes, error handling, and what lives as long as it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware

from subsignal.api import audiences, health
from subsignal.api.auth import BearerTokenAuth
from subsignal.api.errors import HANDLERS
from subsignal.db.lifecycle import open_database
from subsignal.settings import Settings


def create_app(settings: Settings, *, engine: AsyncEngine | None = None) -> Starlette:
    """Build the app. With `engine` given (tests), the caller owns the database;
    otherwise the lifespan opens it (embedded or DATABASE_URL) and migrates it."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if engine is not None:
            yield
            return
        async with open_database(settings) as opened:
            app.state.engine = opened
            yield

    middleware = []
    if settings.api_token is not None:
        middleware.append(Middleware(BearerTokenAuth, token=settings.api_token))
    app = Starlette(
        routes=[*health.routes, *audiences.routes],
        middleware=middleware,
        exception_handlers=HANDLERS,
        lifespan=lifespan,
    )
    app.state.settings = settings
    if engine is not None:
        app.state.engine = engine
    return app
