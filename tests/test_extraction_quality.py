"""Extraction quality on hand-made gold (tests/gold, tests/gold_holdout, seeds-dev): recall, attribution,
values ≥ 0.9 and no boilerplate claims; on the external dev halves (GGT quotes, NewsQuant) the issue-12 targets
and floors below. Tests reading ../shared skip cleanly without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimstream.evaluate import Report, evaluate, format_report
from claimstream.services.extract.claims import ClaimExtractor

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "gold"
# Held-out gold: 10 corpus articles the extractor was NOT tuned on when their gold was written (see its _format).
HOLDOUT = REPO / "tests" / "gold_holdout"
SEEDS = REPO.parent / "shared" / "seeds-dev"  # the sibling shared/ dir of the repo; absent in some checkouts


def _assert_targets(report: Report) -> None:
    details = format_report(report) + "\n" + "\n".join(f"{a.name}: {m}" for a in report.articles for m in a.misses)
    assert report.recall >= 0.9, details
    assert report.attribution >= 0.9, details
    assert report.values >= 0.9, details
    assert report.boilerplate == 0, details


def test_own_gold_meets_targets(extractor: ClaimExtractor) -> None:
    report = evaluate(GOLD / "gold_claims.json", GOLD / "articles", extractor)
    assert len(report.articles) >= 15
    _assert_targets(report)


def test_holdout_gold_meets_targets(extractor: ClaimExtractor) -> None:
    report = evaluate(HOLDOUT / "gold_claims.json", HOLDOUT / "articles", extractor)
    assert len(report.articles) >= 10
    _assert_targets(report)


@pytest.mark.skipif(not (SEEDS / "gold_claims.json").exists(), reason="shared/seeds-dev not present")
def test_seeds_dev_meets_targets(extractor: ClaimExtractor) -> None:
    _assert_targets(evaluate(SEEDS / "gold_claims.json", SEEDS, extractor))


# External dev halves (../shared/external; README there). Issue-12 targets, all met, asserted as targets: GGT
# speaker >= 0.92, verb >= 0.95; F1@0.3 (target 0.90, met until issue 24, below) and F1@0.8 (target 0.85) as
# floors just under what the extractor reaches, so a regression fails.
GGT_TARGETS = {"speaker": 0.92, "verb": 0.95}
# Issue 24 adds claims GGT does not annotate (stances: "X accused Y of Z", "X called for Z"; noun cues, questions,
# what a poll shows), which count as extras there: measured 0.897 and 0.883 with them (were 0.905 and 0.890;
# found quotes 757 and 745 of 826, were 756 and 744).
GGT_F1_FLOORS = {0.3: 0.89, 0.8: 0.88}
NEWSQUANT_VALUE_F1_FLOOR = 0.94  # issue 12: 0.963 measured on dev (was 0.955 at the change-sign work's start)
NEWSQUANT_CHANGE_F1_FLOOR = 0.90  # issue 12 target for value + change; 0.903 measured on dev


def _external(shared_dir: Path, *parts: str) -> Path:
    path = shared_dir.joinpath("external", *parts)
    if not path.exists():
        pytest.skip(f"{path} not present")
    return path


def test_ggt_quotes_meet_targets(shared_dir: Path, extractor: ClaimExtractor) -> None:
    from claimstream.evaluate_ggt import evaluate_ggt, format_ggt

    scores = evaluate_ggt(_external(shared_dir, "ggt-quotes", "gold.json"), extractor)
    table = format_ggt(scores)
    for score in scores:
        assert score.f1 >= GGT_F1_FLOORS[score.threshold], table
        assert score.speaker >= GGT_TARGETS["speaker"], table
        assert score.verb >= GGT_TARGETS["verb"], table


def test_newsquant_values_hold(shared_dir: Path, extractor: ClaimExtractor) -> None:
    from claimstream.evaluate_newsquant import evaluate_newsquant, format_newsquant

    score = evaluate_newsquant(_external(shared_dir, "newsquant", "dev.json"), extractor)
    assert score.f1("value") >= NEWSQUANT_VALUE_F1_FLOOR, format_newsquant(score)
    assert score.f1("value+change") >= NEWSQUANT_CHANGE_F1_FLOOR, format_newsquant(score)
