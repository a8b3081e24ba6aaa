"""Plain typed records of what Reddit returned; nothing above `reddit` sees asyncpraw."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class PostRecord:
    id: str
    subreddit: str
    title: str
    selftext: str
    author: str | None
    score: int
    upvote_ratio: float | None
    num_comments: int
    created_utc: datetime
    permalink: str
    url: str | None
    over18: bool
    stickied: bool
    is_self: bool
    spoiler: bool
    locked: bool
    link_flair_text: str | None


@dataclass(frozen=True, slots=True)
class CommentRecord:
    id: str
    post_id: str
    parent_id: str | None  # a comment's id, or None for a top-level comment
    author: str | None
    body: str
    score: int
    created_utc: datetime
    depth: int


@dataclass(frozen=True, slots=True)
class SubredditAbout:
    name: str  # lowercase
    display_name: str
    reddit_id: str | None
    title: str | None
    description: str | None
    subscribers: int | None
    active_users: int | None
    icon_url: str | None
    over18: bool | None
    created_utc: datetime | None


@dataclass(frozen=True, slots=True)
class ListingPage:
    posts: list[PostRecord]
    after: str | None  # Reddit's cursor for the next page; None when the listing ended


def _time(value: Any) -> datetime:
    return datetime.fromtimestamp(float(value), UTC)


def _author(value: Any) -> str | None:
    return None if value in (None, "[deleted]") else str(value)


def post_from_json(data: dict[str, Any]) -> PostRecord:
    return PostRecord(
        id=str(data["id"]),
        subreddit=str(data.get("subreddit", "")),
        title=str(data.get("title") or ""),
        selftext=str(data.get("selftext") or ""),
        author=_author(data.get("author")),
        score=int(data.get("score") or 0),
        upvote_ratio=float(data["upvote_ratio"]) if data.get("upvote_ratio") is not None else None,
        num_comments=int(data.get("num_comments") or 0),
        created_utc=_time(data["created_utc"]),
        permalink=str(data.get("permalink") or ""),
        url=data.get("url"),
        over18=bool(data.get("over_18")),
        stickied=bool(data.get("stickied")),
        is_self=bool(data.get("is_self", True)),
        spoiler=bool(data.get("spoiler")),
        locked=bool(data.get("locked")),
        link_flair_text=data.get("link_flair_text"),
    )


def listing_from_json(payload: Any) -> ListingPage:
    """A `Listing` of `t3` things; other kinds (ads, `more`) are skipped."""
    if not isinstance(payload, dict) or payload.get("kind") != "Listing":
        raise ValueError("not a Listing")
    data = payload["data"]
    posts = [post_from_json(c["data"]) for c in data.get("children", []) if c.get("kind") == "t3"]
    return ListingPage(posts=posts, after=data.get("after"))


def about_from_json(payload: Any) -> SubredditAbout:
    if not isinstance(payload, dict) or payload.get("kind") != "t5":
        raise ValueError("not a subreddit (t5)")
    data = payload["data"]
    icon = data.get("community_icon") or data.get("icon_img") or None
    created = data.get("created_utc")
    display_name = str(data["display_name"])
    return SubredditAbout(
        name=display_name.lower(),
        display_name=display_name,
        reddit_id=data.get("name"),
        title=data.get("title"),
        description=data.get("public_description") or data.get("description"),
        subscribers=data.get("subscribers"),
        active_users=data.get("active_user_count") or data.get("accounts_active"),
        icon_url=str(icon).split("?")[0] if icon else None,
        over18=data.get("over18"),
        created_utc=_time(created) if created is not None else None,
    )


def comments_from_json(payload: Any, post_id: str, limit: int) -> list[CommentRecord]:
    """The comment forest of `/comments/{id}`, flattened: the first `limit` top-level
    comments with the replies Reddit sent along (no "more" expansion)."""
    if not isinstance(payload, list) or len(payload) < 2:
        raise ValueError("not a comments answer")
    out: list[CommentRecord] = []
    top_level = 0

    def walk(listing: Any, parent: str | None, depth: int) -> None:
        nonlocal top_level
        if not isinstance(listing, dict):
            return  # Reddit sends "" where there are no replies
        for child in listing.get("data", {}).get("children", []):
            if child.get("kind") != "t1":
                continue
            if parent is None:
                if top_level >= limit:
                    return
                top_level += 1
            data = child["data"]
            out.append(
                CommentRecord(
                    id=str(data["id"]),
                    post_id=post_id,
                    parent_id=parent,
                    author=_author(data.get("author")),
                    body=str(data.get("body") or ""),
                    score=int(data.get("score") or 0),
                    created_utc=_time(data["created_utc"]),
                    depth=int(data.get("depth", depth)),
                )
            )
            walk(data.get("replies"), str(data["id"]), depth + 1)

    walk(payload[1], None, 0)
    return out
