"""Writing a collected page: one statement for its posts, themes, comments and counts.

A page travels as JSON (orjson turns the records into it in well under a
millisecond) and PostgreSQL unpacks it with `json_to_recordset`: one round
trip per page, instead of a statement per table, and no per-element encoding
of parameter arrays on the event loop. The statement is atomic on its own, so
the run's counts always match the rows written (`benchmarks/collect.py`
measures the whole write path against a plain `COPY`).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from subsignal.db.fields import COMMENT_WRITTEN, POST_WRITTEN, sql_types
from subsignal.db.models import Comment, Post
from subsignal.encoding import to_json_bytes
from subsignal.reddit.records import CommentRecord, PostRecord

Record = TypeVar("Record", PostRecord, CommentRecord)


@dataclass(frozen=True)
class PageWritten:
    new: int = 0  # posts new to the database
    updated: int = 0  # posts seen before, their moving fields updated
    comments: int = 0  # comments stored (new or updated)


_POST_COLUMNS = sql_types(Post.__table__, POST_WRITTEN)
_COMMENT_COLUMNS = sql_types(Comment.__table__, COMMENT_WRITTEN)
_THEME_COLUMNS = {"post_id": "text", "theme": "text", "relevance": "float8"}
# what may change between two sightings of a post
_POST_MOVING = [
    "score",
    "upvote_ratio",
    "num_comments",
    "selftext",
    "over18",
    "stickied",
    "spoiler",
    "locked",
    "link_flair_text",
]


def _rows(parameter: str, columns: dict[str, str]) -> str:
    """`SELECT` of a JSON array of objects as typed rows."""
    typed = ", ".join(f"{name} {sql}" for name, sql in columns.items())
    return f"SELECT * FROM json_to_recordset(CAST(:{parameter} AS json)) AS r({typed})"


_POSTS = ", ".join(POST_WRITTEN)
_COMMENTS = ", ".join(COMMENT_WRITTEN)

# Data-modifying CTEs share one snapshot and may run in any order, so each
# touches rows no other one does: `stale` deletes only theme rows the page no
# longer gives, `themed` inserts or updates only the ones it gives. `stale`
# finds the updated posts' rows by an array of ids, which keeps it on the
# primary key's index (a join let the planner scan all of `post_themes`,
# about 40 ms a page at 300k rows). `counted` turns what the others report
# (a post or a theme row inserted, a theme row deleted) into the changes of
# `daily_post_counts`, one row per day and theme, in key order (two writers
# of one subreddit lock its rows in the same order).
_WRITE_PAGE = text(
    f"""
    WITH page_posts AS ({_rows("posts", _POST_COLUMNS)}),
    page_themes AS ({_rows("themes", _THEME_COLUMNS)}),
    page_comments AS ({_rows("comments", _COMMENT_COLUMNS)}),
    upserted AS (
        INSERT INTO posts AS p (subreddit_id, {_POSTS})
        SELECT CAST(:subreddit_id AS bigint), {_POSTS} FROM page_posts
        ON CONFLICT (id) DO UPDATE SET
            {", ".join(f"{c} = EXCLUDED.{c}" for c in _POST_MOVING)},
            last_seen_at = now()
        RETURNING id, (xmax = 0) AS inserted
    ),
    stale AS (
        DELETE FROM post_themes AS t
        WHERE t.post_id = ANY (ARRAY(SELECT id FROM upserted WHERE NOT inserted))
          AND NOT EXISTS (
              SELECT 1 FROM page_themes AS n WHERE n.post_id = t.post_id AND n.theme = t.theme
          )
        RETURNING t.post_id, t.theme
    ),
    themed AS (
        INSERT INTO post_themes AS t (post_id, theme, relevance)
        SELECT post_id, theme, relevance FROM page_themes
        ON CONFLICT (post_id, theme) DO UPDATE SET relevance = EXCLUDED.relevance
        RETURNING t.post_id, t.theme, (xmax = 0) AS inserted
    ),
    counted AS (
        INSERT INTO daily_post_counts AS d (subreddit_id, theme, day, posts)
        SELECT CAST(:subreddit_id AS bigint), change.theme,
               CAST(p.created_utc AT TIME ZONE 'UTC' AS date), sum(change.delta)
        FROM (
            SELECT id AS post_id, '*' AS theme, 1 AS delta FROM upserted WHERE inserted
            UNION ALL SELECT post_id, theme, 1 FROM themed WHERE inserted
            UNION ALL SELECT post_id, theme, -1 FROM stale
        ) AS change
        JOIN page_posts AS p ON p.id = change.post_id
        GROUP BY 2, 3
        HAVING sum(change.delta) <> 0
        ORDER BY 2, 3
        ON CONFLICT (subreddit_id, theme, day) DO UPDATE SET posts = d.posts + EXCLUDED.posts
    ),
    commented AS (
        INSERT INTO comments AS c ({_COMMENTS})
        SELECT {_COMMENTS} FROM page_comments
        ON CONFLICT (id) DO UPDATE SET
            body = EXCLUDED.body, score = EXCLUDED.score, last_seen_at = now()
        RETURNING 1
    ),
    counts AS (
        SELECT
            (SELECT count(*) FROM upserted WHERE inserted) AS new,
            (SELECT count(*) FROM upserted WHERE NOT inserted) AS updated,
            (SELECT count(*) FROM commented) AS comments
    ),
    recorded AS (
        UPDATE run_subreddits AS r SET
            fetched = r.fetched + CAST(:fetched AS integer),
            new = r.new + counts.new,
            updated = r.updated + counts.updated,
            stored = r.stored + counts.new + counts.updated,
            comments = r.comments + counts.comments,
            cursor = CAST(:cursor AS text)
        FROM counts
        WHERE r.run_id = CAST(:run_id AS uuid) AND r.subreddit_id = CAST(:subreddit_id AS bigint)
    )
    SELECT new, updated, comments FROM counts
    """
)


def _json(records: object) -> str:
    """Records as JSON for `json_to_recordset`; PostgreSQL text cannot hold NUL,
    so a NUL Reddit sent is dropped rather than failing the page."""
    return to_json_bytes(records).replace(b"\\u0000", b"").decode()


def _unique(records: Sequence[Record]) -> list[Record]:
    """One row per id (an upsert may not touch a row twice); the last sighting wins."""
    return list({r.id: r for r in records}.values())


async def write_page(
    conn: AsyncConnection,
    *,
    run_id: uuid.UUID | None,
    subreddit_id: int,
    posts: Sequence[PostRecord],
    themes: Sequence[Mapping[str, float]],
    comments: Sequence[CommentRecord] = (),
    fetched: int | None = None,
    cursor: str | None = None,
) -> PageWritten:
    """Upsert a page of posts with their text themes (`themes[i]` belongs to
    `posts[i]`: a post's themes always match its text) and comments, and add
    the counts to the run's row for this subreddit (none when `run_id` is None).
    `fetched` defaults to the number of posts."""
    by_id = {post.id: found for post, found in zip(posts, themes, strict=True)}
    theme_rows = [
        {"post_id": post_id, "theme": theme, "relevance": relevance}
        for post_id, found in by_id.items()
        for theme, relevance in found.items()
    ]
    result = await conn.execute(
        _WRITE_PAGE,
        {
            "posts": _json(_unique(posts)),
            "themes": _json(theme_rows),
            "comments": _json(_unique(comments)),
            "subreddit_id": subreddit_id,
            "run_id": run_id,
            "fetched": len(posts) if fetched is None else fetched,
            "cursor": cursor,
        },
    )
    new, updated, stored_comments = result.one()
    return PageWritten(new=new, updated=updated, comments=stored_comments)
