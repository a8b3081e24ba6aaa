"""What a Reddit double serves: one spec per subreddit, plus the demo set."""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("public", "private", "banned", "not_found", "quarantined")
MAX_POSTS_PER_SUBREDDIT = 65_535  # post ids pack the index into 16 bits


@dataclass
class SubredditSpec:
    """One subreddit of the double; mutable so a test can change latency or status mid-run."""

    name: str
    posts: int = 250
    status: str = "public"
    subscribers: int | None = None
    latency: float | None = None
    title: str | None = None
    description: str | None = None
    over18: bool = False

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")
        if not 0 <= self.posts <= MAX_POSTS_PER_SUBREDDIT:
            raise ValueError(f"posts must be within 0..{MAX_POSTS_PER_SUBREDDIT}")


DEMO_SUBREDDITS: list[SubredditSpec] = [
    SubredditSpec("startups", posts=1200, subscribers=1_840_000),
    SubredditSpec("SaaS", posts=900, subscribers=412_000),
    SubredditSpec("marketing", posts=800, subscribers=1_050_000),
    SubredditSpec("Entrepreneur", posts=1500, subscribers=4_700_000),
    SubredditSpec("smallbusiness", posts=700, subscribers=2_100_000),
]
"""A few busy communities for `--demo`: listings hit Reddit's 1000 cap on most of them."""
