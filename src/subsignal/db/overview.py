"""The theme overview: every theme with its post count and its three most relevant posts."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.db.engine import read_connection
from subsignal.db.pages import read_page
from subsignal.db.query import PostQuery
from subsignal.db.theme_counts import theme_counts
from subsignal.themes.names import THEMES

TOP_POSTS = 3


async def theme_overview(
    engine: AsyncEngine, audience_id: int, as_of: datetime, timeframe: str | None
) -> list[dict[str, Any]]:
    """One connection: the counts (four short statements), then one statement per
    theme for its top posts, reusing the counts' subreddits and cuts."""
    async with read_connection(engine) as conn:
        counted = await theme_counts(conn, audience_id, as_of, timeframe)
        overview = []
        for theme in THEMES:
            top = await read_page(
                conn,
                PostQuery(
                    audience_id=audience_id,
                    as_of=as_of,
                    theme=theme,
                    timeframe=timeframe,
                    sort="relevance",
                    limit=TOP_POSTS,
                ),
                counted,
            )
            overview.append(
                {"theme": theme, "count": counted.counts[theme], "top_posts": top.items}
            )
    return overview
