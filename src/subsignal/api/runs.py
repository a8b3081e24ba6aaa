"""Collection runs: what ran, and how each subreddit fared."""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from subsignal.api import state
from subsignal.api.responses import JSON
from subsignal.api.validation import query_int, query_params
from subsignal.db import runs as db
from subsignal.errors import NotFound


async def list_runs(request: Request) -> Response:
    params = query_params(request, {"audience_id", "limit"})
    limit = query_int(params, "limit", 50, 1, 100)
    audience_id = query_int(params, "audience_id", None, 1, 2**62)
    assert limit is not None
    items = await db.list_runs(state.engine(request), audience_id=audience_id, limit=limit)
    return JSON({"items": items})


async def get_run(request: Request) -> Response:
    query_params(request, set())
    raw = request.path_params["run_id"]
    try:
        run_id = uuid.UUID(raw)
    except ValueError:
        raise NotFound(f"no run with id {raw!r}", details={"run_id": raw}) from None
    return JSON(await db.get_run(state.engine(request), run_id))


routes = [
    Route("/runs", list_runs, methods=["GET"]),
    Route("/runs/{run_id}", get_run, methods=["GET"]),
]
