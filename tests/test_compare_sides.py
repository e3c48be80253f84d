"""Groups that hold one measure, from text (issue 23): invented reports through the extractor, then the
comparison. A report giving two armies' losses makes two groups and the North Korean summary never pairs with a
Russian figure; "the troops" in it is listed as unplaced; stated periods are labelled, nesting ones compared
as a part and its whole, periods apart never."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.index import compare
from claimstream.shared.events import ArticleCleaned

WHEN = datetime(2025, 6, 2, tzinfo=UTC)

INVENTED = Path(__file__).parent / "invented"  # also posted by scripts/compare_story.py (docs/search.md)
TWO_ARMIES = {
    "Harbor Post": (INVENTED / "two_armies_harbor_post.txt").read_text(),
    "Valley Courier": (INVENTED / "two_armies_valley_courier.txt").read_text(),
}
PERIODS = {
    "Harbor Post": "Kyiv says 45,000 of its soldiers have been killed since 2022, the president said on Sunday.",
    "Valley Courier": "About 3,000 Ukrainian soldiers were killed in the past three months, a Western official said.",
}
APART = {
    "Harbor Post": "In 2023, 20,000 Ukrainian soldiers died, an analyst at the Tarvo Institute estimated.",
    "Valley Courier": "Last month, 900 Ukrainian soldiers were killed, a Western official said.",
}


def _claims(extractor: ClaimExtractor, reports: dict[str, str], story: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n, (outlet, text) in enumerate(reports.items()):
        article = ArticleCleaned(
            article_id=f"{story}{n}", text=text, outlet=outlet, published_at=WHEN, ingested_at=WHEN
        )
        out += [{**c.model_dump(mode="json"), "story_id": story} for c in extractor.extract(article)]
    return out


def test_two_armies_losses_are_two_groups_and_the_bare_troops_are_unplaced(extractor: ClaimExtractor) -> None:
    result = compare.comparison(_claims(extractor, TWO_ARMIES, "war"), min_sources=1)
    groups = {g["side"]: g for g in result["groups"] if g["subject"] == "troops"}
    assert set(groups) == {"North Korean", "Russian"}, [(g["side"], g["summary"]) for g in result["groups"]]
    north, russian = groups["North Korean"], groups["Russian"]
    assert sorted(r["value"] for r in north["readings"]) == [400, 700]
    assert sorted(r["value"] for r in russian["readings"]) == [5000, 250000]  # "its soldiers", said by Moscow
    assert not any(figure in north["summary"] for figure in ("5,000", "250,000"))
    assert north["max"] == 700  # the chart's axis runs over this group
    [unplaced] = result["unplaced"]
    assert unplaced["value"] == 2000 and "North Korean and Russian" in unplaced["why"]
    assert [r["period"] for r in russian["readings"] if r["value"] == 250000] == ["since 2022"]


def test_nesting_periods_are_labelled_and_compared_as_a_part_periods_apart_never(extractor: ClaimExtractor) -> None:
    [group] = compare.comparison(_claims(extractor, PERIODS, "p"), tolerance=0)["groups"]
    assert group["side"] == "Ukrainian" and group["periods"] == ["in the past three months", "since 2022"]
    assert group["verdict"] == "consistent" and (group["min"], group["max"]) == (45000, 45000)
    apart = compare.comparison(_claims(extractor, APART, "q"), min_sources=1)["groups"]
    assert sorted(g["periods"][0].lower() for g in apart) == ["in 2023", "last month"]
    assert all(len(g["readings"]) == 1 and not g["disagreements"] for g in apart)
