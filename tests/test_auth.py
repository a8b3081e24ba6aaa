"""SUBSIGNAL_API_TOKEN: every route but /health needs the token."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.app import create_app
from subsignal.settings import Settings

pytestmark = pytest.mark.anyio

TOKEN = "s3cret-token-0123456789"


@pytest.fixture
async def guarded(engine: AsyncEngine) -> AsyncIterator[httpx.AsyncClient]:
    settings = Settings.from_env({"SUBSIGNAL_API_TOKEN": TOKEN})
    transport = httpx.ASGITransport(app=create_app(settings, engine=engine))
    async with httpx.AsyncClient(transport=transport, base_url="http://subsignal.test") as client:
        yield client


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"authorization": "Bearer wrong"},
        {"authorization": f"Basic {TOKEN}"},
        {"authorization": f"Bearer {TOKEN}x"},
        {"authorization": "Bearer"},
    ],
)
async def test_requests_without_the_token_get_401(
    guarded: httpx.AsyncClient, headers: dict[str, str]
) -> None:
    for method, path in (
        ("GET", "/audiences"),
        ("GET", "/ready"),
        ("POST", "/audiences"),
        ("GET", "/nowhere"),
    ):
        response = await guarded.request(method, path, headers=headers, json={"name": "x"})
        assert response.status_code == 401, (method, path)
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
        assert TOKEN not in response.text


async def test_the_token_opens_every_route(guarded: httpx.AsyncClient) -> None:
    headers = {"authorization": f"Bearer {TOKEN}"}
    response = await guarded.post("/audiences", json={"name": "x"}, headers=headers)
    assert response.status_code == 201
    assert (await guarded.get("/audiences", headers=headers)).status_code == 200
    assert (await guarded.get("/audiences", params={"access_token": TOKEN})).status_code == 200
    assert (await guarded.get("/audiences/1", params={"access_token": TOKEN})).status_code == 200
    assert (await guarded.get("/audiences", params={"access_token": "no"})).status_code == 401


async def test_health_stays_open(guarded: httpx.AsyncClient) -> None:
    assert (await guarded.get("/health")).status_code == 200


async def test_without_a_token_configured_everything_is_open(client: httpx.AsyncClient) -> None:
    assert (await client.get("/audiences")).status_code == 200
