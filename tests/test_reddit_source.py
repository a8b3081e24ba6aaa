"""The Reddit layer against the double: the shared budget, tokens, retries, errors."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.errors import CredentialsRefused, RedditError
from subsignal.reddit.source import RedditSource, open_reddit
from subsignal.settings import RedditCredentials, Settings
from subsignal.testing import RedditDouble, SubredditSpec, serve
from tests.harness import service

pytestmark = pytest.mark.anyio


@asynccontextmanager
async def source_for(double: RedditDouble, **options: Any) -> AsyncIterator[RedditSource]:
    async with serve(double.app) as url:
        settings = Settings.from_env({"REDDIT_URL": url, "REDDIT_OAUTH_URL": url})
        credentials = RedditCredentials(double.client_id, double.client_secret, "subsignal-tests")
        async with open_reddit(settings, credentials) as source:
            for key, value in options.items():
                setattr(source, key, value)
            yield source


async def test_many_collectors_share_a_small_budget_without_a_single_429(
    engine: AsyncEngine,
) -> None:
    # 8 subreddits x 4 pages + 8 abouts = 40 requests through a window of 25 per 2 s
    double = RedditDouble(
        [SubredditSpec(f"sub_{i}", posts=400) for i in range(8)],
        window_requests=25,
        window_seconds=2.0,
    )
    async with service(engine, double) as svc:
        events = await svc.collect(await svc.audience([f"sub_{i}" for i in range(8)]))
        waits = svc.source.budget.waits
    assert events[-1].data["status"] == "completed"
    assert double.rate_limited == 0
    assert double.requests_served == 40
    assert waits > 0, "the budget never had to wait: the test proves nothing"
    async with engine.connect() as conn:
        assert await conn.scalar(text("SELECT count(*) FROM posts")) == 3200


async def test_requests_go_out_at_full_concurrency_while_the_window_allows() -> None:
    double = RedditDouble([SubredditSpec(f"sub_{i}", posts=100) for i in range(8)], latency=0.2)
    async with source_for(double) as source:
        await source.about("sub_0")  # the first answer tells the budget what is left
        async with anyio.create_task_group() as group:
            for i in range(8):
                group.start_soon(source.about, f"sub_{i}")
    # asyncprawcore's own pacing would have sent these one per ~0.6 s
    assert double.max_in_flight >= 8


async def test_collectors_starting_together_fetch_one_token() -> None:
    double = RedditDouble([SubredditSpec(f"sub_{i}") for i in range(8)])
    async with source_for(double) as source, anyio.create_task_group() as group:
        for i in range(8):
            group.start_soon(source.about, f"sub_{i}")
    assert double.token_requests == 1


async def test_a_429_is_waited_out_and_retried() -> None:
    double = RedditDouble([SubredditSpec("SaaS", posts=100)])
    double.fail(429, subreddit="SaaS", times=2)
    async with source_for(double, backoff=0.01) as source:
        page = await source.listing_page("SaaS", "new", "all", after=None, limit=100)
    assert len(page.posts) == 100
    assert double.status_counts[429] == 2


async def test_pages_follow_the_cursor_to_the_listing_cap() -> None:
    double = RedditDouble([SubredditSpec("big", posts=1500)], seed=3)
    async with source_for(double) as source:
        after, ids = None, []
        for _ in range(12):
            page = await source.listing_page("big", "top", "all", after=after, limit=100)
            ids += [p.id for p in page.posts]
            after = page.after
            if after is None:
                break
    assert after is None and len(ids) == len(set(ids)) == 1000
    assert ids == [p.id for p in double.posts("big", sort="top")[:1000]]


async def test_about_and_comments_become_records() -> None:
    double = RedditDouble([SubredditSpec("SaaS", posts=5, subscribers=412_000)])
    async with source_for(double) as source:
        about = await source.about("saas")
        page = await source.listing_page("SaaS", "new", "all", after=None, limit=5)
        post = max(page.posts, key=lambda p: p.num_comments)
        comments = await source.comments(post.id, 2)
    assert (about.name, about.display_name, about.subscribers) == ("saas", "SaaS", 412_000)
    assert about.reddit_id is not None and about.reddit_id.startswith("t5_")
    assert all(c.post_id == post.id for c in comments)
    assert sum(c.parent_id is None for c in comments) <= 2
    known = {c.id for c in comments}
    assert all(c.parent_id is None or c.parent_id in known for c in comments)


@pytest.mark.parametrize(
    ("status", "code"),
    [("private", "private"), ("banned", "banned"), ("quarantined", "quarantined")],
)
async def test_refusals_map_to_our_codes(status: str, code: str) -> None:
    double = RedditDouble([SubredditSpec("closed", status=status)])
    async with source_for(double) as source:
        with pytest.raises(RedditError) as listing:
            await source.listing_page("closed", "new", "all", after=None, limit=100)
        with pytest.raises(RedditError) as about:
            await source.about("closed")
    assert listing.value.code == code and about.value.code == code


async def test_unknown_subreddits_are_not_found() -> None:
    double = RedditDouble([])
    async with source_for(double) as source:
        with pytest.raises(RedditError) as listing:
            await source.listing_page("nowhere", "new", "all", after=None, limit=100)
        with pytest.raises(RedditError) as about:
            await source.about("nowhere")
    assert listing.value.code == about.value.code == "not_found"


async def test_wrong_credentials_are_refused_credentials() -> None:
    double = RedditDouble([SubredditSpec("SaaS")])
    async with serve(double.app) as url:
        settings = Settings.from_env({"REDDIT_URL": url, "REDDIT_OAUTH_URL": url})
        credentials = RedditCredentials(double.client_id, "wrong-secret", "subsignal-tests")
        async with open_reddit(settings, credentials) as source:
            with pytest.raises(CredentialsRefused):
                await source.about("SaaS")


async def test_an_unreachable_reddit_is_an_upstream_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"  # bound, never listening
        settings = Settings.from_env({"REDDIT_URL": url, "REDDIT_OAUTH_URL": url})
        credentials = RedditCredentials("id", "secret", "subsignal-tests")
        async with open_reddit(settings, credentials) as source:
            source.backoff = 0.01
            with pytest.raises(RedditError) as raised:
                await source.about("SaaS")
    assert raised.value.code == "upstream_error"


async def test_waiting_for_the_budget_is_not_a_timeout() -> None:
    # 12 requests through 6 per 1.5 s: most wait for a reset, far longer than the
    # 0.3 s an exchange may take; the wait must not count against that bound
    double = RedditDouble(
        [SubredditSpec(f"sub_{i}") for i in range(12)], window_requests=6, window_seconds=1.5
    )
    async with source_for(double, request_timeout=0.3) as source:
        async with anyio.create_task_group() as group:
            for i in range(12):
                group.start_soon(source.about, f"sub_{i}")
        waits = source.budget.waits
    assert double.requests_served == 12 and double.rate_limited == 0
    assert waits > 0
