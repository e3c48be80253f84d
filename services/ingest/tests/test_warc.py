"""WARC archives (CC-NEWS style): HTML response records are streamed out and posted; everything else is skipped.

Archives are built here with warcio from committed fixture pages (always) and from ../shared/corpus pages
(skipped without it).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimstream.cli import app
from claimstream.services.ingest.clean import CleaningError, clean_html
from claimstream.services.ingest.tests.local_web import LocalWeb, serve
from claimstream.services.ingest.warc import WarcError, WarcStats, iter_pages

PAGES = Path(__file__).parent / "fixtures" / "sources"
FIXTURES = Path(__file__).parent / "fixtures"
runner = CliRunner()


def write_warc(path: Path, pages: list[tuple[str, bytes, str]], *, extras: bool = True) -> Path:
    """A gzipped WARC with one response per (url, body, content type), plus a request, a 404 and a PDF."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "claimstream-tests"}))
        for url, body, content_type in pages:
            if extras:
                writer.write_record(
                    writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
                )
            _response(writer, url, body, content_type)
        if extras:
            _response(writer, "https://gone.example/x", b"<html>not here</html>", "text/html", "404 Not Found")
            _response(writer, "https://files.example/report.pdf", b"%PDF-1.4 ...", "application/pdf")
    return path


def _response(writer: WARCWriter, url: str, body: bytes, content_type: str, status: str = "200 OK") -> None:
    headers = StatusAndHeaders(
        status, [("Content-Type", content_type), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
    )
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))


def fixture_pages() -> list[tuple[str, bytes, str]]:
    return [
        (
            "https://gazette.example/2024/05/23/floods",
            (PAGES / "wire_story.html").read_bytes(),
            "text/html; charset=utf-8",
        ),
        ("https://lake-courier.example/monde/inondations", (PAGES / "page_fr.html").read_bytes(), "text/html"),
        (
            "https://uk.example/news/1",
            (FIXTURES / "synthetic_uk_cp1251.html").read_bytes(),
            "text/html; charset=windows-1251",
        ),
    ]


@pytest.fixture
def api() -> Iterator[LocalWeb]:
    with serve() as web:  # a stand-in ingest API: records POST /articles bodies, answers 202
        yield web


def test_only_html_responses_come_out_decoded(tmp_path: Path) -> None:
    archive = write_warc(tmp_path / "news.warc.gz", fixture_pages())
    stats = WarcStats()
    with archive.open("rb") as stream:
        pages = list(iter_pages(stream, stats))
    assert [p.url for p in pages] == [url for url, _, _ in fixture_pages()]
    assert "12,000 people" in pages[0].html and "évacuées" in pages[1].html
    assert "Київ" in pages[2].html or "Україн" in pages[2].html  # windows-1251 decoded by its declared charset
    assert stats.pages == 3 and stats.skipped == {
        "warcinfo record": 1,
        "request record": 3,
        "HTTP 404": 1,
        "not HTML": 1,
    }
    assert pages[0].crawled_at


def test_uncompressed_warc_and_oversized_pages(tmp_path: Path) -> None:
    big = ("https://big.example/a", b"<html><body>" + b"<p>word</p>" * 2000 + b"</body></html>", "text/html")
    archive = write_warc(tmp_path / "news.warc", [*fixture_pages(), big], extras=False)
    stats = WarcStats()
    with archive.open("rb") as stream:
        pages = list(iter_pages(stream, stats, max_bytes=10_000))
    assert [p.url for p in pages] == [url for url, _, _ in fixture_pages()] and stats.skipped == {
        "warcinfo record": 1,
        "too large": 1,
    }


def test_not_a_warc(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.warc.gz"
    bogus.write_bytes(b"this is not an archive at all\n" * 10)
    with pytest.raises(WarcError, match="not a readable WARC"), bogus.open("rb") as stream:
        list(iter_pages(stream))


def test_cli_streams_a_warc_to_the_ingest_api(tmp_path: Path, api: LocalWeb) -> None:
    archive = write_warc(
        tmp_path / "cc-news.warc.gz",
        [*fixture_pages(), ("https://x.example/reject-me", b"<html><p>x</p></html>", "text/html")],
    )
    result = runner.invoke(app, ["ingest", str(archive), "--api", api.url(""), "--concurrency", "2"])
    assert result.exit_code == 1, result.output  # one page was rejected by the API
    assert "accepted 3, rejected 1 pages from 1 WARC archive(s); 7 records skipped" in result.output
    assert "https://x.example/reject-me: HTTP 422: article rejected: too short" in result.output
    assert sorted(b["url"] for b in api.posted) == sorted(
        [u for u, _, _ in fixture_pages()] + ["https://x.example/reject-me"]
    )
    assert all(set(b) == {"url", "html"} for b in api.posted)


def test_cli_reports_a_broken_archive(tmp_path: Path, api: LocalWeb) -> None:
    bogus = tmp_path / "broken.warc.gz"
    bogus.write_bytes(b"\x1f\x8b garbage")
    result = runner.invoke(app, ["ingest", str(bogus), "--api", api.url("")])
    assert result.exit_code == 1 and "broken.warc.gz" in result.output and api.posted == []


def test_corpus_pages_survive_the_warc_round_trip(tmp_path: Path, shared_dir: Path, api: LocalWeb) -> None:
    corpus = shared_dir / "corpus" / "article-extraction-benchmark"
    truth = json.loads((corpus / "ground-truth.json").read_text())
    chosen = sorted(truth)[:12]
    pages = [
        (truth[key]["url"], (corpus / "html" / f"{key}.html").read_bytes(), "text/html; charset=utf-8")
        for key in chosen
    ]
    archive = write_warc(tmp_path / "corpus.warc.gz", pages)
    with archive.open("rb") as stream:
        out = list(iter_pages(stream))
    assert [p.url for p in out] == [url for url, _, _ in pages]
    cleaned = 0
    for page, (_, raw, _) in zip(out, pages, strict=True):
        assert page.html == raw.decode("utf-8")
        try:
            cleaned += bool(clean_html(page.html, page.url).text)
        except CleaningError:
            pass
    assert cleaned >= 10
    result = runner.invoke(app, ["ingest", str(archive), "--api", api.url("")])
    assert result.exit_code == 0, result.output and len(api.posted) == 12
