"""Search, browse, read and export an audience's posts; theme counts and pages."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route
from starlette.types import Receive, Scope, Send

from subsignal.api import state
from subsignal.api.responses import JSON, to_json
from subsignal.api.validation import Problems, path_id, query_int, query_params
from subsignal.db import search
from subsignal.db.audiences import require_audience
from subsignal.db.models import TIMEFRAMES
from subsignal.errors import NotFound
from subsignal.reddit.names import clean_subreddit_name
from subsignal.themes import THEMES

MAX_QUERY_CHARS = 500
POST_ID = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
FILTERS = {"q", "theme", "subreddit", "since", "until", "min_score", "timeframe"}
PAGING = {"sort", "limit", "after"}
CSV_COLUMNS = (
    "id",
    "subreddit",
    "title",
    "selftext",
    "author",
    "score",
    "upvote_ratio",
    "num_comments",
    "created_utc",
    "permalink",
    "url",
    "over18",
    "link_flair_text",
    "themes",
)


def post_query(
    audience_id: int, params: Mapping[str, str], *, theme: str | None = None, paged: bool = True
) -> search.PostQuery:
    """Validate the filters (and paging) of a posts request; every problem at once."""
    problems = Problems()
    q = params.get("q", "").strip() or None
    if q is not None:
        if len(q) > MAX_QUERY_CHARS:
            problems.add("q", f"must be at most {MAX_QUERY_CHARS} characters")
        elif any(ord(c) < 32 and c not in "\t\n\r" for c in q):
            problems.add("q", "must not contain control characters")
    theme = theme or params.get("theme") or None
    if theme is not None and theme not in THEMES:
        problems.add("theme", f"must be one of {', '.join(THEMES)}")
    subreddit = None
    if "subreddit" in params:
        cleaned = clean_subreddit_name(params["subreddit"])
        if cleaned is None:
            problems.add("subreddit", "is not a subreddit name")
        else:
            subreddit = cleaned.lower()
    since = _moment(problems, params, "since")
    until = _moment(problems, params, "until")
    if since and until and since >= until:
        problems.add("until", "must be after since")
    min_score = None
    if "min_score" in params:
        raw = params["min_score"].strip()
        if raw.lstrip("-").isdigit() and len(raw) <= 10:
            min_score = int(raw)
        else:
            problems.add("min_score", "must be a whole number")
    timeframe = params.get("timeframe")
    if timeframe is not None and timeframe not in TIMEFRAMES:
        problems.add("timeframe", f"must be one of {', '.join(TIMEFRAMES)}")
    sort = params.get("sort") or ("relevance" if q or theme else "new")
    if sort not in search.POST_SORTS:
        problems.add("sort", f"must be one of {', '.join(search.POST_SORTS)}")
    elif sort == "relevance" and not (q or theme):
        problems.add("sort", "relevance needs q or a theme to rank by")
    after = params.get("after")
    if after is not None and (not after or len(after) > 400):
        problems.add("after", "is not a cursor of this listing")
    problems.raise_if_any()
    limit = query_int(params, "limit", 25, 1, 100) if paged else None
    return search.PostQuery(
        audience_id=audience_id,
        q=q,
        theme=theme,
        subreddit=subreddit,
        since=since,
        until=until,
        min_score=min_score,
        timeframe=timeframe,
        sort=sort,
        limit=limit or 25,
        after=after,
    )


def _moment(problems: Problems, params: Mapping[str, str], name: str) -> datetime | None:
    """An ISO 8601 date or date-time; a time without a zone is taken as UTC."""
    if name not in params:
        return None
    raw = params[name].strip()
    try:
        moment = datetime.fromisoformat(raw) if "T" in raw or " " in raw else None
        if moment is None:
            moment = datetime.combine(date.fromisoformat(raw), datetime.min.time())
    except ValueError:
        problems.add(name, "must be an ISO 8601 date or date-time, e.g. 2026-01-31")
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def list_posts(request: Request) -> Response:
    params = query_params(request, FILTERS | PAGING)
    audience_id = path_id(request)
    query = post_query(audience_id, params)
    await require_audience(state.engine(request), audience_id)
    page = await search.search_posts(state.engine(request), query)
    return JSON({"items": page.items, "next": page.next_after})


async def get_post(request: Request) -> Response:
    query_params(request, set())
    post_id: str = request.path_params["post_id"]
    if not post_id or len(post_id) > 16 or not set(post_id) <= POST_ID:
        raise NotFound(f"post {post_id!r} is not stored", details={"id": post_id})
    return JSON(await search.get_post(state.engine(request), post_id))


async def list_themes(request: Request) -> Response:
    params = query_params(request, {"timeframe"})
    audience_id = path_id(request)
    timeframe = post_query(audience_id, params).timeframe
    await require_audience(state.engine(request), audience_id)
    themes = await search.theme_overview(state.engine(request), audience_id, timeframe)
    return JSON({"audience_id": audience_id, "timeframe": timeframe, "themes": themes})


async def theme_posts(request: Request) -> Response:
    params = query_params(request, FILTERS - {"theme"} | PAGING)
    audience_id = path_id(request)
    theme: str = request.path_params["theme"]
    if theme not in THEMES:
        raise NotFound(f"no theme {theme!r}; themes are {', '.join(THEMES)}")
    query = post_query(audience_id, params, theme=theme)
    await require_audience(state.engine(request), audience_id)
    page = await search.search_posts(state.engine(request), query)
    return JSON({"theme": theme, "items": page.items, "next": page.next_after})


class PostExport:
    """`posts.csv` / `posts.jsonl`: every matching post, streamed in constant memory.

    A plain ASGI app, so the database cursor is opened and closed around the
    streaming response: a client that goes away releases it at once.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        params = query_params(request, FILTERS | {"sort"})
        audience_id = path_id(request)
        query = post_query(audience_id, params, paged=False)
        engine = state.engine(request)
        await require_audience(engine, audience_id)
        filename = f"audience-{audience_id}-posts.{self.kind}"
        media_type = "text/csv; charset=utf-8" if self.kind == "csv" else "application/x-ndjson"
        async with search.export_rows(engine, query) as rows:
            encode = _csv_lines if self.kind == "csv" else _jsonl_lines
            response = StreamingResponse(
                encode(rows),
                media_type=media_type,
                headers={"Content-Disposition": f'attachment; filename="{filename}"'},
            )
            await response(scope, receive, send)


async def _csv_lines(rows: AsyncIterator[dict[str, Any]]) -> AsyncIterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    count = 0
    async for row in rows:
        writer.writerow([_csv_value(row[c]) for c in CSV_COLUMNS])
        count += 1
        if count % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _csv_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None:
        return ""
    return value


async def _jsonl_lines(rows: AsyncIterator[dict[str, Any]]) -> AsyncIterator[str]:
    lines: list[str] = []
    async for row in rows:
        row["themes"] = row["themes"].split() if row["themes"] else []
        lines.append(to_json(row))
        if len(lines) == 500:
            yield "\n".join(lines) + "\n"
            lines = []
    if lines:
        yield "\n".join(lines) + "\n"


routes = [
    Route("/audiences/{id}/posts", list_posts, methods=["GET"]),
    Route("/audiences/{id}/posts.csv", PostExport("csv"), methods=["GET"]),
    Route("/audiences/{id}/posts.jsonl", PostExport("jsonl"), methods=["GET"]),
    Route("/audiences/{id}/themes", list_themes, methods=["GET"]),
    Route("/audiences/{id}/themes/{theme}", theme_posts, methods=["GET"]),
    Route("/posts/{post_id}", get_post, methods=["GET"]),
]
