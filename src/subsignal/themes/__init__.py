"""Themes: sorting a post into text themes by curated phrase rules.

Pure Python (stdlib `re`), called by the collectors for every post (in worker
processes: `subsignal.collect.scoring`); the rules live in
`subsignal.themes.rules`. Engagement themes are computed in SQL.
"""

from subsignal.themes.names import ENGAGEMENT_THEMES, TEXT_THEMES, THEMES
from subsignal.themes.score import THRESHOLD, score_post, score_posts

__all__ = ["ENGAGEMENT_THEMES", "TEXT_THEMES", "THEMES", "THRESHOLD", "score_post", "score_posts"]
