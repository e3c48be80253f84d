"""clean_text on pasted web text: seeds-dev examples, synthetic pastes, and single-line rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from claimstream.services.ingest.clean import CleaningError, clean_text

from .conftest import SHARED

SEEDS = SHARED / "seeds-dev"


def _gold() -> dict[str, dict]:
    if not (SEEDS / "gold_claims.json").is_file():
        pytest.skip(f"seeds-dev not found at {SEEDS}")
    return {
        k: v
        for k, v in json.loads((SEEDS / "gold_claims.json").read_text(encoding="utf-8")).items()
        if k.endswith(".txt")
    }


@pytest.mark.parametrize("name", ["000_9cf027c18a6fb95f.txt", "002_61f1521eaff463c2.txt"])
def test_seed_articles_keep_claims_and_drop_boilerplate(name: str) -> None:
    gold = _gold()[name]
    result = clean_text((SEEDS / name).read_text(encoding="utf-8"))
    assert [c["key"] for c in gold["claims"] if c["key"] not in result.text] == []
    assert [s for s in gold["not_claims"] if s in result.text] == []
    assert result.language == "en"


def test_seed_headline_becomes_title() -> None:
    _gold()
    result = clean_text((SEEDS / "002_61f1521eaff463c2.txt").read_text(encoding="utf-8"))
    assert result.title == "North Korean troops withdraw from Ukraine frontline after heavy losses, Seoul says"
    assert not result.text.startswith("North Korean troops withdraw")


WIRE_KEEP = [
    "halting grain shipments worth about $40 million a day",
    "agreed to a 15% pay rise",
    "it had offered a 7% increase and called the walkout illegal",  # hard-wrapped line re-joined
    "Constanta handled 60% of the country's grain exports",
    "two of the largest buyers of Romanian grain.",
]
WIRE_DROP = [
    "Skip to main content",
    "Europe",
    "Updated 2 hours ago",
    "min read",
    "Facebook Twitter",
    "Photo by",
    "ADVERTISEMENT",
    "Read more",
    "Black Sea freight rates",
    "File photo",
    "Getty",
    "Reporting by",
    "Morning Briefing",
    "Related stories",
    "wheat harvest beats forecasts",
    "Ukrainian grain transit",
    "war-risk premiums",
    "Tags:",
    "All rights reserved",
    "cookies",
]
BLOG_KEEP = [
    "about 12 million dollars, half of what officials projected",
    "saved 3.5 million dollars since July",
    '"The mayor is counting money we have not collected yet," he said',
    "vote on the budget on February 20.",
]
BLOG_DROP = [
    "HOME",
    "Posted on",
    "Image credit",
    "Also read",
    "new bus lanes",
    "Police chief to retire",
    "library renovation",
    "Follow us",
    "37 Comments",
    "Leave a comment",
    "Log in to comment",
    "Great article",
    "Thanks for reading",
    "+1 555",
    "ads@citynews",
    "Disclaimer",
]


@pytest.mark.parametrize(
    ("name", "keep", "drop"),
    [("pasted_wire_story.txt", WIRE_KEEP, WIRE_DROP), ("pasted_blog_comments.txt", BLOG_KEEP, BLOG_DROP)],
)
def test_synthetic_pastes(fixtures: Path, name: str, keep: list[str], drop: list[str]) -> None:
    result = clean_text((fixtures / name).read_text(encoding="utf-8"))
    assert [s for s in keep if s not in result.text] == []
    assert [s for s in drop if s in result.text] == []


def test_wire_metadata(fixtures: Path) -> None:
    result = clean_text(
        (fixtures / "pasted_wire_story.txt").read_text(encoding="utf-8"), "https://www.example-wire.com/x?utm_source=a"
    )
    assert result.title == "Port strike halts grain exports as talks stall, union says"
    assert result.author == "Maria Lopez and Tom Becker"
    assert result.published_at == datetime(2024, 3, 4, 9, 30, tzinfo=UTC)
    assert result.date_rule == "dateline"
    assert result.outlet == "example-wire.com"


def test_blog_metadata(fixtures: Path) -> None:
    result = clean_text((fixtures / "pasted_blog_comments.txt").read_text(encoding="utf-8"))
    assert result.title == "Mayor says city budget gap smaller than feared"
    assert result.published_at == datetime(2025, 1, 31, tzinfo=UTC)
    assert result.outlet is None


BODY = (
    "The ministry said on Tuesday that exports rose by 12% in the first quarter, driven by strong demand "
    "for steel and machinery from neighbouring countries."
)

DROPPED_LINES = [
    "Photo: Reuters",
    "Soldiers walk past a destroyed building in Kharkiv. (Photo by John Smith/AFP)",
    "Protesters gather outside parliament / Getty Images",
    "Image credit: Ministry of Defence",
    "File photo of the harbour",
    "Comments",
    "12 comments",
    "Leave a comment",
    "Log in to comment",
    "Subscribe to our newsletter for daily updates",
    "Share this article",
    "Share Facebook Twitter WhatsApp Email",
    "Contact us: newsroom@example.org",
    "Tel: +44 20 7946 0958",
    "© 2025 Example Media Ltd",
    "Copyright 2024 The Daily Example. All rights reserved.",
    "Read more: Ministers clash over budget",
    "See also: The ten biggest exporters",
    "We use cookies to personalise content and ads. By clicking Accept you consent to our cookie policy.",
    "Tags: economy, trade, exports",
    "By Jane Doe",
    "January 31, 2025 14:05",
    "ADVERTISEMENT",
]


@pytest.mark.parametrize("line", DROPPED_LINES)
def test_single_furniture_line_is_dropped(line: str) -> None:
    result = clean_text(f"{BODY}\n{line}\n{BODY.replace('Tuesday', 'Wednesday')}")
    assert line not in result.text
    assert result.text.count("\n") == 1


def test_headlines_after_related_header_are_dropped_until_next_paragraph() -> None:
    text = f"{BODY}\nMore from Example News\nMinisters clash over budget\nWhy the harbour is silting up?\n{BODY.replace('12%', '13%')}"
    result = clean_text(text)
    assert "Ministers clash" not in result.text and "harbour" not in result.text
    assert "13%" in result.text


KEPT_LINES = [
    "By the end of the year, the agency said, some 3,000 households had been connected to the new grid.",
    "Officials said the newsletter sent to 2,000 subscribers contained false figures about the vote count.",
    "The photographer, who asked not to be named, said police had detained him for six hours.",
    "Comments made by the minister on Monday drew criticism from the opposition, which called them reckless.",
]


@pytest.mark.parametrize("line", KEPT_LINES)
def test_genuine_paragraphs_are_kept(line: str) -> None:
    assert line in clean_text(f"{BODY}\n{line}\n{BODY}").text


def test_whitespace_is_normalised() -> None:
    result = clean_text(f"  {BODY}\u00a0\u200b\r\n\r\n\t{BODY.replace('12', '14')}   \n\n\n")
    assert result.text == f"{BODY}\n{BODY.replace('12', '14')}"


@pytest.mark.parametrize(
    "text", ["", "   \n\n", "Comments\nShare\n© 2024", "Too short to be an article.", "12 34 56 78"]
)
def test_too_little_text_is_a_cleaning_error(text: str) -> None:
    with pytest.raises(CleaningError, match="no article text found after cleaning"):
        clean_text(text)


def test_text_size_limit() -> None:
    with pytest.raises(CleaningError, match="too large"):
        clean_text(BODY * 100, max_bytes=1000)
