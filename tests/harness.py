"""The whole service over real HTTP: our app and a Reddit double, both served by
uvicorn on loopback ports, the real asyncpraw client between them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.api.state import Clock
from subsignal.app import create_app
from subsignal.reddit.source import RedditSource, open_reddit
from subsignal.settings import RedditCredentials, Settings
from subsignal.testing import RedditDouble, serve


@dataclass
class Service:
    base_url: str
    client: httpx.AsyncClient
    double: RedditDouble
    source: RedditSource
    engine: AsyncEngine

    async def audience(self, subreddits: list[str], **fields: Any) -> int:
        fields.setdefault("timeframe", "all")
        body = {"name": fields.pop("name", "audience"), "subreddits": subreddits, **fields}
        response = await self.client.post("/audiences", json=body)
        assert response.status_code == 201, response.text
        audience_id: int = response.json()["id"]
        return audience_id

    async def collect(self, audience_id: int, **params: Any) -> list[Event]:
        """Run a collection to its end; every event of the stream, in order."""
        events: list[Event] = []
        async with self.client.stream(
            "GET", f"/audiences/{audience_id}/collect", params=params
        ) as response:
            assert response.status_code == 200, await response.aread()
            async for event in read_events(response):
                events.append(event)
        return events


@dataclass
class Event:
    event: str
    id: int
    data: dict[str, Any]
    retry: int | None = None
    comments: list[str] = field(default_factory=list)


async def read_events(response: httpx.Response) -> AsyncIterator[Event]:
    """Parse a text/event-stream as it arrives (comment lines are heartbeats)."""
    fields: dict[str, str] = {}
    async for line in response.aiter_lines():
        if line.startswith(":"):
            continue
        if line == "":
            if "data" in fields:
                yield Event(
                    event=fields.get("event", "message"),
                    id=int(fields["id"]),
                    data=json.loads(fields["data"]),
                    retry=int(fields["retry"]) if "retry" in fields else None,
                )
            fields = {}
            continue
        key, _, value = line.partition(":")
        fields[key] = value[1:] if value.startswith(" ") else value


@asynccontextmanager
async def service(
    engine: AsyncEngine,
    double: RedditDouble,
    *,
    concurrency: int = 8,
    client_secret: str | None = None,
    clock: Clock | None = None,
    **source_options: Any,
) -> AsyncIterator[Service]:
    async with serve(double.app) as reddit_url:
        settings = Settings.from_env(
            {
                "REDDIT_URL": reddit_url,
                "REDDIT_OAUTH_URL": reddit_url,
                "SUBSIGNAL_COLLECT_CONCURRENCY": str(concurrency),
            }
        )
        secret = client_secret or double.client_secret
        credentials = RedditCredentials(double.client_id, secret, "subsignal-tests")
        async with open_reddit(settings, credentials) as source:
            for key, value in source_options.items():
                setattr(source, key, value)
            app = create_app(settings, engine=engine, reddit=source, clock=clock)
            async with (
                serve(app) as base_url,
                httpx.AsyncClient(base_url=base_url, timeout=30) as client,
            ):
                yield Service(base_url, client, double, source, engine)


async def walk(client: httpx.AsyncClient, path: str, **params: Any) -> list[dict[str, Any]]:
    """Every item of a list, page by page by its `next` cursor, to the end; every
    page must answer 200."""
    items: list[dict[str, Any]] = []
    after: str | None = None
    for _ in range(10_000):
        query = {**params, **({"after": after} if after else {})}
        response = await client.get(path, params=query)
        assert response.status_code == 200, f"{path} {query}: {response.text[:300]}"
        page = response.json()
        items += page["items"]
        after = page["next"]
        if after is None:
            return items
    raise AssertionError(f"{path} {params} never ended")
