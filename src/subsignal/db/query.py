"""What a reader asks for, and the SQL that selects it: filters and sort keys.

Every post listing (search, theme pages, browse, export) is a `PostQuery`.
Text search goes through the posts' generated `tsvector` and its GIN index
(`websearch_to_tsquery`, so quotes, `or` and `-word` work). Pages are ordered
by a `SortKey` and then by id, descending, and keyset-paginated on that pair.

Text themes come from `post_themes` (written with each page). The engagement
themes are the top decile of the audience's posts in the timeframe: by score
(`top_content`) and by `heat`, comments per day of age when last seen
(`hot_discussions`); the cut is read by `subsignal.db.theme_counts`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    DateTime,
    Float,
    Integer,
    String,
    any_,
    cast,
    func,
    literal,
    select,
    tuple_,
)
from sqlalchemy.dialects.postgresql import ARRAY, REGCONFIG
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.types import TypeEngine

from subsignal.db.cursor import Cursor, KeyKind
from subsignal.db.models import AudienceSubreddit, Post, PostTheme, Subreddit
from subsignal.themes.names import ENGAGEMENT_THEMES

POST_SORTS = ("relevance", "score", "new", "comments")
TIMEFRAME_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 31, "year": 366}
ENGLISH = literal("english", REGCONFIG)
KEY_TYPES: dict[KeyKind, TypeEngine[Any]] = {
    "int4": Integer(),
    "int8": BigInteger(),
    "float8": Float(),
    "timestamptz": DateTime(timezone=True),
}


@dataclass(frozen=True)
class SortKey:
    """What a listing is ordered by: `listing` names its cursors, `kind` is the
    SQL type of the key (a cursor's key is checked against it), `column` the
    expression."""

    listing: str
    kind: KeyKind
    column: Any


def sort_key(sort: str, q: str | None, theme: str | None) -> SortKey:
    """The key a listing with these parameters is ordered by."""
    if sort == "relevance" and q is not None:
        return SortKey("rank", "float8", cast(func.ts_rank_cd(Post.search, tsquery(q)), Float))
    if sort == "relevance" and theme == "top_content":
        return SortKey("score", "int4", Post.score)
    if sort == "relevance" and theme == "hot_discussions":
        return SortKey("heat", "float8", Post.heat)
    if sort == "relevance" and theme is not None:
        return SortKey("theme_relevance", "float8", PostTheme.relevance)
    if sort == "score":
        return SortKey("score", "int4", Post.score)
    if sort == "comments":
        return SortKey("comments", "int4", Post.num_comments)
    return SortKey("new", "timestamptz", Post.created_utc)


def engagement_measure(theme: str) -> Any:
    """What an engagement theme ranks posts by."""
    return Post.score if theme == "top_content" else Post.heat


@dataclass(frozen=True)
class PostQuery:
    """What a reader asks for; every field already validated. `as_of` is the
    moment timeframes count back from: the first page's, carried by cursors."""

    audience_id: int
    as_of: datetime
    q: str | None = None
    theme: str | None = None
    subreddit: str | None = None  # lowercase name
    since: datetime | None = None
    until: datetime | None = None
    min_score: int | None = None
    timeframe: str | None = None
    sort: str = "new"
    limit: int = 25
    after: Cursor | None = None

    @property
    def key(self) -> SortKey:
        return sort_key(self.sort, self.q, self.theme)

    @property
    def engagement(self) -> bool:
        """The theme is decided from engagement here, not read from `post_themes`."""
        return self.theme in ENGAGEMENT_THEMES

    @property
    def text_theme(self) -> bool:
        return self.theme is not None and not self.engagement

    @property
    def window_start(self) -> datetime | None:
        return window_start(self.as_of, self.timeframe)


def window_start(as_of: datetime, timeframe: str | None) -> datetime | None:
    """Where a timeframe begins (None: all time)."""
    if timeframe is None or timeframe == "all":
        return None
    return as_of - timedelta(days=TIMEFRAME_DAYS[timeframe])


def tsquery(q: str) -> ColumnElement[Any]:
    return func.websearch_to_tsquery(ENGLISH, q)


async def subreddit_ids(
    conn: AsyncConnection, audience_id: int, subreddit: str | None = None
) -> list[int]:
    """The ids of the audience's subreddits, or of the one asked for among them.
    Read once, then bound as one array: planned as a constant, it is a hashed
    test even where it filters a hundred thousand index entries."""
    subs = select(AudienceSubreddit.subreddit_id).where(
        AudienceSubreddit.audience_id == audience_id
    )
    if subreddit is not None:
        subs = subs.join(Subreddit, Subreddit.id == AudienceSubreddit.subreddit_id).where(
            Subreddit.name == subreddit
        )
    return list((await conn.scalars(subs.order_by(AudienceSubreddit.subreddit_id))).all())


def id_array(ids: list[int]) -> Any:
    return literal(ids, ARRAY(BigInteger))


def in_subreddits(ids: list[int], column: Any = Post.subreddit_id) -> ColumnElement[bool]:
    result: ColumnElement[bool] = column == any_(id_array(ids))
    return result


def filters(query: PostQuery, cut: int | float | None = None) -> list[ColumnElement[bool]]:
    """The query's conditions on `posts` (its subreddits are the caller's: see
    `subreddit_ids`). `cut` is an engagement theme's cut (None: no post makes it)."""
    found: list[ColumnElement[bool]] = []
    if query.q is not None:
        found.append(Post.search.op("@@")(tsquery(query.q)))
    if query.since is not None:
        found.append(Post.created_utc >= query.since)
    if query.until is not None:
        found.append(Post.created_utc < query.until)
    if query.min_score is not None:
        found.append(Post.score >= query.min_score)
    start = query.window_start
    if start is not None:
        found.append(Post.created_utc >= start)
    if query.engagement:
        assert query.theme is not None
        measure = engagement_measure(query.theme)
        if cut is None:
            found.append(literal(False))
        else:
            found.extend([measure >= cut, measure > 0])
    return found


def after(query: PostQuery, key: Any, id_column: Any) -> list[ColumnElement[bool]]:
    """Only what comes after the cursor: (key, id) below the last row's (nothing
    to add on a first page). The key is bound with the listing's own SQL type."""
    if query.after is None:
        return []
    last = literal(query.after.key, KEY_TYPES[query.key.kind])
    return [tuple_(key, id_column) < tuple_(last, literal(query.after.id, String))]
