"""Collection runs: their rows, their per-subreddit counts, and the audience lock."""

from __future__ import annotations

import logging
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import anyio
from sqlalchemy import DateTime, func, insert, literal, select, text, tuple_, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from subsignal.db.audiences import audience_missing
from subsignal.db.cursor import Cursor
from subsignal.db.models import (
    Audience,
    AudienceSubreddit,
    CollectionRun,
    RunSubreddit,
    Subreddit,
)
from subsignal.db.pages import Page, keyset_page
from subsignal.errors import NotFound
from subsignal.reddit.records import SubredditAbout

logger = logging.getLogger(__name__)

AUDIENCE_LOCK_NAMESPACE = 0x5B51  # pg_advisory_lock(namespace, audience_id)
LISTING = "runs"  # the cursors of the run list


@dataclass(frozen=True)
class RunSubredditRef:
    id: int
    name: str
    display_name: str
    fetched_at_age_s: float | None  # seconds since `about` was last fetched


@dataclass(frozen=True)
class AudienceForRun:
    sort: str
    timeframe: str
    posts_per_subreddit: int
    comments_per_post: int
    subreddits: list[RunSubredditRef]


async def audience_for_run(engine: AsyncEngine, audience_id: int) -> AudienceForRun:
    async with engine.connect() as conn:
        row = (
            (await conn.execute(select(Audience).where(Audience.id == audience_id)))
            .mappings()
            .first()
        )
        if row is None:
            raise audience_missing(audience_id)
        subs = await conn.execute(
            select(
                Subreddit.id,
                Subreddit.name,
                Subreddit.display_name,
                func.extract("epoch", func.now() - Subreddit.fetched_at),
            )
            .join(AudienceSubreddit, AudienceSubreddit.subreddit_id == Subreddit.id)
            .where(AudienceSubreddit.audience_id == audience_id)
            .order_by(Subreddit.name)
        )
        refs = [
            RunSubredditRef(i, n, d, float(age) if age is not None else None)
            for i, n, d, age in subs.all()
        ]
    return AudienceForRun(
        sort=row["sort"],
        timeframe=row["timeframe"],
        posts_per_subreddit=row["posts_per_subreddit"],
        comments_per_post=row["comments_per_post"],
        subreddits=refs,
    )


@asynccontextmanager
async def audience_lock(engine: AsyncEngine, audience_id: int) -> AsyncIterator[bool]:
    """Try to take the audience's run lock (a session advisory lock, so it holds
    across processes and replicas); yields whether it was taken. Released on exit,
    and by PostgreSQL itself if this process dies."""
    conn = await engine.connect()
    taken = False
    try:
        taken = bool(
            await conn.scalar(
                text("SELECT pg_try_advisory_lock(:ns, :id)"),
                {"ns": AUDIENCE_LOCK_NAMESPACE, "id": audience_id},
            )
        )
        await conn.commit()
        yield taken
    finally:
        with anyio.CancelScope(shield=True), anyio.move_on_after(3) as scope:
            if taken:
                await conn.execute(
                    text("SELECT pg_advisory_unlock(:ns, :id)"),
                    {"ns": AUDIENCE_LOCK_NAMESPACE, "id": audience_id},
                )
                await conn.commit()
            await conn.close()
        if scope.cancelled_caught:
            await conn.invalidate()  # closing the session releases the lock


async def running_run_id(engine: AsyncEngine, audience_id: int) -> uuid.UUID | None:
    async with engine.connect() as conn:
        return await conn.scalar(
            select(CollectionRun.id)
            .where(CollectionRun.audience_id == audience_id, CollectionRun.status == "running")
            .order_by(CollectionRun.started_at.desc())
            .limit(1)
        )


async def create_run(
    conn: AsyncConnection,
    run_id: uuid.UUID,
    audience_id: int,
    params: dict[str, Any],
    subreddit_ids: Sequence[int],
) -> None:
    """Record a new run; runs of this audience still marked running were cut off
    (the caller holds the audience lock, so nobody else is running them)."""
    stale = (
        (
            await conn.execute(
                update(CollectionRun)
                .where(CollectionRun.audience_id == audience_id, CollectionRun.status == "running")
                .values(
                    status="failed",
                    finished_at=func.now(),
                    error={"code": "interrupted", "message": "the process running it stopped"},
                )
                .returning(CollectionRun.id)
            )
        )
        .scalars()
        .all()
    )
    if stale:
        await conn.execute(
            update(RunSubreddit)
            .where(RunSubreddit.run_id.in_(stale), RunSubreddit.status.in_(("pending", "running")))
            .values(status="cancelled", finished_at=func.now())
        )
        logger.warning("marked interrupted runs failed", extra={"runs": [str(s) for s in stale]})
    await conn.execute(
        insert(CollectionRun).values(
            id=run_id, audience_id=audience_id, status="running", params=params
        )
    )
    await conn.execute(
        insert(RunSubreddit),
        [{"run_id": run_id, "subreddit_id": s, "status": "pending"} for s in subreddit_ids],
    )


async def set_subreddit_state(
    conn: AsyncConnection,
    run_id: uuid.UUID,
    subreddit_id: int,
    status: str,
    *,
    error: dict[str, Any] | None = None,
) -> None:
    values: dict[str, Any] = {"status": status}
    if status == "running":
        values["started_at"] = func.now()
    else:
        values["finished_at"] = func.now()
    if error is not None:
        values["error"] = error
    await conn.execute(
        update(RunSubreddit)
        .where(RunSubreddit.run_id == run_id, RunSubreddit.subreddit_id == subreddit_id)
        .values(**values)
    )


async def store_about(conn: AsyncConnection, subreddit_id: int, about: SubredditAbout) -> None:
    await conn.execute(
        update(Subreddit)
        .where(Subreddit.id == subreddit_id)
        .values(
            display_name=about.display_name,
            reddit_id=about.reddit_id,
            title=about.title,
            description=about.description,
            subscribers=about.subscribers,
            active_users=about.active_users,
            icon_url=about.icon_url,
            over18=about.over18,
            created_utc=about.created_utc,
            status="active",
            fetched_at=func.now(),
        )
    )


async def set_subreddit_status(conn: AsyncConnection, subreddit_id: int, status: str) -> None:
    await conn.execute(
        update(Subreddit)
        .where(Subreddit.id == subreddit_id)
        .values(status=status, fetched_at=func.now())
    )


async def finish_run(
    conn: AsyncConnection, run_id: uuid.UUID, status: str, *, error: dict[str, Any] | None = None
) -> dict[str, int]:
    """Close the run with totals summed from its committed counts (the truth,
    whatever the caller saw); unfinished subreddits become `cancelled`."""
    await conn.execute(
        update(RunSubreddit)
        .where(RunSubreddit.run_id == run_id, RunSubreddit.status.in_(("pending", "running")))
        .values(status="cancelled", finished_at=func.now())
    )
    sums = (
        await conn.execute(
            select(
                func.coalesce(func.sum(RunSubreddit.fetched), 0),
                func.coalesce(func.sum(RunSubreddit.stored), 0),
                func.coalesce(func.sum(RunSubreddit.new), 0),
                func.coalesce(func.sum(RunSubreddit.updated), 0),
                func.coalesce(func.sum(RunSubreddit.comments), 0),
                func.count().filter(RunSubreddit.status == "completed"),
                func.count().filter(RunSubreddit.status == "failed"),
            ).where(RunSubreddit.run_id == run_id)
        )
    ).one()
    keys = ("fetched", "stored", "new", "updated", "comments", "completed", "failed")
    totals = {k: int(v) for k, v in zip(keys, sums, strict=True)}
    await conn.execute(
        update(CollectionRun)
        .where(CollectionRun.id == run_id, CollectionRun.status == "running")
        .values(status=status, finished_at=func.now(), totals=totals, error=error)
    )
    return totals


async def get_run(engine: AsyncEngine, run_id: uuid.UUID) -> dict[str, Any]:
    async with engine.connect() as conn:
        row = (
            (await conn.execute(select(CollectionRun).where(CollectionRun.id == run_id)))
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(f"run {run_id} does not exist", details={"run_id": str(run_id)})
        subs = await conn.execute(
            select(
                Subreddit.display_name.label("subreddit"),
                RunSubreddit.status,
                RunSubreddit.fetched,
                RunSubreddit.stored,
                RunSubreddit.new,
                RunSubreddit.updated,
                RunSubreddit.comments,
                RunSubreddit.error,
                RunSubreddit.started_at,
                RunSubreddit.finished_at,
            )
            .join(Subreddit, Subreddit.id == RunSubreddit.subreddit_id)
            .where(RunSubreddit.run_id == run_id)
            .order_by(Subreddit.name)
        )
        run = dict(row)
        run["subreddits"] = [dict(s) for s in subs.mappings()]
        return run


async def list_runs(
    engine: AsyncEngine, *, audience_id: int | None, limit: int, after: Cursor | None
) -> Page:
    """Runs, newest first, keyset-paginated on (started_at, id)."""
    async with engine.connect() as conn:
        query = (
            select(CollectionRun)
            .order_by(CollectionRun.started_at.desc(), CollectionRun.id.desc())
            .limit(limit + 1)
        )
        if audience_id is not None:
            query = query.where(CollectionRun.audience_id == audience_id)
        if after is not None:
            last = tuple_(literal(after.key, DateTime(timezone=True)), literal(uuid.UUID(after.id)))
            query = query.where(tuple_(CollectionRun.started_at, CollectionRun.id) < last)
        rows = [dict(r) for r in (await conn.execute(query)).mappings()]
    items, next_cursor = keyset_page(
        rows,
        limit,
        LISTING,
        "timestamptz",
        lambda last: Cursor(last["started_at"], str(last["id"])),
    )
    return Page(items=items, next=next_cursor)
