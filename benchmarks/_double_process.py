"""Serve a Reddit double in a process of its own, for the benchmarks.

Real Reddit does not share the service's CPU; a double in the service's own
process would (on 2 cores, rendering listing pages eats the event loop the
service needs). So `benchmarks/collect.py` starts this script, reads the
first stdout line, a JSON object `{"url": "http://127.0.0.1:PORT", "client_id": ...}`,
and points asyncpraw at that URL.

Unless `--no-warm`, the `--sort`/`--time-filter` listing of every name is
generated and its 100-post pages rendered to bytes before that line is
printed (`warm_s` in all, `prerender_s` of it, `pages`): serving a page then
costs the double the HTTP exchange only, as Reddit's answers cost us nothing.

The double is wrapped in a tiny ASGI app that adds one route the double does
not count: `GET /__stats` answers its counters as JSON (`rate_limited` is the
number of 429s served). The process exits on SIGTERM/SIGINT, or by itself
when the process that started it goes away; its last stdout line is the
final counters.

    python benchmarks/_double_process.py --names startups,SaaS --posts 1000 --latency 0.1
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import time
from typing import Any

import anyio
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from subsignal.testing import RedditDouble, SubredditSpec, serve

STATS_PATH = "/__stats"
PAGE_SIZE = 100  # what the service and asyncpraw ask for


def stats_of(double: RedditDouble) -> dict[str, Any]:
    """The double's counters as JSON-able values."""
    return {
        "rate_limited": double.rate_limited,
        "requests_received": double.requests_received,
        "requests_served": double.requests_served,
        "requests_cancelled": double.requests_cancelled,
        "token_requests": double.token_requests,
        "prerendered_served": double.prerendered_served,
        "max_in_flight": double.max_in_flight,
        "in_flight": double.in_flight,
        "window_used": double.window.used,
        "status_counts": {str(k): v for k, v in double.status_counts.items()},
    }


class WithStats:
    """The double's ASGI app plus `GET /__stats` (not counted by the double)."""

    def __init__(self, double: RedditDouble) -> None:
        self.double = double

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] == STATS_PATH:
            await JSONResponse(stats_of(self.double))(scope, receive, send)
            return
        await self.double.app(scope, receive, send)


def make_double(
    names: list[str],
    *,
    posts: int,
    latency: float,
    window_requests: int,
    window_seconds: float,
    seed: int,
) -> RedditDouble:
    return RedditDouble(
        [SubredditSpec(name, posts=posts) for name in names],
        seed=seed,
        latency=latency,
        window_requests=window_requests,
        window_seconds=window_seconds,
    )


def warm(double: RedditDouble, names: list[str], sort: str, time_filter: str) -> None:
    """Generate every post of the listings up front: Reddit has its content ready,
    the double otherwise writes each post on first request."""
    for name in names:
        double.posts(name, sort=sort, time_filter=time_filter)


def prerender(double: RedditDouble, names: list[str], sort: str, time_filter: str) -> int:
    """Render every listing page a client paging 100 at a time will ask for: Reddit's
    CPU is not on our machine, the double's rendering would be. Returns the pages."""
    return sum(double.prerender_listing(n, sort, time_filter, limit=PAGE_SIZE) for n in names)


async def _until_stopped() -> None:
    """Return on SIGTERM/SIGINT, or once the parent process has gone."""
    parent = os.getppid()
    async with anyio.create_task_group() as group:

        async def signals() -> None:
            with anyio.open_signal_receiver(signal.SIGTERM, signal.SIGINT) as received:
                async for _ in received:
                    group.cancel_scope.cancel()
                    return

        async def orphaned() -> None:
            while True:  # no event tells of a parent's exit: look twice a second
                await anyio.sleep(0.5)
                if os.getppid() != parent:
                    group.cancel_scope.cancel()
                    return

        group.start_soon(signals)
        group.start_soon(orphaned)


async def _serve(args: argparse.Namespace) -> None:
    names = [n for n in args.names.split(",") if n]
    began = time.perf_counter()
    double = make_double(
        names,
        posts=args.posts,
        latency=args.latency,
        window_requests=args.window_requests,
        window_seconds=args.window_seconds,
        seed=args.seed,
    )
    pages, prerender_s = 0, 0.0
    if args.warm:
        warm(double, names, args.sort, args.time_filter)
        rendering = time.perf_counter()
        pages = prerender(double, names, args.sort, args.time_filter)
        prerender_s = time.perf_counter() - rendering
    warmed_s = time.perf_counter() - began  # ready to serve: prerender_s included
    async with serve(WithStats(double), port=args.port) as url:
        started = {
            "url": url,
            "pid": os.getpid(),
            "client_id": double.client_id,
            "client_secret": double.client_secret,
            "warm_s": round(warmed_s, 3),
            "prerender_s": round(prerender_s, 3),
            "pages": pages,
        }
        print(json.dumps(started))
        sys.stdout.flush()
        await _until_stopped()
    print(json.dumps(stats_of(double)))
    sys.stdout.flush()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", required=True, help="comma-separated subreddit names")
    parser.add_argument("--posts", type=int, default=1000, help="posts per subreddit")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds per request")
    parser.add_argument("--window-requests", type=int, default=1000)
    parser.add_argument("--window-seconds", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--sort", default="top", help="listing to pre-generate and pre-render")
    parser.add_argument("--time-filter", default="all", help="listing to pre-render")
    parser.add_argument("--no-warm", dest="warm", action="store_false")
    anyio.run(_serve, parser.parse_args(argv))


if __name__ == "__main__":
    main()
