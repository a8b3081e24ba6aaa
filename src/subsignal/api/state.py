"""What the app's lifespan opened, typed for the route handlers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import anyio
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request

from subsignal.reddit.source import RedditSource
from subsignal.settings import Settings

Clock = Callable[[], datetime]


def engine(request: Request) -> AsyncEngine:
    opened: AsyncEngine = request.app.state.engine
    return opened


def reddit(request: Request) -> RedditSource | None:
    source: RedditSource | None = request.app.state.reddit
    return source


def settings(request: Request) -> Settings:
    configured: Settings = request.app.state.settings
    return configured


def scoring(request: Request) -> anyio.CapacityLimiter | None:
    workers: anyio.CapacityLimiter | None = request.app.state.scoring
    return workers


def now(request: Request) -> datetime:
    """The app's clock: what timeframes count back from (tests fix it)."""
    clock: Clock = request.app.state.clock
    return clock()
