"""A post as the features the theme model weighs: words, word pairs, rule cues, evidence.

Words are lower-cased tokens of the title (`t:`) and of the whole post (`w:`),
pairs of neighbouring words (`b:`), so "not looking" and "looking for" weigh
apart; every rule cue the post matches (`c:`, by its stable key); and each
text theme's rule evidence, as itself (`e:`, clipped) and as the rules'
relevance (`r:`). Present features are 1.0 except those last two.
"""

from __future__ import annotations

import itertools
import re

from subsignal.themes.cues import Evidence, cue_key, evidence, rule_relevance

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[$€£¥%?!]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
BIAS = "bias"
EVIDENCE_CLIP = (-2.0, 4.0)


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.casefold().translate(_QUOTES))


def post_features(
    title: str, body: str, rules: Evidence | None = None
) -> tuple[set[str], dict[str, float]]:
    """The post's present features (worth 1.0), and its valued ones; `rules`,
    when the caller matched them already."""
    in_title = tokens(title)
    words = [*in_title, "|", *tokens(body)]
    present = {BIAS}
    present.update(["t:" + word for word in in_title])
    present.update(["w:" + word for word in words])
    present.update([f"b:{first} {second}" for first, second in itertools.pairwise(words)])
    present.discard("w:|")
    rules = rules or evidence(title, body)
    present.update(["c:" + cue_key(number) for number in rules.in_title | rules.in_body])
    valued: dict[str, float] = {}
    low, high = EVIDENCE_CLIP
    for position, amount in enumerate(rules.per_theme):
        if amount:
            valued[f"e:{position}"] = max(low, min(amount, high)) / 2
            valued[f"r:{position}"] = rule_relevance(amount)
    return present, valued
