"""`GET|POST /audiences/{id}/collect`: collect now, streaming progress as SSE.

The endpoint is a plain ASGI app rather than a request/response function:
the audience lock and the run must outlive the response object, so it opens
the run around the streaming response. Everything that can be refused
(404, 409, 422, 503) is refused as JSON before the stream starts. The run's
task group lives in `CollectionRun.execute`, which sse-starlette runs as its
`data_sender_callable`: a client disconnect cancels it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from functools import partial
from typing import Any

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from subsignal.api.responses import read_json_object, to_json
from subsignal.api.validation import Problems, path_id, query_params
from subsignal.collect.events import RunEvent
from subsignal.collect.run import start_run
from subsignal.db.models import SORTS, TIMEFRAMES
from subsignal.errors import Unavailable

HEARTBEAT_S = 15
RETRY_MS = 10_000
EVENT_BUFFER = 64
PARAMS = ("sort", "timeframe", "limit", "comments")


class CollectStream:
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        audience_id = path_id(request)
        overrides = await _collect_params(request)
        source = request.app.state.reddit
        if source is None:
            raise Unavailable(
                "no Reddit credentials: set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET "
                "(or start with `subsignal serve --demo`)"
            )
        if request.method == "HEAD":
            await Response(media_type="text/event-stream")(scope, receive, send)
            return
        settings = request.app.state.settings
        async with start_run(
            request.app.state.engine,
            source,
            audience_id,
            overrides,
            concurrency=settings.collect_concurrency,
        ) as run:
            sender, events = anyio.create_memory_object_stream[RunEvent](EVENT_BUFFER)
            response = EventSourceResponse(
                _as_sse(events),
                data_sender_callable=partial(run.execute, sender),
                ping=HEARTBEAT_S,
                headers={"X-Run-Id": str(run.run_id)},
            )
            await response(scope, receive, send)


async def _as_sse(events: MemoryObjectReceiveStream[RunEvent]) -> AsyncIterator[ServerSentEvent]:
    async with events:
        async for event in events:
            yield ServerSentEvent(
                data=to_json(event.data),
                event=event.event,
                id=str(event.id),
                retry=RETRY_MS if event.id == 1 else None,
            )


async def _collect_params(request: Request) -> dict[str, Any]:
    """sort, timeframe, limit, comments from the query string or (POST) a JSON body."""
    given: dict[str, Any] = dict(query_params(request, set(PARAMS)))
    problems = Problems()
    if request.method == "POST":
        body: dict[str, Any] = {}
        has_body = request.headers.get("content-length", "0") != "0"
        if has_body or "transfer-encoding" in request.headers:
            body = await read_json_object(request)
        for key, value in body.items():
            if key not in PARAMS:
                problems.add(key, "unknown field")
            elif key in given:
                problems.add(key, "given both in the query string and the body")
            else:
                given[key] = value
    checked = _check(problems, given)
    problems.raise_if_any()
    return checked


def _check(problems: Problems, given: Mapping[str, Any]) -> dict[str, Any]:
    checked: dict[str, Any] = {}
    for key, choices in (("sort", SORTS), ("timeframe", TIMEFRAMES)):
        if key in given:
            if given[key] in choices:
                checked[key] = given[key]
            else:
                problems.add(key, f"must be one of {', '.join(choices)}")
    for key, low, high in (("limit", 1, 1000), ("comments", 0, 500)):
        if key not in given:
            continue
        value = given[key]
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            problems.add(key, f"must be a whole number from {low} to {high}")
        else:
            checked[key] = value
    return checked
