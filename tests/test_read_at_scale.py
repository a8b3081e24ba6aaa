"""Every read path at a user's size, end to end.

An audience of 5 subreddits x 1000 posts (some with comments) is collected
from the Reddit double through the real stream on a real uvicorn, then read
as a user reads it: the theme overview for every timeframe, every theme's
pages walked to the end in every sort, search walked to the end in every
sort, browsing walked to the end in every sort, both exports with every
filter, one post with its comments. Every answer must be a 2xx, every walk
must visit each matching post exactly once and in order, and the overview,
the pages, the exports and a direct count in SQL must agree.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.db.query import TIMEFRAME_DAYS
from subsignal.testing import DEFAULT_NOW, RedditDouble, SubredditSpec
from subsignal.themes import TEXT_THEMES, THEMES
from tests.harness import Service, service, walk

pytestmark = pytest.mark.anyio

SUBREDDITS = ["startups", "SaaS", "marketing", "Entrepreneur", "smallbusiness"]
PER_SUBREDDIT = 1000
SORTS = ("relevance", "score", "new", "comments")
TIMEFRAMES = ("hour", "day", "week", "month", "year", "all")
# the service's clock, just after the double's "now": every timeframe holds posts
NOW = datetime.fromtimestamp(DEFAULT_NOW, UTC) + timedelta(minutes=10)
SEARCHES = ('"cold email"', "pricing or churn", "customers -pricing", "tool")
PAGE = 100


class Reader:
    """GETs that must all succeed; counts what it asked."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.requests = 0

    async def get(self, path: str, **params: Any) -> httpx.Response:
        self.requests += 1
        response = await self.client.get(path, params=params)
        assert response.status_code == 200, f"{path} {params}: {response.text[:300]}"
        return response

    async def walk(self, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a listing, page by page by cursor, to its end, each once."""
        items = await walk(self.client, path, **params)
        self.requests += len(items) // params.get("limit", 25) + 1
        ids = [item["id"] for item in items]
        assert len(ids) == len(set(ids)), f"{path} {params} repeats posts"
        return items

    async def export(self, path: str, kind: str, **params: Any) -> list[str]:
        response = await self.get(f"{path}.{kind}", **params)
        if kind == "csv":
            ids = [row["id"] for row in csv.DictReader(io.StringIO(response.text))]
        else:
            ids = [json.loads(line)["id"] for line in response.text.splitlines()]
        assert len(ids) == len(set(ids)), f"{kind} export {params} repeats posts"
        return ids


def in_order(items: list[dict[str, Any]], sort: str) -> bool:
    """The page order: the sort's key descending (relevance is checked elsewhere)."""
    field = {"score": "score", "new": "created_utc", "comments": "num_comments"}.get(sort)
    if field is None:
        return True
    keys = [(item[field], item["id"]) for item in items]
    return keys == sorted(keys, reverse=True)


async def concurrently(calls: list[Callable[[], Any]], limit: int = 4) -> None:
    """Run the walks a few at a time (PostgreSQL has two cores to use)."""
    limiter = anyio.CapacityLimiter(limit)

    async def one(call: Callable[[], Any]) -> None:
        async with limiter:
            await call()

    async with anyio.create_task_group() as group:
        for call in calls:
            group.start_soon(one, call)


async def sql_counts(engine: AsyncEngine, audience_id: int, timeframe: str) -> dict[str, int]:
    """Each theme's count straight from the rows: text themes joined, engagement
    themes by PostgreSQL's own percentile_disc over the audience's posts."""
    since = NOW - timedelta(days=TIMEFRAME_DAYS[timeframe]) if timeframe != "all" else None
    audience = (
        "p.subreddit_id IN (SELECT subreddit_id FROM audience_subreddits WHERE audience_id = :a)"
        + (" AND p.created_utc >= :since" if since else "")
    )
    params: dict[str, Any] = {"a": audience_id, "since": since}
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT t.theme, count(*) FROM posts p JOIN post_themes t ON t.post_id = p.id"
                f" WHERE {audience} GROUP BY t.theme"
            ),
            params,
        )
        counts = {theme: 0 for theme in TEXT_THEMES} | {str(t): int(n) for t, n in rows}
        for theme, measure in (("top_content", "score"), ("hot_discussions", "heat")):
            cut = (
                f"SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY p.{measure})"
                f" FROM posts p WHERE {audience}"
            )
            found = await conn.scalar(
                text(
                    f"SELECT count(*) FROM posts p WHERE {audience}"
                    f" AND p.{measure} > 0 AND p.{measure} >= ({cut})"
                ),
                params,
            )
            counts[theme] = int(found or 0)
    return counts


@pytest.fixture(scope="module")
def double() -> RedditDouble:
    specs = [SubredditSpec(name, posts=PER_SUBREDDIT + 100) for name in SUBREDDITS]
    return RedditDouble(specs, seed=7, comments_per_post=4)


@pytest.fixture
async def collected(
    engine: AsyncEngine, double: RedditDouble
) -> AsyncIterator[tuple[Service, int]]:
    async with service(engine, double, clock=lambda: NOW) as svc:
        audience = await svc.audience(SUBREDDITS, name="at scale")
        events = await svc.collect(audience, sort="new", limit=PER_SUBREDDIT)
        assert events[-1].data["status"] == "completed", events[-1].data
        assert events[-1].data["totals"]["new"] == len(SUBREDDITS) * PER_SUBREDDIT
        events = await svc.collect(audience, sort="new", limit=40, comments=3)
        assert events[-1].data["status"] == "completed", events[-1].data
        assert events[-1].data["totals"]["comments"] > 100
        yield svc, audience


async def test_every_read_path_at_a_users_size(
    collected: tuple[Service, int], engine: AsyncEngine, double: RedditDouble
) -> None:
    svc, audience = collected
    reader = Reader(svc.client)
    base = f"/audiences/{audience}"
    expected = {
        post.id for name in SUBREDDITS for post in double.posts(name, "new")[:PER_SUBREDDIT]
    }
    assert len(expected) == len(SUBREDDITS) * PER_SUBREDDIT

    # the overview for every timeframe agrees with a direct count of the rows
    overviews: dict[str, dict[str, int]] = {}
    for timeframe in TIMEFRAMES:
        body = (await reader.get(f"{base}/themes", timeframe=timeframe)).json()
        assert [t["theme"] for t in body["themes"]] == list(THEMES)
        overviews[timeframe] = {t["theme"]: t["count"] for t in body["themes"]}
        for theme in body["themes"]:
            assert len(theme["top_posts"]) == min(3, theme["count"])
        assert overviews[timeframe] == await sql_counts(engine, audience, timeframe), timeframe
    assert all(overviews["all"][theme] > 10 for theme in THEMES), overviews["all"]
    assert overviews["hour"]["hot_discussions"] > 0, overviews["hour"]
    assert 0 < overviews["week"]["top_content"] < overviews["all"]["top_content"]

    walked: dict[tuple[str, str, str], list[dict[str, Any]]] = {}

    async def walk(key: tuple[str, str, str], path: str, **params: Any) -> None:
        walked[key] = await reader.walk(path, limit=PAGE, **params)

    # every theme's pages in every sort, and a month of each by relevance
    calls: list[Callable[[], Any]] = []
    for theme in THEMES:
        for sort in SORTS:
            key = ("theme", theme, sort)
            calls.append(lambda key=key: walk(key, f"{base}/themes/{key[1]}", sort=key[2]))
        key = ("month", theme, "relevance")
        calls.append(lambda key=key: walk(key, f"{base}/themes/{key[1]}", timeframe="month"))
    # search (phrases, `or`, `-exclusion`) and browsing, in every sort
    for q in SEARCHES:
        for sort in SORTS:
            key = ("search", q, sort)
            calls.append(lambda key=key: walk(key, f"{base}/posts", q=key[1], sort=key[2]))
    for sort in ("score", "new", "comments"):
        key = ("browse", "", sort)
        calls.append(lambda key=key: walk(key, f"{base}/posts", sort=key[2]))
    await concurrently(calls)

    for theme in THEMES:
        everything = {item["id"] for item in walked[("theme", theme, "relevance")]}
        assert len(everything) == overviews["all"][theme], theme
        for sort in SORTS:
            items = walked[("theme", theme, sort)]
            assert {item["id"] for item in items} == everything, (theme, sort)
            assert in_order(items, sort), (theme, sort)
        month = walked[("month", theme, "relevance")]
        assert len(month) == overviews["month"][theme], theme
        if theme in TEXT_THEMES:
            relevance = [item["relevance"] for item in walked[("theme", theme, "relevance")]]
            assert relevance == sorted(relevance, reverse=True)
            assert all(theme in {t["theme"] for t in item["themes"]} for item in month)
    for q in SEARCHES:
        matches = {item["id"] for item in walked[("search", q, "relevance")]}
        assert matches, q
        for sort in SORTS:
            items = walked[("search", q, sort)]
            assert {item["id"] for item in items} == matches, (q, sort)
            assert in_order(items, sort), (q, sort)
            assert all("<mark>" in item["snippet"] for item in items), (q, sort)
    assert not {
        item["id"]
        for item in walked[("search", "customers -pricing", "new")]
        if "pricing" in (item["title"] + item["selftext"]).lower()
    }
    for sort in ("score", "new", "comments"):
        items = walked[("browse", "", sort)]
        assert {item["id"] for item in items} == expected, sort
        assert in_order(items, sort), sort

    # both exports, with every filter, hold exactly what the pages hold
    exports: list[tuple[dict[str, Any], set[str]]] = [
        ({}, expected),
        *(
            ({"theme": theme}, {i["id"] for i in walked[("theme", theme, "score")]})
            for theme in THEMES
        ),
        ({"q": SEARCHES[0]}, {i["id"] for i in walked[("search", SEARCHES[0], "new")]}),
    ]
    since = (NOW - timedelta(days=10)).date().isoformat()
    for params in ({"subreddit": "SaaS"}, {"since": since}, {"min_score": "50"}):
        items = await reader.walk(f"{base}/posts", limit=PAGE, **params)
        assert items, params
        exports.append((params, {item["id"] for item in items}))
    assert {i["subreddit"] for i in await reader.walk(f"{base}/posts", subreddit="saas")} == {
        "SaaS"
    }
    for params, ids in exports:
        for kind in ("csv", "jsonl"):
            assert set(await reader.export(base + "/posts", kind, **params)) == ids, params
    assert len(await reader.export(base + "/posts", "csv", timeframe="month")) == sum(
        1 for item in walked[("browse", "", "new")] if item["created_utc"] >= _iso(NOW, 31)
    )

    # one post with its comments
    async with engine.connect() as conn:
        post_id, stored = (
            await conn.execute(
                text(
                    "SELECT post_id, count(*) FROM comments GROUP BY post_id"
                    " ORDER BY count(*) DESC, post_id LIMIT 1"
                )
            )
        ).one()
    post = (await reader.get(f"/posts/{post_id}")).json()
    assert _tree_size(post["comments"]) == stored > 3
    print(f"read at scale: {reader.requests} requests, every one 200")


def _iso(now: datetime, days_back: int) -> str:
    return (now - timedelta(days=days_back)).isoformat()


def _tree_size(comments: list[dict[str, Any]]) -> int:
    return sum(1 + _tree_size(c["replies"]) for c in comments)
