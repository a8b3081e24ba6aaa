"""`GET|POST /audiences/{id}/collect`: collect now, streaming progress as SSE.

The endpoint is a plain ASGI app rather than a request/response function:
the audience lock and the run must outlive the response object, so it opens
the run around the streaming response. Everything that can be refused
(404, 409, 422, 503) is refused as JSON before the stream starts. The run's
task group lives in `CollectionRun.execute`, which sse-starlette runs as its
`data_sender_callable`: a client disconnect cancels it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import partial
from typing import Any

import anyio
from anyio.streams.memory import MemoryObjectReceiveStream
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from subsignal.api import state
from subsignal.api.responses import read_json_object
from subsignal.api.validation import Problems, collect_input, path_id, query_params
from subsignal.collect.events import RunEvent
from subsignal.collect.run import start_run
from subsignal.encoding import to_json
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
        source = state.reddit(request)
        if source is None:
            raise Unavailable(
                "no Reddit credentials: set REDDIT_CLIENT_ID and REDDIT_CLIENT_SECRET "
                "(or start with `subsignal serve --demo`)"
            )
        if request.method == "HEAD":
            await Response(media_type="text/event-stream")(scope, receive, send)
            return
        async with start_run(
            state.engine(request),
            source,
            audience_id,
            overrides,
            concurrency=state.settings(request).collect_concurrency,
            scoring=state.scoring(request),
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
    problems = Problems()
    given: dict[str, Any] = dict(query_params(request, set(PARAMS), problems))
    query_string = set(given)
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
    checked = collect_input(problems, given, text_numbers=query_string)
    problems.raise_if_any()
    return checked
