"""Matching a post's text against the theme rules: the cues it holds, and their evidence.

Evidence for a theme is the sum of its matched cues' weights (a cue counts
once, `TITLE_WEIGHT` times over when it is in the title) minus its matched
negative cues. On their own the rules make a scorer (`rule_scores`: relevance
`1 - 0.5 ** evidence`, so a weight of 1.0 in the body is exactly enough for
membership, 2.0 gives 0.75); the service's scorer (`subsignal.themes.score`)
takes the matched cues and the evidence as features of a model trained on
labelled posts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from subsignal.themes.compile import DIGIT, WORD, Index, build_index
from subsignal.themes.names import TEXT_THEMES
from subsignal.themes.rules import RULES

# A cue in the title counts this many times its weight (titles say what a post is).
TITLE_WEIGHT = 2.0
# Rule relevance at or above this makes a member (`rule_scores`).
RULE_THRESHOLD = 0.5
# A negative cue this heavy is a veto: "not looking for advice" is not an advice
# request, whatever else the post says (the model obeys it too).
VETO_WEIGHT = 3.0

# Curly quotes folded to straight ones, so "I\u2019m" matches "i'm".
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})

_INDEX: Index = build_index(RULES, TEXT_THEMES)

Matcher = Callable[[str, int], re.Match[str] | None]


@dataclass(frozen=True)
class Evidence:
    """What the rules found in a post: the cues (by number in the index) in its
    title and in its body only, each text theme's evidence, and the themes
    (by position) a veto took away."""

    in_title: frozenset[int]
    in_body: frozenset[int]
    per_theme: tuple[float, ...]
    vetoed: frozenset[int]


def evidence(title: str, body: str) -> Evidence:
    in_title = matched_cues(title)
    in_body = matched_cues(body) - in_title
    per_theme = [0.0] * len(TEXT_THEMES)
    cues = _INDEX.cues
    for number in in_title:
        per_theme[cues[number].theme] += TITLE_WEIGHT * cues[number].weight
    for number in in_body:
        per_theme[cues[number].theme] += cues[number].weight
    vetoed = {cues[n].theme for n in in_title | in_body if cues[n].weight <= -VETO_WEIGHT}
    return Evidence(frozenset(in_title), frozenset(in_body), tuple(per_theme), frozenset(vetoed))


def rule_relevance(amount: float) -> float:
    return round(1.0 - 0.5**amount, 4) if amount > 0 else 0.0


def rule_scores(title: str, body: str) -> dict[str, float]:
    """The rules alone: relevance for each text theme whose evidence makes a member."""
    scores: dict[str, float] = {}
    for position, amount in enumerate(evidence(title, body).per_theme):
        relevance = rule_relevance(amount)  # a veto's weight already outweighs the rest
        if relevance >= RULE_THRESHOLD:
            scores[TEXT_THEMES[position]] = relevance
    return scores


def cue_key(number: int) -> str:
    """A cue's name that survives edits to other rules: its theme, sign and pattern."""
    return _CUE_KEYS[number]


_CUE_KEYS = tuple(
    hashlib.sha1(
        f"{TEXT_THEMES[cue.theme]}|{cue.weight > 0}|{cue.regex.pattern}".encode()
    ).hexdigest()[:12]
    for cue in _INDEX.cues
)
RULES_FINGERPRINT = hashlib.sha1(
    "\n".join(
        f"{key} {cue.weight}" for key, cue in zip(_CUE_KEYS, _INDEX.cues, strict=True)
    ).encode()
).hexdigest()[:16]


def matched_cues(text: str) -> set[int]:
    """Numbers (in the compiled index) of the cues found in `text`."""
    found: set[int] = set()
    if not text:
        return found
    folded = text.casefold()
    if "\u2019" in folded or "\u2018" in folded or "\u201c" in folded or "\u201d" in folded:
        folded = folded.translate(_QUOTES)
    probes = _PROBES
    # A word with cues bound to the next word waits for that word.
    waiting: Probe | None = None
    waiting_at = 0
    for word in WORD.finditer(folded):
        token = word.group()
        if waiting is not None:
            if token.startswith(waiting.next_words):
                for words, number, match in waiting.bound:
                    if (
                        token.startswith(words)
                        and number not in found
                        and match(folded, waiting_at)
                    ):
                        found.add(number)
            waiting = None
        probe = probes.get(token)
        if probe is None:
            probe = _probe_for(token)
        if probe is _NO_CUES:
            continue
        for number, match in probe.free:
            if number not in found and match(folded, word.start()):
                found.add(number)
        if probe.bound:
            waiting = probe
            waiting_at = word.start()
    return found


@dataclass(frozen=True)
class Probe:
    """The cues that can start at one word: `free` ones are tried at once,
    `bound` ones only when the next word starts with one of their words
    (`next_words`: all of those, to rule most next words out in one test)."""

    free: tuple[tuple[int, Matcher], ...]
    bound: tuple[tuple[tuple[str, ...], int, Matcher], ...]
    next_words: tuple[str, ...] = ()


_NO_CUES = Probe((), ())
# Words repeat, so each distinct word is looked up in the index once; words
# with the same cues share one probe. Bounded: cleared when full.
_PROBES: dict[str, Probe] = {}
_SHARED: dict[Probe, Probe] = {}
_PROBES_LIMIT = 100_000


def _probe_for(token: str) -> Probe:
    free: dict[int, Matcher] = {}
    bound: dict[int, tuple[tuple[str, ...], Matcher]] = {}
    keys = [token[:n] for n in _INDEX.key_lengths if n <= len(token)]
    if token[0].isdigit():
        keys.append(DIGIT)
    for key in keys:
        for entry in _INDEX.by_key.get(key, ()):
            anchor = entry.anchor
            if anchor.whole:
                fits = token == anchor.word
            else:
                fits = anchor.word == DIGIT or token.startswith(anchor.word)
            if not fits:
                continue
            match = _INDEX.cues[entry.cue].regex.match
            if anchor.next_words is None:
                free[entry.cue] = match
            else:
                words = bound.get(entry.cue, ((), match))[0] + anchor.next_words
                bound[entry.cue] = (words, match)
    for number in free:
        bound.pop(number, None)
    probe = Probe(
        tuple(sorted(free.items())),
        tuple((words, number, match) for number, (words, match) in sorted(bound.items())),
        tuple(sorted({word for words, _ in bound.values() for word in words})),
    )
    probe = _SHARED.setdefault(probe, probe) if probe.free or probe.bound else _NO_CUES
    if len(_PROBES) >= _PROBES_LIMIT:
        _PROBES.clear()
    _PROBES[token] = probe
    return probe


def explain(title: str, body: str) -> list[tuple[str, str, str, float]]:
    """`(field, theme, pattern, signed weight)` for every matched cue: for tuning rules."""
    cues = _INDEX.cues
    rows: list[tuple[str, str, str, float]] = []
    for field, text in (("title", title), ("body", body)):
        for number in sorted(matched_cues(text)):
            cue = cues[number]
            rows.append((field, TEXT_THEMES[cue.theme], cue.regex.pattern, cue.weight))
    return rows
