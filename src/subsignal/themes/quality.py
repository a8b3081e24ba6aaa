"""Measuring the rules against labelled posts (shared by the tests and the benchmark).

The labelled sets live in `tests/data`. The rules are tuned on the in-sample
sets (`TUNING_SETS`: the first hand-labelled set and the development sets);
`HELDOUT_SET` was written from the theme definitions by someone who never
saw the rules, and no rule is ever changed by looking at it: its figures are
the ones that say how the rules do on posts nobody tuned them on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from subsignal.themes.names import TEXT_THEMES
from subsignal.themes.score import score_post

# The floor every text theme keeps on the first hand-labelled set (in sample).
PRECISION_GOAL = 0.85
RECALL_GOAL = 0.7
# The goal out of sample, on the held-out set.
HELDOUT_F1_GOAL = 0.85
HELDOUT_MACRO_F1_GOAL = 0.90

TUNING_SETS = ("themes_labelled", "themes_dev", "themes_dev_2", "themes_dev_3", "themes_dev_4")
HELDOUT_SET = "themes_heldout"

Scorer = Callable[[str, str], dict[str, float]]


@dataclass(frozen=True)
class LabelledPost:
    """A post written and labelled by hand: the themes a reader would give it."""

    title: str
    body: str
    subreddit: str
    themes: frozenset[str]


@dataclass(frozen=True)
class ThemeQuality:
    """Confusion counts for one theme (or all themes together, micro-averaged)."""

    theme: str
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        predicted = self.tp + self.fp
        return self.tp / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.tp + self.fn
        return self.tp / actual if actual else 1.0

    @property
    def f1(self) -> float:
        both = self.precision + self.recall
        return 2 * self.precision * self.recall / both if both else 0.0

    @property
    def passes(self) -> bool:
        return self.precision >= PRECISION_GOAL and self.recall >= RECALL_GOAL


def load_labelled(path: Path) -> list[LabelledPost]:
    """Read the JSONL dataset, rejecting theme names the scorer does not know."""
    posts: list[LabelledPost] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        themes = frozenset(row["themes"])
        unknown = themes - set(TEXT_THEMES)
        if unknown:
            raise ValueError(f"{path}:{number}: unknown themes {sorted(unknown)}")
        posts.append(LabelledPost(row["title"], row["body"], row["subreddit"], themes))
    return posts


def evaluate(posts: Iterable[LabelledPost], scorer: Scorer = score_post) -> list[ThemeQuality]:
    """Per text theme, how the scorer's memberships compare with the labels."""
    counts = {theme: [0, 0, 0] for theme in TEXT_THEMES}
    for post in posts:
        predicted = set(scorer(post.title, post.body))
        for theme in TEXT_THEMES:
            if theme in predicted and theme in post.themes:
                counts[theme][0] += 1
            elif theme in predicted:
                counts[theme][1] += 1
            elif theme in post.themes:
                counts[theme][2] += 1
    return [ThemeQuality(theme, *counts[theme]) for theme in TEXT_THEMES]


def macro_f1(qualities: Sequence[ThemeQuality]) -> float:
    """The themes' F1, averaged with equal weight (a rare theme counts as much)."""
    return sum(q.f1 for q in qualities) / len(qualities)


def micro(qualities: Sequence[ThemeQuality]) -> ThemeQuality:
    """All themes pooled: the overall precision and recall."""
    return ThemeQuality(
        "all (micro)",
        sum(q.tp for q in qualities),
        sum(q.fp for q in qualities),
        sum(q.fn for q in qualities),
    )
