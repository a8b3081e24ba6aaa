"""Collection runs: what ran, and how each subreddit fared."""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from subsignal.api import state
from subsignal.api.responses import JSON, page_response
from subsignal.api.validation import (
    ID,
    PAGE_SIZE,
    Problems,
    query_cursor,
    query_int,
    query_params,
)
from subsignal.db import runs as db
from subsignal.errors import NotFound


async def list_runs(request: Request) -> Response:
    problems = Problems()
    params = query_params(request, {"audience_id", "limit", "after"}, problems)
    limit = query_int(problems, params, "limit", 50, PAGE_SIZE)
    audience_id = query_int(problems, params, "audience_id", None, ID)
    after = query_cursor(problems, params, db.LISTING, "timestamptz")
    if after is not None and _run_id(after.id) is None:
        problems.add("after", "not a cursor of this listing")
    problems.raise_if_any()
    assert limit is not None
    page = await db.list_runs(
        state.engine(request), audience_id=audience_id, limit=limit, after=after
    )
    return page_response(page)


async def get_run(request: Request) -> Response:
    query_params(request, set())
    raw = request.path_params["run_id"]
    run_id = _run_id(raw)
    if run_id is None:
        raise NotFound(f"no run with id {raw!r}", details={"run_id": raw})
    return JSON(await db.get_run(state.engine(request), run_id))


def _run_id(raw: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(raw)
    except ValueError:
        return None


routes = [
    Route("/runs", list_runs, methods=["GET"]),
    Route("/runs/{run_id}", get_run, methods=["GET"]),
]
