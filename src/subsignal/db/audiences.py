"""Audiences and their subreddits: the queries behind the audiences API.

Inputs arrive validated (see `subsignal.api.validation`); these functions only
talk to PostgreSQL, each in one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import distinct_on
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from subsignal.db.cursor import Cursor
from subsignal.db.models import Audience, AudienceSubreddit, CollectionRun, Subreddit
from subsignal.db.pages import Page, keyset_page
from subsignal.errors import Conflict, NotFound

AUDIENCE_FIELDS = (
    "name",
    "description",
    "sort",
    "timeframe",
    "posts_per_subreddit",
    "comments_per_post",
)


LISTING = "audiences"  # the cursors of the audience list


async def create_audience(
    engine: AsyncEngine, fields: Mapping[str, Any], subreddits: Sequence[str]
) -> dict[str, Any]:
    async with engine.begin() as conn:
        try:
            audience_id = await conn.scalar(
                insert(Audience).values(**fields).returning(Audience.id)
            )
        except IntegrityError as exc:
            raise _name_conflict(exc, fields["name"]) from exc
        assert audience_id is not None
        await _link(conn, audience_id, subreddits)
        return await _read(conn, audience_id)


async def get_audience(engine: AsyncEngine, audience_id: int) -> dict[str, Any]:
    async with engine.connect() as conn:
        return await _read(conn, audience_id)


async def require_audience(engine: AsyncEngine, audience_id: int) -> None:
    """404 unless the audience exists (a cheap check before a heavier query)."""
    async with engine.connect() as conn:
        if await conn.scalar(select(Audience.id).where(Audience.id == audience_id)) is None:
            raise audience_missing(audience_id)


async def list_audiences(engine: AsyncEngine, *, limit: int, after: Cursor | None) -> Page:
    """Audiences by id, keyset-paginated (a cursor's key is the last id shown)."""
    async with engine.connect() as conn:
        query = select(Audience.id).order_by(Audience.id).limit(limit + 1)
        if after is not None:
            query = query.where(Audience.id > after.key)
        ids, next_cursor = keyset_page(
            list((await conn.scalars(query)).all()),
            limit,
            LISTING,
            "int8",
            lambda last: Cursor(last, str(last)),
        )
        return Page(items=await _read_many(conn, ids), next=next_cursor)


async def update_audience(
    engine: AsyncEngine,
    audience_id: int,
    fields: Mapping[str, Any],
    subreddits: Sequence[str] | None,
) -> dict[str, Any]:
    """Change the given fields; `subreddits`, when given, replaces the whole set."""
    async with engine.begin() as conn:
        try:
            found = await conn.scalar(
                update(Audience)
                .where(Audience.id == audience_id)
                .values(**fields, updated_at=func.now())
                .returning(Audience.id)
            )
        except IntegrityError as exc:
            raise _name_conflict(exc, fields.get("name")) from exc
        if found is None:
            raise audience_missing(audience_id)
        if subreddits is not None:
            await conn.execute(
                delete(AudienceSubreddit).where(AudienceSubreddit.audience_id == audience_id)
            )
            await _link(conn, audience_id, subreddits)
        return await _read(conn, audience_id)


async def delete_audience(engine: AsyncEngine, audience_id: int) -> None:
    """Remove the audience and its links; posts stay (they belong to subreddits)."""
    async with engine.begin() as conn:
        found = await conn.scalar(
            delete(Audience).where(Audience.id == audience_id).returning(Audience.id)
        )
        if found is None:
            raise audience_missing(audience_id)


async def add_subreddits(
    engine: AsyncEngine, audience_id: int, subreddits: Sequence[str]
) -> dict[str, Any]:
    async with engine.begin() as conn:
        await _lock_audience(conn, audience_id)
        await _link(conn, audience_id, subreddits)
        await _touch(conn, audience_id)
        return await _read(conn, audience_id)


async def remove_subreddit(engine: AsyncEngine, audience_id: int, name: str) -> dict[str, Any]:
    async with engine.begin() as conn:
        await _lock_audience(conn, audience_id)
        subreddit_id = select(Subreddit.id).where(Subreddit.name == name.lower())
        removed = await conn.scalar(
            delete(AudienceSubreddit)
            .where(
                AudienceSubreddit.audience_id == audience_id,
                AudienceSubreddit.subreddit_id == subreddit_id.scalar_subquery(),
            )
            .returning(AudienceSubreddit.subreddit_id)
        )
        if removed is None:
            raise NotFound(
                f"r/{name} is not part of audience {audience_id}",
                details={"subreddit": name},
            )
        await _touch(conn, audience_id)
        return await _read(conn, audience_id)


async def upsert_subreddit_names(conn: AsyncConnection, display_names: Iterable[str]) -> list[int]:
    """Ids of the subreddits with these names, creating rows for new ones.

    Names are stored lowercase; the display name a user first typed is kept
    until Reddit's own `about` replaces it.
    """
    rows = [{"name": d.lower(), "display_name": d} for d in display_names]
    if not rows:
        return []
    await conn.execute(
        pg_insert(Subreddit).values(rows).on_conflict_do_nothing(index_elements=["name"])
    )
    names = [row["name"] for row in rows]
    found = await conn.execute(
        select(Subreddit.name, Subreddit.id).where(Subreddit.name.in_(names))
    )
    by_name = {name: subreddit_id for name, subreddit_id in found.all()}
    return [by_name[name] for name in names]


async def _link(conn: AsyncConnection, audience_id: int, display_names: Sequence[str]) -> None:
    ids = await upsert_subreddit_names(conn, display_names)
    if ids:
        await conn.execute(
            pg_insert(AudienceSubreddit)
            .values([{"audience_id": audience_id, "subreddit_id": i} for i in ids])
            .on_conflict_do_nothing()
        )


async def _lock_audience(conn: AsyncConnection, audience_id: int) -> None:
    found = await conn.scalar(
        select(Audience.id).where(Audience.id == audience_id).with_for_update()
    )
    if found is None:
        raise audience_missing(audience_id)


async def _touch(conn: AsyncConnection, audience_id: int) -> None:
    await conn.execute(
        update(Audience).where(Audience.id == audience_id).values(updated_at=func.now())
    )


async def _read(conn: AsyncConnection, audience_id: int) -> dict[str, Any]:
    found = await _read_many(conn, [audience_id])
    if not found:
        raise audience_missing(audience_id)
    return found[0]


async def _read_many(conn: AsyncConnection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """The audiences with these ids (in id order), each with its subreddits and
    last run: three queries however many audiences a page holds."""
    if not ids:
        return []
    rows = await conn.execute(select(Audience).where(Audience.id.in_(ids)).order_by(Audience.id))
    audiences = {row["id"]: {**row, "subreddits": [], "last_run": None} for row in rows.mappings()}
    subreddits = await conn.execute(
        select(
            AudienceSubreddit.audience_id,
            Subreddit.name,
            Subreddit.display_name,
            Subreddit.status,
            Subreddit.title,
            Subreddit.subscribers,
            Subreddit.fetched_at,
        )
        .join(AudienceSubreddit, AudienceSubreddit.subreddit_id == Subreddit.id)
        .where(AudienceSubreddit.audience_id.in_(ids))
        .order_by(Subreddit.name)
    )
    for subreddit in subreddits.mappings():
        audiences[subreddit["audience_id"]]["subreddits"].append(
            {k: v for k, v in subreddit.items() if k != "audience_id"}
        )
    last_runs = await conn.execute(
        select(
            CollectionRun.audience_id,
            CollectionRun.id,
            CollectionRun.status,
            CollectionRun.started_at,
            CollectionRun.finished_at,
            CollectionRun.totals,
        )
        .where(CollectionRun.audience_id.in_(ids))
        .ext(distinct_on(CollectionRun.audience_id))
        .order_by(CollectionRun.audience_id, CollectionRun.started_at.desc())
    )
    for run in last_runs.mappings():
        audiences[run["audience_id"]]["last_run"] = {
            k: v for k, v in run.items() if k != "audience_id"
        }
    return list(audiences.values())


def audience_missing(audience_id: int) -> NotFound:
    return NotFound(f"audience {audience_id} does not exist", details={"id": audience_id})


def _name_conflict(exc: IntegrityError, name: object) -> Exception:
    if "uq_audiences_name" in str(exc.orig):
        return Conflict(f"an audience named {name!r} already exists", details={"name": name})
    return exc
