"""Finding an audience's posts: full-text search, theme pages, browsing, export.

One query builder serves every reader. Text search goes through the posts'
generated `tsvector` and its GIN index (`websearch_to_tsquery`, so quotes,
`or` and `-word` work). Pages are keyset-paginated on (sort key, id): a
cursor says where the previous page stopped, so paging stays stable while
posts are being inserted and costs the same on page ten as on page one.

Text themes come from `post_themes` (written with each page); the engagement
themes are computed here, at query time, from the audience's posts in the
chosen timeframe, so they stay right as scores move: `top_content` is the top
decile by score, `hot_discussions` the top decile by comments per day of age.
"""

from __future__ import annotations

import base64
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Numeric,
    Select,
    and_,
    cast,
    func,
    literal,
    literal_column,
    select,
    text,
    tuple_,
)
from sqlalchemy.dialects.postgresql import REGCONFIG
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from subsignal.db.models import AudienceSubreddit, Comment, Post, PostTheme, Subreddit
from subsignal.errors import InvalidInput, NotFound
from subsignal.themes.names import ENGAGEMENT_THEMES, TEXT_THEMES, THEMES

ENGAGEMENT_DECILE = 0.9
TIMEFRAME_DAYS = {"hour": 1 / 24, "day": 1, "week": 7, "month": 31, "year": 366}
SNIPPET_OPTIONS = "StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2"
POST_SORTS = ("relevance", "score", "new", "comments")
EXPORT_BATCH = 1000

ENGLISH = literal("english", REGCONFIG)


@dataclass(frozen=True)
class PostQuery:
    """What a reader asks for; every field already validated."""

    audience_id: int
    q: str | None = None
    theme: str | None = None
    subreddit: str | None = None  # lowercase name
    since: datetime | None = None
    until: datetime | None = None
    min_score: int | None = None
    timeframe: str | None = None  # the window engagement themes are computed over
    sort: str = "new"
    limit: int = 25
    after: str | None = None  # an opaque cursor from the previous page

    @property
    def engagement(self) -> bool:
        """The theme is decided from engagement here, not read from `post_themes`."""
        return self.theme in ENGAGEMENT_THEMES


@dataclass
class PostPage:
    items: list[dict[str, Any]]
    next_after: str | None


def _since_timeframe(timeframe: str | None) -> ColumnElement[bool] | None:
    if timeframe is None or timeframe == "all":
        return None
    return Post.created_utc >= func.now() - timedelta(days=TIMEFRAME_DAYS[timeframe])


def _audience_subreddits(audience_id: int) -> Select[Any]:
    return select(AudienceSubreddit.subreddit_id).where(
        AudienceSubreddit.audience_id == audience_id
    )


def _heat() -> ColumnElement[Any]:
    """Comments per day of age (a post younger than a day counts as a day old)."""
    age_days = func.greatest(func.extract("epoch", func.now() - Post.created_utc) / 86400.0, 1.0)
    return Post.num_comments / age_days


def _engagement_measure(theme: str) -> Any:
    return Post.score if theme == "top_content" else _heat()


def _engagement_cut(audience_id: int, theme: str, timeframe: str | None) -> ColumnElement[bool]:
    """In the theme's top decile: at or above the 90th percentile of the measure
    over the audience's posts in the timeframe (and above zero). A percentile
    over the audience is one pass (an index-only scan for score), where ranking
    every post with a window function would sort them all."""
    measure = _engagement_measure(theme)
    cut = select(func.percentile_disc(ENGAGEMENT_DECILE).within_group(measure)).where(
        Post.subreddit_id.in_(_audience_subreddits(audience_id))
    )
    window = _since_timeframe(timeframe)
    if window is not None:
        cut = cut.where(window)
    return and_(measure >= cut.scalar_subquery(), measure > 0)


def _tsquery(q: str) -> ColumnElement[Any]:
    return func.websearch_to_tsquery(ENGLISH, q)


def _filters(query: PostQuery) -> list[ColumnElement[bool]]:
    """Conditions on `posts` alone (the audience's subreddits are applied by the caller)."""
    found: list[ColumnElement[bool]] = []
    if query.q is not None:
        found.append(Post.search.op("@@")(_tsquery(query.q)))
    if query.since is not None:
        found.append(Post.created_utc >= query.since)
    if query.until is not None:
        found.append(Post.created_utc < query.until)
    if query.min_score is not None:
        found.append(Post.score >= query.min_score)
    if query.theme is not None:
        window = _since_timeframe(query.timeframe)
        if window is not None:
            found.append(window)
        if query.engagement:
            found.append(_engagement_cut(query.audience_id, query.theme, query.timeframe))
    return found


def _subreddits(query: PostQuery) -> Select[Any]:
    """The subreddits searched: the audience's, or the one asked for among them."""
    subs = _audience_subreddits(query.audience_id)
    if query.subreddit is not None:
        subs = subs.join(Subreddit, Subreddit.id == AudienceSubreddit.subreddit_id).where(
            Subreddit.name == query.subreddit
        )
    return subs


def _key(query: PostQuery) -> Any:
    """The expression pages are ordered by (descending, then by id)."""
    if query.sort == "relevance" and query.q is not None:
        return cast(func.ts_rank_cd(Post.search, _tsquery(query.q)), Float)
    if query.sort == "relevance" and query.theme is not None and query.engagement:
        return _engagement_measure(query.theme)
    if query.sort == "relevance" and query.theme is not None:
        return PostTheme.relevance
    if query.sort == "score":
        return Post.score
    if query.sort == "comments":
        return Post.num_comments
    return Post.created_utc


def _after(query: PostQuery, key: Any, id_column: Any) -> list[ColumnElement[bool]]:
    """Only what comes after the cursor: (key, id) below the last row's (nothing
    to add on a first page)."""
    if query.after is None:
        return []
    after_key, after_id = decode_cursor(query.after, query.sort)
    if key is Post.created_utc:  # the cursor carries the time as ISO text
        try:
            after_key = datetime.fromisoformat(str(after_key))
        except ValueError:
            raise InvalidInput("after is not a cursor of this listing") from None
    return [tuple_(key, id_column) < tuple_(literal(after_key), literal(after_id))]


def _text_theme(query: PostQuery) -> bool:
    return query.theme is not None and not query.engagement


def _page_ids(query: PostQuery) -> Select[Any]:
    """The ids of one page (plus one, to tell if there is more) with `sort_key`,
    and `theme_relevance` on a text theme's page. Three shapes, by what can use
    an index:

    - full-text search: every match is ranked anyway, so the rank is computed
      once behind a fence (OFFSET 0) and the cursor applied outside it;
    - a text theme: walk `post_themes` by (theme, relevance, post id);
    - browsing: the first rows of each subreddit from its (subreddit, key, id)
      index, merged (LATERAL), instead of sorting the whole audience.
    """
    key = _key(query)
    conditions = _filters(query)
    limit = query.limit + 1
    if query.q is not None:
        matches = (
            select(Post.id, key.label("sort_key"))
            .where(Post.subreddit_id.in_(_subreddits(query)), *conditions)
            .offset(0)
            .subquery("matches")
        )
        return (
            select(matches.c.id, matches.c.sort_key)
            .where(*_after(query, matches.c.sort_key, matches.c.id))
            .order_by(matches.c.sort_key.desc(), matches.c.id.desc())
            .limit(limit)
        )
    if _text_theme(query):
        return (
            select(Post.id, key.label("sort_key"), PostTheme.relevance.label("theme_relevance"))
            .join(PostTheme, and_(PostTheme.post_id == Post.id, PostTheme.theme == query.theme))
            .where(
                Post.subreddit_id.in_(_subreddits(query)), *conditions, *_after(query, key, Post.id)
            )
            .order_by(key.desc(), Post.id.desc())
            .limit(limit)
        )
    subs = _subreddits(query).subquery("subs")
    per_subreddit = (
        select(Post.id, key.label("sort_key"))
        .where(Post.subreddit_id == subs.c.subreddit_id, *conditions, *_after(query, key, Post.id))
        .order_by(key.desc(), Post.id.desc())
        .limit(limit)
        .lateral("per_subreddit")
    )
    return (
        select(per_subreddit.c.id, per_subreddit.c.sort_key)
        .select_from(subs)
        .join(per_subreddit, literal(True))
        .order_by(per_subreddit.c.sort_key.desc(), per_subreddit.c.id.desc())
        .limit(limit)
    )


async def search_posts(engine: AsyncEngine, query: PostQuery) -> PostPage:
    """One page of posts, each with its subreddit, themes and a highlighted snippet."""
    page = _page_ids(query).subquery("page")
    relevance = _text_theme(query)
    snippet: ColumnElement[Any]
    if query.q is not None:
        snippet = func.ts_headline(
            ENGLISH,
            Post.title + literal(" \u2014 ") + Post.selftext,  # the match may be in either
            _tsquery(query.q),
            SNIPPET_OPTIONS,
        )
    else:
        snippet = func.left(Post.selftext, 240)
    themes = (
        select(
            func.coalesce(
                func.json_agg(
                    func.json_build_object(
                        "theme",
                        PostTheme.theme,
                        "relevance",
                        func.round(cast(PostTheme.relevance, Numeric), 3),
                    )
                ).filter(PostTheme.theme.isnot(None)),
                literal_column("'[]'::json"),
            )
        )
        .where(PostTheme.post_id == Post.id)
        .scalar_subquery()
    )
    columns = [*_post_columns(), snippet.label("snippet"), themes.label("themes"), page.c.sort_key]
    if relevance:
        columns.append(page.c.theme_relevance)
    outer = (
        select(*columns)
        .select_from(page)
        .join(Post, Post.id == page.c.id)
        .join(Subreddit, Subreddit.id == Post.subreddit_id)
        .order_by(page.c.sort_key.desc(), Post.id.desc())
    )
    async with engine.connect() as conn:
        await _limit_statement_time(conn)
        rows = [dict(r) for r in (await conn.execute(outer)).mappings()]
    more = len(rows) > query.limit
    rows = rows[: query.limit]
    next_after = None
    if more:
        last = rows[-1]
        next_after = encode_cursor(query.sort, last["sort_key"], last["id"])
    for row in rows:
        row.pop("sort_key")
        if "theme_relevance" in row:
            row["relevance"] = round(float(row.pop("theme_relevance")), 3)
    return PostPage(items=rows, next_after=next_after)


def _post_columns() -> list[Any]:
    return [
        Post.id,
        Subreddit.display_name.label("subreddit"),
        Post.title,
        Post.selftext,
        Post.author,
        Post.score,
        Post.upvote_ratio,
        Post.num_comments,
        Post.created_utc,
        Post.permalink,
        Post.url,
        Post.over18,
        Post.link_flair_text,
        Post.first_seen_at,
        Post.last_seen_at,
    ]


async def _limit_statement_time(conn: AsyncConnection) -> None:
    """A reader's query never runs away: 15 s at most. Plans are made for the
    actual values: a cached generic plan guesses a search's match count and
    evaluates the tsquery per row."""
    await conn.execute(text("SET LOCAL statement_timeout = '15s'"))
    await conn.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def encode_cursor(sort: str, key: Any, post_id: str) -> str:
    value = key.isoformat() if isinstance(key, datetime) else key
    raw = json.dumps([sort, value, post_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[Any, str]:
    """The (key, id) a cursor holds; a cursor from another sort, or garbage, is a 422."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, key, post_id = json.loads(raw)
        valid = (
            cursor_sort == sort
            and isinstance(post_id, str)
            and isinstance(key, int | float | str)
            and not isinstance(key, bool)
        )
    except (ValueError, TypeError):
        valid = False
    if not valid:
        raise InvalidInput(
            "after is not a cursor of this listing; pass the `next` of the previous page",
            details=[{"field": "after", "message": "not a cursor of this listing"}],
        )
    return key, post_id


async def theme_counts(
    engine: AsyncEngine, audience_id: int, timeframe: str | None
) -> dict[str, int]:
    """How many of the audience's posts (in the timeframe) are in each theme."""
    window = _since_timeframe(timeframe)
    audience = Post.subreddit_id.in_(_audience_subreddits(audience_id))
    text_counts = (
        select(PostTheme.theme, func.count())
        .join(Post, Post.id == PostTheme.post_id)
        .where(audience, *([window] if window is not None else []))
        .group_by(PostTheme.theme)
    )
    engagement = select(
        func.count().filter(_engagement_cut(audience_id, "top_content", timeframe)),
        func.count().filter(_engagement_cut(audience_id, "hot_discussions", timeframe)),
    ).where(audience, *([window] if window is not None else []))
    async with engine.connect() as conn:
        await _limit_statement_time(conn)
        counts = {theme: 0 for theme in TEXT_THEMES}
        counts.update({theme: int(n) for theme, n in (await conn.execute(text_counts)).all()})
        top, hot = (await conn.execute(engagement)).one()
    counts["hot_discussions"] = int(hot)
    counts["top_content"] = int(top)
    return counts


async def theme_overview(
    engine: AsyncEngine, audience_id: int, timeframe: str | None
) -> list[dict[str, Any]]:
    """Every theme with its post count and its three most relevant posts."""
    counts = await theme_counts(engine, audience_id, timeframe)
    overview = []
    for theme in THEMES:
        top = await search_posts(
            engine,
            PostQuery(
                audience_id=audience_id,
                theme=theme,
                timeframe=timeframe,
                sort="relevance",
                limit=3,
            ),
        )
        overview.append({"theme": theme, "count": counts[theme], "top_posts": top.items})
    return overview


async def get_post(engine: AsyncEngine, post_id: str) -> dict[str, Any]:
    """One post with its themes and its comments as a tree (`replies` nested)."""
    async with engine.connect() as conn:
        row = (
            (
                await conn.execute(
                    select(*_post_columns())
                    .join(Subreddit, Subreddit.id == Post.subreddit_id)
                    .where(Post.id == post_id)
                )
            )
            .mappings()
            .first()
        )
        if row is None:
            raise NotFound(f"post {post_id!r} is not stored", details={"id": post_id})
        themes = await conn.execute(
            select(PostTheme.theme, PostTheme.relevance)
            .where(PostTheme.post_id == post_id)
            .order_by(PostTheme.relevance.desc())
        )
        comments = await conn.execute(
            select(
                Comment.id,
                Comment.parent_id,
                Comment.author,
                Comment.body,
                Comment.score,
                Comment.created_utc,
                Comment.depth,
            )
            .where(Comment.post_id == post_id)
            .order_by(Comment.depth, Comment.score.desc(), Comment.id)
        )
        post = dict(row)
        post["themes"] = [{"theme": t, "relevance": round(r, 3)} for t, r in themes.all()]
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


@asynccontextmanager
async def export_rows(
    engine: AsyncEngine, query: PostQuery
) -> AsyncIterator[AsyncIterator[dict[str, Any]]]:
    """Every matching post, streamed from a server-side cursor in batches, so an
    export of any size holds one batch in memory. The connection is released
    when the block exits, whether the export finished or the client went away."""
    key = _key(query)
    themes = (
        select(func.string_agg(PostTheme.theme, literal_column("' '")))
        .where(PostTheme.post_id == Post.id)
        .scalar_subquery()
    )
    # one pass in the export's order: no id page to join back, no second sort
    outer = (
        select(*_post_columns(), themes.label("themes"))
        .join(Subreddit, Subreddit.id == Post.subreddit_id)
        .where(Post.subreddit_id.in_(_subreddits(query)), *_filters(query))
        .order_by(key.desc(), Post.id.desc())
        .execution_options(yield_per=EXPORT_BATCH)
    )
    if _text_theme(query):
        outer = outer.join(
            PostTheme, and_(PostTheme.post_id == Post.id, PostTheme.theme == query.theme)
        )
    async with engine.connect() as conn:
        result = await conn.stream(outer)

        async def rows() -> AsyncIterator[dict[str, Any]]:
            async for row in result.mappings():
                yield dict(row)

        try:
            yield rows()
        finally:
            await result.close()
