"""Posts' and comments' fields, listed once: what a page writes, what readers get.

The lists are the records (`PostRecord`, `CommentRecord`: what Reddit gave
us); the tables store each of their fields under the same name (a test holds
them together) and add what only the database knows: the subreddit as a key,
when a row was first and last seen, a post's heat and search vector.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from sqlalchemy import FromClause
from sqlalchemy.dialects import postgresql

from subsignal.db.models import Post, Subreddit
from subsignal.reddit.records import CommentRecord, PostRecord

# What a collected page writes (a post's subreddit arrives as the page's key).
POST_WRITTEN: tuple[str, ...] = tuple(f.name for f in fields(PostRecord) if f.name != "subreddit")
COMMENT_WRITTEN: tuple[str, ...] = tuple(f.name for f in fields(CommentRecord))
# What every reader gets for a post, in this order: pages, one post, both exports.
POST_SHOWN: tuple[str, ...] = (
    "id",
    "subreddit",
    *POST_WRITTEN[1:],
    "first_seen_at",
    "last_seen_at",
)


def sql_types(table: FromClause, names: tuple[str, ...]) -> dict[str, str]:
    """Each column's PostgreSQL type, as `json_to_recordset` needs it."""
    dialect = postgresql.dialect()  # type: ignore[no-untyped-call]
    return {name: str(table.c[name].type.compile(dialect=dialect)) for name in names}


def post_shown_columns() -> list[Any]:
    """POST_SHOWN as columns of `posts` joined to `subreddits`."""
    return [
        Subreddit.display_name.label("subreddit") if name == "subreddit" else Post.__table__.c[name]
        for name in POST_SHOWN
    ]
