"""POST /articles with only a URL (fetch on request), refusals and failures (4xx + dead letter), near-duplicates,
non-English articles, and the poller running inside the app's lifespan."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from claimstream.services.ingest.tests.local_web import (
    PAGES,
    LocalWeb,
    Page,
    ingest_settings,
    running_ingest,
    serve_wire_story,
)


@pytest.fixture
def web() -> Iterator[LocalWeb]:
    with serve_wire_story() as web:
        web.routes["/amp/2024/05/23/floods"] = Page((PAGES / "wire_story.html").read_bytes())
        web.routes["/share"] = Page(status=302, location="/2024/05/23/floods?utm_source=share")
        web.routes["/report.pdf"] = Page(b"%PDF-1.4", "application/pdf")
        yield web


async def test_url_only_is_fetched_cleaned_and_published(web: LocalWeb, uid: str) -> None:
    url = web.url("/2024/05/23/floods", "gazette.test")
    async with running_ingest(ingest_settings(uid)) as (_, client, captured):
        r = await client.post("/articles", json={"url": url + "?utm_source=newsletter#comments"})
        assert r.status_code == 202, r.text
        [article] = captured.articles
        assert r.json()["article_id"] == article.article_id and article.url == url
        assert article.source == "url" and article.outlet == "Harbor Gazette" and "12,000 people" in article.text
        assert article.published_at is not None and article.published_at.date().isoformat() == "2024-05-23"
        assert article.date_rule in {"metadata", "htmldate"} and article.language == "en"
        assert article.extraction_skipped_reason is None and article.duplicate_of is None


async def test_url_variants_get_one_article_id(web: LocalWeb, uid: str) -> None:
    variants = [
        web.url("/2024/05/23/floods", "gazette.test"),
        web.url("/amp/2024/05/23/floods", "gazette.test"),
        web.url("/2024/05/23/floods?utm_campaign=x&fbclid=abc", "GAZETTE.test"),
        web.url("/share", "gazette.test"),
    ]
    async with running_ingest(ingest_settings(uid)) as (_, client, captured):
        ids = [(await client.post("/articles", json={"url": v})).json()["article_id"] for v in variants]
        assert len(set(ids)) == 1 and len(captured.articles) == 4
        assert all(a.duplicate_of is None for a in captured.articles)  # the same article, not a near-duplicate


async def test_request_fields_win_and_date_rule_says_request(web: LocalWeb, uid: str) -> None:
    async with running_ingest(ingest_settings(uid)) as (_, client, captured):
        body = {
            "url": web.url("/2024/05/23/floods", "gazette.test"),
            "outlet": "Wire Desk",
            "published_at": "2024-05-22T18:00:00Z",
        }
        assert (await client.post("/articles", json=body)).status_code == 202
        [article] = captured.articles
        assert article.outlet == "Wire Desk" and article.date_rule == "request"
        assert article.published_at is not None and article.published_at.isoformat() == "2024-05-22T18:00:00+00:00"


async def test_near_duplicate_is_marked_and_kept(web: LocalWeb, uid: str) -> None:
    async with running_ingest(ingest_settings(uid)) as (_, client, captured):
        first = await client.post("/articles", json={"url": web.url("/2024/05/23/floods", "gazette.test")})
        copy = await client.post("/articles", json={"url": web.url("/world/velmar-floods", "courier.test")})
        assert copy.status_code == 202 and copy.json()["duplicate_of"] == first.json()["article_id"]
        assert [a.duplicate_of for a in captured.articles] == [None, first.json()["article_id"]]
        original = captured.articles[0]
        assert captured.articles[1].copy_of is not None and captured.articles[0].copy_of is None
        assert captured.articles[1].copy_of.article_id == original.article_id
        assert captured.articles[1].copy_of.outlet == original.outlet  # the original's outlet, not the copy's
        assert copy.json()["copy_of"] == {"article_id": original.article_id, "outlet": original.outlet}
        again = await client.post("/articles", json={"url": web.url("/2024/05/23/floods", "gazette.test")})
        assert again.json()["duplicate_of"] is None  # the original never becomes a copy of its copy


async def test_non_english_article_says_why_it_has_no_claims(web: LocalWeb, uid: str) -> None:
    async with running_ingest(ingest_settings(uid)) as (_, client, captured):
        r = await client.post("/articles", json={"url": web.url("/monde/inondations", "lake-courier.test")})
        assert r.status_code == 202 and r.json()["language"] == "fr"
        [article] = captured.articles
        assert article.extraction_skipped_reason == "language is fr; claims are extracted from English text only"


@pytest.mark.parametrize("path, host, words", [
    ("/missing", "gazette.test", "fetch failed: http://gazette.test:{port}/missing answered HTTP 404"),
    ("/report.pdf", "gazette.test", "article rejected: not an article page: content type application/pdf"),
])  # fmt: skip
async def test_failed_fetches_are_422_and_dead_lettered(
    web: LocalWeb, uid: str, path: str, host: str, words: str
) -> None:
    async with running_ingest(ingest_settings(uid)) as (_, client, captured):
        r = await client.post("/articles", json={"url": web.url(path, host)})
        assert r.status_code == 422 and r.json()["detail"] == words.format(port=web.port)
        [dead] = captured.rejected
        assert (
            dead.stage == "ingest"
            and dead.reason == words.format(port=web.port)
            and web.url(path, host) in dead.original
        )
        assert captured.articles == []


async def test_loopback_is_refused_without_the_setting(web: LocalWeb, uid: str) -> None:
    async with running_ingest(ingest_settings(uid, ingest_fetch_allowed_networks="")) as (_, client, captured):
        for url in (web.url("/2024/05/23/floods"), web.url("/2024/05/23/floods", "gazette.test")):
            r = await client.post("/articles", json={"url": url})
            assert r.status_code == 422 and r.json()["detail"].startswith("url refused:") and "loopback" in r.text
        assert len(captured.rejected) == 2 and captured.articles == [] and web.requests == []
        r = await client.post("/articles", json={"url": "ftp://gazette.test/x"})
        assert r.status_code == 422 and "only absolute http(s) URLs" in r.json()["detail"]


async def test_empty_request_still_needs_content_or_url(uid: str) -> None:
    async with running_ingest(ingest_settings(uid)) as (_, client, captured):
        r = await client.post("/articles", json={"title": "no content"})
        assert r.status_code == 422 and "url" in r.text and captured.rejected == []


async def test_poller_runs_in_the_lifespan(web: LocalWeb, uid: str, wait_for) -> None:  # type: ignore[no-untyped-def]
    feed = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><link>http://gazette.test/</link>'
        f"<item><link>{web.url('/2024/05/23/floods', 'gazette.test')}</link></item></channel></rss>"
    )
    web.routes["/rss.xml"] = Page(feed.encode(), "application/rss+xml", etag='"v"')
    settings = ingest_settings(uid, ingest_feed_poll_seconds=0.05, ingest_feeds=web.url("/rss.xml", "gazette.test"))
    async with running_ingest(settings) as (app, _, captured):
        async with app.router.lifespan_context(app):
            await wait_for(lambda: len(web.hits("/rss.xml")) >= 3, timeout=20)
            assert len(captured.articles) == 1 and captured.articles[0].source == "feed"
        hits = len(web.hits("/rss.xml"))
        await asyncio.sleep(0.2)
        assert len(web.hits("/rss.xml")) == hits  # polling stopped with the app
