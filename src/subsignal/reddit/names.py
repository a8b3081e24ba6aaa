"""Subreddit names: Reddit's own rules, applied before anything reaches Reddit."""

from __future__ import annotations

import re

SUBREDDIT_NAME = re.compile(r"^[A-Za-z0-9_]{2,21}$")


def clean_subreddit_name(raw: str) -> str | None:
    """The display name for `raw` (an `r/` prefix and slashes allowed), or None if invalid."""
    name = raw.strip()
    for prefix in ("/r/", "r/"):
        if name.lower().startswith(prefix):
            name = name[len(prefix) :]
    name = name.strip("/")
    return name if SUBREDDIT_NAME.match(name) else None
