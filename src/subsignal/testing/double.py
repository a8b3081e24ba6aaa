"""The Reddit double: state, counters, rate limit, failure injection and the ASGI app.

The real asyncpraw client talks to it over loopback HTTP, so tests exercise
the same token flow, paging, pacing, retries and error mapping as against
reddit.com. Counters are plain attributes a test may read at any time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import random
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl

import anyio
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from subsignal.testing import endpoints
from subsignal.testing.content import (
    DEFAULT_NOW,
    SORTS,
    TIME_FILTERS,
    Catalog,
    Comment,
    Community,
    Post,
)
from subsignal.testing.endpoints import Answer, error
from subsignal.testing.ratelimit import RateWindow
from subsignal.testing.specs import SubredditSpec

TOKEN_PATH = "/api/v1/access_token"
TOKEN_LIFETIME = 86_400

_ROUTES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("about", re.compile(r"^/r/(?P<sub>[^/]+)/about$")),
    ("listing", re.compile(r"^/r/(?P<sub>[^/]+)(?:/(?P<sort>[a-z]+))?$")),
    (
        "comments",
        re.compile(
            r"^(?:/r/(?P<sub>[^/]+))?/comments/(?P<id>[A-Za-z0-9]+)"
            r"(?:/(?P<slug>[^/]*)(?:/(?P<focus>[A-Za-z0-9]+))?)?$"
        ),
    ),
    ("morechildren", re.compile(r"^/api/morechildren$")),
    ("info", re.compile(r"^/api/info$")),
    ("by_id", re.compile(r"^/by_id/(?P<names>[^/]+)$")),
    ("search", re.compile(r"^/subreddits/search$")),
    ("popular", re.compile(r"^/subreddits/popular$")),
)

_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    409: "Conflict",
    413: "Request Entity Too Large",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

_CDN_PAGE = (
    "<!doctype html><html><head><title>Reddit - Dive into anything</title></head>"
    "<body><h1>Our CDN was unable to reach our servers</h1><p>Error {status}</p></body></html>"
)


def normalize_path(path: str) -> str:
    """Reddit answers the same for `/r/x/top`, `/r/x/top/` and `/r/x/top.json`."""
    path = path.rstrip("/") or "/"
    return path.removesuffix(".json") or "/"


@dataclass
class FailureRule:
    """Answer `status` instead of the real response, on a seeded share of matching requests."""

    status: int
    subreddit: str | None = None
    rate: float = 1.0
    times: int | None = None
    path: str | None = None

    def matches(self, path: str, subreddit: str | None) -> bool:
        if self.path is not None and not path.startswith(self.path):
            return False
        if self.path != TOKEN_PATH and path == TOKEN_PATH:
            return False  # token failures only when asked for by path
        return self.subreddit is None or (subreddit or "").lower() == self.subreddit.lower()


@dataclass
class _Route:
    kind: str
    groups: dict[str, str]
    subreddit: str | None


_Inputs = tuple[SubredditSpec, int, float, int]


@dataclass(frozen=True)
class _Page:
    """A listing page rendered ahead, with what it was rendered from (see `_inputs`)."""

    body: bytes
    inputs: _Inputs


class RedditDouble:
    """A fake reddit.com (www for tokens and oauth for the API) served as one ASGI app.

    Counters (read them any time): `requests_received` (API requests that
    arrived), `requests_served` (answered, any status), `requests_cancelled`
    (the client went away first), `in_flight` and `max_in_flight` (all
    requests being handled, tokens included), `token_requests`,
    `status_counts` / `path_counts` / `subreddit_counts` (API only),
    `token_status_counts`, `rate_limited` (429s served), `failures_injected`,
    `prerendered_served` (listing pages answered from `prerender_listing`).

    Specs are copied; reach the live ones through `spec(name)`. A negative
    `max_listing` lifts Reddit's 1000-item cap.
    """

    def __init__(
        self,
        subreddits: Iterable[SubredditSpec],
        *,
        seed: int = 0,
        latency: float = 0.0,
        window_requests: int = 1000,
        window_seconds: float = 600.0,
        client_id: str = "test-client-id",
        client_secret: str = "test-client-secret",
        max_listing: int = 1000,
        comments_per_post: int = 5,
        now: float = DEFAULT_NOW,
    ) -> None:
        self.seed = seed
        self.catalog = Catalog(subreddits, seed=seed, now=now, comments_per_post=comments_per_post)
        self.latency = latency
        self.window = RateWindow(window_requests, window_seconds)
        self.client_id = client_id
        self.client_secret = client_secret
        self.max_listing = max_listing
        self.failures: list[FailureRule] = []
        self._failure_rng = random.Random(f"{seed}|failures")
        self._tokens: set[str] = set()
        self._issued = 0
        self.requests_received = 0
        self.requests_served = 0
        self.requests_cancelled = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self.token_requests = 0
        self.rate_limited = 0
        self.failures_injected = 0
        self.status_counts: Counter[int] = Counter()
        self.path_counts: Counter[str] = Counter()
        self.subreddit_counts: Counter[str] = Counter()
        self.token_status_counts: Counter[int] = Counter()
        self.prerendered_served = 0
        self._pages: dict[endpoints.ListingKey, _Page] = {}
        self._change: anyio.Event | None = None
        self.app: ASGIApp = self

    # -- controls for tests ----------------------------------------------------

    @property
    def now(self) -> float:
        """The double's fixed "now" (epoch seconds); `t=` filters and ages count from it."""
        return self.catalog.now

    def spec(self, name: str) -> SubredditSpec:
        """The live spec of a subreddit: change `latency`, `status` or `subscribers` in place."""
        community = self.catalog.community(name)
        if community is None:
            raise KeyError(name)
        return community.spec

    def add_subreddit(self, spec: SubredditSpec) -> SubredditSpec:
        """Add a subreddit while serving; returns its live (copied) spec.

        Pre-rendered pages stay: a page shows its own subreddit's posts only, and
        the newcomer takes a free id slot, so no cursor of theirs changes meaning.
        """
        return self.catalog.add(spec).spec

    def add_posts(self, subreddit: str, count: int = 1) -> list[str]:
        """Publish new posts (newest first in `new`); returns their ids, oldest first.

        Drops every pre-rendered page: orders change, and "now" moves for all.
        """
        community = self.catalog.community(subreddit)
        if community is None:
            raise KeyError(subreddit)
        self._pages.clear()
        return self.catalog.add_posts(community, count)

    def prerender_listing(
        self, subreddit: str, sort: str = "hot", time_filter: str = "all", limit: int = 100
    ) -> int:
        """Render a listing's pages now, in the order a client paging by `after` asks for them.

        Real Reddit's CPU is not on the caller's machine; building and encoding
        a page is most of the double's. A request for a pre-rendered page skips
        that and nothing else (auth, rate window, latency, injected failures,
        counters). A request finds its page by `endpoints.listing_key`: the
        subreddit, sort, `t` and `limit` as the listing applies them, and the raw
        `after`/`before`. A page whose content changed since is rendered afresh.
        Returns the number of pages; 0 when the subreddit is not public (its
        answers are errors, not pages).
        """
        community = self.catalog.community(subreddit)
        if community is None:
            raise KeyError(subreddit)
        if sort not in SORTS:
            raise ValueError(sort)
        if time_filter not in TIME_FILTERS:
            raise ValueError(time_filter)
        params = {"limit": str(limit), "t": time_filter}
        pages = 0
        while True:
            answer = self._render_listing(subreddit, sort, params, base_url="")
            if answer.status != 200:
                return pages
            key = endpoints.listing_key(subreddit, sort, params)
            self._pages[key] = _Page(answer.rendered(), self._inputs(community, copy=True))
            pages += 1
            after = answer.body["data"]["after"]
            if after is None:
                return pages
            params = {**params, "after": after}

    def fail(
        self,
        status: int,
        *,
        subreddit: str | None = None,
        rate: float = 1.0,
        times: int | None = None,
        path: str | None = None,
    ) -> FailureRule:
        """Answer `status` on a share `rate` of matching API requests, `times` times at most.

        Decisions come from an RNG seeded by the double's seed, so a given
        request sequence fails the same way on every run. `path` is a prefix
        (pass `TOKEN_PATH` to fail token requests).
        """
        rule = FailureRule(status, subreddit, rate, times, path)
        self.failures.append(rule)
        return rule

    def clear_failures(self) -> None:
        self.failures.clear()

    def reset_window(self) -> None:
        """Start a fresh rate-limit window at the next request."""
        self.window.reset()

    def revoke_tokens(self) -> None:
        """Invalidate every issued token, as if they had all expired."""
        self._tokens.clear()

    async def wait_until(
        self,
        predicate: Callable[[RedditDouble], bool],
        timeout: float = 5.0,  # noqa: ASYNC109 (mirrors wait_idle)
    ) -> None:
        """Wait until `predicate(double)` holds, re-checked whenever a counter moves.

        E.g. `await double.wait_until(lambda d: d.in_flight == 3)` before
        disconnecting a client mid-request. TimeoutError after `timeout` seconds.
        """
        with anyio.fail_after(timeout):
            while not predicate(self):
                if self._change is None:
                    self._change = anyio.Event()
                await self._change.wait()

    async def wait_idle(self, timeout: float = 5.0) -> None:  # noqa: ASYNC109 (public API)
        """Return once no request is being handled; TimeoutError after `timeout` seconds."""
        await self.wait_until(lambda double: double.in_flight == 0, timeout)

    def _changed(self) -> None:
        if self._change is not None:
            self._change.set()
            self._change = None

    def posts(self, subreddit: str, sort: str = "new", time_filter: str = "all") -> list[Post]:
        """Every post of a listing in order, ignoring the listing cap (for assertions)."""
        community = self.catalog.community(subreddit)
        if community is None:
            raise KeyError(subreddit)
        if time_filter not in TIME_FILTERS:
            raise ValueError(time_filter)
        order, _ = self.catalog.order(community, sort, time_filter)
        return [self.catalog.post(community, i) for i in order]

    def post(self, post_id: str) -> Post | None:
        located = self.catalog.locate(post_id)
        return None if located is None else self.catalog.post(*located)

    def comments(self, post_id: str) -> list[Comment]:
        """A post's comment forest (top-level comments with replies attached)."""
        located = self.catalog.locate(post_id)
        if located is None:
            raise KeyError(post_id)
        return self.catalog.comments(*located)

    # -- ASGI --------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The ASGI entry point; `double.app` is the double itself."""
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        self._changed()
        try:
            request = Request(scope, receive)
            body = await request.body()
            answer = await self._answer_unless_disconnected(request, body, receive)
            if answer is None:
                self.requests_cancelled += 1
                self._changed()
                return
            await _to_response(answer)(scope, receive, send)
        finally:
            self.in_flight -= 1
            self._changed()

    async def _answer_unless_disconnected(
        self, request: Request, body: bytes, receive: Receive
    ) -> Answer | None:
        """Handle the request, but stop at once (None) if the client disconnects meanwhile."""
        answers: list[Answer] = []
        async with anyio.create_task_group() as group:

            async def watch() -> None:
                while (await receive())["type"] != "http.disconnect":
                    pass
                group.cancel_scope.cancel()

            group.start_soon(watch)
            answers.append(await self._handle(request, body))
            group.cancel_scope.cancel()
        return answers[0] if answers else None

    async def _handle(self, request: Request, body: bytes) -> Answer:
        path = normalize_path(request.url.path)
        if path == TOKEN_PATH:
            return await self._token(request, body)
        self.requests_received += 1
        self._changed()
        params = dict(request.query_params)
        if request.method == "POST":
            params.update(parse_qsl(body.decode("utf-8", "replace")))
        route = self._route(path, params)
        latency = self.latency
        if route is not None and route.subreddit is not None:
            spec = self.catalog.community(route.subreddit)
            if spec is not None and spec.spec.latency:
                latency += spec.spec.latency
        if latency > 0:
            await anyio.sleep(latency)
        answer = self._api(request, path, params, route)
        answer.headers.update(self.window.headers())
        self.requests_served += 1
        self.status_counts[answer.status] += 1
        self.path_counts[path] += 1
        if route is not None and route.subreddit is not None:
            self.subreddit_counts[route.subreddit.lower()] += 1
        self._changed()
        return answer

    def _api(
        self, request: Request, path: str, params: dict[str, str], route: _Route | None
    ) -> Answer:
        if _bearer(request) not in self._tokens:
            return _unauthorized()
        if not self.window.take():
            self.rate_limited += 1
            return error(429, "Too Many Requests")
        injected = self._injected(path, route.subreddit if route else None)
        if injected is not None:
            return injected
        if route is None:
            return error(404, "Not Found")
        allowed = ("GET", "POST") if route.kind == "morechildren" else ("GET", "HEAD")
        if request.method not in allowed:
            return error(405, "Method Not Allowed")
        return self._dispatch(route, params, str(request.base_url).rstrip("/"))

    def _dispatch(self, route: _Route, params: Mapping[str, str], base_url: str) -> Answer:
        catalog, groups = self.catalog, route.groups
        if route.kind == "listing":
            return self._listing(groups["sub"], groups.get("sort") or "hot", params, base_url)
        if route.kind == "about":
            return endpoints.about(catalog, groups["sub"], base_url=base_url)
        if route.kind == "comments":
            return endpoints.comments(
                catalog, groups["id"], params, focus=groups.get("focus"), base_url=base_url
            )
        if route.kind == "morechildren":
            return endpoints.more_children(catalog, params, base_url=base_url)
        if route.kind == "info":
            return endpoints.info(catalog, params)
        if route.kind == "by_id":
            return endpoints.by_id(catalog, groups["names"])
        if route.kind == "search":
            return endpoints.subreddit_search(catalog, params)
        return endpoints.popular(catalog, params)

    def _listing(self, name: str, sort: str, params: Mapping[str, str], base_url: str) -> Answer:
        """The pre-rendered page when there is one and its content still holds, else a render."""
        key = endpoints.listing_key(name, sort, params)
        page = self._pages.get(key)
        if page is not None:
            community = self.catalog.community(name)
            if community is not None and page.inputs == self._inputs(community):
                self.prerendered_served += 1
                return Answer(200, page.body)
            del self._pages[key]  # stale: serve what the double would render now
        return self._render_listing(name, sort, params, base_url)

    def _render_listing(
        self, name: str, sort: str, params: Mapping[str, str], base_url: str
    ) -> Answer:
        return endpoints.subreddit_listing(
            self.catalog, name, sort, params, max_listing=self.max_listing, base_url=base_url
        )

    def _inputs(self, community: Community, *, copy: bool = False) -> _Inputs:
        """What a 200 listing body depends on beyond its key: the spec (status, name,
        subscribers, over18; tests edit it in place), the post count, the double's
        "now" (time filters count from it; the wall clock never enters a body) and
        the listing cap. Seed and comments per post are fixed at creation."""
        spec = replace(community.spec) if copy else community.spec
        return (spec, community.total_posts, self.catalog.now, self.max_listing)

    def _route(self, path: str, params: Mapping[str, str]) -> _Route | None:
        for kind, pattern in _ROUTES:
            match = pattern.match(path)
            if match is None:
                continue
            groups = {k: v for k, v in match.groupdict().items() if v is not None}
            subreddit = groups.get("sub")
            post_id = groups.get("id") or (
                params.get("link_id", "").removeprefix("t3_") if kind == "morechildren" else ""
            )
            if subreddit is None and post_id:
                located = self.catalog.locate(post_id)
                subreddit = located[0].spec.name if located else None
            return _Route(kind, groups, subreddit)
        return None

    def _injected(self, path: str, subreddit: str | None) -> Answer | None:
        for rule in list(self.failures):
            if not rule.matches(path, subreddit):
                continue
            if rule.rate < 1.0 and self._failure_rng.random() >= rule.rate:
                continue
            if rule.times is not None:
                rule.times -= 1
                if rule.times <= 0:
                    self.failures.remove(rule)
            self.failures_injected += 1
            if rule.status == 429:
                self.rate_limited += 1
            return _failure_answer(rule.status)
        return None

    async def _token(self, request: Request, body: bytes) -> Answer:
        """`POST /api/v1/access_token`: client-credentials grant with HTTP basic auth."""
        self.token_requests += 1
        if self.latency > 0:
            await anyio.sleep(self.latency)
        answer = self._token_answer(request, body)
        self.token_status_counts[answer.status] += 1
        self._changed()
        return answer

    def _token_answer(self, request: Request, body: bytes) -> Answer:
        injected = self._injected(TOKEN_PATH, None)
        if injected is not None:
            return injected
        if request.method != "POST":
            return error(405, "Method Not Allowed")
        if _basic_auth(request) != (self.client_id, self.client_secret):
            return error(401, "Unauthorized")
        form = dict(parse_qsl(body.decode("utf-8", "replace")))
        if form.get("grant_type") != "client_credentials":
            return Answer(200, {"error": "unsupported_grant_type"})
        self._issued += 1
        digest = hashlib.blake2b(f"{self.seed}|{self._issued}".encode(), digest_size=12)
        token = f"{self._issued}-{digest.hexdigest()}"
        self._tokens.add(token)
        return Answer(
            200,
            {
                "access_token": token,
                "token_type": "bearer",
                "expires_in": TOKEN_LIFETIME,
                "scope": "*",
            },
        )


def _unauthorized() -> Answer:
    """asyncprawcore reads the error kind from www-authenticate; without it, it crashes."""
    answer = error(401, "Unauthorized")
    answer.headers["www-authenticate"] = 'Bearer realm="reddit", error="invalid_token"'
    return answer


def _failure_answer(status: int) -> Answer:
    if status in (502, 503, 504):
        return Answer(status, _CDN_PAGE.format(status=status), html=True)
    if status == 401:
        return _unauthorized()
    return error(status, _REASONS.get(status, "Error"))


def _bearer(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def _basic_auth(request: Request) -> tuple[str, str] | None:
    scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def _to_response(answer: Answer) -> Response:
    if answer.status in (301, 302):
        return Response(status_code=answer.status, headers=answer.headers)
    if answer.html:
        return HTMLResponse(answer.body, status_code=answer.status, headers=answer.headers)
    return Response(
        answer.rendered(),
        status_code=answer.status,
        headers=answer.headers,
        media_type="application/json",
    )


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
