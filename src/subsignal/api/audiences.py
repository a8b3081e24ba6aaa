"""Audience routes: parse, call one function in `subsignal.db.audiences`, shape."""

from __future__ import annotations

from typing import Any

from starlette.endpoints import HTTPEndpoint
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from subsignal.api import state
from subsignal.api.collect import CollectStream
from subsignal.api.responses import JSON, page_response, read_json_object
from subsignal.api.validation import (
    PAGE_SIZE,
    Problems,
    audience_input,
    names_input,
    path_id,
    query_cursor,
    query_int,
    query_params,
)
from subsignal.db import audiences as db
from subsignal.errors import NotFound
from subsignal.reddit.names import clean_subreddit_name


async def list_audiences(request: Request) -> Response:
    problems = Problems()
    params = query_params(request, {"limit", "after"}, problems)
    limit = query_int(problems, params, "limit", 50, PAGE_SIZE)
    after = query_cursor(problems, params, db.LISTING, "int8")
    problems.raise_if_any()
    assert limit is not None
    return page_response(await db.list_audiences(state.engine(request), limit=limit, after=after))


async def create_audience(request: Request) -> Response:
    query_params(request, set())
    given = audience_input(await read_json_object(request), partial=False)
    audience = await db.create_audience(state.engine(request), given.fields, given.subreddits or [])
    return JSON(audience, status_code=201, headers={"Location": f"/audiences/{audience['id']}"})


async def get_audience(request: Request) -> Response:
    query_params(request, set())
    return JSON(await db.get_audience(state.engine(request), path_id(request)))


async def update_audience(request: Request) -> Response:
    query_params(request, set())
    audience_id = path_id(request)
    given = audience_input(await read_json_object(request), partial=True)
    audience = await db.update_audience(
        state.engine(request), audience_id, given.fields, given.subreddits
    )
    return JSON(audience)


async def delete_audience(request: Request) -> Response:
    query_params(request, set())
    await db.delete_audience(state.engine(request), path_id(request))
    return Response(status_code=204)


async def add_subreddits(request: Request) -> Response:
    query_params(request, set())
    audience_id = path_id(request)
    names = names_input(await read_json_object(request))
    return JSON(await db.add_subreddits(state.engine(request), audience_id, names))


async def remove_subreddit(request: Request) -> Response:
    query_params(request, set())
    audience_id = path_id(request)
    raw: str = request.path_params["name"]
    name = clean_subreddit_name(raw)
    if name is None:
        raise NotFound(f"{raw!r} is not a subreddit name", details={"subreddit": raw})
    audience: dict[str, Any] = await db.remove_subreddit(state.engine(request), audience_id, name)
    return JSON(audience)


class Audiences(HTTPEndpoint):
    get = staticmethod(list_audiences)
    post = staticmethod(create_audience)


class OneAudience(HTTPEndpoint):
    get = staticmethod(get_audience)
    patch = staticmethod(update_audience)
    delete = staticmethod(delete_audience)


routes = [
    Route("/audiences", Audiences),
    Route("/audiences/{id}", OneAudience),
    Route("/audiences/{id}/subreddits", add_subreddits, methods=["POST"]),
    Route("/audiences/{id}/subreddits/{name}", remove_subreddit, methods=["DELETE"]),
    Route("/audiences/{id}/collect", CollectStream(), methods=["GET", "POST"]),
]
