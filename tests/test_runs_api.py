"""`GET /runs`: pages of runs, newest first, like every other list."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from tests.harness import walk as walk_items

pytestmark = pytest.mark.anyio

START = datetime(2026, 11, 1, tzinfo=UTC)


@pytest.fixture
async def runs(client: httpx.AsyncClient, engine: AsyncEngine) -> list[str]:
    """Seven runs of two audiences, newest first; two of them start at the same moment."""
    for name in ("one", "two"):
        response = await client.post("/audiences", json={"name": name})
        assert response.status_code == 201
    made = []
    async with engine.begin() as conn:
        for n in range(7):
            run_id = uuid.UUID(int=n + 1)
            started = START + timedelta(hours=min(n, 5))  # runs 5 and 6 start together
            await conn.execute(
                text(
                    "INSERT INTO collection_runs (id, audience_id, status, started_at)"
                    " VALUES (:id, :audience, 'completed', :started)"
                ),
                {"id": run_id, "audience": 1 + n % 2, "started": started},
            )
            made.append((started, str(run_id)))
    return [run_id for _, run_id in sorted(made, reverse=True)]


async def walk(client: httpx.AsyncClient, **params: str) -> list[str]:
    return [run["id"] for run in await walk_items(client, "/runs", **params)]


async def test_runs_page_newest_first_each_once(client: httpx.AsyncClient, runs: list[str]) -> None:
    assert await walk(client, limit="3") == runs
    assert await walk(client, limit="1") == runs
    assert await walk(client) == runs
    assert await walk(client, limit="2", audience_id="2") == [
        r for r in runs if int(r[-1]) % 2 == 0
    ]


@pytest.mark.parametrize(
    "params",
    [
        {"after": "nope"},
        {"limit": "0"},
        {"limit": "\u0661"},
        {"audience_id": "-1"},
        {"page": "2"},
    ],
)
async def test_bad_run_list_parameters_are_422(
    client: httpx.AsyncClient, runs: list[str], params: dict[str, str]
) -> None:
    response = await client.get("/runs", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["details"][0]["field"] == next(iter(params))


async def test_a_cursor_of_another_list_is_refused(
    client: httpx.AsyncClient, runs: list[str]
) -> None:
    audiences = (await client.get("/audiences", params={"limit": "1"})).json()
    response = await client.get("/runs", params={"after": audiences["next"]})
    assert response.status_code == 422
