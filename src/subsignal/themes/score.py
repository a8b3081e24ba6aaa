"""Scoring a post's text: which text themes it belongs to, and how strongly.

A logistic model per text theme over the post's features (words, word pairs,
the rule cues it matches and the rules' evidence: `subsignal.themes.features`),
trained on the labelled posts of `tests/data` by `subsignal.themes.train`
and shipped as `weights.json`. The rules carry what was written down about
each theme; the weights learn how much each cue and word really says, from
posts the rules were not written for.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from subsignal.themes.cues import evidence
from subsignal.themes.features import post_features
from subsignal.themes.names import TEXT_THEMES

# A post belongs to a theme when its relevance is at least this.
THRESHOLD = 0.5
WEIGHTS_PATH = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class ThemeModel:
    """Per feature, its weight for each text theme (in TEXT_THEMES order)."""

    weights: dict[str, tuple[float, ...]]
    rules_fingerprint: str  # the rules the weights were trained with


def load_model(path: Path = WEIGHTS_PATH) -> ThemeModel:
    saved = json.loads(path.read_text(encoding="utf-8"))
    if tuple(saved["themes"]) != TEXT_THEMES:
        raise ValueError(f"{path} was trained for themes {saved['themes']}")
    weights = {feature: tuple(values) for feature, values in saved["weights"].items()}
    return ThemeModel(weights, saved["rules_fingerprint"])


_MODEL = load_model()  # a test holds its rules_fingerprint to the rules' (retrain when not)


def relevances(title: str, body: str, model: ThemeModel = _MODEL) -> list[float]:
    """The model's probability for each text theme, in TEXT_THEMES order (0 where
    a rule's veto took the theme away)."""
    weights = model.weights
    rules = evidence(title, body)
    present, valued = post_features(title, body, rules)
    rows = [row for feature in present if (row := weights.get(feature)) is not None]
    for feature, value in valued.items():
        row = weights.get(feature)
        if row is not None:
            rows.append(tuple(w * value for w in row))
    return [
        0.0 if position in rules.vetoed else _sigmoid(sum(column))
        for position, column in enumerate(zip(*rows, strict=True))
    ]


def score_post(title: str, body: str) -> dict[str, float]:
    """Relevance in [THRESHOLD, 1] for each text theme the post belongs to;
    themes it does not belong to are absent."""
    return {
        theme: round(relevance, 4)
        for theme, relevance in zip(TEXT_THEMES, relevances(title, body), strict=True)
        if relevance >= THRESHOLD
    }


def score_posts(texts: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
    """`score_post` of each `(title, body)`: a page in one call (to a worker process)."""
    return [score_post(title, body) for title, body in texts]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(z, 30.0))))
