"""Benchmark: the text-theme rules' quality and speed.

Quality: every post of `tests/data/themes_labelled.jsonl` (written and
labelled by hand) is scored; per text theme the benchmark prints TP/FP/FN,
precision and recall, PASS/FAIL against the goal (precision >= 0.85 and
recall >= 0.7 on every text theme), and the micro-averaged totals. The
figures come from `subsignal.themes.quality.evaluate`, as in the test that
keeps them from sliding.

Speed: `score_post` over the dataset's posts and over "typical" posts (title
~80 characters, body ~600, built from the dataset's text), in posts per
second and microseconds per post, against a baseline timed in the same run:
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
from subsignal.themes.quality import (
    PRECISION_GOAL,
    RECALL_GOAL,
    LabelledPost,
    evaluate,
    load_labelled,
    micro,
)

DATASET = Path(__file__).resolve().parents[1] / "tests" / "data" / "themes_labelled.jsonl"
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


def print_quality(posts: Sequence[LabelledPost]) -> None:
    qualities = evaluate(posts)
    counts = {theme.theme: theme.tp + theme.fn for theme in qualities}
    none = sum(1 for p in posts if not p.themes)
    print(f"dataset: {DATASET.name}, {len(posts)} posts ({none} with no theme)")
    print(f"goal per text theme: precision >= {PRECISION_GOAL}, recall >= {RECALL_GOAL}")
    print(f"membership: relevance >= THRESHOLD ({THRESHOLD})")
    print()
    header = f"{'theme':<18} {'labelled':>8} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} "
    print(header + f"{'recall':>7}  verdict")
    for q in qualities:
        verdict = "PASS" if q.passes else "FAIL"
        print(
            f"{q.theme:<18} {counts[q.theme]:>8} {q.tp:>4} {q.fp:>4} {q.fn:>4} "
            f"{q.precision:>9.3f} {q.recall:>7.3f}  {verdict}"
        )
    total = micro(qualities)
    print(
        f"{total.theme:<18} {total.tp + total.fn:>8} {total.tp:>4} {total.fp:>4} {total.fn:>4} "
        f"{total.precision:>9.3f} {total.recall:>7.3f}"
    )
    failing = [q.theme for q in qualities if not q.passes]
    print("all text themes meet the goal" if not failing else f"FAILING: {', '.join(failing)}")


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
    posts = load_labelled(DATASET)
    print_quality(posts)
    print_speed(posts)


if __name__ == "__main__":
    main()
