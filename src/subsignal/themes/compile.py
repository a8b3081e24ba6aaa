"""Turning rule patterns into word-anchored regexes, once, at import.

Running every cue's regex over every post costs milliseconds; instead each
cue is filed under the word it starts with (its anchor), the text is split
into words once, and a cue's regex is only tried (`match`, not `search`) at
the words that start with its anchor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from subsignal.themes.model import Cue, Theme

# The index key of cues that start with a digit (`\d`).
DIGIT = "#"
# Cues are filed under at most this many leading characters of their anchor.
KEY_LENGTH = 3

# Words as the scorer sees them: runs of word characters, or a currency sign.
WORD = re.compile(r"\w+|[$€£¥]")

_FILLER = re.compile(r"<w(\d)>")
_QUANTIFIERS = ("?", "*", "+", "{")
_CURRENCY = {"\\$": "$", "€": "€", "£": "£", "¥": "¥"}


@dataclass(frozen=True)
class CompiledCue:
    """A cue ready to run: which theme it feeds, its signed weight, its regex."""

    theme: int
    weight: float
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Anchor:
    """A word a cue can start with. `whole`: the text's word must be exactly
    it (else: start with it). `next_words`: when known, the next word must
    start with one of these (a cheap test before running the regex)."""

    word: str
    whole: bool
    next_words: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Entry:
    """A cue filed under one of its anchors (a cue with several anchors has
    several entries)."""

    anchor: Anchor
    cue: int


@dataclass(frozen=True)
class Index:
    """Cues, and their entries filed by the anchor's first `KEY_LENGTH` characters."""

    cues: tuple[CompiledCue, ...]
    by_key: dict[str, tuple[Entry, ...]]
    key_lengths: tuple[int, ...]


def expand(pattern: str) -> str:
    """The regex for a rule pattern: spaces match any whitespace, `<wN>` skips
    up to N words, and the match must end at a word boundary."""
    body = _FILLER.sub(lambda m: rf"(?:[\w'-]+ ){{0,{m.group(1)}}}", pattern)
    out: list[str] = []
    in_class = escaped = skip = False
    for position, char in enumerate(body):
        if skip:
            skip = False
            continue
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        elif char == " " and not in_class:
            optional = body[position + 1 : position + 2] in ("?", "*")
            out.append(r"\s*" if optional else r"\s+")
            skip = optional
            continue
        out.append(char)
    return "(?:" + "".join(out) + r")(?!\w)"


def anchors(pattern: str) -> tuple[Anchor, ...]:
    """The words a pattern can start with (`i built` needs the word "i";
    `frustrat\\w*` any word starting "frustrat"). Each alternative must start
    with a word (or a currency sign, or `\\d`) or a group of such; a leading
    lookbehind is skipped."""
    found = _anchors(pattern, "")
    prefixes = {a.word for a in found if not a.whole}
    unique: list[Anchor] = []
    for anchor in found:
        if anchor not in unique and not (anchor.whole and anchor.word in prefixes):
            unique.append(anchor)
    return tuple(unique)


def _anchors(pattern: str, after: str) -> list[Anchor]:
    alternatives = _split_alternatives(pattern)
    if len(alternatives) > 1:
        return [a for alternative in alternatives for a in _anchors(alternative, after)]
    if pattern.startswith("^"):
        return _anchors(pattern[1:], after)
    if pattern.startswith(("(?<!", "(?<=")):
        return _anchors(pattern[_closing_paren(pattern) + 1 :], after)
    if pattern.startswith("(?:"):
        end = _closing_paren(pattern)
        rest = pattern[end + 1 :]
        if rest[:1] in _QUANTIFIERS:
            raise ValueError(f"cue {pattern!r}: its leading group must not be optional")
        return _anchors(pattern[3:end], rest + after)
    for prefix, sign in _CURRENCY.items():
        if pattern.startswith(prefix):
            return [Anchor(sign, True)]
    if pattern.startswith("\\d"):
        return [Anchor(DIGIT, False)]
    run = re.match(r"[^\W_]+", pattern)
    if run is None:
        raise ValueError(f"cue {pattern!r} must start with a word")
    word = _leading_word(pattern)
    if not word:
        raise ValueError(f"cue {pattern!r} must start with a fixed letter")
    following = pattern[run.end() :] + after
    if following.startswith("'?"):
        # "i'?m": the word "i" (of "i'm", then the word "m"), or a word starting "im"
        joined = _leading_word(following[2:])
        return [Anchor(word, True, (joined,) if joined else None), Anchor(word + joined, False)]
    whole = following == "" or (following[0] in " ':,-/" and following[1:2] not in _QUANTIFIERS)
    return [Anchor(word, whole, _next_words(following) if whole else None)]


def _leading_word(text: str) -> str:
    """The fixed letters a regex fragment starts with ("hires?" -> "hire")."""
    run = re.match(r"[^\W_]+", text)
    if run is None:
        return ""
    word = run.group()
    return word[:-1] if text[run.end() : run.end() + 1] in _QUANTIFIERS else word


def _next_words(following: str) -> tuple[str, ...] | None:
    """What the next word must start with, after a whole-word anchor, if fixed."""
    if following[:1] not in (" ", "'") or following[1:2] in _QUANTIFIERS:
        return None
    return _first_words(following[1:])


def _first_words(fragment: str) -> tuple[str, ...] | None:
    """The words a regex fragment can start with, or None when not fixed
    ("(?:just )?built" -> just, built)."""
    if fragment.startswith("\\$"):
        return ("$",)
    if not fragment.startswith("(?:"):
        word = _leading_word(fragment)
        return (word,) if word else None
    end = _closing_paren(fragment)
    words: list[str] = []
    for alternative in _split_alternatives(fragment[3:end]):
        found = _first_words(alternative)
        if found is None:
            return None
        words.extend(found)
    quantifier = fragment[end + 1 : end + 2]
    if quantifier in ("?", "*"):
        after = _first_words(fragment[end + 2 :])
        return None if after is None else (*words, *after)
    return None if quantifier == "{" else tuple(words)


def build_index(themes: Iterable[Theme], names: tuple[str, ...]) -> Index:
    """Compile every theme's cues (negatives with a negative weight) into an index."""
    compiled: list[CompiledCue] = []
    by_key: dict[str, list[Entry]] = {}
    for theme in themes:
        if theme.name not in names:
            raise ValueError(f"rules for unknown theme {theme.name!r}")
        position = names.index(theme.name)
        signed = [(c, c.weight) for c in theme.cues] + [(c, -c.weight) for c in theme.negatives]
        for cue, weight in signed:
            number = len(compiled)
            compiled.append(CompiledCue(position, weight, _compile(cue)))
            for anchor in anchors(cue.pattern):
                by_key.setdefault(anchor.word[:KEY_LENGTH], []).append(Entry(anchor, number))
    lengths = sorted({len(key) for key in by_key if key != DIGIT})
    return Index(tuple(compiled), {k: tuple(v) for k, v in by_key.items()}, tuple(lengths))


def _compile(cue: Cue) -> re.Pattern[str]:
    if cue.weight <= 0:
        raise ValueError(f"cue {cue.pattern!r}: weights are positive (negatives subtract)")
    if any(ch.isupper() for ch in re.sub(r"\\.", "", cue.pattern)):
        raise ValueError(f"cue {cue.pattern!r}: write patterns in lower case")
    return re.compile(expand(cue.pattern))


def _unescaped(pattern: str) -> Iterator[tuple[int, str, int]]:
    """(position, character, group depth before it) of every unescaped character."""
    depth = 0
    escaped = False
    for position, char in enumerate(pattern):
        if escaped:
            escaped = False
            continue
        if char == "\\":
            escaped = True
            continue
        yield position, char, depth
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1


def _closing_paren(pattern: str) -> int:
    for position, char, depth in _unescaped(pattern):
        if char == ")" and depth == 1:
            return position
    raise ValueError(f"cue {pattern!r}: unbalanced parentheses")


def _split_alternatives(inner: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for position, char, depth in _unescaped(inner):
        if char == "|" and depth == 0:
            parts.append(inner[start:position])
            start = position + 1
    parts.append(inner[start:])
    return parts
