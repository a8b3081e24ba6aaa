"""Training the theme model on the labelled posts: `python -m subsignal.themes.train`.

One logistic regression per text theme over `post_features`, fitted by
AdaGrad with L2 regularisation on the in-sample sets (`quality.TUNING_SETS`),
never on the held-out set. Features seen in fewer than `MIN_COUNT` posts are
left out, and weights too small to matter are dropped from `weights.json`.
Deterministic: the same posts and rules give the same weights.

    python -m subsignal.themes.train            # train on every in-sample set, write weights
    python -m subsignal.themes.train --folds 5  # only report k-fold F1 on those sets
    python -m subsignal.themes.train --train themes_labelled,themes_dev --test themes_dev_3
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from subsignal.themes.cues import RULES_FINGERPRINT
from subsignal.themes.features import post_features
from subsignal.themes.names import TEXT_THEMES
from subsignal.themes.quality import TUNING_SETS, LabelledPost, ThemeQuality, load_labelled
from subsignal.themes.score import THRESHOLD, WEIGHTS_PATH, ThemeModel, relevances

DATA = Path(__file__).resolve().parents[3] / "tests" / "data"
MIN_COUNT = 2
L2 = 1e-4
LEARNING_RATE = 0.3
EPOCHS = 40
SEED = 20261201
KEEP = 5e-3  # weights smaller than this for every theme are dropped


def train(posts: Sequence[LabelledPost]) -> ThemeModel:
    """Fit the model on `posts`."""
    examples = [post_features(p.title, p.body).named() for p in posts]
    counts = Counter(feature for features in examples for feature in features)
    examples = [{f: v for f, v in x.items() if counts[f] >= MIN_COUNT} for x in examples]
    targets = [[1.0 if theme in p.themes else 0.0 for theme in TEXT_THEMES] for p in posts]
    themes = range(len(TEXT_THEMES))
    weights: dict[str, list[float]] = {}
    squared: dict[str, list[float]] = {}
    order = list(range(len(examples)))
    rng = random.Random(SEED)
    for _ in range(EPOCHS):
        rng.shuffle(order)
        for index in order:
            features = examples[index]
            rows = [weights.setdefault(f, [0.0] * len(themes)) for f in features]
            z = [sum(row[t] for row in rows) for t in themes]
            error = [_sigmoid(z[t]) - targets[index][t] for t in themes]
            for (feature, value), row in zip(features.items(), rows, strict=True):
                acc = squared.setdefault(feature, [1e-8] * len(themes))
                for t in themes:
                    grad = error[t] * value + L2 * row[t]
                    acc[t] += grad * grad
                    row[t] -= LEARNING_RATE * grad / math.sqrt(acc[t])
    kept = {
        feature: tuple(round(w, 4) for w in row)
        for feature, row in sorted(weights.items())
        if max(abs(w) for w in row) >= KEEP
    }
    return ThemeModel(kept, RULES_FINGERPRINT)


def save(model: ThemeModel, path: Path = WEIGHTS_PATH) -> None:
    saved = {
        "themes": list(TEXT_THEMES),
        "rules_fingerprint": model.rules_fingerprint,
        "trained_on": list(TUNING_SETS),
        "weights": {feature: list(row) for feature, row in model.weights.items()},
    }
    path.write_text(json.dumps(saved, separators=(",", ":")) + "\n", encoding="utf-8")


def evaluate_model(model: ThemeModel, posts: Sequence[LabelledPost]) -> list[ThemeQuality]:
    counts = [[0, 0, 0] for _ in TEXT_THEMES]
    for post in posts:
        for t, relevance in enumerate(relevances(post.title, post.body, model)):
            predicted, actual = relevance >= THRESHOLD, TEXT_THEMES[t] in post.themes
            if predicted or actual:
                counts[t][0 if predicted and actual else 1 if predicted else 2] += 1
    return [ThemeQuality(theme, *counts[t]) for t, theme in enumerate(TEXT_THEMES)]


def cross_validate(posts: Sequence[LabelledPost], folds: int) -> list[ThemeQuality]:
    """Each post scored by a model trained on the other folds; counts pooled."""
    order = list(range(len(posts)))
    random.Random(SEED).shuffle(order)
    pooled = [[0, 0, 0] for _ in TEXT_THEMES]
    for fold in range(folds):
        test = set(order[fold::folds])
        model = train([p for i, p in enumerate(posts) if i not in test])
        for t, q in enumerate(evaluate_model(model, [posts[i] for i in sorted(test)])):
            pooled[t] = [pooled[t][0] + q.tp, pooled[t][1] + q.fp, pooled[t][2] + q.fn]
    return [ThemeQuality(theme, *pooled[t]) for t, theme in enumerate(TEXT_THEMES)]


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(z, 30.0))))


def load_sets(names: Sequence[str]) -> list[LabelledPost]:
    return [post for name in names for post in load_labelled(DATA / f"{name}.jsonl")]


def report(label: str, qualities: Sequence[ThemeQuality]) -> None:
    cells = " ".join(f"{q.theme[:8]} {q.f1:.2f}" for q in qualities)
    print(f"{label}: {cells}  macro {sum(q.f1 for q in qualities) / len(qualities):.3f}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--folds", type=int, help="report k-fold F1, write nothing")
    parser.add_argument("--train", help="comma-separated sets to train on (then --test)")
    parser.add_argument("--test", help="comma-separated sets to test on (writes nothing)")
    args = parser.parse_args(argv)
    if args.train or args.test:
        model = train(load_sets((args.train or ",".join(TUNING_SETS)).split(",")))
        report(
            f"trained, tested on {args.test}",
            evaluate_model(model, load_sets(args.test.split(","))),
        )
        return
    posts = load_sets(TUNING_SETS)
    if args.folds:
        report(
            f"{args.folds}-fold over {len(posts)} in-sample posts",
            cross_validate(posts, args.folds),
        )
        return
    model = train(posts)
    save(model)
    print(f"trained on {len(posts)} posts: {len(model.weights)} features -> {WEIGHTS_PATH}")


if __name__ == "__main__":
    main()
