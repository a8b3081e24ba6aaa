"""The shape of a theme rule: weighted phrase cues, kept as plain data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cue:
    """One phrase and the evidence it gives; see `rules` for the pattern syntax."""

    pattern: str
    weight: float


@dataclass(frozen=True)
class Theme:
    """A text theme: cues for it, and negative cues that take evidence away."""

    name: str
    cues: tuple[Cue, ...]
    negatives: tuple[Cue, ...] = ()


def cues(*pairs: tuple[str, float]) -> tuple[Cue, ...]:
    """`(pattern, weight)` pairs as cues, so rules read as a plain table."""
    return tuple(Cue(pattern, weight) for pattern, weight in pairs)
