"""Text themes: the quality floor on the hand-labelled posts, and the scorer's contract."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from subsignal.themes import ENGAGEMENT_THEMES, TEXT_THEMES, THEMES, THRESHOLD, score_post
from subsignal.themes import cues as scoring
from subsignal.themes.compile import anchors, build_index
from subsignal.themes.cues import RULES_FINGERPRINT, explain, rule_scores
from subsignal.themes.model import Theme, cues
from subsignal.themes.quality import (
    HELDOUT_SET,
    PRECISION_GOAL,
    RECALL_GOAL,
    TUNING_SETS,
    LabelledPost,
    evaluate,
    load_labelled,
    macro_f1,
)
from subsignal.themes.rules import RULES
from subsignal.themes.score import load_model
from subsignal.themes.train import evaluate_model, train

DATA = Path(__file__).parent / "data"
DATASET = DATA / "themes_labelled.jsonl"


@pytest.fixture(scope="module")
def labelled() -> list[LabelledPost]:
    return load_labelled(DATASET)


# --- quality ------------------------------------------------------------------


def test_every_text_theme_keeps_the_quality_floor(labelled: list[LabelledPost]) -> None:
    qualities = evaluate(labelled)
    report = "\n".join(
        f"{q.theme}: precision {q.precision:.3f} recall {q.recall:.3f} "
        f"(tp {q.tp}, fp {q.fp}, fn {q.fn})"
        for q in qualities
    )
    assert [q.theme for q in qualities] == list(TEXT_THEMES)
    failing = [q.theme for q in qualities if not q.passes]
    assert not failing, f"below precision {PRECISION_GOAL} / recall {RECALL_GOAL}:\n{report}"


def test_the_dataset_is_large_and_varied_enough(labelled: list[LabelledPost]) -> None:
    assert len(labelled) >= 240
    for theme in TEXT_THEMES:
        assert sum(theme in post.themes for post in labelled) >= 20, theme
    assert sum(not post.themes for post in labelled) >= 50
    assert len({post.title for post in labelled}) == len(labelled)


def test_the_heldout_set_is_large_varied_and_apart_from_the_tuning_sets() -> None:
    """Its figures are computed by `benchmarks/themes_quality.py` only: a test on
    them would make every rule change a tuning step against it."""
    heldout = load_labelled(DATA / f"{HELDOUT_SET}.jsonl")
    assert len(heldout) >= 300
    for theme in TEXT_THEMES:
        assert sum(theme in post.themes for post in heldout) >= 40, theme
    assert sum(not post.themes for post in heldout) >= 50
    assert sum(len(post.themes) >= 2 for post in heldout) >= 60
    tuning = {
        post.title.casefold()
        for name in TUNING_SETS
        if (DATA / f"{name}.jsonl").exists()
        for post in load_labelled(DATA / f"{name}.jsonl")
    }
    assert not {post.title.casefold() for post in heldout} & tuning


# --- the interface --------------------------------------------------------------


def test_theme_names_are_the_contract() -> None:
    assert TEXT_THEMES == (
        "pain_anger",
        "advice_requests",
        "solution_requests",
        "money_talk",
        "self_promotion",
        "news",
        "ideas",
        "opportunities",
    )
    assert ENGAGEMENT_THEMES == ("hot_discussions", "top_content")
    assert THEMES == TEXT_THEMES + ENGAGEMENT_THEMES
    assert tuple(rule.name for rule in RULES) == TEXT_THEMES
    assert 0 < THRESHOLD <= 1


def test_relevance_is_within_threshold_and_one(labelled: list[LabelledPost]) -> None:
    for post in labelled:
        for theme, relevance in score_post(post.title, post.body).items():
            assert theme in TEXT_THEMES
            assert THRESHOLD <= relevance <= 1.0


@pytest.mark.parametrize(("title", "body"), [("", ""), ("   ", "\n\n"), ("", "ok"), ("...", "")])
def test_empty_or_themeless_text_scores_nothing(title: str, body: str) -> None:
    assert score_post(title, body) == {}


def test_scoring_is_deterministic_and_does_not_depend_on_the_cache(
    labelled: list[LabelledPost],
) -> None:
    first = [score_post(p.title, p.body) for p in labelled]
    scoring._PROBES.clear()
    second = [score_post(p.title, p.body) for p in reversed(labelled)]
    assert first == list(reversed(second))


def test_themes_imports_no_web_database_or_reddit_library() -> None:
    code = (
        "import sys, subsignal.themes, subsignal.themes.quality\n"
        "heavy = {'starlette', 'sqlalchemy', 'asyncpraw', 'asyncprawcore', 'aiohttp', 'anyio'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


# --- how cues match -------------------------------------------------------------


def test_cues_match_whole_words_only() -> None:
    assert "ideas" in rule_scores("Idea: an app that books dog walkers", "")
    assert "ideas" not in rule_scores("Ideal customer profile for a dev tool", "")
    assert "pain_anger" not in rule_scores("Average storage costs", "whatever works")
    # "pricey" is a price word, "priceless" is not
    assert "money_talk" in rule_scores("Pricey", "")
    assert "money_talk" not in rule_scores("Priceless", "")


def test_no_idea_is_not_an_idea() -> None:
    assert "ideas" not in score_post("No idea why my build keeps failing", "Any ideas?")


def test_matching_ignores_case() -> None:
    upper = score_post("I HATE THIS, SO FRUSTRATED", "ANY ADVICE?")
    assert upper == score_post("i hate this, so frustrated", "any advice?")
    assert {"pain_anger", "advice_requests"} <= set(upper)


def test_a_cue_in_the_title_weighs_more_than_in_the_body() -> None:
    in_title = rule_scores("Looking for a cofounder", "")
    in_body = rule_scores("Update", "Looking for a cofounder")
    assert in_title["opportunities"] > in_body["opportunities"]
    # a medium cue is enough in the title, not in the body
    assert "money_talk" in rule_scores("Our pricing", "")
    assert "money_talk" not in rule_scores("Update", "Our pricing")


def test_weak_cues_add_up() -> None:
    assert "money_talk" not in rule_scores("Update", "We went over budget.")
    several = "We went over budget, the costs piled up and the invoice got paid late."
    assert "money_talk" in rule_scores("Update", several)


def test_negative_cues_take_a_theme_away() -> None:
    asking = score_post("Need advice on my landing page", "")
    assert "advice_requests" in asking
    venting = score_post(
        "Not looking for advice, just venting",
        "My boss is driving me crazy. Any advice is useless.",
    )
    assert "advice_requests" not in venting
    assert "pain_anger" in venting
    pitch = "Check it out: https://example.com"
    assert "self_promotion" in score_post("I built a tool for freelancers", pitch)
    disclaimed = score_post("I built a tool for freelancers", "Not selling anything. " + pitch)
    assert "self_promotion" not in disclaimed


def test_unicode_and_emoji_text_is_handled() -> None:
    scores = score_post(
        "I\u2019m so done with this \U0001f525\U0001f525",
        "Ünïcödé ☕ — “ugh” ñ İstanbul \u200b ١٢٣",
    )
    assert "pain_anger" in scores  # the curly apostrophe still matches "i'm so done"
    assert score_post("\U0001f600" * 50, "ß" * 100 + "\u0301" * 10) == {}


def test_explain_names_the_matched_cues() -> None:
    rows = explain("Any advice?", "")
    assert any(field == "title" and theme == "advice_requests" for field, theme, _, _ in rows)


# --- the rules compile safely ---------------------------------------------------


def test_anchors_come_from_the_first_word() -> None:
    assert [(a.word, a.whole) for a in anchors(r"frustrat\w*")] == [("frustrat", False)]
    assert [(a.word, a.whole) for a in anchors(r"(?:i|we) built")] == [("i", True), ("we", True)]
    assert [a.word for a in anchors(r"hires?")] == ["hire"]
    first = anchors(r"is (?:there|it) a")[0]
    assert first.next_words == ("there", "it")


@pytest.mark.parametrize("pattern", [r"\w+ dot com", r"(?:just )?launched", r"Advice"])
def test_patterns_that_cannot_be_filed_are_refused(pattern: str) -> None:
    with pytest.raises(ValueError, match="cue"):
        build_index([Theme("news", cues((pattern, 1.0)))], TEXT_THEMES)


def test_rules_for_an_unknown_theme_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown theme"):
        build_index([Theme("gossip", cues(("rumou?r", 1.0)))], TEXT_THEMES)


# --- speed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "what is there a an the i we $1 " * 4_000,
        "$1,000 " * 15_000,
        "x" * 100_000,
        "is there any " * 8_000,
        "a " * 50_000,
        "1" * 100_000,
        ("frustrated " + "very " * 30 + "\n") * 600,
    ],
    ids=["common-words", "amounts", "one-word", "repeated-phrase", "tiny-words", "digits", "lines"],
)
def test_a_100_kb_body_is_scored(body: str) -> None:
    """Bodies built to make a regex backtrack (the benchmark times them; a
    cue that backtracked without bound would hang this test)."""
    scores = score_post("A long post", body[:100_000])
    assert all(theme in TEXT_THEMES for theme in scores)


# --- the model ----------------------------------------------------------------------


def test_the_weights_were_trained_with_these_rules() -> None:
    """A rule change needs a retrain: `python -m subsignal.themes.train`."""
    assert load_model().rules_fingerprint == RULES_FINGERPRINT


def test_training_is_deterministic_and_fits_its_posts(labelled: list[LabelledPost]) -> None:
    first, second = train(labelled), train(labelled)
    assert first == second
    qualities = evaluate_model(first, labelled)
    assert macro_f1(qualities) > 0.95, [(q.theme, round(q.f1, 3)) for q in qualities]


def test_a_veto_overrides_the_model() -> None:
    pitch = "I built a tool for freelancers. Check it out: https://example.com"
    assert "self_promotion" in score_post("Launch day", pitch)
    assert "self_promotion" not in score_post("Launch day", "Not selling anything. " + pitch)
