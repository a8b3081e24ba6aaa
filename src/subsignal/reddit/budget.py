"""One request budget shared by every collector of the process.

Reddit grants a client id a number of requests per window (1000 per 600 s)
and reports what is left in `x-ratelimit-remaining`, `x-ratelimit-used` and
`x-ratelimit-reset` (seconds until the window resets). asyncprawcore spreads a
window's budget evenly over the window (about one request per 0.6 s at its
start, however many tasks wait); this budget instead lets requests go out at
full concurrency while the window has room for them, keeps a small safety
margin, and makes everyone wait for the reset when it has none. A request in
flight counts against the budget until its answer arrives, so concurrent
collectors never overdraw it.

Until the first answer of a window is known, only one request goes out: it
probes how much budget is left (another process may share the client id).
"""

from __future__ import annotations

import math
import time
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

import anyio


@dataclass
class BudgetState:
    """What the last answers said about the current window."""

    remaining: float | None = None  # None: unknown (no answer yet, or the window reset)
    total: float | None = None
    resets_at: float = 0.0  # monotonic time the window ends
    in_flight: int = 0


class RequestBudget:
    def __init__(
        self, *, margin_ratio: float = 0.01, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.state = BudgetState()
        self.margin_ratio = margin_ratio
        self.clock = clock
        self.sent = 0
        self.waits = 0
        self._changed = anyio.Event()

    def margin(self) -> int:
        """Requests kept in reserve: 1% of the window, at least 1."""
        total = self.state.total or 0
        return max(1, math.ceil(total * self.margin_ratio))

    def _may_send(self) -> bool:
        state = self.state
        if state.remaining is not None and self.clock() >= state.resets_at:
            state.remaining = None  # the window is over: the next answer tells the new one
        if state.remaining is None:
            return state.in_flight == 0
        return state.remaining - state.in_flight - self.margin() > 0

    def _wait_seconds(self) -> float | None:
        """How long until the window resets, or None to wait for an answer instead."""
        if self.state.remaining is None:
            return None
        return max(0.0, self.state.resets_at - self.clock())

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[Callable[[Mapping[str, str]], None]]:
        """Hold one request's place in the budget; call the yielded function with the
        answer's headers. The place is given back however the request ends."""
        while not self._may_send():
            self.waits += 1
            changed = self._changed
            with anyio.move_on_after(self._wait_seconds()):
                await changed.wait()
        self.state.in_flight += 1
        self.sent += 1
        observed = False

        def observe(headers: Mapping[str, str]) -> None:
            nonlocal observed
            observed = True
            self._observe(headers)

        try:
            yield observe
        finally:
            self.state.in_flight -= 1
            if not observed and self.state.remaining is not None:
                self.state.remaining -= 1  # no headers (an error answer): count it anyway
            self._notify()

    def _observe(self, headers: Mapping[str, str]) -> None:
        try:
            remaining = float(headers["x-ratelimit-remaining"])
            used = float(headers["x-ratelimit-used"])
            reset = float(headers["x-ratelimit-reset"])
        except (KeyError, ValueError):
            if self.state.remaining is not None:
                self.state.remaining -= 1
            return
        state = self.state
        resets_at = self.clock() + reset + 1.0  # whole seconds, rounded: keep a second spare
        if state.remaining is None or resets_at > state.resets_at + 2.0:
            state.remaining = remaining  # the first answer of a (new) window
            state.resets_at = resets_at
        elif resets_at < state.resets_at - 2.0:
            return  # a late answer from the previous window
        else:
            # answers arrive out of order: within a window the lowest count is the truth
            state.remaining = min(state.remaining, remaining)
        state.total = remaining + used

    def _notify(self) -> None:
        self._changed.set()
        self._changed = anyio.Event()
