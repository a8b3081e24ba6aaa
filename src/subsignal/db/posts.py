"""Writing collected posts and comments: one upsert statement per page.

`INSERT ... SELECT FROM unnest(arrays) ... ON CONFLICT (id) DO UPDATE` sends a
whole page in one round trip, instead of the ORM's row-by-row path, and
reports per row whether it was new (`benchmarks/collect.py` measures the
whole write path against a plain `COPY`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from subsignal.reddit.records import CommentRecord, PostRecord


@dataclass(frozen=True)
class Written:
    new: int = 0
    updated: int = 0

    @property
    def stored(self) -> int:
        return self.new + self.updated


# (column, PostgreSQL array type): each page travels as one array per column.
# The arrays go to asyncpg as plain lists with a cast in the SQL, which spares
# SQLAlchemy's bind processing of every element of every array.
_POST_COLUMNS = [
    ("id", "text[]"),
    ("title", "text[]"),
    ("selftext", "text[]"),
    ("author", "text[]"),
    ("score", "integer[]"),
    ("upvote_ratio", "float8[]"),
    ("num_comments", "integer[]"),
    ("created_utc", "timestamptz[]"),
    ("permalink", "text[]"),
    ("url", "text[]"),
    ("over18", "boolean[]"),
    ("stickied", "boolean[]"),
    ("is_self", "boolean[]"),
    ("spoiler", "boolean[]"),
    ("locked", "boolean[]"),
    ("link_flair_text", "text[]"),
]
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


def _unnest(columns: list[tuple[str, str]]) -> str:
    arrays = ", ".join(f"CAST(:{name} AS {array})" for name, array in columns)
    return f"unnest({arrays}) AS u({', '.join(name for name, _ in columns)})"


_UPSERT_POSTS = text(
    f"""
    INSERT INTO posts AS p (subreddit_id, {", ".join(c for c, _ in _POST_COLUMNS)})
    SELECT CAST(:subreddit_id AS bigint), u.* FROM {_unnest(_POST_COLUMNS)}
    ON CONFLICT (id) DO UPDATE SET
        {", ".join(f"{c} = EXCLUDED.{c}" for c in _POST_MOVING)},
        last_seen_at = now()
    RETURNING id, (xmax = 0) AS inserted
    """
)

_COMMENT_COLUMNS = [
    ("id", "text[]"),
    ("post_id", "text[]"),
    ("parent_id", "text[]"),
    ("author", "text[]"),
    ("body", "text[]"),
    ("score", "integer[]"),
    ("created_utc", "timestamptz[]"),
    ("depth", "integer[]"),
]

_UPSERT_COMMENTS = text(
    f"""
    INSERT INTO comments AS c ({", ".join(c for c, _ in _COMMENT_COLUMNS)})
    SELECT u.* FROM {_unnest(_COMMENT_COLUMNS)}
    ON CONFLICT (id) DO UPDATE SET
        body = EXCLUDED.body, score = EXCLUDED.score, last_seen_at = now()
    RETURNING (xmax = 0) AS inserted
    """
)

_DELETE_THEMES = text("DELETE FROM post_themes WHERE post_id = ANY(CAST(:ids AS text[]))")
_INSERT_THEMES = text(
    "INSERT INTO post_themes (post_id, theme, relevance) SELECT * FROM "
    + _unnest([("post_ids", "text[]"), ("themes", "text[]"), ("relevances", "float8[]")])
)


def _unique(records: Sequence[PostRecord] | Sequence[CommentRecord]) -> list[object]:
    """One row per id (an upsert may not touch a row twice); the last sighting wins."""
    return list({r.id: r for r in records}.values())


async def upsert_posts(
    conn: AsyncConnection,
    subreddit_id: int,
    posts: Sequence[PostRecord],
    themes: Sequence[Mapping[str, float]],
) -> Written:
    """Upsert a page of posts and replace their text themes (`themes[i]` belongs to
    `posts[i]`), in the caller's transaction: a post's themes always match its text."""
    rows = _unique(posts)
    if not rows:
        return Written()
    params: dict[str, object] = {"subreddit_id": subreddit_id}
    for column, _ in _POST_COLUMNS:
        params[column] = [getattr(r, column) for r in rows]
    returned = (await conn.execute(_UPSERT_POSTS, params)).all()
    updated_ids = [post_id for post_id, inserted in returned if not inserted]
    if updated_ids:  # a new post has no themes to replace
        await conn.execute(_DELETE_THEMES, {"ids": updated_ids})
    by_id = {post.id: found for post, found in zip(posts, themes, strict=True)}
    pairs = [(pid, theme, rel) for pid, found in by_id.items() for theme, rel in found.items()]
    if pairs:
        await conn.execute(
            _INSERT_THEMES,
            {
                "post_ids": [p[0] for p in pairs],
                "themes": [p[1] for p in pairs],
                "relevances": [p[2] for p in pairs],
            },
        )
    return Written(new=len(returned) - len(updated_ids), updated=len(updated_ids))


async def upsert_comments(conn: AsyncConnection, comments: Sequence[CommentRecord]) -> Written:
    rows = _unique(comments)
    if not rows:
        return Written()
    params = {column: [getattr(r, column) for r in rows] for column, _ in _COMMENT_COLUMNS}
    inserted = (await conn.execute(_UPSERT_COMMENTS, params)).scalars().all()
    new = sum(1 for flag in inserted if flag)
    return Written(new=new, updated=len(inserted) - new)
