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
from dataclasses import dataclass, field
from pathlib import Path

from subsignal.themes.cues import evidence
from subsignal.themes.features import BIAS, KINDS, PostFeatures, post_features
from subsignal.themes.names import TEXT_THEMES

# A post belongs to a theme when its relevance is at least this.
THRESHOLD = 0.5
WEIGHTS_PATH = Path(__file__).with_name("weights.json")


Row = tuple[float, ...]


@dataclass(frozen=True)
class ThemeModel:
    """Per feature, its weight for each text theme (in TEXT_THEMES order), by flat
    feature name (`t:pricing`, `c:<cue key>`, `e:3`, `bias`: see `features`)."""

    weights: dict[str, Row]
    rules_fingerprint: str  # the rules the weights were trained with
    # the same weights, one table per kind of feature, so scoring builds no names
    tables: dict[str, dict[str, Row]] = field(init=False, repr=False, compare=False)
    evidence_rows: tuple[Row, ...] = field(init=False, repr=False, compare=False)
    relevance_rows: tuple[Row, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        tables: dict[str, dict[str, Row]] = {kind: {} for kind in KINDS}
        for name, row in self.weights.items():
            kind, _, member = name.partition(":")
            if kind in tables:
                tables[kind][member] = row
        zero = (0.0,) * len(TEXT_THEMES)
        themes = range(len(TEXT_THEMES))
        object.__setattr__(self, "tables", tables)
        evidence_rows = tuple(self.weights.get(f"e:{t}", zero) for t in themes)
        object.__setattr__(self, "evidence_rows", evidence_rows)
        relevance_rows = tuple(self.weights.get(f"r:{t}", zero) for t in themes)
        object.__setattr__(self, "relevance_rows", relevance_rows)

    def logits(self, features: PostFeatures) -> list[float]:
        zero = (0.0,) * len(TEXT_THEMES)
        rows: list[Row] = [self.weights.get(BIAS, zero)]
        kinds = (features.title_words, features.words, features.pairs, features.cues)
        for kind, members in zip(KINDS, kinds, strict=True):
            table = self.tables[kind]
            rows.extend([row for member in members if (row := table.get(member)) is not None])
        for position, amount in enumerate(features.evidence):
            if amount:
                rows.append(tuple(w * amount for w in self.evidence_rows[position]))
                relevance = features.relevance[position]
                rows.append(tuple(w * relevance for w in self.relevance_rows[position]))
        return [sum(column) for column in zip(*rows, strict=True)]


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
    rules = evidence(title, body)
    logits = model.logits(post_features(title, body, rules))
    return [0.0 if position in rules.vetoed else _sigmoid(z) for position, z in enumerate(logits)]


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
