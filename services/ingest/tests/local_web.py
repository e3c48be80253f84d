"""A tiny HTTP server on loopback for the source tests: serves fixed routes, records every request.

Routes are ``{path: Page}``; a page may answer 304 to a matching ``If-None-Match``/``If-Modified-Since``, redirect,
or declare a status. Host names in test URLs (``wire-a.test``) are mapped to the server by :func:`resolver`, so
canonical URLs and per-host politeness behave as on the web while every connection stays on 127.0.0.1.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI
from faststream.kafka import KafkaBroker, TestKafkaBroker

from claimstream.services.ingest.main import create_app
from claimstream.shared.events import ArticleCleaned, ArticleRejected
from claimstream.shared.settings import IngestSettings

LOOPBACK = "127.0.0.0/8"


@dataclass
class Page:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None


@dataclass
class Seen:
    path: str
    host: str
    headers: dict[str, str]


@dataclass
class LocalWeb:
    port: int = 0
    routes: dict[str, Page] = field(default_factory=dict)
    requests: list[Seen] = field(default_factory=list)
    posted: list[dict[str, Any]] = field(default_factory=list)  # bodies of POST /articles (a stand-in ingest API)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]


def _handler(web: LocalWeb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            headers = {k.lower(): v for k, v in self.headers.items()}
            path = self.path.split("?")[0]  # routes ignore the query (tracking parameters)
            web.requests.append(Seen(path, headers.get("host", ""), headers))
            page = web.routes.get(path)
            if page is None:
                self._answer(404, {}, b"not found")
            elif page.etag and headers.get("if-none-match") == page.etag:
                self._answer(304, {"ETag": page.etag}, b"")
            elif page.last_modified and headers.get("if-modified-since") == page.last_modified:
                self._answer(304, {"Last-Modified": page.last_modified}, b"")
            else:
                extra = {
                    "Content-Type": page.content_type,
                    "ETag": page.etag,
                    "Last-Modified": page.last_modified,
                    "Location": page.location,
                }
                self._answer(page.status, {k: v for k, v in extra.items() if v}, page.body)

        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers.get("content-length", "0"))) or b"{}")
            web.posted.append(body)
            if "reject" in (body.get("url") or ""):
                self._answer(422, {"Content-Type": "application/json"}, b'{"detail": "article rejected: too short"}')
                return
            answer = json.dumps({"article_id": hashlib.sha256((body.get("url") or "").encode()).hexdigest()[:32]})
            self._answer(202, {"Content-Type": "application/json"}, answer.encode())

        def _answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve() -> Iterator[LocalWeb]:
    """A running :class:`LocalWeb` on 127.0.0.1 for the duration of the ``with``."""
    web = LocalWeb()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(web))
    web.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield web
    finally:
        server.shutdown()
        server.server_close()


PAGES = Path(__file__).parent / "fixtures" / "sources"


@contextmanager
def serve_wire_story() -> Iterator[LocalWeb]:
    """:func:`serve` with one agency story at two addresses (the second a near-copy) and a French page."""
    with serve() as web:
        web.routes["/2024/05/23/floods"] = Page((PAGES / "wire_story.html").read_bytes())
        web.routes["/world/velmar-floods"] = Page((PAGES / "wire_story_copy.html").read_bytes())
        web.routes["/monde/inondations"] = Page((PAGES / "page_fr.html").read_bytes())
        yield web


async def to_loopback(host: str, port: int) -> list[str]:
    """A resolver sending every name to 127.0.0.1, like a split-horizon DNS in a lab."""
    return ["127.0.0.1"]


class NoSleep:
    """A pacer clock and sleep that record the delays asked for instead of waiting."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


class Captured:
    """What an ingest app under ``TestKafkaBroker`` published, read from its publishers' mocks (reset when the
    test broker exits). ``to_articles``/``to_rejected`` are the publishers, for faststream's call assertions."""

    def __init__(self, broker: KafkaBroker, settings: IngestSettings) -> None:
        by_topic = {getattr(p, "topic", None): p for p in reversed(broker.publishers)}
        self.to_articles: Any = by_topic[settings.topic_articles_cleaned]
        self.to_rejected: Any = by_topic[settings.topic_articles_rejected]

    @property
    def articles(self) -> list[ArticleCleaned]:
        return [ArticleCleaned.model_validate(c.args[0]) for c in self.to_articles.mock.call_args_list]

    @property
    def rejected(self) -> list[ArticleRejected]:
        return [ArticleRejected.model_validate(c.args[0]) for c in self.to_rejected.mock.call_args_list]


def ingest_settings(uid: str, **overrides: Any) -> IngestSettings:
    """Settings for an in-memory ingest app that may fetch from loopback (the one network tests allow)."""
    values: dict[str, Any] = {
        "kafka_bootstrap_servers": "localhost:1",
        "topic_articles_cleaned": f"a-{uid}",
        "topic_articles_rejected": f"r-{uid}",
        "ingest_fetch_allowed_networks": LOOPBACK,
        "ingest_fetch_host_delay": 0.0,
        "ingest_feed_poll_seconds": 0.0,
        "ingest_fetch_timeout": 5.0,
    }
    return IngestSettings(**(values | overrides))


@asynccontextmanager
async def running_ingest(settings: IngestSettings) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient, Captured]]:
    """The ingest app on the in-memory broker (names resolve to loopback), a client for it, what it published."""
    app = create_app(settings, resolve=to_loopback)
    broker = app.state.broker
    captured = Captured(broker, settings)
    async with TestKafkaBroker(broker):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            yield app, client, captured
        await app.state.poller.stop()
