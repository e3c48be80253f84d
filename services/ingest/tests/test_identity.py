"""canonical_url and article_id_for: variants of one article share an id."""

from __future__ import annotations

import pytest

from claimstream.services.ingest.clean import article_id_for, canonical_url


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.Example.com/world/story-1?utm_source=tw&utm_medium=social&fbclid=abc#comments",
            "https://www.example.com/world/story-1",
        ),
        ("https://example.com/world/story-1/?gclid=1&id=42", "https://example.com/world/story-1/?id=42"),
        ("https://example.com/amp/world/story-1", "https://example.com/world/story-1"),
        ("https://example.com/world/story-1/amp/", "https://example.com/world/story-1"),
        ("https://example.com/world/story-1.amp.html", "https://example.com/world/story-1.html"),
        ("https://example.com/world/story-1?amp=1", "https://example.com/world/story-1"),
        ("https://amp.example.com/world/story-1", "https://example.com/world/story-1"),
        ("HTTPS://EXAMPLE.COM:443/a", "https://example.com/a"),
    ],
)
def test_canonical_url_normalises_variants(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(
    "url", ["", "   ", "not a url", "ftp://example.com/a", "https://localhost/a", "mailto:a@b.com"]
)
def test_canonical_url_rejects_non_http_urls(url: str) -> None:
    assert canonical_url(url) is None


def test_tracking_params_do_not_change_the_id() -> None:
    plain = article_id_for("https://example.com/news/a-story", "text one")
    tracked = article_id_for("https://example.com/news/a-story?utm_campaign=x#top", "text two")
    assert plain == tracked
    assert len(plain) == 32 and int(plain, 16) >= 0


def test_same_text_with_different_whitespace_and_case_has_same_id() -> None:
    a = article_id_for(None, "Officials said  11,000 troops\n\nwere deployed.")
    b = article_id_for(None, "  officials SAID 11,000\ttroops were deployed.  ")
    assert a == b
    assert a != article_id_for(None, "Officials said 12,000 troops were deployed.")


def test_invalid_url_falls_back_to_text() -> None:
    assert article_id_for("not a url", "Some text") == article_id_for(None, "some   text")


def test_different_urls_have_different_ids() -> None:
    assert article_id_for("https://example.com/a", "x") != article_id_for("https://example.com/b", "x")


@pytest.mark.parametrize(
    "url",
    [
        "https://economictimes.indiatimes.com/tech/slideshow/76280131.cms?page=1",
        "https://example.com/article/3834/1/",
        "https://www.example.com/news/a.cms",
    ],
)
def test_urls_a_crawler_would_skip_still_identify_their_article(url: str) -> None:
    canonical = canonical_url(url)
    assert canonical is not None and canonical.startswith("https://")
    assert article_id_for(url, "same text") != article_id_for(url + ("&" if "?" in url else "?") + "v=2", "same text")


@pytest.mark.parametrize("url", ["ftp://example.com/a", "https://localhost/a", "not a url"])
def test_non_web_urls_have_no_canonical_form(url: str) -> None:
    assert canonical_url(url) is None
