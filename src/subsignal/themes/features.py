"""A post as the features the theme model weighs: words, word pairs, rule cues, evidence.

Words are lower-cased tokens of the title and of the whole post, pairs of
neighbouring words (so "not looking" and "looking for" weigh apart), every
rule cue the post matches (by its stable key), and each text theme's rule
evidence, as itself (clipped) and as the rules' relevance. Kept as sets per
kind: scoring looks each up in its own table, with no key to build per word.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from subsignal.themes.cues import Evidence, cue_key, evidence, rule_relevance

TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[$€£¥%?!]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
EVIDENCE_CLIP = (-2.0, 4.0)
# Each kind's prefix in a flat feature name ("t:pricing"): the weights file and training.
KINDS = ("t", "w", "b", "c")
BIAS = "bias"


@dataclass(frozen=True)
class PostFeatures:
    title_words: frozenset[str]
    words: frozenset[str]
    pairs: frozenset[str]  # "first second"
    cues: frozenset[str]  # cue keys
    evidence: tuple[float, ...]  # per text theme, clipped and halved (0.0: none)
    relevance: tuple[float, ...]  # per text theme, the rules' relevance

    def named(self) -> dict[str, float]:
        """Every feature by its flat name, with its value (for training)."""
        found = {BIAS: 1.0}
        kinds = (self.title_words, self.words, self.pairs, self.cues)
        for kind, members in zip(KINDS, kinds, strict=True):
            found.update(dict.fromkeys((f"{kind}:{m}" for m in sorted(members)), 1.0))
        for position, (amount, relevance) in enumerate(
            zip(self.evidence, self.relevance, strict=True)
        ):
            if amount:
                found[f"e:{position}"] = amount
                found[f"r:{position}"] = relevance
        return found


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.casefold().translate(_QUOTES))


def post_features(title: str, body: str, rules: Evidence | None = None) -> PostFeatures:
    """The post's features; `rules`, when the caller matched them already."""
    in_title = tokens(title)
    in_body = tokens(body)
    words = [*in_title, "|", *in_body]
    rules = rules or evidence(title, body)
    low, high = EVIDENCE_CLIP
    return PostFeatures(
        title_words=frozenset(in_title),
        words=frozenset(in_title).union(in_body),
        pairs=frozenset([f"{first} {second}" for first, second in itertools.pairwise(words)]),
        cues=frozenset([cue_key(number) for number in rules.in_title | rules.in_body]),
        evidence=tuple(max(low, min(amount, high)) / 2 for amount in rules.per_theme),
        relevance=tuple(rule_relevance(amount) for amount in rules.per_theme),
    )
