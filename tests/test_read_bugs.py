"""The read-side bugs found at a user's size, one test each (every one failed before its fix)."""

from __future__ import annotations

import base64
import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.harness import walk as walk_items
from tests.test_posts_api import NOW, post, store

pytestmark = pytest.mark.anyio

POSTS = 60


@pytest.fixture
async def audience(client: httpx.AsyncClient, engine: AsyncEngine) -> AsyncIterator[int]:
    """60 posts over two days to a year: enough that every theme has more than a page."""
    created = await client.post("/audiences", json={"name": "many", "subreddits": ["SaaS"]})
    posts = [
        post(
            f"p{i:02d}",
            f"Pricing rant number {i}",
            "I hate how our churn keeps growing, any advice?",
            score=i * 7 % 50,
            num_comments=i * 13 % 40 + 1,
            created_utc=NOW - timedelta(days=2 + i * 6),
        )
        for i in range(POSTS)
    ]
    await store(engine, "saas", posts, [{"pain_anger": 0.6 + i / 1000} for i in range(POSTS)])
    yield created.json()["id"]


async def walk(client: httpx.AsyncClient, url: str, **params: Any) -> list[str]:
    return [item["id"] for item in await walk_items(client, url, **params)]


async def test_theme_overview_answers_when_hot_discussions_fill_more_than_a_page(
    client: httpx.AsyncClient, audience: int
) -> None:
    response = await client.get(f"/audiences/{audience}/themes")
    assert response.status_code == 200, response.text
    themes = {t["theme"]: t for t in response.json()["themes"]}
    assert themes["hot_discussions"]["count"] > 3
    assert len(themes["hot_discussions"]["top_posts"]) == 3


@pytest.mark.parametrize("theme", ["hot_discussions", "top_content"])
async def test_engagement_theme_pages_walk_to_the_end(
    client: httpx.AsyncClient, audience: int, theme: str
) -> None:
    url = f"/audiences/{audience}/themes/{theme}"
    everything = await walk(client, url, limit=100)
    assert len(everything) > 2
    assert await walk(client, url, limit=2) == everything
    assert await walk(client, f"/audiences/{audience}/posts", theme=theme, limit=2) == everything


@pytest.mark.parametrize("kind", ["csv", "jsonl"])
async def test_exports_of_a_text_theme(client: httpx.AsyncClient, audience: int, kind: str) -> None:
    response = await client.get(
        f"/audiences/{audience}/posts.{kind}", params={"theme": "pain_anger"}
    )
    assert response.status_code == 200, response.text
    if kind == "csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
    else:
        rows = [json.loads(line) for line in response.text.splitlines()]
    assert len(rows) == POSTS


async def test_search_sorted_by_new_pages_by_cursor(
    client: httpx.AsyncClient, audience: int
) -> None:
    url = f"/audiences/{audience}/posts"
    walked = await walk(client, url, q="pricing", sort="new", limit=7)
    assert walked == [f"p{i:02d}" for i in range(POSTS)]


@pytest.mark.parametrize(
    "params",
    [
        {"min_score": "2147483648"},
        {"min_score": "-2147483649"},
        {"min_score": "\uff11"},  # a fullwidth one
        {"limit": "\u0661"},  # an Arabic-Indic one
        {"limit": "99999999999999999999999999"},
        {"since": "0001-01-01T00:00:00+05:00"},  # a moment that overflows in UTC
        {"until": "9999-12-31T23:59:59-05:00"},
        {"since": "\uff12\uff10\uff12\uff16-01-01"},  # fullwidth digits
    ],
)
async def test_numbers_and_moments_are_ascii_and_in_range(
    client: httpx.AsyncClient, audience: int, params: dict[str, str]
) -> None:
    response = await client.get(f"/audiences/{audience}/posts", params=params)
    assert response.status_code == 422, response.text
    [problem] = response.json()["error"]["details"]
    assert problem["field"] == next(iter(params))


def crafted_cursor(listing: str, key: Any, row_id: Any, as_of: str | None = None) -> str:
    raw = json.dumps([listing, key, row_id, as_of]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "after",
    [
        crafted_cursor("score", 9999999999999999999999, "p01"),
        crafted_cursor("score", 1.5, "p01"),
        crafted_cursor("score", "10", "p01"),
        crafted_cursor("new", 12, "p01"),
        crafted_cursor("score", 10, 7),
        crafted_cursor("score", 10, "p01", "0001-01-01T00:00:00+05:00"),  # overflows
        "not base64 at all!",
    ],
)
async def test_a_crafted_cursor_is_a_422_with_details(
    client: httpx.AsyncClient, audience: int, after: str
) -> None:
    response = await client.get(
        f"/audiences/{audience}/posts", params={"sort": "score", "after": after}
    )
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"] == [
        {"field": "after", "message": "not a cursor of this listing"}
    ]


async def test_every_problem_is_reported_at_once(client: httpx.AsyncClient, audience: int) -> None:
    response = await client.get(
        f"/audiences/{audience}/posts",
        params={"sort": "bogus", "limit": "0", "page": "2", "after": "!!"},
    )
    assert response.status_code == 422
    fields = sorted(p["field"] for p in response.json()["error"]["details"])
    assert fields == ["after", "limit", "page", "sort"]


@pytest.mark.parametrize(
    "body",
    [
        '{"name": "a\\ud800b"}',  # a lone surrogate: valid JSON, not storable text
        '{"name": "nul\\u0000"}',
        "[" * 100_000,
    ],
)
async def test_hostile_bodies_are_refused_cleanly(client: httpx.AsyncClient, body: str) -> None:
    response = await client.post(
        "/audiences", content=body.encode(), headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422), response.text
    assert response.json()["error"]["code"] in ("malformed_request", "invalid_input")


async def test_timeframe_applies_without_a_theme(client: httpx.AsyncClient, audience: int) -> None:
    url = f"/audiences/{audience}/posts"
    month = await walk(client, url, timeframe="month", limit=100)
    assert month == ["p00", "p01", "p02", "p03", "p04"]  # 2 to 26 days old
    export = await client.get(f"{url}.jsonl", params={"timeframe": "month"})
    assert [json.loads(line)["id"] for line in export.text.splitlines()] == month


async def test_ids_in_paths_are_ascii(client: httpx.AsyncClient, audience: int) -> None:
    assert audience == 1
    response = await client.get("/audiences/\u0661")  # Arabic-Indic one
    assert response.status_code == 404
