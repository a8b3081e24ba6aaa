"""The one statement that writes a page: posts, themes, comments and counts."""

from __future__ import annotations

import uuid
from dataclasses import fields
from datetime import UTC, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.db import runs
from subsignal.db.fields import COMMENT_WRITTEN, POST_SHOWN, POST_WRITTEN
from subsignal.db.models import Comment, Post
from subsignal.db.posts import PageWritten, write_page
from subsignal.db.transaction import transaction
from subsignal.reddit.records import CommentRecord, PostRecord
from tests.test_posts_api import post

pytestmark = pytest.mark.anyio

WHEN = datetime(2026, 11, 1, tzinfo=UTC)


async def _subreddit_and_run(engine: AsyncEngine) -> tuple[int, uuid.UUID]:
    run_id = uuid.uuid4()
    async with transaction(engine) as conn:
        subreddit_id = int(
            await conn.scalar(
                text("INSERT INTO subreddits (name, display_name) VALUES ('x', 'x') RETURNING id")
            )
            or 0
        )
        audience_id = await conn.scalar(
            text("INSERT INTO audiences (name) VALUES ('a') RETURNING id")
        )
        await runs.create_run(conn, run_id, int(audience_id or 0), {}, [subreddit_id])
    return subreddit_id, run_id


async def _themes(engine: AsyncEngine) -> set[tuple[str, str, float]]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT post_id, theme, relevance FROM post_themes"))
        return {(r[0], r[1], r[2]) for r in rows}


async def test_a_page_and_its_counts_are_written_together(engine: AsyncEngine) -> None:
    subreddit_id, run_id = await _subreddit_and_run(engine)
    comment = CommentRecord("c1", "p1", None, "someone", "first", 3, WHEN, 0)
    async with transaction(engine) as conn:
        first = await write_page(
            conn,
            run_id=run_id,
            subreddit_id=subreddit_id,
            posts=[post("p1", "one"), post("p2", "two")],
            themes=[{"news": 0.75}, {}],
            comments=[comment],
            cursor="t3_p2",
        )
    assert first == PageWritten(new=2, updated=0, comments=1)
    async with transaction(engine) as conn:
        again = await write_page(
            conn,
            run_id=run_id,
            subreddit_id=subreddit_id,
            posts=[post("p2", "two", score=99), post("p3", "three")],
            themes=[{}, {}],
            cursor=None,
        )
    assert again == PageWritten(new=1, updated=1, comments=0)
    async with engine.connect() as conn:
        counts = (
            await conn.execute(
                text(
                    "SELECT fetched, new, updated, stored, comments, cursor FROM run_subreddits"
                    " WHERE run_id = :r"
                ),
                {"r": run_id},
            )
        ).one()
        score = await conn.scalar(text("SELECT score FROM posts WHERE id = 'p2'"))
    assert tuple(counts) == (4, 3, 1, 4, 1, None)
    assert score == 99


async def test_an_updated_post_gets_exactly_its_new_themes(engine: AsyncEngine) -> None:
    subreddit_id, _ = await _subreddit_and_run(engine)

    async def write(themes: dict[str, float]) -> None:
        async with transaction(engine) as conn:
            await write_page(
                conn,
                run_id=None,
                subreddit_id=subreddit_id,
                posts=[post("p1", "title"), post("p2", "other")],
                themes=[themes, {"ideas": 0.6}],
            )

    await write({"news": 0.75, "money_talk": 0.5})
    await write({"news": 0.9, "pain_anger": 0.6})  # one kept (new relevance), one gone, one new
    assert await _themes(engine) == {
        ("p1", "news", 0.9),
        ("p1", "pain_anger", 0.6),
        ("p2", "ideas", 0.6),
    }
    await write({})
    assert await _themes(engine) == {("p2", "ideas", 0.6)}


async def test_a_page_repeating_a_post_or_holding_nul_is_written(engine: AsyncEngine) -> None:
    """Reddit's listings shift while paged, so a post can appear twice; NUL cannot
    be stored in PostgreSQL text and is dropped rather than failing the page."""
    subreddit_id, _ = await _subreddit_and_run(engine)
    async with transaction(engine) as conn:
        written = await write_page(
            conn,
            run_id=None,
            subreddit_id=subreddit_id,
            posts=[post("p1", "old"), post("p1", "new\x00 title", "body\x00")],
            themes=[{"news": 0.5}, {"ideas": 0.7}],
        )
    assert written == PageWritten(new=1, updated=0, comments=0)
    async with engine.connect() as conn:
        title, body = (
            await conn.execute(text("SELECT title, selftext FROM posts WHERE id = 'p1'"))
        ).one()
    assert (title, body) == ("new title", "body")
    assert await _themes(engine) == {("p1", "ideas", 0.7)}


async def test_rewriting_a_page_reads_only_its_own_posts_themes(engine: AsyncEngine) -> None:
    """A re-run rewrites pages of posts already stored; finding their stale theme
    rows must use the index, not scan every theme row of the database (40 ms a
    page at 300k rows)."""
    subreddit_id, _ = await _subreddit_and_run(engine)
    async with transaction(engine) as conn:
        await conn.execute(
            text(
                "INSERT INTO posts (id, subreddit_id, title, selftext, score, num_comments,"
                " created_utc, permalink, over18, stickied, is_self, spoiler, locked)"
                " SELECT 'old' || g, :s, 'old', '', 1, 0, now(), '/', false, false, true,"
                " false, false FROM generate_series(1, 20000) AS g"
            ),
            {"s": subreddit_id},
        )
        await conn.execute(
            text(
                "INSERT INTO post_themes (post_id, theme, relevance)"
                " SELECT 'old' || g, 'news', 0.6 FROM generate_series(1, 20000) AS g"
            )
        )
    page = [post(f"p{n}", "title") for n in range(100)]

    async def write() -> int:
        """Writes the page; returns the sequential scans of post_themes it made."""
        async with transaction(engine) as conn:
            await write_page(
                conn,
                run_id=None,
                subreddit_id=subreddit_id,
                posts=page,
                themes=[{"news": 0.75}] * len(page),
            )
            scans = await conn.scalar(
                text("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'post_themes'")
            )
            return int(scans or 0)

    await write()
    async with engine.connect() as conn:
        await conn.execute(text("ANALYZE posts, post_themes"))
        await conn.commit()
    assert await write() == 0  # the rewrite: every post updated, their themes checked
    assert len(await _themes(engine)) == 20_100


def test_every_record_field_is_a_column_of_its_table() -> None:
    """The records are the one list of a post's and a comment's fields: the
    tables store each under its name (the page write and the readers rely on it)."""
    posts = {c.name for c in Post.__table__.columns}
    comments = {c.name for c in Comment.__table__.columns}
    assert set(POST_WRITTEN) <= posts and "subreddit" not in POST_WRITTEN
    assert set(COMMENT_WRITTEN) <= comments
    assert set(POST_SHOWN) - {"subreddit"} <= posts
    assert [f.name for f in fields(PostRecord)] == ["id", "subreddit", *POST_WRITTEN[1:]]
