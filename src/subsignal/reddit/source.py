"""Reading Reddit: one shared asyncpraw client, one request budget, our error codes.

Listings, `about` and comments are fetched as JSON through `reddit.request`
(building asyncpraw objects for every post would cost far more CPU than the
JSON itself) and returned as plain records. Every call is bounded in time with
anyio (asyncpraw's own timeout does not bound API calls) and retried with
backoff on 429, 5xx, network errors and timeouts, which asyncprawcore either
never retries or retries without waiting.
"""

from __future__ import annotations

import logging
import random
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import anyio
import asyncpraw
import orjson
from asyncprawcore import Requestor
from asyncprawcore import exceptions as rx

from subsignal.errors import CredentialsRefused, RedditError
from subsignal.reddit.budget import RequestBudget
from subsignal.reddit.records import (
    CommentRecord,
    ListingPage,
    SubredditAbout,
    about_from_json,
    comments_from_json,
    listing_from_json,
)
from subsignal.settings import RedditCredentials, Settings

logger = logging.getLogger(__name__)

TOKEN_PATH = "/api/v1/access_token"
PAGE_SIZE = 100
REQUEST_TIMEOUT = 30.0  # seconds for one exchange with Reddit
TIMED_SORTS = ("top", "controversial")


class OrjsonResponse(aiohttp.ClientResponse):
    """aiohttp's response, decoding JSON with orjson: a listing page is about
    300 KB of JSON, and the standard decoder was the largest single cost of a
    collection after theme scoring."""

    async def json(
        self,
        *,
        encoding: str | None = None,
        loads: Any = orjson.loads,
        content_type: str | None = "application/json",
    ) -> Any:
        return await super().json(encoding=encoding, loads=loads, content_type=content_type)


class BudgetedRequestor(Requestor):
    """asyncprawcore's requestor, drawing every API request from the shared budget
    and bounding every exchange in time.

    The time bound covers sending the request and reading the whole answer, not
    the wait for a place in the budget (which can last until the window resets).
    The body is read before asyncprawcore sees the answer, so the reason Reddit
    gives for an error (private, quarantined, banned) is still readable after
    the exception. Token requests are not counted (Reddit does not count them).
    """

    def __init__(
        self, *args: Any, budget: RequestBudget, request_timeout: float, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.budget = budget
        self.request_timeout = request_timeout

    @asynccontextmanager
    async def request(
        self,
        *args: Any,
        timeout: float | None = None,  # noqa: ASYNC109 (asyncprawcore's signature)
        **kwargs: Any,
    ) -> AsyncIterator[aiohttp.ClientResponse]:
        url = str(args[1] if len(args) > 1 else kwargs.get("url", ""))
        if url.endswith(TOKEN_PATH):
            yield await self._exchange(args, {**kwargs, "timeout": timeout})
            return
        async with self.budget.slot() as observe:
            response = await self._exchange(args, {**kwargs, "timeout": timeout})
            observe(response.headers)
            yield response

    async def _exchange(
        self, args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> aiohttp.ClientResponse:
        """One request and its whole answer, read within `request_timeout`."""
        with anyio.fail_after(self.request_timeout):
            async with super().request(*args, **kwargs) as response:
                await response.read()
        return response


class RedditSource:
    """What the collectors know of Reddit."""

    def __init__(
        self,
        reddit: asyncpraw.Reddit,
        requestor: BudgetedRequestor,
        *,
        attempts: int = 4,
        backoff: float = 0.5,
    ) -> None:
        self.reddit = reddit
        self.requestor = requestor
        self.budget = requestor.budget
        self.attempts = attempts
        self.backoff = backoff
        self._first_answer = anyio.Event()
        self._first_sent = False

    @property
    def request_timeout(self) -> float:
        """Seconds one exchange with Reddit may take (the requestor enforces it)."""
        return self.requestor.request_timeout

    @request_timeout.setter
    def request_timeout(self, seconds: float) -> None:
        self.requestor.request_timeout = seconds

    async def listing_page(
        self, subreddit: str, sort: str, timeframe: str, *, after: str | None, limit: int
    ) -> ListingPage:
        params: dict[str, str | int] = {"limit": min(limit, PAGE_SIZE)}
        if after is not None:
            params["after"] = after
        if sort in TIMED_SORTS:
            params["t"] = timeframe
        payload = await self._get(f"r/{subreddit}/{sort}", params, subreddit=subreddit)
        return listing_from_json(payload)

    async def about(self, subreddit: str) -> SubredditAbout:
        payload = await self._get(f"r/{subreddit}/about", {}, subreddit=subreddit)
        return about_from_json(payload)

    async def comments(self, post_id: str, limit: int) -> list[CommentRecord]:
        params: dict[str, str | int] = {"limit": limit, "sort": "top", "depth": 4}
        payload = await self._get(f"comments/{post_id}", params, subreddit=None)
        return comments_from_json(payload, post_id, limit)

    async def _get(
        self, path: str, params: Mapping[str, str | int], *, subreddit: str | None
    ) -> Any:
        """One GET, with our timeout and retries; the first call of a fresh client
        goes alone, so N collectors starting together fetch one token, not N."""
        if not self._first_answer.is_set():
            if self._first_sent:
                await self._first_answer.wait()
            else:
                self._first_sent = True
                try:
                    return await self._get_with_retries(path, params, subreddit)
                finally:
                    self._first_answer.set()
        return await self._get_with_retries(path, params, subreddit)

    async def _get_with_retries(
        self, path: str, params: Mapping[str, str | int], subreddit: str | None
    ) -> Any:
        for attempt in range(1, self.attempts + 1):
            try:
                return await self.reddit.request(method="GET", path=path, params=dict(params))
            except Exception as exc:
                error = await classify(exc, subreddit)
                if isinstance(error, CredentialsRefused):
                    raise error from None
                retryable = error.code in ("upstream_error", "timeout")
                if not retryable or attempt == self.attempts:
                    raise error from None
                delay = self.backoff * 2 ** (attempt - 1) * (0.5 + random.random())
                logger.info(
                    "retrying reddit request",
                    extra={"path": path, "attempt": attempt, "reason": error.message},
                )
                await anyio.sleep(delay)
        raise AssertionError("unreachable")


async def classify(exc: Exception, subreddit: str | None) -> RedditError | CredentialsRefused:
    """Reddit's answer, as one of our error codes."""
    where = f"r/{subreddit}" if subreddit else "Reddit"
    if isinstance(exc, TimeoutError):
        return RedditError("timeout", f"{where} did not answer in time")
    if isinstance(exc, rx.OAuthException | rx.InvalidToken):
        return CredentialsRefused("Reddit refused the client id and secret")
    if isinstance(exc, rx.Redirect):
        return RedditError("not_found", f"{where} does not exist")
    if isinstance(exc, rx.ResponseException):
        status = exc.response.status
        reason = await _reason(exc.response)
        if status == 401:
            return CredentialsRefused("Reddit refused the client id and secret")
        if status == 403:
            if reason == "quarantined":
                return RedditError("quarantined", f"{where} is quarantined")
            if reason == "banned":
                return RedditError("banned", f"{where} is banned")
            return RedditError("private", f"{where} is private")
        if status == 404:
            if reason == "banned":
                return RedditError("banned", f"{where} is banned")
            return RedditError("not_found", f"{where} does not exist")
        if status == 429:
            return RedditError("upstream_error", "Reddit's request budget ran out (429)")
        return RedditError("upstream_error", f"Reddit answered {status}")
    if isinstance(exc, rx.RequestException):
        original = exc.original_exception
        if isinstance(original, TimeoutError):
            return RedditError("timeout", f"{where} did not answer in time")
        return RedditError("upstream_error", f"could not reach Reddit: {type(original).__name__}")
    if isinstance(exc, ValueError):
        return RedditError("upstream_error", f"Reddit's answer was not understood: {exc}")
    if isinstance(exc, asyncpraw.exceptions.RedditAPIException):
        return RedditError("upstream_error", f"Reddit answered an error: {exc}")
    raise exc


async def _reason(response: aiohttp.ClientResponse) -> str | None:
    try:
        body = await response.json(content_type=None)
    except Exception:
        return None
    reason = body.get("reason") if isinstance(body, dict) else None
    return str(reason) if reason else None


@asynccontextmanager
async def open_reddit(
    settings: Settings, credentials: RedditCredentials
) -> AsyncIterator[RedditSource]:
    """One read-only asyncpraw client for the process, closed on the way out."""
    budget = RequestBudget()
    session = aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=None), response_class=OrjsonResponse
    )
    try:
        reddit = asyncpraw.Reddit(
            client_id=credentials.client_id,
            client_secret=credentials.client_secret,
            user_agent=credentials.user_agent,
            oauth_url=settings.reddit_oauth_url,
            reddit_url=settings.reddit_url,
            check_for_updates=False,
            # asyncprawcore paces requests to spread a window evenly; a window this
            # long turns that off except when the budget is spent (ours decides).
            window_size=10**9,
            requestor_class=BudgetedRequestor,
            requestor_kwargs={
                "budget": budget,
                "request_timeout": REQUEST_TIMEOUT,
                "session": session,
            },  # closed with the client
        )
    except BaseException:
        await session.close()
        raise
    reddit.read_only = True
    try:
        assert isinstance(reddit.requestor, BudgetedRequestor)
        yield RedditSource(reddit, reddit.requestor)
    finally:
        with anyio.CancelScope(shield=True), anyio.move_on_after(5):
            await reddit.close()
