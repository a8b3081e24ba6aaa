"""The Reddit double, driven by the real asyncpraw client over loopback HTTP.

What these tests pin down is what the rest of the project relies on: the
token flow, paging and the 1000-item cap, Reddit's error statuses and how
asyncprawcore surfaces them, the request budget, injected failures, and the
counters that show when a client stops sending.
"""

from __future__ import annotations

import functools
import math
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import anyio
import asyncpraw
import asyncprawcore
import httpx
import pytest
from asyncpraw.models import MoreComments

from subsignal.testing import (
    DEMO_SUBREDDITS,
    TOKEN_PATH,
    RedditDouble,
    SubredditSpec,
    endpoints,
    reddit_kwargs,
    serve,
)

pytestmark = pytest.mark.anyio

# A generous budget keeps asyncprawcore's pacing (which spreads a window's
# budget evenly over the window) from sleeping between pages.
FAST = {"window_requests": 100_000}


def make_double(*specs: SubredditSpec, **kwargs: Any) -> RedditDouble:
    return RedditDouble(specs or [SubredditSpec("AskMarketing")], **{**FAST, **kwargs})


@asynccontextmanager
async def served(double: RedditDouble) -> AsyncIterator[tuple[str, asyncpraw.Reddit]]:
    """The double on a loopback port plus a real asyncpraw client pointed at it."""
    async with serve(double.app) as base_url:
        reddit = asyncpraw.Reddit(
            client_id=double.client_id,
            client_secret=double.client_secret,
            user_agent="subsignal-tests",
            oauth_url=base_url,
            reddit_url=base_url,
            check_for_updates=False,
        )
        try:
            yield base_url, reddit
        finally:
            await reddit.close()


async def token(client: httpx.AsyncClient, double: RedditDouble) -> str:
    response = await client.post(
        TOKEN_PATH,
        auth=(double.client_id, double.client_secret),
        data={"grant_type": "client_credentials"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 86400
    assert body["scope"] == "*"
    return str(body["access_token"])


@asynccontextmanager
async def raw_client(double: RedditDouble) -> AsyncIterator[httpx.AsyncClient]:
    """Plain HTTP with a valid token, for what asyncpraw hides (headers, bodies)."""
    async with serve(double.app) as base_url, httpx.AsyncClient(base_url=base_url) as client:
        client.headers["Authorization"] = f"bearer {await token(client, double)}"
        yield client


# -- tokens -------------------------------------------------------------------


async def test_token_flow_then_api_calls() -> None:
    double = make_double()
    async with served(double) as (_, reddit):
        data = await reddit.request(method="GET", path="/r/AskMarketing/hot", params={"limit": 1})
    assert data["kind"] == "Listing"
    assert double.token_requests == 1
    assert double.token_status_counts == {200: 1}
    assert double.requests_served == 1
    assert double.path_counts == {"/r/AskMarketing/hot": 1}


async def test_wrong_credentials_are_refused_with_401() -> None:
    double = make_double()
    async with serve(double.app) as base_url:
        kwargs = {**reddit_kwargs(double, base_url), "client_secret": "wrong"}
        reddit = asyncpraw.Reddit(**kwargs)
        try:
            with pytest.raises(asyncprawcore.ResponseException) as caught:
                await reddit.request(method="GET", path="/r/AskMarketing/hot")
        finally:
            await reddit.close()
    assert caught.value.response.status == 401
    assert double.token_status_counts == {401: 1}
    assert double.requests_served == 0


async def test_unsupported_grant_is_an_oauth_error() -> None:
    """Reddit answers 200 with {"error": ...}; asyncprawcore turns that into OAuthException."""
    double = make_double()
    async with serve(double.app) as base_url:
        reddit = asyncpraw.Reddit(**reddit_kwargs(double, base_url), username="u", password="p")
        try:
            with pytest.raises(asyncprawcore.OAuthException, match="unsupported_grant_type"):
                await reddit.request(method="GET", path="/r/AskMarketing/hot")
        finally:
            await reddit.close()


async def test_unknown_token_is_401_with_www_authenticate() -> None:
    double = make_double()
    async with raw_client(double) as client:
        assert (await client.get("/r/AskMarketing/hot")).status_code == 200
        double.revoke_tokens()
        response = await client.get("/r/AskMarketing/hot")
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized", "error": 401}
    assert "invalid_token" in response.headers["www-authenticate"]
    assert double.status_counts == {200: 1, 401: 1}


# -- listings -------------------------------------------------------------------


async def test_paging_stops_at_the_end_or_at_the_1000_cap() -> None:
    double = make_double(SubredditSpec("Small", posts=250), SubredditSpec("Big", posts=1500))
    listed: dict[str, list[str]] = {}
    async with served(double) as (_, reddit):
        for name, expected in (("Small", 250), ("Big", 1000)):
            subreddit = await reddit.subreddit(name)
            ids = [post.id async for post in subreddit.top(time_filter="all", limit=None)]
            assert len(ids) == len(set(ids)) == expected
            assert double.path_counts[f"/r/{name}/top"] == math.ceil(expected / 100)
            listed[name] = ids
    assert listed["Small"] == [p.id for p in double.posts("Small", "top", "all")]
    assert listed["Big"] == [p.id for p in double.posts("Big", "top", "all")[:1000]]


async def test_raw_request_returns_reddit_listing_json() -> None:
    double = make_double(SubredditSpec("AskMarketing", posts=30))
    async with served(double) as (_, reddit):
        first = await reddit.request(
            method="GET", path="/r/AskMarketing/top", params={"limit": 10, "t": "all"}
        )
        after = first["data"]["after"]
        second = await reddit.request(
            method="GET",
            path="/r/AskMarketing/top",
            params={"limit": 100, "t": "all", "after": after, "count": 10},
        )
    data = first["data"]
    assert set(data) >= {"after", "before", "dist", "modhash", "geo_filter", "children"}
    assert data["dist"] == 10
    assert data["before"] is None
    post = data["children"][0]
    assert post["kind"] == "t3"
    fields = post["data"]
    for key in (
        "id",
        "name",
        "subreddit",
        "subreddit_id",
        "subreddit_name_prefixed",
        "title",
        "selftext",
        "author",
        "score",
        "ups",
        "downs",
        "upvote_ratio",
        "num_comments",
        "created_utc",
        "permalink",
        "url",
        "over_18",
        "stickied",
        "is_self",
        "spoiler",
        "locked",
        "link_flair_text",
        "distinguished",
        "domain",
        "is_video",
    ):
        assert key in fields, key
    assert fields["name"] == f"t3_{fields['id']}"
    assert fields["subreddit_id"].startswith("t5_")
    assert fields["permalink"].startswith(f"/r/AskMarketing/comments/{fields['id']}/")
    assert isinstance(fields["created_utc"], float)
    assert after == data["children"][-1]["data"]["name"]
    assert second["data"]["after"] is None
    assert second["data"]["dist"] == 20
    ids = [c["data"]["id"] for c in data["children"] + second["data"]["children"]]
    assert ids == [p.id for p in double.posts("AskMarketing", "top", "all")]


async def test_sorts_order_the_same_posts_differently() -> None:
    double = make_double(SubredditSpec("AskMarketing", posts=300))
    async with raw_client(double) as client:

        async def page(sort: str, t: str = "all") -> list[dict[str, Any]]:
            params = {"limit": "100", "t": t}
            response = await client.get(f"/r/AskMarketing/{sort}", params=params)
            return [c["data"] for c in response.json()["data"]["children"]]

        top, new, hot = await page("top"), await page("new"), await page("hot")
        controversial, rising = await page("controversial"), await page("rising")
        day, year = await page("top", "day"), await page("top", "year")
    scores = [p["score"] for p in top]
    assert scores == sorted(scores, reverse=True)
    created = [p["created_utc"] for p in new]
    assert created == sorted(created, reverse=True)
    every = {p.id for p in double.posts("AskMarketing")}
    for listing in (top, new, hot, controversial, rising):
        assert {p["id"] for p in listing} <= every
    assert [p["id"] for p in top] != [p["id"] for p in hot] != [p["id"] for p in new]
    assert all(double.now - p["created_utc"] <= 86_400 for p in day)
    assert 0 < len(day) < len(year)
    in_year = double.posts("AskMarketing", "top", "year")
    assert len(in_year) > 0.8 * 300


async def test_subreddit_about() -> None:
    double = make_double(SubredditSpec("AskMarketing", subscribers=12345))
    async with served(double) as (_, reddit):
        subreddit = await reddit.subreddit("askmarketing", fetch=True)
        assert subreddit.display_name == "AskMarketing"
        assert subreddit.subscribers == 12345
        assert subreddit.fullname == f"t5_{subreddit.id}"
        assert subreddit.subreddit_type == "public"
        assert subreddit.quarantine is False
        assert subreddit.url == "/r/AskMarketing/"
        assert subreddit.public_description
        assert subreddit.active_user_count > 0
        assert isinstance(subreddit.created_utc, float)
        raw = await reddit.request(method="GET", path="/r/AskMarketing/about")
    assert raw["kind"] == "t5"
    for key in (
        "display_name",
        "name",
        "id",
        "title",
        "public_description",
        "description",
        "subscribers",
        "active_user_count",
        "accounts_active",
        "icon_img",
        "community_icon",
        "over18",
        "created_utc",
        "subreddit_type",
        "quarantine",
        "url",
    ):
        assert key in raw["data"], key


def top_level(forest: Any) -> list[Any]:
    """A CommentForest's top-level items (asyncpraw's type hints miss `__iter__`)."""
    return list(forest)


async def test_comments_load_with_nesting_and_more() -> None:
    double = make_double(SubredditSpec("AskMarketing", posts=20), comments_per_post=6)
    post = double.posts("AskMarketing")[0]
    async with served(double) as (_, reddit):
        submission = await reddit.submission(post.id)
        assert submission.title == post.title
        comments: list[Any] = submission.comments.list()
        top = top_level(submission.comments)
        assert len(comments) == submission.num_comments == post.num_comments
        assert len(top) == 6
        assert all(c.parent_id == f"t3_{post.id}" for c in top)
        for comment in comments:
            assert comment.link_id == f"t3_{post.id}"
            for reply in comment.replies:
                assert reply.parent_id == comment.fullname
                assert reply.depth == comment.depth + 1
        depths = {c.depth for c in comments}
        assert 0 in depths and 1 in depths

        limited = await reddit.submission(post.id, fetch=False)
        limited.comment_limit = 2
        await limited.load()
        more = [c for c in top_level(limited.comments) if isinstance(c, MoreComments)]
        shown = [c for c in limited.comments.list() if not isinstance(c, MoreComments)]
        assert len(top_level(limited.comments)) == 3 and len(more) == 1
        assert more[0].count == len(more[0].children) == post.num_comments - len(shown)
        await limited.comments.replace_more(limit=None)
        assert len(limited.comments.list()) == post.num_comments
    assert double.path_counts["/api/morechildren"] == 1


async def test_comment_depth_leaves_continue_this_thread_stubs() -> None:
    double = make_double(SubredditSpec("AskMarketing", posts=20), comments_per_post=8)
    post = next(
        p for p in double.posts("AskMarketing") if any(c.replies for c in double.comments(p.id))
    )
    async with served(double) as (_, reddit):
        head, forest = await reddit.request(
            method="GET", path=f"/comments/{post.id}", params={"depth": 1}
        )
    assert head["data"]["children"][0]["data"]["id"] == post.id
    stubs = [
        c["data"]["replies"]["data"]["children"][0]
        for c in forest["data"]["children"]
        if c["data"]["replies"]
    ]
    assert stubs
    assert all(s["kind"] == "more" and s["data"]["count"] == 0 for s in stubs)


# -- errors ----------------------------------------------------------------------


async def test_unavailable_subreddits_answer_like_reddit() -> None:
    double = make_double(
        SubredditSpec("Secret", status="private"),
        SubredditSpec("Gone", status="banned"),
        SubredditSpec("Edgy", status="quarantined"),
        SubredditSpec("Never", status="not_found"),
    )
    async with served(double) as (_, reddit):

        async def fails(path: str) -> asyncprawcore.ResponseException:
            with pytest.raises(asyncprawcore.ResponseException) as caught:
                await reddit.request(method="GET", path=path, params={"limit": 5})
            return caught.value

        redirect = await fails("/r/NoSuchSub/top")
        assert isinstance(redirect, asyncprawcore.Redirect)
        assert redirect.path == "/subreddits/search"
        assert isinstance(await fails("/r/Never/new"), asyncprawcore.Redirect)
        assert isinstance(await fails("/r/NoSuchSub/about"), asyncprawcore.NotFound)
        assert isinstance(await fails("/r/Secret/top"), asyncprawcore.Forbidden)
        assert isinstance(await fails("/r/Secret/about"), asyncprawcore.Forbidden)
        assert isinstance(await fails("/r/Edgy/hot"), asyncprawcore.Forbidden)
        assert isinstance(await fails("/r/Gone/hot"), asyncprawcore.NotFound)
        # The subreddit listing asyncpraw builds raises the same way.
        with pytest.raises(asyncprawcore.Redirect):
            async for _ in (await reddit.subreddit("NoSuchSub")).new(limit=5):
                pass

    async with raw_client(double) as client:
        bodies = {
            path: (await client.get(path))
            for path in (
                "/r/Secret/hot",
                "/r/Edgy/hot",
                "/r/Gone/hot",
                "/r/NoSuchSub/about",
            )
        }
        redirect_response = await client.get("/r/NoSuchSub/hot", follow_redirects=False)
    assert bodies["/r/Secret/hot"].json() == {
        "reason": "private",
        "message": "Forbidden",
        "error": 403,
    }
    edgy = bodies["/r/Edgy/hot"].json()
    assert edgy["reason"] == "quarantined" and edgy["error"] == 403
    assert "quarantine_message" in edgy
    assert bodies["/r/Gone/hot"].json() == {
        "reason": "banned",
        "message": "Not Found",
        "error": 404,
    }
    assert bodies["/r/NoSuchSub/about"].json() == {"message": "Not Found", "error": 404}
    assert redirect_response.status_code == 302
    location = httpx.URL(redirect_response.headers["location"])
    assert location.path == "/subreddits/search"
    assert location.params["q"] == "NoSuchSub"
    assert location.host == "127.0.0.1"


async def test_subreddit_status_is_readable_through_info() -> None:
    """403 bodies are lost inside asyncprawcore; /api/info still tells private from quarantined."""
    double = make_double(
        SubredditSpec("Secret", status="private"), SubredditSpec("Edgy", status="quarantined")
    )
    async with served(double) as (_, reddit):
        found = [s async for s in reddit.info(subreddits=["Secret", "Edgy"])]
    assert [(s.display_name, s.subreddit_type, s.quarantine) for s in found] == [
        ("Secret", "private", False),
        ("Edgy", "public", True),
    ]


async def test_asyncprawcore_error_quirks() -> None:
    """Pinned so the project's error mapping knows what it gets."""
    double = make_double(SubredditSpec("AskMarketing"), SubredditSpec("Secret", status="private"))
    async with served(double) as (_, reddit):
        with pytest.raises(asyncprawcore.Forbidden) as caught:
            await reddit.request(method="GET", path="/r/Secret/top")
        # The response was released when the exception left asyncprawcore.
        with pytest.raises(aiohttp.ClientConnectionError):
            await caught.value.response.json()
        # asyncpraw reads a 400's body after release: a bare ClientConnectionError.
        double.fail(400, times=1)
        with pytest.raises(aiohttp.ClientConnectionError) as bare:
            await reddit.request(method="GET", path="/r/AskMarketing/top")
        assert isinstance(bare.value.__context__, asyncprawcore.BadRequest)
    assert double.status_counts == {403: 1, 400: 1}


# -- rate limit --------------------------------------------------------------------


async def test_rate_limit_headers_count_down() -> None:
    double = make_double(window_requests=1000, window_seconds=600)
    async with raw_client(double) as client:
        responses = [await client.get("/r/AskMarketing/new") for _ in range(3)]
    used = [r.headers["x-ratelimit-used"] for r in responses]
    remaining = [r.headers["x-ratelimit-remaining"] for r in responses]
    assert used == ["1", "2", "3"]
    assert remaining == ["999.0", "998.0", "997.0"]
    for response in responses:
        assert 598 <= int(response.headers["x-ratelimit-reset"]) <= 600
    assert double.token_requests == 1  # tokens are outside the budget


async def test_small_window_gives_429_to_concurrent_clients() -> None:
    """A fresh client has no rate-limit state yet, so concurrent calls all go out."""
    double = make_double(window_requests=5, window_seconds=30)
    outcomes: list[str] = []
    async with served(double) as (_, reddit):

        async def call() -> None:
            try:
                await reddit.request(method="GET", path="/r/AskMarketing/new", params={"limit": 1})
                outcomes.append("ok")
            except asyncprawcore.TooManyRequests:
                outcomes.append("429")

        async with anyio.create_task_group() as group:
            for _ in range(8):
                group.start_soon(call)
    assert sorted(outcomes) == ["429"] * 3 + ["ok"] * 5
    assert double.rate_limited == 3
    assert double.status_counts == {200: 5, 429: 3}
    assert double.token_requests == 8  # each concurrent first call fetched its own token


async def test_window_expires_and_can_be_reset() -> None:
    double = make_double(window_requests=2, window_seconds=0.3)
    async with raw_client(double) as client:
        statuses = [(await client.get("/r/AskMarketing/new")).status_code for _ in range(3)]
        limited = await client.get("/r/AskMarketing/new")
        await anyio.sleep(0.35)
        fresh = await client.get("/r/AskMarketing/new")
        double.reset_window()
        after_reset = await client.get("/r/AskMarketing/new")
    assert statuses == [200, 200, 429]
    assert limited.status_code == 429
    assert limited.headers["x-ratelimit-remaining"] == "0.0"
    assert fresh.status_code == 200 and fresh.headers["x-ratelimit-used"] == "1"
    assert after_reset.headers["x-ratelimit-used"] == "1"
    assert double.rate_limited == 2


# -- injected failures ---------------------------------------------------------


async def test_injected_503_is_retried_by_asyncprawcore() -> None:
    """5xx get retried (after a random 0-2 s sleep for the first retry)."""
    double = make_double()
    double.fail(503, times=1)
    async with served(double) as (_, reddit):
        data = await reddit.request(method="GET", path="/r/AskMarketing/new", params={"limit": 3})
    assert data["data"]["dist"] == 3
    assert double.status_counts == {503: 1, 200: 1}
    assert double.failures == []


async def test_injected_failures_are_seeded_and_scoped() -> None:
    async def statuses(double: RedditDouble) -> list[int]:
        async with raw_client(double) as client:
            return [
                (await client.get(f"/r/{name}/new", params={"limit": "1"})).status_code
                for _ in range(40)
                for name in ("Flaky", "Steady")
            ]

    specs = (SubredditSpec("Flaky"), SubredditSpec("Steady"))
    first, second = make_double(*specs, seed=7), make_double(*specs, seed=7)
    for double in (first, second):
        double.fail(503, subreddit="flaky", rate=0.25)
    first_statuses = await statuses(first)
    assert first_statuses == await statuses(second)
    flaky, steady = first_statuses[0::2], first_statuses[1::2]
    assert set(steady) == {200}
    assert 3 <= flaky.count(503) <= 20
    assert first.failures_injected == flaky.count(503)
    async with raw_client(first) as client:
        page = await client.get("/r/Flaky/new")
        while page.status_code != 503:
            page = await client.get("/r/Flaky/new")
    assert page.headers["content-type"].startswith("text/html")
    assert "x-ratelimit-remaining" in page.headers


# -- counters --------------------------------------------------------------------


async def test_counters_show_when_a_client_stops_sending() -> None:
    double = make_double(SubredditSpec("Slow", latency=0.5), SubredditSpec("AskMarketing"))
    async with served(double) as (_, reddit):
        await reddit.request(method="GET", path="/r/AskMarketing/new")  # fetch the token first
        assert (double.requests_served, double.in_flight) == (1, 0)
        async with anyio.create_task_group() as group:
            for _ in range(3):
                group.start_soon(
                    functools.partial(reddit.request, method="GET", path="/r/Slow/new")
                )
            await double.wait_until(lambda d: d.in_flight == 3)
            assert double.max_in_flight == 3
            group.cancel_scope.cancel()
        await double.wait_idle(timeout=1)
        # The handlers were cancelled with the connections: nothing else is answered.
        assert double.requests_received == 4
        assert double.requests_served == 1
        assert double.requests_cancelled == 3
        assert double.in_flight == 0
        await anyio.sleep(0.6)
        assert double.requests_served == 1
    assert double.subreddit_counts == {"askmarketing": 1}


# -- pre-rendered listing pages ---------------------------------------------------


async def walk(client: httpx.AsyncClient, path: str, **params: str) -> list[bytes]:
    """Every page of a listing as sent, following `after` with asyncpraw's extra params."""
    pages: list[bytes] = []
    query = {"raw_json": "1", **params}
    while True:
        response = await client.get(path, params=query)
        assert response.status_code == 200
        pages.append(response.content)
        after = response.json()["data"]["after"]
        if after is None:
            return pages
        query = {**query, "after": after, "count": str(100 * len(pages))}


def twins() -> tuple[RedditDouble, RedditDouble]:
    """Two doubles with the same content: one pre-renders, the other renders each request."""
    specs = (SubredditSpec("Big", posts=1200), SubredditSpec("Small", posts=250))
    return make_double(*specs, seed=5), make_double(*specs, seed=5)


async def test_prerendered_pages_are_byte_identical_to_fresh_ones() -> None:
    warmed, fresh = twins()
    assert warmed.prerender_listing("Big", "top", "all") == 10  # the 1000 cap
    assert warmed.prerender_listing("Small", "top", "all") == 3
    assert warmed.prerender_listing("Small", "new") == 3
    async with raw_client(warmed) as one, raw_client(fresh) as two:
        for path, params in (
            ("/r/Big/top", {"limit": "100", "t": "all"}),
            ("/r/Small/top", {"limit": "100", "t": "all"}),
            ("/r/Small/new", {"limit": "100"}),
        ):
            assert await walk(one, path, **params) == await walk(two, path, **params)
    assert warmed.prerendered_served == 16
    assert fresh.prerendered_served == 0
    assert warmed.path_counts == fresh.path_counts
    assert warmed.status_counts == fresh.status_counts == {200: 16}


async def test_asyncpraw_paging_is_served_from_prerendered_pages() -> None:
    warmed, fresh = twins()
    warmed.prerender_listing("Big", "top", "all")
    listed = {}
    for double in (warmed, fresh):
        async with served(double) as (_, reddit):
            big = await reddit.subreddit("Big")
            listed[id(double)] = [p.id async for p in big.top(time_filter="all", limit=None)]
    assert listed[id(warmed)] == listed[id(fresh)]
    assert len(listed[id(warmed)]) == 1000
    assert warmed.prerendered_served == 10


async def test_other_requests_never_get_a_prerendered_body() -> None:
    warmed, fresh = twins()
    warmed.prerender_listing("Big", "top", "all")
    cursor = warmed.posts("Big", "top", "all")[99].fullname
    requests: list[tuple[str, dict[str, str]]] = [
        ("/r/Big/top", {"limit": "50", "t": "all"}),
        ("/r/Big/top", {"limit": "100", "t": "year"}),
        ("/r/Big/top", {"limit": "100"}),  # Reddit's default for top is t=day
        ("/r/Big/top", {"limit": "100", "t": "day"}),
        ("/r/Big/top", {"limit": "100", "t": "all", "before": cursor}),
        ("/r/Big/top", {"limit": "100", "t": "all", "after": cursor.upper()}),
        ("/r/Big/controversial", {"limit": "100", "t": "all"}),
        ("/r/Big/hot", {"limit": "100", "t": "all"}),
        ("/r/Big", {"limit": "100", "t": "all"}),
        ("/r/Small/top", {"limit": "100", "t": "all"}),
        # The same page asked for differently is still the page: these three hit.
        ("/r/big/top", {"limit": "100", "t": "all", "sr_detail": "1"}),
        ("/r/Big/top.json", {"limit": "100", "t": "all", "after": cursor}),
        ("/r/Big/top/", {"limit": "1000", "t": "all", "count": "100", "after": cursor}),
    ]
    async with raw_client(warmed) as one, raw_client(fresh) as two:
        for path, params in requests:
            first, second = await one.get(path, params=params), await two.get(path, params=params)
            assert (first.status_code, first.content) == (second.status_code, second.content)
    assert warmed.prerendered_served == 3


def test_listing_key_covers_every_parameter_the_listing_reads() -> None:
    """A parameter the body reads but the key does not would let two pages share a body."""

    class Recording(dict[str, str]):
        def __init__(self, params: dict[str, str]) -> None:
            super().__init__(params)
            self.read: set[str] = set()

        def get(self, key: str, default: Any = None) -> Any:
            self.read.add(key)
            return super().get(key, default)

        def __getitem__(self, key: str) -> str:
            self.read.add(key)
            return super().__getitem__(key)

    double = make_double(SubredditSpec("Big", posts=300))
    cursor = double.posts("Big", "top", "all")[150].fullname
    asked = {"limit": "100", "t": "all", "count": "5", "sr_detail": "1"}
    for sort in ("top", "new"):
        for extra in ({}, {"after": cursor}, {"before": cursor}):
            by_body, by_key = Recording({**asked, **extra}), Recording({**asked, **extra})
            endpoints.subreddit_listing(
                double.catalog, "Big", sort, by_body, max_listing=1000, base_url=""
            )
            endpoints.listing_key("Big", sort, by_key)
            assert by_body.read <= by_key.read, (sort, extra)


async def test_prerendered_pages_still_pass_auth_window_latency_and_failures() -> None:
    double = make_double(
        SubredditSpec("Big", posts=300), latency=0.1, window_requests=3, window_seconds=600
    )
    double.prerender_listing("Big", "top", "all")
    page = {"limit": "100", "t": "all"}
    async with raw_client(double) as client:

        async def timed() -> tuple[httpx.Response, float]:
            began = anyio.current_time()
            response = await client.get("/r/Big/top", params=page)
            return response, anyio.current_time() - began

        first, first_s = await timed()
        double.fail(503, subreddit="Big", times=1)
        failed, failed_s = await timed()
        second, _ = await timed()
        limited, _ = await timed()
        double.revoke_tokens()
        refused, _ = await timed()
    assert first.status_code == 200 and first_s >= 0.1 and failed_s >= 0.1
    assert first.headers["x-ratelimit-used"] == "1"
    assert first.headers["content-type"] == "application/json"
    assert failed.status_code == 503 and failed.headers["x-ratelimit-used"] == "2"
    assert second.status_code == 200 and second.content == first.content
    assert second.headers["x-ratelimit-remaining"] == "0.0"
    assert limited.status_code == 429 and limited.json()["error"] == 429
    assert refused.status_code == 401 and "invalid_token" in refused.headers["www-authenticate"]
    assert double.prerendered_served == 2
    assert double.status_counts == {200: 2, 503: 1, 429: 1, 401: 1}
    assert double.path_counts == {"/r/Big/top": 5}
    assert double.subreddit_counts == {"big": 5}
    assert (double.requests_received, double.requests_served) == (5, 5)
    assert (double.rate_limited, double.failures_injected) == (1, 1)


async def test_prerendered_pages_count_disconnects_like_others() -> None:
    double = make_double(SubredditSpec("Slow", posts=300, latency=0.3))
    double.prerender_listing("Slow", "top", "all")
    params: dict[str, str | int] = {"limit": 100, "t": "all"}
    async with served(double) as (_, reddit):
        await reddit.request(method="GET", path="/r/Slow/about")  # fetch the token first
        async with anyio.create_task_group() as group:
            for _ in range(3):
                group.start_soon(
                    functools.partial(
                        reddit.request, method="GET", path="/r/Slow/top", params=params
                    )
                )
            await double.wait_until(lambda d: d.in_flight == 3)
            group.cancel_scope.cancel()
        await double.wait_idle(timeout=1)
        assert (double.requests_cancelled, double.requests_served) == (3, 1)
        assert double.prerendered_served == 0
        data = await reddit.request(method="GET", path="/r/Slow/top", params=params)
    assert data["data"]["dist"] == 100
    assert double.prerendered_served == 1
    assert double.max_in_flight == 3


async def test_content_changes_invalidate_prerendered_pages() -> None:
    warmed, fresh = twins()
    top = ("/r/Big/top", {"limit": "100", "t": "all"})
    new = ("/r/Big/new", {"limit": "100"})

    async def same(*changes: Any) -> int:
        """Apply each change to both twins, then compare every page; the hits it took."""
        for change in changes:
            change(warmed)
            change(fresh)
        hits = warmed.prerendered_served
        async with raw_client(warmed) as one, raw_client(fresh) as two:
            for path, params in (top, new):
                assert await walk(one, path, **params) == await walk(two, path, **params)
        return warmed.prerendered_served - hits

    def prerender(double: RedditDouble) -> None:
        if double is warmed:
            double.prerender_listing("Big", "top", "all")
            double.prerender_listing("Big", "new")

    assert await same(prerender) == 20
    assert await same(lambda d: d.add_posts("Big", 3)) == 0
    assert await same(prerender) == 20
    # A new subreddit leaves every page of the others as it was.
    assert await same(lambda d: d.add_subreddit(SubredditSpec("Other", posts=10))) == 20

    def subscribers(double: RedditDouble) -> None:
        double.spec("Big").subscribers = 777  # in every post's `subreddit_subscribers`

    def over18(double: RedditDouble) -> None:
        double.spec("Big").over18 = True

    def cap(double: RedditDouble) -> None:
        double.max_listing = 500

    def clock(double: RedditDouble) -> None:
        double.catalog.now += 200 * 86_400  # "now" decides what `t=` filters keep

    for change in (subscribers, over18, cap, clock):
        assert await same(prerender, change) == 0
    assert await same(prerender) == 10  # 500 posts now, the cap set above
    warmed.spec("Big").status = "private"
    async with raw_client(warmed) as client:
        assert (await client.get(top[0], params=top[1])).status_code == 403
    assert warmed.prerender_listing("Big", "top", "all") == 0


# -- determinism and content --------------------------------------------------


async def test_same_seed_same_posts_over_http() -> None:
    async def first_page(double: RedditDouble) -> list[dict[str, Any]]:
        async with raw_client(double) as client:
            response = await client.get("/r/SaaS/top", params={"limit": "50", "t": "all"})
            return [c["data"] for c in response.json()["data"]["children"]]

    specs = [SubredditSpec("SaaS", posts=400)]
    one, two = (
        await first_page(make_double(*specs, seed=3)),
        await first_page(make_double(*specs, seed=3)),
    )
    other = await first_page(make_double(*specs, seed=4))
    assert one == two
    assert {p["id"] for p in one}.isdisjoint({p["id"] for p in other})
    # Ids are stable across sorts: the same id is the same post.
    double = make_double(*specs, seed=3)
    by_id = {p.id: p for p in double.posts("SaaS", "new")}
    for data in one:
        assert by_id[data["id"]].title == data["title"]


def test_content_is_varied_and_cheap_to_create() -> None:
    double = RedditDouble([SubredditSpec(f"sub{i}", posts=1000) for i in range(20)])
    posts = double.posts("sub3", "new")
    assert len(posts) == len({p.id for p in posts}) == 1000
    kinds = {p.kind for p in posts}
    assert kinds == {
        "question",
        "tool_request",
        "complaint",
        "money",
        "self_promo",
        "news",
        "idea",
        "discussion",
    }
    assert len({p.score for p in posts}) > 50
    assert len({p.title for p in posts}) > 500
    assert any("?" in p.title for p in posts)
    assert any(not p.is_self and p.selftext == "" for p in posts)


async def test_added_posts_lead_the_new_listing() -> None:
    double = make_double(SubredditSpec("AskMarketing", posts=50))
    before = double.posts("AskMarketing", "new")[0]
    new_ids = double.add_posts("AskMarketing", 3)
    async with served(double) as (_, reddit):
        listed = [p.id async for p in (await reddit.subreddit("AskMarketing")).new(limit=5)]
    assert listed[:4] == [*reversed(new_ids), before.id]
    assert double.spec("AskMarketing").posts == 53


async def test_discovery_listings() -> None:
    double = make_double(*DEMO_SUBREDDITS, SubredditSpec("Hidden", status="banned"))
    async with served(double) as (_, reddit):
        found = [s.display_name async for s in reddit.subreddits.search("saas", limit=10)]
        popular = [s.display_name async for s in reddit.subreddits.popular(limit=None)]
    assert found[0] == "SaaS"
    by_size = sorted(DEMO_SUBREDDITS, key=lambda s: -(s.subscribers or 0))
    assert popular == [s.name for s in by_size]


async def test_serve_runs_any_asgi_app() -> None:
    async def hello(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"hello"})

    async with serve(hello, lifespan="off") as base_url, httpx.AsyncClient() as client:
        assert base_url.startswith("http://127.0.0.1:")
        assert (await client.get(base_url)).text == "hello"
