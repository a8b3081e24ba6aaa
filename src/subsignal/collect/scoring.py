"""Theme scoring off the event loop.

Scoring a page's text is the costliest step of writing it (pure-Python rule
matching and a model over the words, about 25 ms of CPU for a page of 100
typical posts), and on the event loop it delays
every other collector's requests and writes. So pages are scored in worker
processes (anyio's process pool: started here ahead of the first run, reused,
stopped with the event loop), bounded by a `CapacityLimiter` of
`SUBSIGNAL_THEME_WORKERS`; with no workers configured they are scored in place.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import partial

import anyio
import anyio.to_process
from anyio import BrokenWorkerProcess

from subsignal.reddit.records import PostRecord
from subsignal.themes import score_posts

logger = logging.getLogger(__name__)


async def start_workers(workers: anyio.CapacityLimiter) -> None:
    """Start every worker now (each imports the rules once, which takes a moment)
    rather than during the first run."""
    async with anyio.create_task_group() as group:
        for _ in range(int(workers.total_tokens)):
            group.start_soon(partial(anyio.to_process.run_sync, score_posts, [], limiter=workers))


async def score_page(
    posts: Sequence[PostRecord], workers: anyio.CapacityLimiter | None
) -> list[dict[str, float]]:
    """`themes.score_post` of each post, in a worker process when there are workers.

    A worker that died (killed, out of memory) costs only its page's place in
    the pool: the page is scored here and the next call starts a new worker.
    """
    texts = [(post.title, post.selftext) for post in posts]
    if workers is None:
        return score_posts(texts)
    try:
        return await anyio.to_process.run_sync(score_posts, texts, limiter=workers)
    except BrokenWorkerProcess:
        logger.warning("a theme scoring worker died; scoring this page in the service")
        return score_posts(texts)
