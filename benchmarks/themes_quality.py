"""Benchmark: the text-theme rules' quality, in sample and out of sample, and their speed.

Quality: every post of every labelled set in `tests/data` is scored; per set
and per text theme the benchmark prints TP/FP/FN, precision, recall and F1,
and the macro F1 (themes weighted equally). The sets:

- in sample (the rules are tuned on these): `themes_labelled.jsonl` (the first
  hand-labelled set) and the development sets `themes_dev*.jsonl`;
- out of sample: `themes_heldout.jsonl`, written from the theme definitions
  by someone who never saw the rules, and never used to tune them. Its
  figures are judged against the goal: F1 >= 0.85 on every text theme and
  macro F1 >= 0.90. Only its totals are printed: looking at which of its
  posts fail is how a held-out set stops being one.

The in-sample floor (precision >= 0.85, recall >= 0.7 on every text theme of
the first set) is the one the tests keep.

Speed: `score_post` over the posts and over "typical" posts (title ~80
characters, body ~600, built from the posts' text), in posts per second and
microseconds per post, against a baseline timed in the same run:
`str.lower()` of title and body plus one regex search, the least any regex
scorer does per post. Also the time for one post with a 100 kB body.

Run it from the project folder:

    uv run python benchmarks/themes_quality.py

The exit status is 0 whether or not a goal is met (this is a measurement).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from subsignal.themes import THRESHOLD, score_post
from subsignal.themes.cues import rule_scores
from subsignal.themes.quality import (
    HELDOUT_F1_GOAL,
    HELDOUT_MACRO_F1_GOAL,
    HELDOUT_SET,
    PRECISION_GOAL,
    RECALL_GOAL,
    TUNING_SETS,
    LabelledPost,
    ThemeQuality,
    evaluate,
    load_labelled,
    macro_f1,
    micro,
)
from subsignal.themes.train import cross_validate

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
FOLDS = 5
TYPICAL_TITLE = 80
TYPICAL_BODY = 600
# Seconds each speed measurement runs for, split into `REPEATS` short runs of
# which the fastest counts (short runs dodge other processes on a busy machine).
BUDGET = 2.0
REPEATS = 20

_BASELINE = re.compile(r"\bprice\b")

Post = tuple[str, str]


def baseline(title: str, body: str) -> object:
    """The floor: lower-case the text and run one regex over it."""
    return _BASELINE.search(title.lower() + "\n" + body.lower())


def typical_posts(posts: Sequence[LabelledPost]) -> list[Post]:
    """Posts of the issue's typical size, made by running the dataset's text together."""
    titles = " ".join(p.title for p in posts)
    bodies = " ".join(p.body for p in posts if p.body)
    made: list[Post] = []
    for start in range(0, len(bodies) - TYPICAL_BODY, TYPICAL_BODY // 2):
        offset = (start // 3) % max(1, len(titles) - TYPICAL_TITLE)
        made.append((titles[offset : offset + TYPICAL_TITLE], bodies[start : start + TYPICAL_BODY]))
    return made


def seconds_per_post(scorer: Callable[[str, str], object], posts: Sequence[Post]) -> float:
    """Best-of-`REPEATS` mean time per post, each repeat running about `BUDGET` seconds."""
    rounds = 1
    while True:
        started = time.perf_counter()
        for _ in range(rounds):
            for title, body in posts:
                scorer(title, body)
        if time.perf_counter() - started >= BUDGET / REPEATS or rounds > 1_000_000:
            break
        rounds *= 2
    best = float("inf")
    for _ in range(REPEATS):
        started = time.perf_counter()
        for _ in range(rounds):
            for title, body in posts:
                scorer(title, body)
        best = min(best, (time.perf_counter() - started) / (rounds * len(posts)))
    return best


def print_table(title: str, qualities: Sequence[ThemeQuality], goal: str = "") -> None:
    """Per theme TP/FP/FN, precision, recall, F1 (and a verdict when `goal` names one)."""
    print(title)
    header = f"  {'theme':<18} {'labelled':>8} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} "
    print(header + f"{'recall':>7} {'F1':>6}  {'verdict' if goal else ''}".rstrip())
    for q in qualities:
        verdict = ""
        if goal == "heldout":
            verdict = f"{'PASS' if q.f1 >= HELDOUT_F1_GOAL else 'FAIL'} (F1 >= {HELDOUT_F1_GOAL})"
        elif goal == "floor":
            verdict = (
                f"{'PASS' if q.passes else 'FAIL'} (P >= {PRECISION_GOAL}, R >= {RECALL_GOAL})"
            )
        print(
            f"  {q.theme:<18} {q.tp + q.fn:>8} {q.tp:>4} {q.fp:>4} {q.fn:>4} "
            f"{q.precision:>9.3f} {q.recall:>7.3f} {q.f1:>6.3f}  {verdict}".rstrip()
        )
    total = micro(qualities)
    print(
        f"  {'all (micro)':<18} {total.tp + total.fn:>8} {total.tp:>4} {total.fp:>4} "
        f"{total.fn:>4} {total.precision:>9.3f} {total.recall:>7.3f} {total.f1:>6.3f}"
    )
    macro = macro_f1(qualities)
    verdict = ""
    if goal == "heldout":
        passed = macro >= HELDOUT_MACRO_F1_GOAL
        verdict = f"  {'PASS' if passed else 'FAIL'} (>= {HELDOUT_MACRO_F1_GOAL})"
    print(f"  {'macro F1':<18} {macro:>49.3f}{verdict}")
    print()


def describe(name: str, posts: Sequence[LabelledPost]) -> str:
    none = sum(1 for p in posts if not p.themes)
    return f"{name}: {len(posts)} posts ({none} with no theme)"


def print_quality() -> list[LabelledPost]:
    print(f"membership: relevance >= THRESHOLD ({THRESHOLD})")
    print()
    tuned: list[LabelledPost] = []
    for name in TUNING_SETS:
        posts = load_labelled(DATA / f"{name}.jsonl")
        tuned.extend(posts)
        goal = "floor" if name == TUNING_SETS[0] else ""
        print_table(
            f"{describe(name, posts)}; the rules alone, in sample",
            evaluate(posts, rule_scores),
            goal,
        )
    print_table(
        f"{describe('every in-sample set', tuned)}; the model, {FOLDS}-fold (each post scored"
        " by a model trained without it; the rules were tuned on all of them)",
        cross_validate(tuned, FOLDS),
    )
    fit = macro_f1(evaluate(tuned))
    print(f"(the shipped model on the posts it was trained on: macro F1 {fit:.3f}, not a figure)")
    print()
    heldout = load_labelled(DATA / f"{HELDOUT_SET}.jsonl")
    print_table(
        f"{describe(HELDOUT_SET, heldout)}; the shipped model, OUT OF SAMPLE (never tuned on)",
        evaluate(heldout),
        "heldout",
    )
    print_table(
        f"{describe(HELDOUT_SET, heldout)}; the rules alone", evaluate(heldout, rule_scores)
    )
    return tuned


def print_speed(posts: Sequence[LabelledPost]) -> None:
    dataset = [(p.title, p.body) for p in posts]
    typical = typical_posts(posts)
    mean_body = sum(len(b) for _, b in dataset) / len(dataset)
    print()
    print(f"speed (best of {REPEATS}, single thread):")
    for name, sample in (
        (f"dataset posts (mean body {mean_body:.0f} chars)", dataset),
        (f"typical posts (title {TYPICAL_TITLE}, body {TYPICAL_BODY} chars)", typical),
    ):
        score = seconds_per_post(score_post, sample)
        floor = seconds_per_post(baseline, sample)
        print(f"  {name}, {len(sample)} distinct:")
        print(f"    score_post: {1 / score:>9,.0f} posts/s  {score * 1e6:7.1f} us/post")
        print(f"    baseline:   {1 / floor:>9,.0f} posts/s  {floor * 1e6:7.1f} us/post")
        print(f"    score_post / baseline: {score / floor:.1f}x")
    big_body = " ".join(p.body for p in posts if p.body)
    big_body = (big_body * (100_000 // len(big_body) + 1))[:100_000]
    started = time.perf_counter()
    score_post("A long post", big_body)
    print(f"  one post with a 100 kB body: {(time.perf_counter() - started) * 1e3:.1f} ms")
    per_page = seconds_per_post(score_post, typical) * 100
    print(f"  a 100-post page of typical posts: {per_page * 1e3:.1f} ms of CPU")


def main() -> None:
    print_speed(print_quality())


if __name__ == "__main__":
    main()
