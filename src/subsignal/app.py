"""The Starlette application: routes, error handling, and what lives as long as it."""

from __future__ import annotations

import dataclasses
import gc
import logging
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime

import anyio
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.applications import Starlette
from starlette.middleware import Middleware

from subsignal.api import audiences, health, posts, runs
from subsignal.api.auth import BearerTokenAuth
from subsignal.api.errors import HANDLERS
from subsignal.api.state import Clock
from subsignal.collect.scoring import start_workers
from subsignal.db.lifecycle import open_database
from subsignal.reddit.source import RedditSource, open_reddit
from subsignal.settings import RedditCredentials, Settings

logger = logging.getLogger(__name__)

# Allocations between young-generation GC passes (CPython: 700); see the lifespan.
GC_YOUNG_THRESHOLD = 10_000


def _utc_now() -> datetime:
    return datetime.now(UTC)


def create_app(
    settings: Settings,
    *,
    engine: AsyncEngine | None = None,
    reddit: RedditSource | None = None,
    demo: bool = False,
    clock: Clock | None = None,
) -> Starlette:
    """Build the app. Given `engine` / `reddit` (tests), the caller owns them;
    otherwise the lifespan opens the database (embedded or DATABASE_URL, migrated)
    and, with credentials (or `demo`: a Reddit double on a loopback port), Reddit.
    `clock` is what timeframes count back from (default: now, in UTC; tests fix it)."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with AsyncExitStack() as stack:
            if engine is None:
                app.state.engine = await stack.enter_async_context(open_database(settings))
            if reddit is None:
                app.state.reddit = await _open_reddit(stack, settings, demo=demo)
            if settings.theme_workers and app.state.reddit is not None:  # else nothing to score
                app.state.scoring = anyio.CapacityLimiter(settings.theme_workers)
                await start_workers(app.state.scoring)
            # What start-up built (modules, rules, the pool) lives as long as the
            # process: keep it out of the collector's full passes, which otherwise
            # pause every collector for tens of milliseconds at a time.
            gc.freeze()
            # A listing page parses into thousands of objects that live until it is
            # written, so CPython's default (a young pass every 700 allocations)
            # walks each of them many times. The collect benchmark's process (two
            # 20k-post runs) spent 0.30-0.42 s in the cyclic GC; 0.17 s with this.
            gc.set_threshold(GC_YOUNG_THRESHOLD)
            yield

    middleware = []
    if settings.api_token is not None:
        middleware.append(Middleware(BearerTokenAuth, token=settings.api_token))
    app = Starlette(
        routes=[*health.routes, *audiences.routes, *posts.routes, *runs.routes],
        middleware=middleware,
        exception_handlers=HANDLERS,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.reddit = reddit
    app.state.scoring = None
    app.state.clock = clock or _utc_now
    return app


async def _open_reddit(
    stack: AsyncExitStack, settings: Settings, *, demo: bool
) -> RedditSource | None:
    if demo:
        from subsignal.testing import DEMO_SUBREDDITS, RedditDouble, serve

        # the double's posts are dated back from now, so every timeframe has some
        double = RedditDouble(DEMO_SUBREDDITS, latency=0.05, now=float(int(time.time())))
        base_url = await stack.enter_async_context(serve(double.app))
        logger.info("demo: serving a Reddit double", extra={"url": base_url})
        settings = dataclasses.replace(
            settings,
            reddit_url=base_url,
            reddit_oauth_url=base_url,
            reddit=RedditCredentials(double.client_id, double.client_secret, "subsignal-demo/0.1"),
        )
    if settings.reddit is None:
        logger.warning("no Reddit credentials: collection answers 503 (try --demo)")
        return None
    return await stack.enter_async_context(open_reddit(settings, settings.reddit))
