"""A Reddit test double the real asyncpraw client talks to over loopback HTTP.

    double = RedditDouble([SubredditSpec("startups", posts=1200)])
    async with serve(double.app) as base_url:
        reddit = asyncpraw.Reddit(**reddit_kwargs(double, base_url))

Also what `--demo` serves (`DEMO_SUBREDDITS`). `serve` is generic: it runs
any ASGI app with uvicorn on a free loopback port inside the current loop.
"""

from typing import Any

from subsignal.testing.content import DEFAULT_NOW, Comment, Post
from subsignal.testing.double import TOKEN_PATH, FailureRule, RedditDouble
from subsignal.testing.server import serve
from subsignal.testing.specs import DEMO_SUBREDDITS, SubredditSpec


def reddit_kwargs(
    double: RedditDouble, base_url: str, *, user_agent: str = "subsignal-tests"
) -> dict[str, Any]:
    """Keyword arguments for `asyncpraw.Reddit` that point it at a served double."""
    return {
        "client_id": double.client_id,
        "client_secret": double.client_secret,
        "user_agent": user_agent,
        "oauth_url": base_url,
        "reddit_url": base_url,
        "check_for_updates": False,
    }


__all__ = [
    "DEFAULT_NOW",
    "DEMO_SUBREDDITS",
    "TOKEN_PATH",
    "Comment",
    "FailureRule",
    "Post",
    "RedditDouble",
    "SubredditSpec",
    "reddit_kwargs",
    "serve",
]
