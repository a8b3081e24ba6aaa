"""Theme names: the contract shared by the scorer, the collectors, SQL and the API."""

from __future__ import annotations

# Decided from a post's text, by `score_post`.
TEXT_THEMES: tuple[str, ...] = (
    "pain_anger",
    "advice_requests",
    "solution_requests",
    "money_talk",
    "self_promotion",
    "news",
    "ideas",
    "opportunities",
)

# Decided from engagement relative to the audience, in SQL (not here).
ENGAGEMENT_THEMES: tuple[str, ...] = ("hot_discussions", "top_content")

THEMES: tuple[str, ...] = TEXT_THEMES + ENGAGEMENT_THEMES
