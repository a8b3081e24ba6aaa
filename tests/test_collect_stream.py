"""The collection stream end to end: real uvicorn, real asyncpraw, real PostgreSQL."""

from __future__ import annotations

from collections import Counter
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from subsignal.testing import RedditDouble, SubredditSpec
from subsignal.themes import score_post
from tests.harness import Event, read_events, service

pytestmark = pytest.mark.anyio


async def scalar(engine: AsyncEngine, sql: str, **params: Any) -> Any:
    async with engine.connect() as conn:
        return await conn.scalar(text(sql), params)


async def rows(engine: AsyncEngine, sql: str, **params: Any) -> list[Any]:
    async with engine.connect() as conn:
        return list((await conn.execute(text(sql), params)).all())


def by_type(events: list[Event]) -> Counter[str]:
    return Counter(e.event for e in events)


async def test_a_run_streams_every_event_and_stores_every_post(engine: AsyncEngine) -> None:
    double = RedditDouble(
        [SubredditSpec("SaaS", posts=250), SubredditSpec("startups", posts=1200)], seed=1
    )
    async with service(engine, double) as svc:
        audience = await svc.audience(["SaaS", "startups"], posts_per_subreddit=300)
        events = await svc.collect(audience, sort="new")

    assert [e.id for e in events] == list(range(1, len(events) + 1))
    run_id = events[0].data["run_id"]
    assert all(e.data["run_id"] == run_id for e in events)
    assert events[0].event == "run.started" and events[0].retry is not None
    assert events[0].data["subreddits"] == ["SaaS", "startups"]
    assert (events[0].data["sort"], events[0].data["limit"]) == ("new", 300)
    assert events[-1].event == "run.completed"
    assert events[-1].data["status"] == "completed"
    assert events[-1].data["totals"]["new"] == 550
    assert events[-2].event == "themes.updated"
    counts = events[-2].data["counts"]
    assert len(counts) == 10 and all(isinstance(n, int) for n in counts.values())
    # scored in the service's worker processes, exactly as `score_post` scores here
    stored_themes: dict[str, dict[str, float]] = {}
    for post_id, theme, relevance in await rows(
        engine, "SELECT post_id, theme, relevance FROM post_themes"
    ):
        stored_themes.setdefault(post_id, {})[theme] = relevance
    texts = await rows(engine, "SELECT id, title, selftext FROM posts")
    expected = {pid: score_post(title, body) for pid, title, body in texts}
    assert stored_themes == {pid: found for pid, found in expected.items() if found}
    assert len(stored_themes) > 100, "collected posts were not sorted into themes"

    completed = {e.data["subreddit"]: e.data for e in events if e.event == "subreddit.completed"}
    assert completed["SaaS"]["fetched"] == 250 and completed["SaaS"]["exhausted"] is True
    assert completed["startups"]["fetched"] == 300 and completed["startups"]["exhausted"] is False
    progress = [e.data for e in events if e.event == "subreddit.progress"]
    assert [p["fetched"] for p in progress if p["subreddit"] == "startups"] == [100, 200, 300]

    stored = await rows(
        engine,
        "SELECT s.name, count(p.id) FROM subreddits s JOIN posts p ON p.subreddit_id = s.id"
        " GROUP BY s.name ORDER BY s.name",
    )
    assert stored == [("saas", 250), ("startups", 300)]
    newest = [p.id for p in double.posts("startups", sort="new")[:300]]
    ids = {r[0] for r in await rows(engine, "SELECT id FROM posts")}
    assert set(newest) <= ids

    about = await rows(
        engine,
        "SELECT display_name, reddit_id, subscribers, status, fetched_at IS NOT NULL"
        " FROM subreddits ORDER BY name",
    )
    assert [(a[0], a[3], a[4]) for a in about] == [
        ("SaaS", "active", True),
        ("startups", "active", True),
    ]
    assert all(a[1].startswith("t5_") and a[2] > 0 for a in about)

    status = await scalar(engine, "SELECT status FROM collection_runs WHERE id = :id", id=run_id)
    assert status == "completed"
    counts = await rows(
        engine,
        "SELECT status, fetched, stored, new, updated FROM run_subreddits ORDER BY subreddit_id",
    )
    assert counts == [("completed", 250, 250, 250, 0), ("completed", 300, 300, 300, 0)]


async def test_runs_are_readable_over_http(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec("SaaS", posts=120)])
    async with service(engine, double) as svc:
        audience = await svc.audience(["SaaS"], timeframe="all")
        events = await svc.collect(audience)
        run_id = events[0].data["run_id"]
        run = (await svc.client.get(f"/runs/{run_id}")).json()
        listed = (await svc.client.get("/runs", params={"audience_id": audience})).json()
        shown = (await svc.client.get(f"/audiences/{audience}")).json()
        missing = await svc.client.get("/runs/00000000-0000-0000-0000-000000000000")
        malformed = await svc.client.get("/runs/nope")
    assert run["status"] == "completed" and run["totals"]["new"] == 120
    assert run["subreddits"][0]["subreddit"] == "SaaS"
    assert run["subreddits"][0]["fetched"] == 120
    assert [r["id"] for r in listed["items"]] == [run_id]
    assert shown["last_run"]["id"] == run_id
    assert missing.status_code == 404 and malformed.status_code == 404


async def test_failing_subreddits_make_a_partial_run(engine: AsyncEngine) -> None:
    double = RedditDouble(
        [
            SubredditSpec("healthy_one", posts=150),
            SubredditSpec("healthy_two", posts=120),
            SubredditSpec("secret_club", status="private"),
            SubredditSpec("gone_sub", status="banned"),
            SubredditSpec("quiet_place", status="quarantined"),
        ]
    )
    async with service(engine, double) as svc:
        audience = await svc.audience(
            ["healthy_one", "healthy_two", "secret_club", "no_such_sub", "gone_sub", "quiet_place"]
        )
        events = await svc.collect(audience)

    failed = {
        e.data["subreddit"]: e.data["error"]["code"]
        for e in events
        if e.event == "subreddit.failed"
    }
    assert failed == {
        "secret_club": "private",
        "no_such_sub": "not_found",
        "gone_sub": "banned",
        "quiet_place": "quarantined",
    }
    assert events[-1].event == "run.completed" and events[-1].data["status"] == "partial"
    assert events[-1].data["totals"]["completed"] == 2 and events[-1].data["totals"]["failed"] == 4
    statuses = dict(await rows(engine, "SELECT name, status FROM subreddits"))
    assert statuses == {
        "healthy_one": "active",
        "healthy_two": "active",
        "secret_club": "private",
        "no_such_sub": "not_found",
        "gone_sub": "banned",
        "quiet_place": "quarantined",
    }
    per_subreddit = dict(
        await rows(
            engine,
            "SELECT s.name, count(p.id) FROM subreddits s LEFT JOIN posts p"
            " ON p.subreddit_id = s.id GROUP BY s.name",
        )
    )
    assert per_subreddit["healthy_one"] == 150 and per_subreddit["healthy_two"] == 120


async def test_all_subreddits_failing_fails_the_run(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec("secret_club", status="private")])
    async with service(engine, double) as svc:
        events = await svc.collect(await svc.audience(["secret_club", "no_such_sub"]))
    assert events[-1].data["status"] == "failed"


async def test_transient_503s_are_retried_and_everything_arrives(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec(f"sub_{i}", posts=300) for i in range(4)], seed=7)
    double.fail(503, rate=0.2)
    async with service(engine, double, backoff=0.01) as svc:
        events = await svc.collect(await svc.audience([f"sub_{i}" for i in range(4)]))
    assert double.status_counts[503] > 0
    assert events[-1].data["status"] == "completed"
    assert await scalar(engine, "SELECT count(*) FROM posts") == 1200


async def test_persistent_5xx_fails_only_that_subreddit(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec("flaky", posts=100), SubredditSpec("fine", posts=100)])
    double.fail(500, subreddit="flaky")
    # asyncprawcore itself retries a 5xx twice (sleeping 2-6 s); ours would multiply that
    async with service(engine, double, attempts=1) as svc:
        events = await svc.collect(await svc.audience(["flaky", "fine"]))
    failed = [e.data for e in events if e.event == "subreddit.failed"]
    assert [(f["subreddit"], f["error"]["code"]) for f in failed] == [("flaky", "upstream_error")]
    assert events[-1].data["status"] == "partial"


async def test_a_slow_subreddit_times_out(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec("slow", posts=100), SubredditSpec("fast", posts=100)])
    double.spec("slow").latency = 2.0
    async with service(engine, double, request_timeout=0.2, attempts=2, backoff=0.01) as svc:
        events = await svc.collect(await svc.audience(["slow", "fast"]))
    failed = {
        e.data["subreddit"]: e.data["error"]["code"]
        for e in events
        if e.event == "subreddit.failed"
    }
    assert failed == {"slow": "timeout"}


async def test_refused_credentials_fail_the_run_once(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec("one"), SubredditSpec("two")])
    async with service(engine, double, client_secret="rotated") as svc:
        events = await svc.collect(await svc.audience(["one", "two"]))
    assert by_type(events)["run.failed"] == 1
    assert by_type(events)["subreddit.failed"] == 0
    assert events[-1].event == "run.failed"
    assert events[-1].data["error"]["code"] == "credentials_refused"
    assert "rotated" not in str(events)
    status = await scalar(engine, "SELECT status FROM collection_runs")
    assert status == "failed"


async def test_collecting_twice_updates_instead_of_duplicating(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec("SaaS", posts=230)])
    async with service(engine, double) as svc:
        audience = await svc.audience(["SaaS"])
        first = await svc.collect(audience)
        before = await rows(engine, "SELECT id, title, score FROM posts ORDER BY id")
        second = await svc.collect(audience)
        after = await rows(engine, "SELECT id, title, score FROM posts ORDER BY id")
    assert first[-1].data["totals"]["new"] == 230 and first[-1].data["totals"]["updated"] == 0
    assert second[-1].data["totals"]["new"] == 0 and second[-1].data["totals"]["updated"] == 230
    assert before == after and len(after) == 230
    assert (
        await scalar(engine, "SELECT count(*) FROM posts WHERE last_seen_at > first_seen_at") == 230
    )


async def test_comments_are_stored_as_trees(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec("SaaS", posts=30)], comments_per_post=6)
    async with service(engine, double) as svc:
        events = await svc.collect(await svc.audience(["SaaS"]), limit=30, comments=3)
    completed = next(e.data for e in events if e.event == "subreddit.completed")
    stored = await scalar(engine, "SELECT count(*) FROM comments")
    assert completed["comments"] == stored > 0
    top_level = await rows(
        engine,
        "SELECT post_id, count(*) FROM comments WHERE parent_id IS NULL GROUP BY post_id",
    )
    assert top_level and all(count <= 3 for _, count in top_level)
    orphans = await scalar(
        engine,
        "SELECT count(*) FROM comments c WHERE c.parent_id IS NOT NULL AND NOT EXISTS"
        " (SELECT 1 FROM comments p WHERE p.id = c.parent_id AND p.depth = c.depth - 1)",
    )
    assert orphans == 0
    assert await scalar(engine, "SELECT max(depth) FROM comments") >= 1


async def test_errors_before_the_stream_are_json(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec("SaaS")])
    async with service(engine, double) as svc:
        empty = await svc.audience([], name="empty")
        full = await svc.audience(["SaaS"], name="full")
        cases = {
            "unknown audience": (await svc.client.get("/audiences/999/collect"), 404),
            "no subreddits": (await svc.client.get(f"/audiences/{empty}/collect"), 409),
            "bad sort": (await svc.client.get(f"/audiences/{full}/collect?sort=best"), 422),
            "bad limit": (await svc.client.get(f"/audiences/{full}/collect?limit=5000"), 422),
            "bad comments": (await svc.client.get(f"/audiences/{full}/collect?comments=x"), 422),
            "unknown param": (await svc.client.get(f"/audiences/{full}/collect?colour=1"), 422),
            "bad body": (
                await svc.client.post(f"/audiences/{full}/collect", content=b"{oops"),
                400,
            ),
            "unknown body field": (
                await svc.client.post(f"/audiences/{full}/collect", json={"speed": 1}),
                422,
            ),
            "wrong method": (await svc.client.delete(f"/audiences/{full}/collect"), 405),
        }
        runs = await scalar(engine, "SELECT count(*) FROM collection_runs")
    for name, (response, status) in cases.items():
        assert response.status_code == status, name
        assert response.headers["content-type"].startswith("application/json"), name
        assert response.json()["error"]["code"], name
    assert runs == 0


async def test_post_takes_parameters_in_the_body(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec("SaaS", posts=300)])
    async with service(engine, double) as svc:
        audience = await svc.audience(["SaaS"])
        async with svc.client.stream(
            "POST", f"/audiences/{audience}/collect", json={"limit": 150, "sort": "hot"}
        ) as response:
            events = [e async for e in read_events(response)]
    assert (events[0].data["limit"], events[0].data["sort"]) == (150, "hot")
    assert events[-1].data["totals"]["fetched"] == 150


async def test_missing_credentials_answer_503(engine: AsyncEngine) -> None:
    from subsignal.app import create_app
    from subsignal.settings import Settings

    app = create_app(Settings.from_env({}), engine=engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        created = await client.post("/audiences", json={"name": "a", "subreddits": ["SaaS"]})
        response = await client.get(f"/audiences/{created.json()['id']}/collect")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"


async def test_a_second_run_on_the_same_audience_gets_409(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec("SaaS", posts=500)], latency=0.05)
    async with service(engine, double) as svc:
        audience = await svc.audience(["SaaS"])
        async with svc.client.stream("GET", f"/audiences/{audience}/collect") as first:
            events = read_events(first)
            started = await anext(events)
            second = await svc.client.get(f"/audiences/{audience}/collect")
            rest = [e async for e in events]
        third = await svc.collect(audience, limit=10)
    assert second.status_code == 409
    assert second.json()["error"]["details"]["run_id"] == started.data["run_id"]
    assert rest[-1].event == "run.completed"
    assert third[-1].event == "run.completed"  # the lock was released


async def test_a_disconnect_cancels_the_run_cleanly(engine: AsyncEngine) -> None:
    double = RedditDouble([SubredditSpec(f"sub_{i}", posts=1000) for i in range(4)], latency=0.1)
    async with service(engine, double) as svc:
        audience = await svc.audience([f"sub_{i}" for i in range(4)], posts_per_subreddit=1000)
        async with svc.client.stream("GET", f"/audiences/{audience}/collect") as response:
            seen = 0
            async for event in read_events(response):
                seen += event.event == "subreddit.progress"
                if seen == 3:
                    break
        # the client is gone: the run must wind down by itself
        with anyio.fail_after(10):
            while await scalar(engine, "SELECT status FROM collection_runs") == "running":  # noqa: ASYNC110
                await anyio.sleep(0.02)
        await double.wait_idle(timeout=5)
        served = double.requests_served
        await anyio.sleep(0.5)
        assert double.requests_served == served, "requests went on after the disconnect"
        assert double.in_flight == 0

        assert await scalar(engine, "SELECT status FROM collection_runs") == "cancelled"
        recorded = dict(await rows(engine, "SELECT subreddit_id, stored FROM run_subreddits"))
        actual = dict(
            await rows(engine, "SELECT subreddit_id, count(*) FROM posts GROUP BY subreddit_id")
        )
        assert {k: v for k, v in recorded.items() if v} == actual
        assert all(count % 100 == 0 for count in actual.values()), "a page was half-written"
        assert sum(actual.values()) < 4000
        statuses = {r[0] for r in await rows(engine, "SELECT status FROM run_subreddits")}
        assert statuses <= {"cancelled", "completed"}
        totals = await scalar(engine, "SELECT totals FROM collection_runs")
        assert totals["stored"] == sum(actual.values())

        assert svc.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        leftovers = [
            task
            for task in __import__("asyncio").all_tasks()
            if "subsignal/collect" in str(task.get_coro())
            or "collect" in getattr(task.get_coro(), "__qualname__", "")
        ]
        assert leftovers == []
        transactions = await scalar(
            engine,
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND state LIKE 'idle in transaction%'",
        )
        assert transactions == 0


async def test_a_run_left_running_by_a_dead_process_is_closed_by_the_next(
    engine: AsyncEngine,
) -> None:
    double = RedditDouble([SubredditSpec("SaaS", posts=50)])
    async with service(engine, double) as svc:
        audience = await svc.audience(["SaaS"])
        async with engine.begin() as conn:  # what a process killed mid-run leaves behind
            await conn.execute(
                text(
                    "INSERT INTO collection_runs (id, audience_id, status)"
                    " VALUES ('00000000-0000-0000-0000-00000000dead', :a, 'running')"
                ),
                {"a": audience},
            )
        events = await svc.collect(audience)
    assert events[-1].data["status"] == "completed"
    stale = await rows(
        engine,
        "SELECT status, error->>'code', finished_at IS NOT NULL FROM collection_runs"
        " WHERE id = '00000000-0000-0000-0000-00000000dead'",
    )
    assert stale == [("failed", "interrupted", True)]
