"""Search, browse, themes, one post, export: against real PostgreSQL rows."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.app import create_app
from subsignal.db.posts import write_page
from subsignal.db.transaction import transaction
from subsignal.reddit.records import CommentRecord, PostRecord
from subsignal.settings import Settings
from subsignal.testing import serve

pytestmark = pytest.mark.anyio

NOW = datetime.now(UTC)


def post(post_id: str, title: str, body: str = "", **fields: Any) -> PostRecord:
    values: dict[str, Any] = {
        "id": post_id,
        "subreddit": "",
        "title": title,
        "selftext": body,
        "author": "someone",
        "score": 10,
        "upvote_ratio": 0.9,
        "num_comments": 2,
        "created_utc": NOW - timedelta(days=1),
        "permalink": f"/r/x/comments/{post_id}/",
        "url": None,
        "over18": False,
        "stickied": False,
        "is_self": True,
        "spoiler": False,
        "locked": False,
        "link_flair_text": None,
    }
    values.update(fields)
    return PostRecord(**values)


async def store(
    engine: AsyncEngine,
    subreddit: str,
    posts: list[PostRecord],
    themes: list[dict[str, float]] | None = None,
) -> None:
    async with transaction(engine) as conn:
        subreddit_id = await conn.scalar(
            text("SELECT id FROM subreddits WHERE name = :n"), {"n": subreddit}
        )
        await write_page(
            conn,
            run_id=None,
            subreddit_id=subreddit_id,
            posts=posts,
            themes=themes or [{} for _ in posts],
        )


@pytest.fixture
async def audience(client: httpx.AsyncClient, engine: AsyncEngine) -> AsyncIterator[int]:
    created = await client.post(
        "/audiences", json={"name": "makers", "subreddits": ["SaaS", "startups"]}
    )
    await client.post("/audiences", json={"name": "elsewhere", "subreddits": ["cooking"]})
    await store(
        engine,
        "saas",
        [
            post(
                "a1",
                "Churn is killing my SaaS",
                "Our churn rate doubled after the pricing change, any advice?",
                score=120,
                num_comments=40,
                created_utc=NOW - timedelta(days=2),
            ),
            post(
                "a2",
                "Is there a tool for dunning emails?",
                "Failed payments cause involuntary churn. Looking for a tool.",
                score=30,
                num_comments=5,
                created_utc=NOW - timedelta(days=3),
            ),
            post(
                "a3",
                "We hit $10k MRR",
                'Pricing, revenue and what worked, with commas, "quotes"\nand newlines — ünïcode ✓',
                score=400,
                num_comments=90,
                created_utc=NOW - timedelta(days=40),
            ),
        ],
        [
            {"pain_anger": 0.9, "advice_requests": 0.7},
            {"solution_requests": 0.95},
            {"money_talk": 0.8, "self_promotion": 0.6},
        ],
    )
    await store(
        engine,
        "startups",
        [
            post(
                "b1",
                "Cofounder wanted for a climate startup",
                "We are hiring a technical cofounder; no churn talk here.",
                score=5,
                num_comments=1,
                created_utc=NOW - timedelta(hours=5),
            ),
            post(
                "b2",
                "Pricing page feedback",
                "Should pricing be monthly or annual?",
                score=60,
                num_comments=12,
                created_utc=NOW - timedelta(days=10),
            ),
        ],
        [{"opportunities": 0.85}, {"advice_requests": 0.6, "money_talk": 0.55}],
    )
    await store(engine, "cooking", [post("c1", "Churn butter at home", "Pricing of cream")])
    yield created.json()["id"]


async def ids(client: httpx.AsyncClient, url: str, **params: Any) -> list[str]:
    response = await client.get(url, params=params)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def test_full_text_search_speaks_websearch(client: httpx.AsyncClient, audience: int) -> None:
    url = f"/audiences/{audience}/posts"
    assert set(await ids(client, url, q="churn")) == {"a1", "a2", "b1"}  # not r/cooking's
    assert await ids(client, url, q="churn -tool -cofounder") == ["a1"]
    assert set(await ids(client, url, q="dunning or cofounder")) == {"a2", "b1"}
    assert await ids(client, url, q='"failed payments"') == ["a2"]
    assert await ids(client, url, q='"payments failed"') == []
    # relevance: the title match (weight A) ranks above body-only matches
    assert (await ids(client, url, q="churn"))[0] == "a1"


async def test_results_carry_subreddit_themes_and_a_highlighted_snippet(
    client: httpx.AsyncClient, audience: int
) -> None:
    response = await client.get(f"/audiences/{audience}/posts", params={"q": "dunning"})
    item = response.json()["items"][0]
    assert item["id"] == "a2" and item["subreddit"] == "SaaS"
    assert item["themes"] == [{"theme": "solution_requests", "relevance": 0.95}]
    assert "<mark>" in item["snippet"]
    assert item["created_utc"].endswith("+00:00")


async def test_filters(client: httpx.AsyncClient, audience: int) -> None:
    url = f"/audiences/{audience}/posts"
    assert await ids(client, url, subreddit="Startups") == ["b1", "b2"]
    assert await ids(client, url, min_score=100, sort="score") == ["a3", "a1"]
    assert await ids(client, url, theme="advice_requests") == ["a1", "b2"]
    since = (NOW - timedelta(days=5)).date().isoformat()
    assert await ids(client, url, since=since) == ["b1", "a1", "a2"]
    until = (NOW - timedelta(days=5)).isoformat()
    assert await ids(client, url, until=until) == ["b2", "a3"]
    assert set(await ids(client, url, q="pricing", subreddit="saas")) == {"a1", "a3"}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("new", ["b1", "a1", "a2", "b2", "a3"]),
        ("score", ["a3", "a1", "b2", "a2", "b1"]),
        ("comments", ["a3", "a1", "b2", "a2", "b1"]),
    ],
)
async def test_keyset_pages_cover_everything_once(
    client: httpx.AsyncClient, audience: int, sort: str, expected: list[str]
) -> None:
    seen: list[str] = []
    params: dict[str, Any] = {"sort": sort, "limit": 2}
    for _ in range(5):
        page = (await client.get(f"/audiences/{audience}/posts", params=params)).json()
        seen += [item["id"] for item in page["items"]]
        if page["next"] is None:
            break
        params["after"] = page["next"]
    assert seen == expected


async def test_relevance_pages_by_cursor(client: httpx.AsyncClient, audience: int) -> None:
    url = f"/audiences/{audience}/posts"
    everything = await ids(client, url, q="churn or pricing", limit=100)
    seen: list[str] = []
    params: dict[str, Any] = {"q": "churn or pricing", "limit": 1}
    while True:
        page = (await client.get(url, params=params)).json()
        seen += [item["id"] for item in page["items"]]
        if page["next"] is None:
            break
        params["after"] = page["next"]
    assert seen == everything and len(seen) == 5


async def test_cursors_are_stable_while_posts_arrive(
    client: httpx.AsyncClient, engine: AsyncEngine, audience: int
) -> None:
    url = f"/audiences/{audience}/posts"
    first = (await client.get(url, params={"sort": "new", "limit": 2})).json()
    await store(engine, "saas", [post("n1", "Brand new post", created_utc=NOW)])
    second = await client.get(url, params={"sort": "new", "limit": 2, "after": first["next"]})
    assert [i["id"] for i in first["items"]] == ["b1", "a1"]
    assert [i["id"] for i in second.json()["items"]] == ["a2", "b2"]


@pytest.mark.parametrize(
    "q",
    [
        "'; DROP TABLE posts; --",
        'unbalanced "quote',
        "back\\slash \\\\ \\'",
        "(((((",
        "a & b | !c <-> d:*",
        "ünïcode ✓ 漢字 🚀",
        "or or or - - -",
        "x" * 500,
        "the",
    ],
)
async def test_any_query_text_answers_cleanly(
    client: httpx.AsyncClient, audience: int, q: str
) -> None:
    response = await client.get(f"/audiences/{audience}/posts", params={"q": q})
    assert response.status_code == 200, response.text
    assert isinstance(response.json()["items"], list)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": "nul\x00byte"},
        {"theme": "gossip"},
        {"subreddit": "no such!"},
        {"since": "yesterday"},
        {"until": "2026-13-45"},
        {"since": "2026-02-01", "until": "2026-01-01"},
        {"min_score": "lots"},
        {"sort": "random"},
        {"sort": "relevance"},
        {"limit": "0"},
        {"limit": "101"},
        {"after": "garbage!!"},
        {"timeframe": "decade"},
        {"page": "2"},
    ],
)
async def test_bad_parameters_are_422(
    client: httpx.AsyncClient, audience: int, params: dict[str, str]
) -> None:
    response = await client.get(f"/audiences/{audience}/posts", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["code"] == "invalid_input"


async def test_a_cursor_only_fits_its_own_listing(client: httpx.AsyncClient, audience: int) -> None:
    url = f"/audiences/{audience}/posts"
    page = (await client.get(url, params={"sort": "score", "limit": 1})).json()
    response = await client.get(url, params={"sort": "new", "after": page["next"]})
    assert response.status_code == 422


async def test_unknown_audience_is_404(client: httpx.AsyncClient) -> None:
    for path in ("posts", "posts.csv", "posts.jsonl", "themes", "themes/news"):
        response = await client.get(f"/audiences/999/{path}")
        assert response.status_code == 404, path


async def test_one_post_with_its_comment_tree(
    client: httpx.AsyncClient, engine: AsyncEngine, audience: int
) -> None:
    def comment(cid: str, parent: str | None, depth: int, score: int) -> CommentRecord:
        return CommentRecord(cid, "a1", parent, "someone", f"body {cid}", score, NOW, depth)

    async with transaction(engine) as conn:
        await write_page(  # comments only: the page's posts are stored already
            conn,
            run_id=None,
            subreddit_id=0,
            posts=[],
            themes=[],
            comments=[
                comment("c1", None, 0, 5),
                comment("c2", "c1", 1, 3),
                comment("c3", "c2", 2, 1),
                comment("c4", None, 0, 9),
            ],
        )
    found = (await client.get("/posts/a1")).json()
    assert found["title"] == "Churn is killing my SaaS" and found["subreddit"] == "SaaS"
    assert [t["theme"] for t in found["themes"]] == ["pain_anger", "advice_requests"]
    tree = found["comments"]
    assert [c["id"] for c in tree] == ["c4", "c1"]
    assert tree[1]["replies"][0]["id"] == "c2"
    assert tree[1]["replies"][0]["replies"][0]["id"] == "c3"
    assert (await client.get("/posts/zzz999")).status_code == 404
    assert (await client.get("/posts/NOT-AN-ID")).status_code == 404


async def test_themes_overview(client: httpx.AsyncClient, audience: int) -> None:
    response = await client.get(f"/audiences/{audience}/themes", params={"timeframe": "all"})
    assert response.status_code == 200, response.text
    themes = {t["theme"]: t for t in response.json()["themes"]}
    assert len(themes) == 10
    assert themes["advice_requests"]["count"] == 2
    assert [p["id"] for p in themes["advice_requests"]["top_posts"]] == ["a1", "b2"]
    assert themes["news"]["count"] == 0 and themes["news"]["top_posts"] == []
    assert themes["top_content"]["count"] >= 1
    assert themes["top_content"]["top_posts"][0]["id"] == "a3"
    month = await client.get(f"/audiences/{audience}/themes", params={"timeframe": "month"})
    month_themes = {t["theme"]: t["count"] for t in month.json()["themes"]}
    assert month_themes["money_talk"] == 1  # a3 is 40 days old


async def test_a_theme_page(client: httpx.AsyncClient, audience: int) -> None:
    url = f"/audiences/{audience}/themes/money_talk"
    page = (await client.get(url, params={"limit": 1})).json()
    assert [i["id"] for i in page["items"]] == ["a3"] and page["items"][0]["relevance"] == 0.8
    rest = (await client.get(url, params={"limit": 1, "after": page["next"]})).json()
    assert [i["id"] for i in rest["items"]] == ["b2"] and rest["next"] is None
    by_score = await ids(client, url, sort="score")
    assert by_score == ["a3", "b2"]
    hot = await ids(client, f"/audiences/{audience}/themes/hot_discussions")
    assert hot and hot[0] in {"a1", "a3"}
    assert (await client.get(f"/audiences/{audience}/themes/gossip")).status_code == 404


async def test_csv_export_round_trips(client: httpx.AsyncClient, audience: int) -> None:
    response = await client.get(f"/audiences/{audience}/posts.csv", params={"sort": "score"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == ["a3", "a1", "b2", "a2", "b1"]
    a3 = rows[0]
    assert a3["selftext"].endswith('"quotes"\nand newlines — ünïcode ✓')
    assert a3["subreddit"] == "SaaS" and a3["score"] == "400"
    assert set(a3["themes"].split()) == {"money_talk", "self_promotion"}
    filtered = await client.get(f"/audiences/{audience}/posts.csv", params={"q": "dunning"})
    assert [r["id"] for r in csv.DictReader(io.StringIO(filtered.text))] == ["a2"]


async def test_jsonl_export(client: httpx.AsyncClient, audience: int) -> None:
    response = await client.get(f"/audiences/{audience}/posts.jsonl", params={"sort": "new"})
    assert response.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert [line["id"] for line in lines] == ["b1", "a1", "a2", "b2", "a3"]
    assert lines[1]["themes"] == [
        {"theme": "pain_anger", "relevance": 0.9},
        {"theme": "advice_requests", "relevance": 0.7},
    ]


async def test_a_large_export_streams_in_chunks(engine: AsyncEngine, audience: int) -> None:
    many = [post(f"m{i}", f"bulk post {i}", "text, with a comma") for i in range(3000)]
    await store(engine, "saas", many)
    chunks: list[str] = []
    app = create_app(Settings.from_env({}), engine=engine)
    # over real HTTP: httpx's ASGI transport would buffer the whole response
    async with (
        serve(app) as base,
        httpx.AsyncClient(base_url=base) as client,
        client.stream("GET", f"/audiences/{audience}/posts.csv") as response,
    ):
        async for chunk in response.aiter_text():
            chunks.append(chunk)
    # counted on the whole text: a chunk may end in the middle of a row
    assert "".join(chunks).count("text, with a comma") == 3000 and len(chunks) > 1
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
