"""One page of an audience's posts, and the page shape every list answers with.

Four shapes of query, by what can use an index:

- full-text search: every match is ranked anyway, so the rank is computed
  once behind a fence (OFFSET 0) and the cursor applied outside it;
- a text theme: walk `post_themes` by (theme, relevance, post id);
- an engagement theme by relevance: walk the global score or heat index
  down from the cursor, keeping the audience's posts above the cut;
- browsing: the first rows of each subreddit from its (subreddit, key, id)
  index, merged (LATERAL), instead of sorting the whole audience.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Numeric,
    Select,
    and_,
    cast,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from subsignal.db.cursor import Cursor, KeyKind, encode_cursor
from subsignal.db.engine import read_connection
from subsignal.db.fields import post_shown_columns
from subsignal.db.models import Post, PostTheme, Subreddit
from subsignal.db.query import (
    ENGLISH,
    PostQuery,
    after,
    filters,
    id_array,
    in_subreddits,
    subreddit_ids,
    tsquery,
)
from subsignal.db.theme_counts import Cut, ThemeCounts, listing_cut

SNIPPET_OPTIONS = "StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2"


@dataclass(frozen=True)
class Page:
    """Every list's answer: its items, and the cursor of the next page (None: the end)."""

    items: list[dict[str, Any]]
    next: str | None


Row = TypeVar("Row")


def keyset_page(
    rows: list[Row], limit: int, listing: str, kind: KeyKind, cursor_of: Callable[[Row], Cursor]
) -> tuple[list[Row], str | None]:
    """The first `limit` of up to `limit + 1` rows read, and when there was one
    more, the cursor after the last kept: every list's paging, one way."""
    if len(rows) <= limit:
        return rows, None
    kept = rows[:limit]
    return kept, encode_cursor(listing, kind, cursor_of(kept[-1]))


def _page_ids(query: PostQuery, ids: list[int], cut: Cut) -> Select[Any]:
    """The ids of one page (plus one, to tell if there is more) with `sort_key`,
    and `theme_relevance` on a text theme's page."""
    key = query.key.column
    limit = query.limit + 1
    if query.q is not None:
        matches = (
            select(Post.id, key.label("sort_key"))
            .where(in_subreddits(ids), *filters(query, cut))
            .offset(0)
            .subquery("matches")
        )
        return (
            select(matches.c.id, matches.c.sort_key)
            .where(*after(query, matches.c.sort_key, matches.c.id))
            .order_by(matches.c.sort_key.desc(), matches.c.id.desc())
            .limit(limit)
        )
    if query.text_theme:
        return (
            select(Post.id, key.label("sort_key"), PostTheme.relevance.label("theme_relevance"))
            .join(PostTheme, and_(PostTheme.post_id == Post.id, PostTheme.theme == query.theme))
            .where(in_subreddits(ids), *filters(query, cut), *after(query, key, Post.id))
            .order_by(key.desc(), Post.id.desc())
            .limit(limit)
        )
    if query.engagement and query.sort == "relevance":
        return (
            select(Post.id, key.label("sort_key"))
            .where(in_subreddits(ids), *filters(query, cut), *after(query, key, Post.id))
            .order_by(key.desc(), Post.id.desc())
            .limit(limit)
        )
    subs = func.unnest(id_array(ids)).table_valued("subreddit_id").render_derived(name="subs")
    per_subreddit = (
        select(Post.id, key.label("sort_key"))
        .where(
            Post.subreddit_id == subs.c.subreddit_id,
            *filters(query, cut),
            *after(query, key, Post.id),
        )
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


def themes_of_post() -> Any:
    """A post's themes as a JSON array of {theme, relevance}, most relevant first."""
    return (
        select(
            func.coalesce(
                func.json_agg(
                    aggregate_order_by(
                        func.json_build_object(
                            "theme",
                            PostTheme.theme,
                            "relevance",
                            func.round(cast(PostTheme.relevance, Numeric), 3),
                        ),
                        PostTheme.relevance.desc(),
                    )
                ),
                literal_column("'[]'::json"),
            )
        )
        .where(PostTheme.post_id == Post.id)
        .correlate(Post)
        .scalar_subquery()
    )


def _snippet(query: PostQuery) -> ColumnElement[Any]:
    if query.q is None:
        return func.left(Post.selftext, 240)
    return func.ts_headline(
        ENGLISH,
        Post.title + literal(" \u2014 ") + Post.selftext,  # the match may be in either
        tsquery(query.q),
        SNIPPET_OPTIONS,
    )


async def post_page(engine: AsyncEngine, query: PostQuery) -> Page:
    """One page of posts, each with its subreddit, themes and a highlighted snippet."""
    async with read_connection(engine) as conn:
        return await read_page(conn, query)


async def read_page(
    conn: AsyncConnection, query: PostQuery, counted: ThemeCounts | None = None
) -> Page:
    """`post_page` on a reader's connection; `counted`, when the caller has the
    audience's theme counts (the overview), saves reading its subreddits and an
    engagement theme's cut again."""
    if counted is not None and query.subreddit is None:
        ids = counted.subreddit_ids
    else:
        ids = await subreddit_ids(conn, query.audience_id, query.subreddit)
    if counted is not None and query.theme in counted.cuts:
        cut = counted.cuts[query.theme]
    else:
        cut = await listing_cut(conn, query, ids)
    page = _page_ids(query, ids, cut).subquery("page")
    columns = [
        *post_shown_columns(),
        _snippet(query).label("snippet"),
        themes_of_post().label("themes"),
        page.c.sort_key,
    ]
    if query.text_theme:
        columns.append(page.c.theme_relevance)
    outer = (
        select(*columns)
        .select_from(page)
        .join(Post, Post.id == page.c.id)
        .join(Subreddit, Subreddit.id == Post.subreddit_id)
        .order_by(page.c.sort_key.desc(), Post.id.desc())
    )
    key = query.key
    rows, next_cursor = keyset_page(
        [dict(r) for r in (await conn.execute(outer)).mappings()],
        query.limit,
        key.listing,
        key.kind,
        lambda last: Cursor(last["sort_key"], last["id"], query.as_of),
    )
    for row in rows:
        row.pop("sort_key")
        if "theme_relevance" in row:
            row["relevance"] = round(row.pop("theme_relevance"), 3)
    return Page(items=rows, next=next_cursor)
