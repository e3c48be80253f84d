"""Feeds and sitemaps: parsing (RSS, Atom, JSON Feed, sitemaps, news sitemaps, gzipped indexes), then polling
against a local server: new entries published, 304 costs nothing, seen entries are not refetched, politeness."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest

from claimstream.services.ingest.feeds import SourceError, parse_source
from claimstream.services.ingest.politeness import HostPacer
from claimstream.services.ingest.tests.local_web import (
    PAGES,
    LocalWeb,
    NoSleep,
    Page,
    ingest_settings,
    running_ingest,
    serve_wire_story,
)


def rss(*links: str) -> bytes:
    items = "".join(
        f"<item><title>t</title><link>{link}</link><pubDate>Thu, 23 May 2024 09:30:00 GMT</pubDate></item>"
        for link in links
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>http://wire.test/</link>{items}</channel></rss>'.encode()


def atom(*links: str) -> bytes:
    entries = "".join(f'<entry><title>t</title><link rel="alternate" href="{link}"/></entry>' for link in links)
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        f'<link rel="self" href="http://wire.test/atom.xml"/>{entries}</feed>'
    ).encode()


def news_sitemap(*links: str) -> bytes:
    urls = "".join(
        f"<url><loc>{link}</loc><news:news><news:publication_date>2024-05-23</news:publication_date>"
        "<news:title>t</news:title></news:news></url>"
        for link in links
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def sitemap_index(*sitemaps: str) -> bytes:
    items = "".join(f"<sitemap><loc>{s}</loc></sitemap>" for s in sitemaps)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'.encode()


A, B = "http://wire.test/2024/05/23/floods", "http://other.test/world/velmar-floods"


@pytest.mark.parametrize("content, kind", [
    (rss(A, B + "?utm_source=rss"), "feed"), (atom(A, B), "feed"), (news_sitemap(A, B), "sitemap"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"url": "%s"}, {"url": "%s"}]}' % (A.encode(), B.encode()), "feed"),
])  # fmt: skip
def test_feed_and_sitemap_links(content: bytes, kind: str) -> None:
    found = parse_source(content, "http://wire.test/source.xml")
    assert found.kind == kind and found.articles == [A, B] and found.sitemaps == []


def test_gzipped_sitemap_index_names_nested_sitemaps() -> None:
    found = parse_source(gzip.compress(sitemap_index("http://wire.test/news.xml")), "http://wire.test/sitemap.xml.gz")
    assert found.kind == "sitemap" and found.articles == [] and found.sitemaps == ["http://wire.test/news.xml"]


@pytest.mark.parametrize("content", [b"<html><body>not a feed</body></html>", b"", b"plain words"])
def test_neither_feed_nor_sitemap(content: bytes) -> None:
    with pytest.raises(SourceError, match="neither"):
        parse_source(content, "http://wire.test/x")


@pytest.fixture
def web() -> Iterator[LocalWeb]:
    with serve_wire_story() as web:
        yield web


def links(web: LocalWeb) -> tuple[str, str, str]:
    return (
        web.url("/2024/05/23/floods", "wire.test"),
        web.url("/world/velmar-floods", "courier.test"),
        web.url("/monde/inondations", "lake-courier.test"),
    )


async def test_feed_poll_publishes_new_entries_then_304_then_only_new_ones(web: LocalWeb, uid: str) -> None:
    first, second, third = links(web)
    web.routes["/rss.xml"] = Page(rss(first, second + "?utm_medium=feed"), "application/rss+xml", etag='"e1"')
    async with running_ingest(ingest_settings(uid)) as (app, client, captured):
        poller = app.state.poller
        feed, _ = poller.add(web.url("/rss.xml", "wire.test"))
        await poller.poll_all()
        assert sorted(a.url for a in captured.articles) == sorted([first, second])
        assert {a.source for a in captured.articles} == {"feed"} and feed.kind == "feed" and feed.etag == '"e1"'
        copy = next(a for a in captured.articles if a.url == second)
        original = next(a for a in captured.articles if a.url == first)
        assert (copy.duplicate_of, original.duplicate_of) in {(original.article_id, None), (None, copy.article_id)}

        await poller.poll_all()  # unchanged feed: conditional GET, 304, no page fetched
        assert web.hits("/rss.xml")[-1].headers["if-none-match"] == '"e1"' and feed.last_result == "not modified"
        assert len(web.hits("/2024/05/23/floods")) == 1 and len(captured.articles) == 2

        web.routes["/rss.xml"] = Page(rss(third, first), "application/rss+xml", etag='"e2"')
        await poller.poll_all()
        assert [a.url for a in captured.articles[2:]] == [third] and len(web.hits("/2024/05/23/floods")) == 1
        assert captured.articles[2].language == "fr" and "English" in (
            captured.articles[2].extraction_skipped_reason or ""
        )
        assert feed.published == 3 and "1 new" in (feed.last_result or "")


async def test_last_modified_is_used_when_there_is_no_etag(web: LocalWeb, uid: str) -> None:
    first, _, _ = links(web)
    web.routes["/atom.xml"] = Page(atom(first), "application/atom+xml", last_modified="Thu, 23 May 2024 10:00:00 GMT")
    async with running_ingest(ingest_settings(uid)) as (app, _, captured):
        feed, _ = app.state.poller.add(web.url("/atom.xml", "wire.test"))
        await app.state.poller.poll_all()
        await app.state.poller.poll_all()
        assert web.hits("/atom.xml")[-1].headers["if-modified-since"] == "Thu, 23 May 2024 10:00:00 GMT"
        assert feed.last_result == "not modified" and len(captured.articles) == 1


async def test_sitemap_index_and_news_sitemap_are_followed(web: LocalWeb, uid: str) -> None:
    first, second, _ = links(web)
    web.routes["/sitemap.xml"] = Page(sitemap_index(web.url("/news-sitemap.xml", "wire.test")), "application/xml")
    web.routes["/news-sitemap.xml"] = Page(news_sitemap(first, second), "application/xml")
    async with running_ingest(ingest_settings(uid)) as (app, _, captured):
        feed, _ = app.state.poller.add(web.url("/sitemap.xml", "wire.test"))
        await app.state.poller.poll_all()
        assert feed.kind == "sitemap" and sorted(a.url for a in captured.articles) == sorted([first, second])
        assert {a.source for a in captured.articles} == {"sitemap"}


async def test_failed_entries_are_dead_lettered_once_and_polling_goes_on(web: LocalWeb, uid: str) -> None:
    first, _, _ = links(web)
    gone = web.url("/2024/05/20/removed", "wire.test")
    web.routes["/rss.xml"] = Page(rss(gone, first), "application/rss+xml")
    web.routes["/broken.xml"] = Page(b"<html><body>moved</body></html>")
    async with running_ingest(ingest_settings(uid)) as (app, _, captured):
        poller = app.state.poller
        feed, _ = poller.add(web.url("/rss.xml", "wire.test"))
        broken, _ = poller.add(web.url("/broken.xml", "wire.test"))
        await poller.poll_all()
        await poller.poll_all()
        assert [a.url for a in captured.articles] == [first]
        [dead] = captured.rejected
        assert "fetch failed" in dead.reason and "HTTP 404" in dead.reason and gone in dead.original
        assert (broken.last_result or "").startswith("error:") and "neither a feed" in (broken.last_result or "")


async def test_entries_on_one_host_are_spaced_by_the_host_delay(web: LocalWeb, uid: str) -> None:
    for n in range(3):
        web.routes[f"/2024/05/2{n}/story-{n}"] = Page((PAGES / "wire_story.html").read_bytes())
    entries = [web.url(f"/2024/05/2{n}/story-{n}", "wire.test") for n in range(3)]
    web.routes["/rss.xml"] = Page(rss(*entries), "application/rss+xml")
    async with running_ingest(ingest_settings(uid, ingest_fetch_host_delay=3.0)) as (app, _, captured):
        clock = NoSleep()
        fetcher = app.state.poller.pipeline.fetcher
        fetcher.pacer = HostPacer(3.0, clock=clock.clock, sleep=clock.sleep)
        app.state.poller.add(web.url("/rss.xml", "wire.test"))
        await app.state.poller.poll_all()
        assert len(captured.articles) == 3
        assert clock.slept == [3.0, 3.0, 3.0]  # feed, then three entries on one host: each waits its turn


async def test_feeds_api(uid: str) -> None:
    settings = ingest_settings(
        uid, ingest_api_key="k3y", ingest_feeds="https://wire.example/rss.xml, https://wire.example/news.xml"
    )
    async with running_ingest(settings) as (_, client, _captured):
        listed = (await client.get("/feeds")).json()
        assert [f["url"] for f in listed] == ["https://wire.example/rss.xml", "https://wire.example/news.xml"]
        assert {f["origin"] for f in listed} == {"settings"}
        assert (await client.post("/feeds", json={"url": "https://x.example/feed"})).status_code == 401
        headers = {"X-API-Key": "k3y"}
        created = await client.post("/feeds", json={"url": "https://x.example/feed"}, headers=headers)
        again = await client.post("/feeds", json={"url": "https://x.example/feed"}, headers=headers)
        assert created.status_code == 201 and again.status_code == 200 and created.json() == again.json()
        bad = await client.post("/feeds", json={"url": "file:///etc/passwd"}, headers=headers)
        assert bad.status_code == 422
        fid = created.json()["feed_id"]
        assert (await client.delete(f"/feeds/{fid}")).status_code == 401
        assert (await client.delete(f"/feeds/{fid}", headers=headers)).status_code == 204
        assert (await client.delete(f"/feeds/{fid}", headers=headers)).status_code == 404
        assert len((await client.get("/feeds")).json()) == 2
