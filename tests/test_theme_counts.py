"""Theme counts: the daily counts the page write keeps, and the engagement cuts.

Both are derived state, so each is checked against the slow, obvious way of
getting the same numbers from the rows.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.db.engine import read_connection
from subsignal.db.posts import write_page
from subsignal.db.theme_counts import rebuild_daily_counts, theme_counts
from subsignal.db.transaction import transaction
from subsignal.themes import TEXT_THEMES
from tests.test_posts_api import post

pytestmark = pytest.mark.anyio

NOW = datetime(2026, 6, 15, 12, 30, tzinfo=UTC)


async def subreddits(engine: AsyncEngine, *names: str) -> list[int]:
    async with transaction(engine) as conn:
        await conn.execute(
            text("INSERT INTO audiences (id, name) VALUES (1, 'a'), (2, 'b')"),
        )
        ids = []
        for name in names:
            ids.append(
                await conn.scalar(
                    text(
                        "INSERT INTO subreddits (name, display_name) VALUES (:n, :n) RETURNING id"
                    ),
                    {"n": name},
                )
            )
        await conn.execute(
            text("INSERT INTO audience_subreddits (audience_id, subreddit_id) VALUES (1, :s)"),
            [{"s": s} for s in ids],
        )
        return ids


async def kept_counts(engine: AsyncEngine) -> list[tuple[Any, ...]]:
    async with engine.connect() as conn:
        rows = await conn.execute(
            text(
                "SELECT subreddit_id, theme, day, posts FROM daily_post_counts"
                " WHERE posts <> 0 ORDER BY 1, 2, 3"
            )
        )
        return [tuple(r) for r in rows]


async def test_the_page_write_keeps_the_daily_counts_a_rebuild_would_give(
    engine: AsyncEngine,
) -> None:
    ids = await subreddits(engine, "one", "two")
    rng = random.Random(3)
    stored: dict[str, tuple[int, datetime]] = {}
    for round_ in range(6):
        for subreddit_id in ids:
            page = []
            for _ in range(40):
                # old posts come back (updated, their themes changing), new ones arrive
                if stored and rng.random() < 0.5:
                    post_id = rng.choice(sorted(stored))
                    if stored[post_id][0] != subreddit_id:
                        continue
                    created = stored[post_id][1]
                else:
                    post_id = f"r{round_}s{subreddit_id}n{len(stored)}x{rng.randrange(10**6)}"
                    created = NOW - timedelta(hours=rng.randrange(24 * 60))
                    stored[post_id] = (subreddit_id, created)
                page.append(post(post_id, "title", created_utc=created))
            page.append(page[0])  # a page may repeat a post: the last sighting wins
            themes = [{t: 0.75 for t in rng.sample(TEXT_THEMES, rng.randrange(3))} for _ in page]
            async with transaction(engine) as conn:
                await write_page(
                    conn, run_id=None, subreddit_id=subreddit_id, posts=page, themes=themes
                )
    kept = await kept_counts(engine)
    async with transaction(engine) as conn:
        await rebuild_daily_counts(conn)
    assert kept == await kept_counts(engine)
    assert sum(n for _, theme, _, n in kept if theme == "*") == len(stored)


async def direct_counts(engine: AsyncEngine, since: datetime | None) -> dict[str, int]:
    """percentile_disc over the rows: what the engagement themes are defined as."""
    window = "AND created_utc >= :since" if since else ""
    found = {}
    async with engine.connect() as conn:
        for theme, measure in (("top_content", "score"), ("hot_discussions", "heat")):
            sql = (
                f"SELECT count(*) FROM posts WHERE {measure} > 0 {window} AND {measure} >="
                f" (SELECT percentile_disc(0.9) WITHIN GROUP (ORDER BY {measure}) FROM posts"
                f" WHERE true {window})"
            )
            found[theme] = int(await conn.scalar(text(sql), {"since": since}) or 0)
        rows = await conn.execute(
            text(
                "SELECT t.theme, count(*) FROM post_themes t JOIN posts p ON p.id = t.post_id"
                f" WHERE true {window.replace('created_utc', 'p.created_utc')} GROUP BY 1"
            ),
            {"since": since},
        )
        found.update({theme: 0 for theme in TEXT_THEMES} | {str(t): int(n) for t, n in rows})
    return found


@pytest.mark.parametrize(
    "shape",
    ["ties at the cut", "most are zero", "all equal", "distinct", "one post"],
)
async def test_counts_match_percentile_disc_over_the_rows(engine: AsyncEngine, shape: str) -> None:
    [subreddit_id] = await subreddits(engine, "one")
    rng = random.Random(shape)
    n = 1 if shape == "one post" else 157
    scores = {
        "ties at the cut": [rng.choice([0, 1, 2, 5, 5, 5, 9, 40]) for _ in range(n)],
        "most are zero": [0] * (n - 7) + [3, 3, 1, 8, 2, 2, 5],
        "all equal": [4] * n,
        "distinct": list(range(n)),
        "one post": [7],
    }[shape]
    posts = [
        post(
            f"p{i}",
            "title",
            score=score,
            num_comments=score % 6,
            created_utc=NOW - timedelta(hours=i * 7 + 1),
        )
        for i, score in enumerate(scores)
    ]
    themes = [{"news": 0.8} if i % 3 else {} for i in range(n)]
    async with transaction(engine) as conn:
        await write_page(conn, run_id=None, subreddit_id=subreddit_id, posts=posts, themes=themes)
    for timeframe, days in (("all", None), ("week", 7), ("day", 1), ("month", 31)):
        since = NOW - timedelta(days=days) if days else None
        async with read_connection(engine) as conn:
            counted = await theme_counts(conn, 1, NOW, timeframe)
        assert counted.counts == await direct_counts(engine, since), (shape, timeframe)


async def test_an_audience_counts_only_its_own_subreddits(engine: AsyncEngine) -> None:
    one, two = await subreddits(engine, "one", "two")
    async with transaction(engine) as conn:
        await conn.execute(
            text("DELETE FROM audience_subreddits WHERE subreddit_id = :s"), {"s": two}
        )
        for subreddit_id, prefix in ((one, "a"), (two, "b")):
            posts = [post(f"{prefix}{i}", "t", score=i, created_utc=NOW) for i in range(20)]
            themes = [{"ideas": 0.9}] * 20
            await write_page(
                conn, run_id=None, subreddit_id=subreddit_id, posts=posts, themes=themes
            )
    async with read_connection(engine) as conn:
        counted = await theme_counts(conn, 1, NOW, None)
        empty = await theme_counts(conn, 2, NOW, None)
    # scores 0..19: the cut is the 18th lowest (17), so 17, 18 and 19 are in
    assert counted.counts["ideas"] == 20 and counted.counts["top_content"] == 3
    assert set(empty.counts.values()) == {0} and empty.cuts == {
        "hot_discussions": None,
        "top_content": None,
    }
