"""The audiences API against a real PostgreSQL: successes and every error shape."""

from __future__ import annotations

import socket
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

pytestmark = pytest.mark.anyio


async def create(client: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    body.setdefault("name", "Founders")
    response = await client.post("/audiences", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def assert_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    error: dict[str, Any] = response.json()["error"]
    assert error["code"] == code
    assert isinstance(error["message"], str) and error["message"]
    assert set(error) == {"code", "message", "details"}
    return error


async def test_create_then_read(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/audiences",
        json={
            "name": "  SaaS founders ",
            "description": "people building software businesses",
            "subreddits": ["SaaS", "r/startups", "/r/Entrepreneur/", "saas", "STARTUPS"],
            "sort": "new",
            "timeframe": "month",
            "posts_per_subreddit": 250,
            "comments_per_post": 10,
        },
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert response.headers["location"] == f"/audiences/{created['id']}"
    assert created["name"] == "SaaS founders"
    assert created["sort"] == "new" and created["timeframe"] == "month"
    assert created["posts_per_subreddit"] == 250 and created["comments_per_post"] == 10
    names = [(s["name"], s["display_name"]) for s in created["subreddits"]]
    assert names == [("entrepreneur", "Entrepreneur"), ("saas", "SaaS"), ("startups", "startups")]
    assert created["last_run"] is None

    read = (await client.get(f"/audiences/{created['id']}")).json()
    assert read == created


async def test_defaults(client: httpx.AsyncClient) -> None:
    created = await create(client, name="Minimal")
    assert created["description"] == ""
    assert created["sort"] == "top" and created["timeframe"] == "year"
    assert created["posts_per_subreddit"] == 500 and created["comments_per_post"] == 0
    assert created["subreddits"] == []


async def test_subreddits_are_shared_between_audiences(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    await create(client, name="One", subreddits=["SaaS"])
    await create(client, name="Two", subreddits=["saas", "marketing"])
    async with engine.connect() as conn:
        rows = (await conn.execute(text("SELECT name, display_name FROM subreddits"))).all()
    assert sorted(rows) == [("marketing", "marketing"), ("saas", "SaaS")]


async def test_duplicate_name_is_a_conflict(client: httpx.AsyncClient) -> None:
    await create(client, name="Founders")
    error = assert_error(
        await client.post("/audiences", json={"name": "Founders"}), 409, "conflict"
    )
    assert error["details"] == {"name": "Founders"}
    other = await create(client, name="Other")
    response = await client.patch(f"/audiences/{other['id']}", json={"name": "Founders"})
    assert_error(response, 409, "conflict")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": None}, "name"),
        ({"name": 42}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "a\x00b"}, "name"),
        ({"name": "ok", "description": 5}, "description"),
        ({"name": "ok", "description": "d" * 2001}, "description"),
        ({"name": "ok", "sort": "best"}, "sort"),
        ({"name": "ok", "timeframe": "decade"}, "timeframe"),
        ({"name": "ok", "posts_per_subreddit": 0}, "posts_per_subreddit"),
        ({"name": "ok", "posts_per_subreddit": 1001}, "posts_per_subreddit"),
        ({"name": "ok", "posts_per_subreddit": "10"}, "posts_per_subreddit"),
        ({"name": "ok", "posts_per_subreddit": 10.5}, "posts_per_subreddit"),
        ({"name": "ok", "posts_per_subreddit": True}, "posts_per_subreddit"),
        ({"name": "ok", "comments_per_post": -1}, "comments_per_post"),
        ({"name": "ok", "comments_per_post": 501}, "comments_per_post"),
        ({"name": "ok", "subreddits": "saas"}, "subreddits"),
        ({"name": "ok", "subreddits": ["a"]}, "subreddits[0]"),
        ({"name": "ok", "subreddits": ["ok_name", "x" * 22]}, "subreddits[1]"),
        ({"name": "ok", "subreddits": ["bad-name"]}, "subreddits[0]"),
        ({"name": "ok", "subreddits": [7]}, "subreddits[0]"),
        ({"name": "ok", "subreddits": [f"sub{i}" for i in range(101)]}, "subreddits"),
        ({"name": "ok", "colour": "red"}, "colour"),
    ],
)
async def test_invalid_create_bodies(
    client: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    error = assert_error(await client.post("/audiences", json=body), 422, "invalid_input")
    assert field in [problem["field"] for problem in error["details"]]
    assert (await client.get("/audiences")).json()["items"] == []


async def test_every_problem_is_reported_at_once(client: httpx.AsyncClient) -> None:
    response = await client.post("/audiences", json={"sort": "x", "timeframe": "y", "z": 1})
    error = assert_error(response, 422, "invalid_input")
    assert {p["field"] for p in error["details"]} == {"name", "sort", "timeframe", "z"}


@pytest.mark.parametrize("content", [b"{not json", b"", b"[1, 2]", b'"name"', b"\xff\xfe", b"null"])
async def test_malformed_json_is_400(client: httpx.AsyncClient, content: bytes) -> None:
    response = await client.post(
        "/audiences", content=content, headers={"content-type": "application/json"}
    )
    assert_error(response, 400, "malformed_request")


async def test_body_over_one_mebibyte_is_413(client: httpx.AsyncClient) -> None:
    body = b'{"name": "' + b"x" * (1024 * 1024) + b'"}'
    assert_error(await client.post("/audiences", content=body), 413, "payload_too_large")

    async def chunks() -> Any:  # no content-length: the limit holds while streaming
        for _ in range(20):
            yield b"x" * 65536

    response = await client.post("/audiences", content=chunks())
    assert_error(response, 413, "payload_too_large")


async def test_wrong_method_is_405_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.put("/audiences", json={})
    assert_error(response, 405, "method_not_allowed")
    assert set(response.headers["allow"].split(", ")) >= {"GET", "POST"}
    assert_error(await client.post("/health"), 405, "method_not_allowed")


async def test_unknown_ids_and_routes_are_404(client: httpx.AsyncClient) -> None:
    for response in [
        await client.get("/audiences/999"),
        await client.get("/audiences/abc"),
        await client.get("/audiences/-1"),
        await client.get("/audiences/99999999999999999999999"),
        await client.patch("/audiences/999", json={"name": "x"}),
        await client.delete("/audiences/999"),
        await client.post("/audiences/999/subreddits", json={"names": ["saas"]}),
        await client.delete("/audiences/999/subreddits/saas"),
        await client.get("/nowhere"),
    ]:
        assert_error(response, 404, "not_found")


async def test_unknown_query_parameters_are_rejected(client: httpx.AsyncClient) -> None:
    assert_error(await client.get("/audiences?limt=5"), 422, "invalid_input")
    assert_error(await client.get("/audiences?limit=5&limit=6"), 422, "invalid_input")
    for bad in ("0", "101", "x", "-1", "1.5"):
        assert_error(await client.get(f"/audiences?limit={bad}"), 422, "invalid_input")
    assert_error(await client.get("/audiences?after=abc"), 422, "invalid_input")


async def test_listing_is_paginated(client: httpx.AsyncClient) -> None:
    ids = [(await create(client, name=f"audience {i}"))["id"] for i in range(7)]
    seen: list[int] = []
    url = "/audiences?limit=3"
    pages = 0
    while True:
        page = (await client.get(url)).json()
        seen += [item["id"] for item in page["items"]]
        pages += 1
        if page["next"] is None:
            break
        url = f"/audiences?limit=3&after={page['next']}"
    assert seen == ids and pages == 3
    default = (await client.get("/audiences")).json()
    assert len(default["items"]) == 7 and default["next"] is None


async def test_patch_changes_only_given_fields(client: httpx.AsyncClient) -> None:
    created = await create(client, name="Before", subreddits=["saas"], description="d")
    response = await client.patch(
        f"/audiences/{created['id']}", json={"name": "After", "posts_per_subreddit": 1000}
    )
    assert response.status_code == 200, response.text
    updated = response.json()
    assert updated["name"] == "After" and updated["posts_per_subreddit"] == 1000
    assert updated["description"] == "d" and updated["sort"] == "top"
    assert [s["name"] for s in updated["subreddits"]] == ["saas"]
    assert updated["updated_at"] > created["updated_at"]

    replaced = await client.patch(
        f"/audiences/{created['id']}", json={"subreddits": ["marketing", "startups"]}
    )
    assert [s["name"] for s in replaced.json()["subreddits"]] == ["marketing", "startups"]


async def test_patch_validation(client: httpx.AsyncClient) -> None:
    created = await create(client)
    url = f"/audiences/{created['id']}"
    assert_error(await client.patch(url, json={}), 422, "invalid_input")
    assert_error(await client.patch(url, json={"name": None}), 422, "invalid_input")
    assert_error(await client.patch(url, json={"id": 5}), 422, "invalid_input")
    assert_error(await client.patch(url, json={"comments_per_post": 900}), 422, "invalid_input")
    assert (await client.get(url)).json() == created


async def test_add_and_remove_subreddits(client: httpx.AsyncClient) -> None:
    created = await create(client, subreddits=["saas"])
    url = f"/audiences/{created['id']}/subreddits"
    response = await client.post(url, json={"names": ["Marketing", "SAAS", "marketing"]})
    assert response.status_code == 200, response.text
    assert [s["name"] for s in response.json()["subreddits"]] == ["marketing", "saas"]

    response = await client.delete(f"{url}/SaaS")
    assert response.status_code == 200
    assert [s["name"] for s in response.json()["subreddits"]] == ["marketing"]

    assert_error(await client.delete(f"{url}/saas"), 404, "not_found")
    assert_error(await client.delete(f"{url}/not-a-name"), 404, "not_found")
    assert_error(await client.post(url, json={"names": []}), 422, "invalid_input")
    assert_error(await client.post(url, json={"names": ["ok", "x"]}), 422, "invalid_input")
    assert_error(await client.post(url, json={"name": ["ok"]}), 422, "invalid_input")
    assert_error(await client.post(url, content=b"nope"), 400, "malformed_request")


async def test_delete_keeps_posts_and_removes_links(
    client: httpx.AsyncClient, engine: AsyncEngine
) -> None:
    created = await create(client, subreddits=["saas"])
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO posts (id, subreddit_id, title, created_utc, permalink)"
                " SELECT 'p1', id, 'a post', now(), '/r/saas/p1' FROM subreddits"
            )
        )
        await conn.execute(
            text(
                "INSERT INTO collection_runs (id, audience_id, status)"
                " VALUES (gen_random_uuid(), :id, 'completed')"
            ),
            {"id": created["id"]},
        )
    response = await client.delete(f"/audiences/{created['id']}")
    assert response.status_code == 204 and response.content == b""
    assert_error(await client.get(f"/audiences/{created['id']}"), 404, "not_found")
    async with engine.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) FROM posts")) == 1
        assert await conn.scalar(text("SELECT count(*) FROM subreddits")) == 1
        assert await conn.scalar(text("SELECT count(*) FROM audience_subreddits")) == 0
        assert await conn.scalar(text("SELECT audience_id FROM collection_runs")) is None


async def test_read_shows_the_last_run(client: httpx.AsyncClient, engine: AsyncEngine) -> None:
    created = await create(client, subreddits=["saas"])
    async with engine.begin() as conn:
        for status, age in (("completed", 2), ("partial", 1)):
            await conn.execute(
                text(
                    "INSERT INTO collection_runs (id, audience_id, status, started_at)"
                    " VALUES (gen_random_uuid(), :id, :status,"
                    " now() - make_interval(hours => :age))"
                ),
                {"id": created["id"], "status": status, "age": age},
            )
    last_run = (await client.get(f"/audiences/{created['id']}")).json()["last_run"]
    assert last_run["status"] == "partial"


async def test_health_and_ready(client: httpx.AsyncClient) -> None:
    assert (await client.get("/health")).json() == {"status": "ok"}
    assert (await client.get("/ready")).json() == {"status": "ready", "database": "ok"}


async def test_a_dead_database_answers_503_not_500(settings: Any) -> None:
    from subsignal.app import create_app
    from subsignal.db.engine import make_engine

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        port = sock.getsockname()[1]
        dead = make_engine(f"postgresql+asyncpg://postgres@127.0.0.1:{port}/none")
        transport = httpx.ASGITransport(app=create_app(settings, engine=dead))
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            listing = await client.get("/audiences")
            ready = await client.get("/ready")
            health = await client.get("/health")
        await dead.dispose()
    assert_error(listing, 503, "unavailable")
    assert_error(ready, 503, "unavailable")
    assert health.status_code == 200
