"""Near-duplicates (MinHash LSH) and URL identity: copies are marked, distinct stories are not, the index is bounded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from claimstream.services.ingest.clean import article_id_for, canonical_url, clean_html
from claimstream.services.ingest.dedup import NearDuplicates, shingles
from claimstream.shared.events import ArticleRef

PAGES = Path(__file__).parent / "fixtures" / "sources"
STORY = clean_html((PAGES / "wire_story.html").read_bytes()).text
COPY = clean_html((PAGES / "wire_story_copy.html").read_bytes()).text
OTHER = (
    "The central bank left its main interest rate at 4.5 percent on Thursday, the governor said, adding that "
    "inflation had slowed to 3.1 percent in April and that wage growth remained strong across most sectors of "
    "the economy, according to figures published by the statistics office earlier this week."
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_syndicated_copy_is_marked_distinct_story_is_not() -> None:
    index = NearDuplicates()
    assert index.check("a", STORY) is None
    assert index.check("b", COPY) == "a"
    assert index.check("c", OTHER) is None
    assert index.check("b", COPY) == "a" and index.check("a", STORY) is None  # stable per id
    assert index.check("d", "Breaking:\n" + STORY + "\nRead more stories like this") == "a"  # first seen wins


def test_a_copy_of_a_copy_points_to_the_first_article() -> None:
    index = NearDuplicates()
    index.check("a", STORY)
    index.check("b", COPY)
    assert index.check("c", COPY + "\nUpdated with new figures.") == "a"


def test_threshold_decides() -> None:
    half = "\n".join(STORY.split("\n")[:3]) + "\n" + OTHER  # half the story's shingles: Jaccard about 0.3-0.4
    strict, loose = NearDuplicates(threshold=0.8), NearDuplicates(threshold=0.2)
    for index in (strict, loose):
        index.check("a", STORY)
    assert strict.check("b", half) is None and loose.check("b", half) == "a"


def test_bounded_by_count_and_by_time() -> None:
    clock = Clock()
    by_count = NearDuplicates(max_articles=2, clock=clock)
    by_count.check("a", STORY)
    by_count.check("x", OTHER)
    by_count.check("y", OTHER.replace("Thursday", "Friday") + " Markets rose.")
    assert len(by_count) == 2 and by_count.check("b", COPY) is None  # "a" was evicted first
    by_time = NearDuplicates(window_seconds=3600, clock=clock)
    by_time.check("a", STORY)
    clock.now += 3601
    assert by_time.check("b", COPY) is None and len(by_time) == 1


def test_shingles_ignore_case_and_spacing() -> None:
    assert shingles("One  two THREE four five six") == shingles("one two three\nfour five   six")
    assert shingles("") == set() and len(shingles("a b")) == 1


@pytest.mark.parametrize("variant", [
    "https://www.example.com/news/2024/05/23/floods?utm_source=rss&utm_medium=feed",
    "https://www.example.com/news/2024/05/23/floods#comments",
    "https://www.example.com/news/2024/05/23/floods/amp",
    "https://www.example.com/amp/news/2024/05/23/floods",
    "https://www.example.com/news/2024/05/23/floods?amp=1",
    "HTTPS://WWW.EXAMPLE.COM:443/news/2024/05/23/floods/",
    "https://www.example.com/news/2024/05/23/floods?fbclid=IwAR0x&gclid=abc",
])  # fmt: skip
def test_url_variants_share_the_article_id(variant: str) -> None:
    url = "https://www.example.com/news/2024/05/23/floods"
    assert article_id_for(variant, "text") == article_id_for(url, "other text")


def test_amp_host_maps_to_the_bare_host() -> None:
    assert canonical_url("https://amp.example.com/news/a") == canonical_url("https://example.com/news/a/amp")


def test_different_pages_keep_different_ids() -> None:
    assert canonical_url("https://example.com/a?id=1") != canonical_url("https://example.com/a?id=2")


def test_copy_of_names_the_original_article_and_its_outlet() -> None:
    index = NearDuplicates()
    assert index.copy_of("a", STORY, "Kyiv Post") is None
    assert index.copy_of("b", COPY, "Scraper Daily") == ArticleRef(article_id="a", outlet="Kyiv Post")
    # a copy of the copy still names the first article and its outlet, and the answer is stable per id
    assert index.copy_of("c", COPY + "\nUpdated.", "Third Site") == ArticleRef(article_id="a", outlet="Kyiv Post")
    assert index.copy_of("b", COPY, "Scraper Daily") == ArticleRef(article_id="a", outlet="Kyiv Post")
    assert index.copy_of("d", OTHER, "Kyiv Post") is None


def test_restored_articles_keep_their_outlet() -> None:
    index = NearDuplicates()
    index.restore("a", STORY, time.time(), None, "Kyiv Post")
    assert index.copy_of("b", COPY) == ArticleRef(article_id="a", outlet="Kyiv Post")
