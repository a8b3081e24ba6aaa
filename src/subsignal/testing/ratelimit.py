"""Reddit's request budget: N requests per window, reported in x-ratelimit-* headers."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class RateWindow:
    """A fixed window that opens at the first request after the previous one expired."""

    requests: int
    seconds: float
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    started: float | None = None
    used: int = 0

    def _roll(self, now: float) -> None:
        if self.started is not None and now >= self.started + self.seconds:
            self.started = None
            self.used = 0

    def take(self) -> bool:
        """Spend one request; False (a 429) once the window's budget is gone."""
        now = self.clock()
        self._roll(now)
        if self.started is None:
            self.started = now
        if self.used >= self.requests:
            return False
        self.used += 1
        return True

    def headers(self) -> dict[str, str]:
        """Reddit's format: used is an integer, remaining a float, reset whole seconds.

        asyncprawcore parses `int(used)` and `int(float(remaining))`, so the
        shapes matter, not just the numbers.
        """
        now = self.clock()
        self._roll(now)
        if self.started is None:
            reset = int(self.seconds)
        else:
            reset = max(int(self.started + self.seconds - now), 0)
        return {
            "x-ratelimit-used": str(self.used),
            "x-ratelimit-remaining": f"{float(max(self.requests - self.used, 0))}",
            "x-ratelimit-reset": str(reset),
        }

    def reset(self) -> None:
        """Forget the current window; the next request opens a fresh one."""
        self.started = None
        self.used = 0
