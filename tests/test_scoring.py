"""Theme scoring in worker processes: same scores as in place, and a dead worker
costs nothing."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import anyio
import pytest

from subsignal.collect.scoring import score_page, start_workers
from subsignal.reddit.records import PostRecord
from subsignal.themes import score_posts
from tests.test_posts_api import post

pytestmark = pytest.mark.anyio

LABELLED = Path(__file__).parent / "data" / "themes_labelled.jsonl"


def _posts() -> list[PostRecord]:
    lines = LABELLED.read_text().splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    return [post(f"p{i}", r["title"], r.get("body", "")) for i, r in enumerate(records)]


def _workers() -> set[int]:
    """Live worker processes of ours: children running anyio's process worker."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == os.getpid() and b"anyio" in command and stat.rsplit(")", 1)[1][1] != "Z":
            found.add(int(entry.name))
    return found


async def test_workers_score_exactly_as_in_place() -> None:
    posts = _posts()
    workers = anyio.CapacityLimiter(2)
    await start_workers(workers)
    assert len(_workers()) >= 2
    in_place = score_posts([(p.title, p.selftext) for p in posts])
    assert await score_page(posts, workers) == in_place
    assert await score_page(posts, None) == in_place
    assert sum(1 for found in in_place if found) > 100


async def test_a_worker_killed_mid_page_costs_only_a_rescore() -> None:
    posts = _posts() * 40  # long enough to be killed while scoring
    workers = anyio.CapacityLimiter(1)
    await start_workers(workers)
    before = _workers()
    results: list[list[dict[str, float]]] = []
    async with anyio.create_task_group() as group:

        async def score() -> None:
            results.append(await score_page(posts, workers))

        group.start_soon(score)
        await anyio.sleep(0.2)
        for pid in before:
            os.kill(pid, signal.SIGKILL)
    assert results == [score_posts([(p.title, p.selftext) for p in posts])]
    assert await score_page(posts[:5], workers) == score_posts(
        [(p.title, p.selftext) for p in posts[:5]]
    )
    assert _workers() - before, "no new worker was started after the kill"
