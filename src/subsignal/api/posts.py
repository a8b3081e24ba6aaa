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
from subsignal.api.responses import JSON, page_response
from subsignal.api.validation import (
    INT4,
    PAGE_SIZE,
    Problems,
    path_id,
    query_cursor,
    query_int,
    query_params,
    text_problem,
)
from subsignal.db import export, overview, pages, post_detail
from subsignal.db.audiences import require_audience
from subsignal.db.cursor import utc_moment
from subsignal.db.fields import POST_SHOWN
from subsignal.db.models import TIMEFRAMES
from subsignal.db.query import POST_SORTS, PostQuery, sort_key
from subsignal.encoding import to_json
from subsignal.errors import NotFound
from subsignal.reddit.names import clean_subreddit_name
from subsignal.themes import THEMES

MAX_QUERY_CHARS = 500
POST_ID = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
FILTERS = {"q", "theme", "subreddit", "since", "until", "min_score", "timeframe"}
PAGING = {"sort", "limit", "after"}
CSV_COLUMNS = (*POST_SHOWN, "themes")


def post_query(
    request: Request,
    allowed: set[str],
    *,
    theme: str | None = None,
) -> PostQuery:
    """Validate a posts request: its audience, filters and (when allowed) paging;
    every problem in the query string at once."""
    problems = Problems()
    params = query_params(request, allowed, problems)
    audience_id = path_id(request)
    q = params.get("q", "").strip() or None
    if q is not None:
        problem = text_problem(q)
        if len(q) > MAX_QUERY_CHARS:
            problems.add("q", f"must be at most {MAX_QUERY_CHARS} characters")
        elif problem is not None:
            problems.add("q", problem)
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
    min_score = query_int(problems, params, "min_score", None, INT4)
    timeframe = _timeframe(problems, params)
    sort = params.get("sort") or ("relevance" if q or theme else "new")
    if sort not in POST_SORTS:
        problems.add("sort", f"must be one of {', '.join(POST_SORTS)}")
    elif sort == "relevance" and not (q or theme):
        problems.add("sort", "relevance needs q or a theme to rank by")
    limit = query_int(problems, params, "limit", 25, PAGE_SIZE)
    cursor = None
    if sort in POST_SORTS:
        key = sort_key(sort, q, theme)
        cursor = query_cursor(problems, params, key.listing, key.kind)
    elif "after" in params:
        problems.add("after", "not a cursor of this listing")
    problems.raise_if_any()
    return PostQuery(
        audience_id=audience_id,
        as_of=cursor.as_of if cursor is not None and cursor.as_of else state.now(request),
        q=q,
        theme=theme,
        subreddit=subreddit,
        since=since,
        until=until,
        min_score=min_score,
        timeframe=timeframe,
        sort=sort,
        limit=limit or 25,
        after=cursor,
    )


def _timeframe(problems: Problems, params: Mapping[str, str]) -> str | None:
    timeframe = params.get("timeframe")
    if timeframe is not None and timeframe not in TIMEFRAMES:
        problems.add("timeframe", f"must be one of {', '.join(TIMEFRAMES)}")
        return None
    return timeframe


def _moment(problems: Problems, params: Mapping[str, str], name: str) -> datetime | None:
    """An ISO 8601 date or date-time from 1970 on; a time without a zone is UTC."""
    if name not in params:
        return None
    raw = params[name].strip()
    moment = None
    try:
        if raw.isascii():
            parsed = datetime.fromisoformat(raw) if "T" in raw or " " in raw else None
            if parsed is None:
                parsed = datetime.combine(date.fromisoformat(raw), datetime.min.time())
            moment = utc_moment(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))
    except ValueError:
        pass
    if moment is None:
        problems.add(name, "must be an ISO 8601 date or date-time from 1970 on, e.g. 2026-01-31")
    return moment


async def list_posts(request: Request) -> Response:
    query = post_query(request, FILTERS | PAGING)
    await require_audience(state.engine(request), query.audience_id)
    return page_response(await pages.post_page(state.engine(request), query))


async def get_post(request: Request) -> Response:
    query_params(request, set())
    post_id: str = request.path_params["post_id"]
    if not post_id or len(post_id) > 16 or not set(post_id) <= POST_ID:
        raise NotFound(f"post {post_id!r} is not stored", details={"id": post_id})
    return JSON(await post_detail.get_post(state.engine(request), post_id))


async def list_themes(request: Request) -> Response:
    problems = Problems()
    params = query_params(request, {"timeframe"}, problems)
    audience_id = path_id(request)
    timeframe = _timeframe(problems, params)
    problems.raise_if_any()
    engine = state.engine(request)
    await require_audience(engine, audience_id)
    as_of = state.now(request)
    themes = await overview.theme_overview(engine, audience_id, as_of, timeframe)
    return JSON(
        {"audience_id": audience_id, "timeframe": timeframe, "as_of": as_of, "themes": themes}
    )


async def theme_posts(request: Request) -> Response:
    theme: str = request.path_params["theme"]
    if theme not in THEMES:
        raise NotFound(f"no theme {theme!r}; themes are {', '.join(THEMES)}")
    query = post_query(request, FILTERS - {"theme"} | PAGING, theme=theme)
    await require_audience(state.engine(request), query.audience_id)
    return page_response(await pages.post_page(state.engine(request), query), theme=theme)


class PostExport:
    """`posts.csv` / `posts.jsonl`: every matching post, streamed in constant memory.

    A plain ASGI app, so the database cursor is opened and closed around the
    streaming response: a client that goes away releases it at once.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        query = post_query(request, FILTERS | {"sort"})
        engine = state.engine(request)
        await require_audience(engine, query.audience_id)
        filename = f"audience-{query.audience_id}-posts.{self.kind}"
        media_type = "text/csv; charset=utf-8" if self.kind == "csv" else "application/x-ndjson"
        async with export.export_rows(engine, query) as rows:
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
        row["themes"] = " ".join(t["theme"] for t in row["themes"])
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
