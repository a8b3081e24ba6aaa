"""Themes: sorting a post into text themes.

Curated phrase rules (`rules`, matched by `cues`) and a logistic model per
theme over the rules' cues and the post's words (`score`, trained by `train`
on the labelled posts of `tests/data`). Pure Python, called by the collectors
for every post (in worker processes: `subsignal.collect.scoring`).
Engagement themes are computed in SQL.
"""

from subsignal.themes.names import ENGAGEMENT_THEMES, TEXT_THEMES, THEMES
from subsignal.themes.score import THRESHOLD, score_post, score_posts

__all__ = ["ENGAGEMENT_THEMES", "TEXT_THEMES", "THEMES", "THRESHOLD", "score_post", "score_posts"]
