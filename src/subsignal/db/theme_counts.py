"""How many of an audience's posts each theme holds, without counting them one by one.

Text themes, and the audience's size, come from `daily_post_counts` (kept by
the page write, in its transaction): whole days are added up, and only the
first day of a timeframe, which it cuts partway, is counted from the posts.

An engagement theme is the top decile of the audience's posts in the
timeframe by a measure (score, heat): the posts at or above the cut (the value
`percentile_disc(0.9)` gives) and above zero. With n posts, the cut is the
ceil(0.9 n)-th lowest measure, so n - ceil(0.9 n) posts rank above it: the cut
is read at that position from the top of the global index on the measure
(index-only: the subreddit and time are included): about a tenth of the
audience's index entries, once per theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    ColumnElement,
    CompoundSelect,
    Select,
    cast,
    func,
    literal,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from subsignal.db.models import DailyPostCount, Post, PostTheme
from subsignal.db.query import (
    PostQuery,
    engagement_measure,
    in_subreddits,
    subreddit_ids,
    window_start,
)
from subsignal.themes.names import ENGAGEMENT_THEMES, TEXT_THEMES

EVERY_POST = "*"  # the `daily_post_counts` theme that counts every post

Cut = int | float | None  # an engagement theme's cut; None: the window holds no posts


@dataclass(frozen=True)
class ThemeCounts:
    counts: dict[str, int]  # posts per theme, every theme
    cuts: dict[str, Cut]  # each engagement theme's cut, for reading its posts
    subreddit_ids: list[int]  # the audience's, as counted


def _in_window(ids: list[int], start: datetime | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [in_subreddits(ids)]
    if start is not None:
        conditions.append(Post.created_utc >= start)
    return conditions


def _counted(ids: list[int], start: datetime | None) -> Select[str, int] | CompoundSelect[str, int]:
    """(theme, posts) rows that add up to each text theme's count, and `*`'s."""
    whole_days = select(DailyPostCount.theme, DailyPostCount.posts).where(
        in_subreddits(ids, DailyPostCount.subreddit_id)
    )
    if start is None:
        return whole_days
    first_day = start.astimezone(UTC).date()
    first_day_end = datetime.combine(first_day + timedelta(days=1), time(), UTC)
    in_first_day = [*_in_window(ids, start), Post.created_utc < first_day_end]
    return union_all(
        whole_days.where(DailyPostCount.day > first_day),
        select(literal(EVERY_POST).label("theme"), func.count()).where(*in_first_day),
        select(PostTheme.theme, func.count())
        .join(Post, Post.id == PostTheme.post_id)
        .where(*in_first_day)
        .group_by(PostTheme.theme),
    )


def _above_cut(n: Any) -> Any:
    """How many of n posts rank above the cut: n - ceil(0.9 n), in integers."""
    return n - (9 * n + 9) // 10


def _cut_row(ids: list[int], theme: str, start: datetime | None, above: Any) -> Select[Any]:
    """The post at the cut: `above` posts rank before it, by (measure, id)."""
    measure = engagement_measure(theme)
    return (
        select(measure.label("value"), Post.id.label("id"))
        .where(*_in_window(ids, start))
        .order_by(measure.desc(), Post.id.desc())
        .offset(above)
        .limit(1)
    )


async def engagement_cut(
    conn: AsyncConnection, ids: list[int], theme: str, start: datetime | None
) -> Cut:
    """One engagement theme's cut over the posts of `ids` since `start`, in one
    statement (of the measure's own type, so comparing with it keeps to the index)."""
    counted = _counted(ids, start).subquery("counted")
    n = (
        select(cast(func.coalesce(func.sum(counted.c.posts), 0), BigInteger).label("n"))
        .where(counted.c.theme == EVERY_POST)
        .subquery("n")
    )
    above = select(_above_cut(n.c.n)).scalar_subquery()
    value: Cut = await conn.scalar(
        _cut_row(ids, theme, start, above).with_only_columns(engagement_measure(theme))
    )
    return value


async def listing_cut(conn: AsyncConnection, query: PostQuery, ids: list[int]) -> Cut:
    """The cut an engagement theme's listing filters by (None for other listings):
    over the whole audience, whichever of its subreddits is shown."""
    if query.theme is None or not query.engagement:
        return None
    audience = ids if query.subreddit is None else await subreddit_ids(conn, query.audience_id)
    return await engagement_cut(conn, audience, query.theme, query.window_start)


async def theme_counts(
    conn: AsyncConnection, audience_id: int, as_of: datetime, timeframe: str | None
) -> ThemeCounts:
    """How many of the audience's posts (in the timeframe) are in each theme:
    four short statements (its subreddits, the text counts, one per engagement
    theme), whatever the audience's size."""
    ids = await subreddit_ids(conn, audience_id)
    start = window_start(as_of, timeframe)
    counted = _counted(ids, start).subquery("counted")
    rows = await conn.execute(
        select(counted.c.theme, func.sum(counted.c.posts)).group_by(counted.c.theme)
    )
    by_theme = {str(theme): int(n) for theme, n in rows.all()}
    counts = {theme: by_theme.get(theme, 0) for theme in TEXT_THEMES}
    above = _above_cut(by_theme.get(EVERY_POST, 0))
    cuts: dict[str, Cut] = {}
    for theme in ENGAGEMENT_THEMES:
        cuts[theme], counts[theme] = await _members(conn, ids, theme, start, above)
    return ThemeCounts(counts, cuts, ids)


async def _members(
    conn: AsyncConnection, ids: list[int], theme: str, start: datetime | None, above: int
) -> tuple[Cut, int]:
    """An engagement theme's cut and how many posts reach it. The `above` posts
    before the cut and the cut's own post are in; so are the posts after it
    with the same measure (its ties, a short range of the index), so no second
    pass over the top decile is needed. A cut of zero or less keeps only the
    posts above zero."""
    measure = engagement_measure(theme)
    cut = _cut_row(ids, theme, start, above).subquery("cut")
    ties = (
        select(func.count())
        .where(*_in_window(ids, start), measure == cut.c.value, Post.id < cut.c.id)
        .scalar_subquery()
    )
    found = (await conn.execute(select(cut.c.value, ties))).first()
    if found is None:
        return None, 0
    value, tied = found
    if value > 0:
        return value, above + 1 + int(tied)
    positive = select(func.count()).where(*_in_window(ids, start), measure > 0)
    return value, int(await conn.scalar(positive) or 0)


# `daily_post_counts` from scratch, from what `posts` and `post_themes` hold: for
# rows loaded around the page write (a bulk COPY), and to check the kept counts.
REBUILD_DAILY_COUNTS = (
    "DELETE FROM daily_post_counts",
    """
    INSERT INTO daily_post_counts (subreddit_id, theme, day, posts)
    SELECT subreddit_id, '*', CAST(created_utc AT TIME ZONE 'UTC' AS date), count(*)
    FROM posts GROUP BY 1, 3
    UNION ALL
    SELECT p.subreddit_id, t.theme, CAST(p.created_utc AT TIME ZONE 'UTC' AS date), count(*)
    FROM post_themes AS t JOIN posts AS p ON p.id = t.post_id GROUP BY 1, 2, 3
    """,
)


async def rebuild_daily_counts(conn: AsyncConnection) -> None:
    for statement in REBUILD_DAILY_COUNTS:
        await conn.execute(text(statement))
