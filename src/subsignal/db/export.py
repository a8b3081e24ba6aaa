"""Every post a query matches, streamed in its order from a server-side cursor."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.db.engine import read_connection
from subsignal.db.fields import post_shown_columns
from subsignal.db.models import Post, PostTheme, Subreddit
from subsignal.db.pages import themes_of_post
from subsignal.db.query import PostQuery, filters, in_subreddits, subreddit_ids
from subsignal.db.theme_counts import listing_cut

EXPORT_BATCH = 1000


@asynccontextmanager
async def export_rows(
    engine: AsyncEngine, query: PostQuery
) -> AsyncIterator[AsyncIterator[dict[str, Any]]]:
    """Every matching post (the page's fields and themes), fetched in batches, so
    an export of any size holds one batch in memory. The connection is released
    when the block exits, whether the export finished or the client went away."""
    key = query.key.column
    async with read_connection(engine) as conn:
        ids = await subreddit_ids(conn, query.audience_id, query.subreddit)
        cut = await listing_cut(conn, query, ids)
        # one pass in the export's order: no id page to join back, no second sort
        outer = (
            select(*post_shown_columns(), themes_of_post().label("themes"))
            .join(Subreddit, Subreddit.id == Post.subreddit_id)
            .where(in_subreddits(ids), *filters(query, cut))
            .order_by(key.desc(), Post.id.desc())
            .execution_options(yield_per=EXPORT_BATCH)
        )
        if query.text_theme:
            outer = outer.join(
                PostTheme, and_(PostTheme.post_id == Post.id, PostTheme.theme == query.theme)
            )
        result = await conn.stream(outer)

        async def rows() -> AsyncIterator[dict[str, Any]]:
            async for row in result.mappings():
                yield dict(row)

        try:
            yield rows()
        finally:
            await result.close()
