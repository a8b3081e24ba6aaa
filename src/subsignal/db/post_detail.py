"""One post, with its themes and its comments as a tree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.db.engine import read_connection
from subsignal.db.fields import COMMENT_WRITTEN, post_shown_columns
from subsignal.db.models import Comment, Post, Subreddit
from subsignal.db.pages import themes_of_post
from subsignal.errors import NotFound


async def get_post(engine: AsyncEngine, post_id: str) -> dict[str, Any]:
    async with read_connection(engine) as conn:
        row = (
            (
                await conn.execute(
                    select(*post_shown_columns(), themes_of_post().label("themes"))
                    .join(Subreddit, Subreddit.id == Post.subreddit_id)
                    .where(Post.id == post_id)
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(f"post {post_id!r} is not stored", details={"id": post_id})
        comments = await conn.execute(
            select(*(Comment.__table__.c[name] for name in COMMENT_WRITTEN if name != "post_id"))
            .where(Comment.post_id == post_id)
            .order_by(Comment.depth, Comment.score.desc(), Comment.id)
        )
        post = dict(row)
        post["comments"] = comment_tree([dict(c) for c in comments.mappings()])
        return post


def comment_tree(comments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nest flat comments under their parents; orphans (parent not stored) stay on top."""
    by_id = {c["id"]: {**c, "replies": []} for c in comments}
    roots: list[dict[str, Any]] = []
    for comment in by_id.values():
        parent = by_id.get(comment["parent_id"]) if comment["parent_id"] else None
        (parent["replies"] if parent is not None else roots).append(comment)
    return roots
