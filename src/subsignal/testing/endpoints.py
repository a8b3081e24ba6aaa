"""Reddit's endpoints as plain functions: parsed request in, `Answer` out.

Kept free of ASGI so the rules (paging, the 1000-item cap, which status a
private or banned subreddit answers) read as a list of cases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import orjson

from subsignal.testing.content import (
    COMMENT_BITS,
    SORTS,
    TIME_FILTERS,
    TIMED_SORTS,
    Catalog,
    Comment,
    Community,
    Post,
    from_base36,
    sort_comments,
    to_base36,
)
from subsignal.testing.things import (
    JSON,
    comment_thing,
    listing,
    more_thing,
    post_thing,
    subreddit_data,
    subreddit_thing,
)

DEFAULT_LIMIT = 25
MAX_LIMIT = 100


@dataclass
class Answer:
    """A response before it becomes HTTP: status, body, extra headers.

    The body is JSON-able, or bytes already rendered by `rendered()` (a page
    the double rendered ahead of time).
    """

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)
    html: bool = False

    def rendered(self) -> bytes:
        """The JSON body as sent. Pre-rendered pages come from here too, so they match
        a fresh render byte for byte. orjson: encoding 300 KB listing pages is most of
        what the double does."""
        return self.body if isinstance(self.body, bytes) else orjson.dumps(self.body)


def error(status: int, message: str, **extra: object) -> Answer:
    """Reddit's JSON error body: {"reason": ..., "message": "Forbidden", "error": 403}."""
    return Answer(status, {**extra, "message": message, "error": status})


QUARANTINE_MESSAGE = (
    "This community is quarantined: it is dedicated to shocking or highly offensive content."
)


def _int(params: Mapping[str, str], name: str, default: int | None) -> int | None:
    try:
        return int(params[name])
    except (KeyError, ValueError):
        return default


def _limit(params: Mapping[str, str]) -> int:
    value = _int(params, "limit", DEFAULT_LIMIT) or DEFAULT_LIMIT
    return min(max(value, 1), MAX_LIMIT)


def access_error(
    community: Community | None, name: str, *, base_url: str, about: bool
) -> Answer | None:
    """What Reddit answers for a subreddit the caller cannot read; None when it can."""
    status = community.spec.status if community is not None else "not_found"
    if status == "public":
        return None
    if status == "not_found":
        if about:
            return error(404, "Not Found")
        location = f"{base_url}/subreddits/search?q={quote(name)}"
        return Answer(302, {}, {"location": location})
    if status == "banned":
        return error(404, "Not Found", reason="banned")
    if status == "quarantined":
        return error(403, "Forbidden", reason="quarantined", quarantine_message=QUARANTINE_MESSAGE)
    return error(403, "Forbidden", reason="private")


def _time_filter(sort: str, params: Mapping[str, str]) -> str:
    """The `t=` a listing applies: top and controversial default to a day, others list all."""
    if sort not in TIMED_SORTS:
        return "all"
    time_filter = params.get("t", "day")
    return time_filter if time_filter in TIME_FILTERS else "all"


ListingKey = tuple[str, str, str, int, str | None, str | None]


def listing_key(name: str, sort: str, params: Mapping[str, str]) -> ListingKey:
    """What tells one listing page's body from another's, to find a pre-rendered page.

    `t` and `limit` as `subreddit_listing` applies them (through the same
    functions), so asyncpraw's `limit=1000` finds the page rendered for 100;
    cursors raw, so `T3_X` for `t3_x` costs a fresh render, never a wrong
    body. The name is folded: a 200 body spells it as the spec does. What the
    page was rendered from is checked apart (see the double).
    """
    after, before = params.get("after"), params.get("before")
    return (name.lower(), sort, _time_filter(sort, params), _limit(params), after, before)


def subreddit_listing(
    catalog: Catalog,
    name: str,
    sort: str,
    params: Mapping[str, str],
    *,
    max_listing: int,
    base_url: str,
) -> Answer:
    """`/r/{name}/{sort}`: one page of up to 100 posts, `after` null at the end or the cap."""
    community = catalog.community(name)
    denied = access_error(community, name, base_url=base_url, about=False)
    if denied is not None or community is None:
        return denied or error(404, "Not Found")
    if sort not in SORTS:
        return error(404, "Not Found")
    order, positions = catalog.order(community, sort, _time_filter(sort, params))
    capped = len(order) if max_listing < 0 else min(len(order), max_listing)
    limit = _limit(params)
    start = 0
    after = params.get("after")
    before = params.get("before")
    if after or before:
        cursor = (after or before or "").removeprefix("t3_")
        located = catalog.locate(cursor)
        position = positions.get(located[1]) if located and located[0] is community else None
        if position is None or position >= capped:
            return Answer(200, listing([]))
        start = position + 1 if after else max(position - limit, 0)
        if before:
            limit = min(limit, position)
    indices = order[start : min(start + limit, capped)]
    posts = [catalog.post(community, i) for i in indices]
    next_after = posts[-1].fullname if posts and start + len(posts) < capped else None
    return Answer(200, listing([post_thing(community, p) for p in posts], after=next_after))


def about(catalog: Catalog, name: str, *, base_url: str) -> Answer:
    community = catalog.community(name)
    denied = access_error(community, name, base_url=base_url, about=True)
    if denied is not None or community is None:
        return denied or error(404, "Not Found")
    return Answer(200, subreddit_thing(community))


def _render(
    community: Community, post: Post, comment: Comment, sort: str, max_depth: int | None
) -> JSON:
    if not comment.replies:
        replies: JSON | str = ""
    elif max_depth is not None and comment.depth + 1 >= max_depth:
        replies = listing([more_thing(comment.fullname, comment.depth + 1, [], 0)], dist=False)
    else:
        children = [
            _render(community, post, reply, sort, max_depth)
            for reply in sort_comments(comment.replies, sort)
        ]
        replies = listing(children, dist=False)
    return comment_thing(community, post, comment, replies)


def _find_comment(forest: list[Comment], comment_id: str) -> Comment | None:
    for top in forest:
        for comment in top.walk():
            if comment.id == comment_id:
                return comment
    return None


def _post_access(catalog: Catalog, post_id: str, base_url: str) -> tuple[Community, int] | Answer:
    located = catalog.locate(post_id)
    if located is None:
        return error(404, "Not Found")
    community = located[0]
    denied = access_error(community, community.spec.name, base_url=base_url, about=False)
    if denied is not None:
        return error(404, "Not Found") if denied.status == 302 else denied
    return located


def comments(
    catalog: Catalog,
    post_id: str,
    params: Mapping[str, str],
    *,
    focus: str | None,
    base_url: str,
) -> Answer:
    """`/comments/{id}`: [Listing(t3), Listing(t1 forest + trailing more)].

    `limit` caps the top-level comments shown (the rest go into one trailing
    `more`); `depth` caps nesting, deeper replies become "continue this thread".
    """
    located = _post_access(catalog, post_id, base_url)
    if isinstance(located, Answer):
        return located
    community, index = located
    post = catalog.post(community, index)
    forest = catalog.comments(community, index)
    sort = params.get("sort", "confidence")
    max_depth = _int(params, "depth", None)
    if max_depth is not None and max_depth < 1:
        max_depth = None
    limit = _int(params, "limit", None)
    head = listing([post_thing(community, post)])
    if focus is not None:
        target = _find_comment(forest, focus)
        if target is None:
            return Answer(200, [head, listing([], dist=False)])
        depth = None if max_depth is None else target.depth + max_depth
        return Answer(200, [head, listing([_render(community, post, target, sort, depth)])])
    ordered = sort_comments(forest, sort)
    shown = ordered if limit is None or limit < 0 else ordered[:limit]
    children = [_render(community, post, c, sort, max_depth) for c in shown]
    hidden = ordered[len(shown) :]
    if hidden:
        ids = [c.id for top in hidden for c in top.walk()]
        children.append(more_thing(post.fullname, 0, ids, len(ids)))
    return Answer(200, [head, listing(children, dist=False)])


def more_children(catalog: Catalog, form: Mapping[str, str], *, base_url: str) -> Answer:
    """`/api/morechildren`: the asked-for comments, flat, parents before children."""
    link_id = form.get("link_id", "").removeprefix("t3_")
    located = _post_access(catalog, link_id, base_url)
    if isinstance(located, Answer):
        return located
    community, index = located
    post = catalog.post(community, index)
    wanted = {c for c in form.get("children", "").split(",") if c}
    things = [
        comment_thing(community, post, c, "")
        for top in sort_comments(catalog.comments(community, index), form.get("sort", "confidence"))
        for c in top.walk()
        if c.id in wanted
    ]
    return Answer(200, {"json": {"errors": [], "data": {"things": things}}})


def _comment_by_id(catalog: Catalog, comment_id: str) -> tuple[Community, Post, Comment] | None:
    number = from_base36(comment_id)
    if number is None:
        return None
    located = catalog.locate(to_base36(number >> COMMENT_BITS))
    if located is None:
        return None
    community, index = located
    found = _find_comment(catalog.comments(community, index), comment_id)
    if found is None:
        return None
    return community, catalog.post(community, index), found


def info(catalog: Catalog, params: Mapping[str, str]) -> Answer:
    """`/api/info?id=t3_..,t1_..,t5_..` or `?sr_name=a,b`: known things, in order.

    Private and quarantined subreddits still appear here as t5 (with
    `subreddit_type` / `quarantine`), the one place their status is readable:
    their 403 bodies are gone by the time asyncprawcore raises.
    """
    children: list[JSON] = []
    names = [n for n in params.get("id", "").split(",") if n]
    for fullname in names[:MAX_LIMIT]:
        kind, _, thing_id = fullname.partition("_")
        if kind == "t3":
            located = catalog.locate(thing_id)
            if located and located[0].spec.status == "public":
                children.append(post_thing(located[0], catalog.post(*located)))
        elif kind == "t1":
            found = _comment_by_id(catalog, thing_id)
            if found and found[0].spec.status == "public":
                community, post, comment = found
                children.append(comment_thing(community, post, comment, ""))
        elif kind == "t5":
            by_id = catalog.community_by_id(thing_id)
            if by_id and by_id.spec.status not in ("banned", "not_found"):
                children.append(subreddit_thing(by_id))
    for name in [n for n in params.get("sr_name", "").split(",") if n][:MAX_LIMIT]:
        by_name = catalog.community(name)
        if by_name and by_name.spec.status not in ("banned", "not_found"):
            children.append(subreddit_thing(by_name))
    return Answer(200, listing(children))


def by_id(catalog: Catalog, names: str) -> Answer:
    """`/by_id/t3_a,t3_b`: posts by fullname, like `/api/info` restricted to t3."""
    ids = ",".join(n for n in names.split(",") if n.startswith("t3_"))
    return info(catalog, {"id": ids})


def _subreddit_page(found: list[Community], params: Mapping[str, str]) -> Answer:
    limit = _limit(params)
    start = 0
    after = params.get("after")
    if after:
        names = [c.fullname for c in found]
        if after not in names:
            return Answer(200, listing([]))
        start = names.index(after) + 1
    page = found[start : start + limit]
    next_after = page[-1].fullname if page and start + len(page) < len(found) else None
    return Answer(200, listing([subreddit_thing(c) for c in page], after=next_after))


def subreddit_search(catalog: Catalog, params: Mapping[str, str]) -> Answer:
    """`/subreddits/search?q=`: name, title and description match every word of q."""
    words = params.get("q", "").lower().split()
    if not words:
        return Answer(200, listing([]))
    query = "".join(words)
    found = []
    for community in catalog.communities.values():
        if community.spec.status not in ("public", "private"):
            continue
        data = subreddit_data(community)
        haystack = f"{community.key} {data['title']} {data['public_description']}".lower()
        if all(word in haystack for word in words):
            found.append(community)
    found.sort(key=lambda c: (c.key != query, -c.subscribers, c.key))
    return _subreddit_page(found, params)


def popular(catalog: Catalog, params: Mapping[str, str]) -> Answer:
    """`/subreddits/popular`: public subreddits, biggest first."""
    found = [c for c in catalog.communities.values() if c.spec.status == "public"]
    found.sort(key=lambda c: (-c.subscribers, c.key))
    return _subreddit_page(found, params)
