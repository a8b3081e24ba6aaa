"""A collection run: one anyio task group, one collector per subreddit.

`start_run` takes the audience's lock (one run per audience, across
processes) and records the run; `CollectionRun.execute` runs the collectors
and reports through `RunProgress`. Cancelling `execute` (the client went away)
cancels every collector: requests stop, the page being written rolls back,
committed pages stay, and the run is closed as `cancelled` with the counts
the database holds.
"""

from __future__ import annotations

import contextlib
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import anyio
from anyio.abc import ObjectSendStream
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.collect.events import RunEvent, RunProgress
from subsignal.collect.scoring import score_page
from subsignal.db import runs as db
from subsignal.db.engine import read_connection
from subsignal.db.models import SUBREDDIT_STATUSES
from subsignal.db.posts import write_page
from subsignal.db.theme_counts import theme_counts
from subsignal.db.transaction import transaction
from subsignal.errors import Conflict, CredentialsRefused, RedditError
from subsignal.reddit.records import CommentRecord, PostRecord
from subsignal.reddit.source import RedditSource

logger = logging.getLogger(__name__)

ABOUT_MAX_AGE_S = 24 * 3600  # a subreddit's `about` is fetched again after a day
# Reddit refusals that say what the subreddit is (not a passing failure)
FAILED_STATUSES = set(SUBREDDIT_STATUSES) - {"active"}
CLEANUP_TIMEOUT = 5.0


@dataclass(frozen=True)
class RunParams:
    sort: str
    timeframe: str
    limit: int
    comments: int


@dataclass
class SubredditCounts:
    fetched: int = 0
    new: int = 0
    updated: int = 0
    comments: int = 0

    def fields(self) -> dict[str, int]:
        """The counts as events carry them, with `stored` = `new` + `updated`."""
        return {**asdict(self), "stored": self.new + self.updated}


@dataclass
class CollectionRun:
    run_id: uuid.UUID
    audience_id: int
    subreddits: list[db.RunSubredditRef]
    params: RunParams
    engine: AsyncEngine
    source: RedditSource
    concurrency: int
    scoring: anyio.CapacityLimiter | None  # theme scoring workers (None: on the loop)
    started: float = field(default_factory=time.monotonic)
    outcomes: dict[int, str] = field(default_factory=dict)
    closed: bool = False

    async def execute(self, stream: ObjectSendStream[RunEvent]) -> None:
        """Run every collector; always ends the stream, and the run row, whatever happens."""
        async with stream:
            progress = RunProgress(self.run_id, stream)
            try:
                await progress.emit(
                    "run.started",
                    audience_id=self.audience_id,
                    subreddits=[s.display_name for s in self.subreddits],
                    sort=self.params.sort,
                    timeframe=self.params.timeframe,
                    limit=self.params.limit,
                    comments=self.params.comments,
                    started_at=datetime.now(UTC).isoformat(),
                )
                await self._collect_all(progress)
                async with read_connection(self.engine) as conn:
                    counted = await theme_counts(
                        conn, self.audience_id, datetime.now(UTC), self.params.timeframe
                    )
                await progress.emit(
                    "themes.updated", timeframe=self.params.timeframe, counts=counted.counts
                )
                await self._complete(progress)
            except Exception as exc:
                code, message = _run_error(exc)
                if code == "internal_error":
                    logger.exception("run failed", extra={"run_id": str(self.run_id)})
                await self._fail(progress, code, message)
            finally:
                await self.close_quietly("cancelled")  # a no-op unless cut short

    async def _collect_all(self, progress: RunProgress) -> None:
        limiter = anyio.CapacityLimiter(self.concurrency)
        async with anyio.create_task_group() as group:
            for subreddit in self.subreddits:
                group.start_soon(self._collect_one, subreddit, limiter, progress)

    async def _collect_one(
        self, subreddit: db.RunSubredditRef, limiter: anyio.CapacityLimiter, progress: RunProgress
    ) -> None:
        async with limiter:
            outcome = await collect_subreddit(self, subreddit, progress)
            self.outcomes[subreddit.id] = outcome

    async def _complete(self, progress: RunProgress) -> None:
        failed = sum(1 for o in self.outcomes.values() if o == "failed")
        if failed == 0:
            status = "completed"
        elif failed == len(self.subreddits):
            status = "failed"
        else:
            status = "partial"
        async with transaction(self.engine) as conn:
            totals = await db.finish_run(conn, self.run_id, status)
        self.closed = True
        await progress.emit(
            "run.completed",
            status=status,
            totals=totals,
            duration_s=round(time.monotonic() - self.started, 3),
        )

    async def _fail(self, progress: RunProgress, code: str, message: str) -> None:
        error = {"code": code, "message": message}
        await self.close_quietly("failed", error)
        with contextlib.suppress(anyio.BrokenResourceError, anyio.ClosedResourceError):
            await progress.emit("run.failed", error=error)

    async def close_quietly(self, status: str, error: dict[str, Any] | None = None) -> None:
        """Record the run's end even while being cancelled; never raise."""
        if self.closed:
            return
        self.closed = True
        with anyio.CancelScope(shield=True), anyio.move_on_after(CLEANUP_TIMEOUT):
            try:
                async with transaction(self.engine) as conn:
                    await db.finish_run(conn, self.run_id, status, error=error)
            except Exception:
                logger.exception(
                    "could not record the run's end", extra={"run_id": str(self.run_id)}
                )


async def collect_subreddit(
    run: CollectionRun, subreddit: db.RunSubredditRef, progress: RunProgress
) -> str:
    """Page one subreddit's listing into the database; returns completed or failed.

    Each page (with its comments) is written in one transaction together with
    the run's counts, then reported. Reddit's refusals end this subreddit only.
    """
    name = subreddit.display_name
    counts = SubredditCounts()
    began = time.monotonic()
    await progress.emit("subreddit.started", subreddit=name)
    async with transaction(run.engine) as conn:
        await db.set_subreddit_state(conn, run.run_id, subreddit.id, "running")
    error: RedditError | None = None
    exhausted = False
    async with anyio.create_task_group() as group:
        if subreddit.fetched_at_age_s is None or subreddit.fetched_at_age_s > ABOUT_MAX_AGE_S:
            group.start_soon(_refresh_about, run, subreddit)
        try:
            exhausted = await _page_through(run, subreddit, counts, progress)
        except RedditError as exc:
            error = exc
    if error is not None:
        async with transaction(run.engine) as conn:
            if error.code in FAILED_STATUSES:
                await db.set_subreddit_status(conn, subreddit.id, error.code)
            await db.set_subreddit_state(
                conn,
                run.run_id,
                subreddit.id,
                "failed",
                error={"code": error.code, "message": error.message},
            )
        await progress.emit(
            "subreddit.failed",
            subreddit=name,
            error={"code": error.code, "message": error.message},
            **counts.fields(),
        )
        return "failed"
    async with transaction(run.engine) as conn:
        await db.set_subreddit_state(conn, run.run_id, subreddit.id, "completed")
    await progress.emit(
        "subreddit.completed",
        subreddit=name,
        **counts.fields(),
        duration_s=round(time.monotonic() - began, 3),
        exhausted=exhausted,
    )
    return "completed"


@dataclass
class FetchedPage:
    """One listing page, cut to what the run still wants, with its comments."""

    posts: list[PostRecord]
    comments: list[CommentRecord]
    after: str | None  # Reddit's cursor past this page
    ended: bool  # the listing has nothing after this page


async def _page_through(
    run: CollectionRun,
    subreddit: db.RunSubredditRef,
    counts: SubredditCounts,
    progress: RunProgress,
) -> bool:
    """Fetch and store pages until the limit; True when the listing ran out first.

    A page's cursor is known as soon as it arrives, so the next page is fetched
    while this one is written: Reddit's latency and the write overlap.
    """
    limit = run.params.limit
    current = await _fetch_page(run, subreddit, None, limit)
    while True:
        wanted = limit - counts.fetched - len(current.posts)
        ahead: list[FetchedPage | RedditError] = []
        async with anyio.create_task_group() as group:
            if not current.ended and wanted > 0:
                group.start_soon(_fetch_ahead, ahead, run, subreddit, current.after, wanted)
            await _store_page(run, subreddit, current, counts, progress)
        if current.ended:
            return True
        if wanted <= 0:
            return False
        if isinstance(ahead[0], RedditError):
            raise ahead[0]
        current = ahead[0]


async def _fetch_page(
    run: CollectionRun, subreddit: db.RunSubredditRef, after: str | None, wanted: int
) -> FetchedPage:
    params = run.params
    page = await run.source.listing_page(
        subreddit.name, params.sort, params.timeframe, after=after, limit=wanted
    )
    posts = page.posts[:wanted]
    comments: list[CommentRecord] = []
    if params.comments > 0:
        for post in posts:
            if post.num_comments > 0:  # nothing to fetch otherwise: save the request
                comments.extend(await run.source.comments(post.id, params.comments))
    return FetchedPage(posts, comments, page.after, ended=page.after is None or not page.posts)


async def _fetch_ahead(
    into: list[FetchedPage | RedditError],
    run: CollectionRun,
    subreddit: db.RunSubredditRef,
    after: str | None,
    wanted: int,
) -> None:
    """The next page, or Reddit's refusal of it, for the loop to take up."""
    try:
        into.append(await _fetch_page(run, subreddit, after, wanted))
    except RedditError as exc:
        into.append(exc)


async def _store_page(
    run: CollectionRun,
    subreddit: db.RunSubredditRef,
    page: FetchedPage,
    counts: SubredditCounts,
    progress: RunProgress,
) -> None:
    """Write a page, its comments, themes and the run's counts in one transaction; report."""
    themes = await score_page(page.posts, run.scoring)
    async with transaction(run.engine) as conn:
        written = await write_page(
            conn,
            run_id=run.run_id,
            subreddit_id=subreddit.id,
            posts=page.posts,
            themes=themes,
            comments=page.comments,
            cursor=page.after,
        )
    counts.fetched += len(page.posts)
    counts.new += written.new
    counts.updated += written.updated
    counts.comments += written.comments
    await progress.emit(
        "subreddit.progress",
        subreddit=subreddit.display_name,
        **counts.fields(),
        limit=run.params.limit,
    )


async def _refresh_about(run: CollectionRun, subreddit: db.RunSubredditRef) -> None:
    """Fill the subreddits row from `about`; its failure is the listing's to report."""
    try:
        about = await run.source.about(subreddit.name)
    except RedditError as exc:
        logger.info("about failed", extra={"subreddit": subreddit.name, "code": exc.code})
        return
    async with transaction(run.engine) as conn:
        await db.store_about(conn, subreddit.id, about)


def _run_error(exc: BaseException) -> tuple[str, str]:
    """Why a run could not go on: the first telling error inside (nested) groups."""
    found = list(_leaves(exc))
    for leaf in found:
        if isinstance(leaf, CredentialsRefused):
            return leaf.code, leaf.message
    for leaf in found:
        if isinstance(leaf, SQLAlchemyError | OSError):
            return "database_error", f"the database failed: {type(leaf).__name__}"
    return "internal_error", f"the run failed: {type(found[0]).__name__}"


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in _leaves(inner)]
    return [exc]


@asynccontextmanager
async def start_run(
    engine: AsyncEngine,
    source: RedditSource,
    audience_id: int,
    overrides: dict[str, Any],
    *,
    concurrency: int,
    scoring: anyio.CapacityLimiter | None,
) -> AsyncIterator[CollectionRun]:
    """Lock the audience and record a new run; 409 if one is already running.

    The lock is held until the caller leaves the block, so the whole run,
    streaming included, happens inside it.
    """
    audience = await db.audience_for_run(engine, audience_id)
    if not audience.subreddits:
        raise Conflict(
            f"audience {audience_id} has no subreddits to collect",
            details={"audience_id": audience_id},
        )
    params = RunParams(
        sort=overrides.get("sort", audience.sort),
        timeframe=overrides.get("timeframe", audience.timeframe),
        limit=overrides.get("limit", audience.posts_per_subreddit),
        comments=overrides.get("comments", audience.comments_per_post),
    )
    async with db.audience_lock(engine, audience_id) as taken:
        if not taken:
            running = await db.running_run_id(engine, audience_id)
            raise Conflict(
                f"audience {audience_id} is already being collected",
                details={"run_id": str(running) if running else None},
            )
        run_id = uuid.uuid4()
        async with transaction(engine) as conn:
            await db.create_run(
                conn,
                run_id,
                audience_id,
                asdict(params),
                [s.id for s in audience.subreddits],
            )
        run = CollectionRun(
            run_id=run_id,
            audience_id=audience_id,
            subreddits=audience.subreddits,
            params=params,
            engine=engine,
            source=source,
            concurrency=concurrency,
            scoring=scoring,
        )
        try:
            yield run
        finally:
            if not run.closed:  # the stream never ran (or died before closing the run)
                await run.close_quietly("cancelled")
