"""A tiny HTTP server on loopback for the source tests: serves fixed routes, records every request.

Routes are ``{path: Page}``; a page may answer 304 to a matching ``If-None-Match``/``If-Modified-Since``, redirect,
or declare a status. Host names in test URLs (``wire-a.test``) are mapped to the server by :func:`resolver`, so
canonical URLs and per-host politeness behave as on the web while every connection stays on 127.0.0.1.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def hits(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]


def _handler(web: LocalWeb) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            headers = {k.lower(): v for k, v in self.headers.items()}
            web.requests.append(Seen(self.path, headers.get("host", ""), headers))
            page = web.routes.get(self.path)
            if page is None:
                self._answer(404, {}, b"not found")
            elif page.etag and headers.get("if-none-match") == page.etag:
                self._answer(304, {"ETag": page.etag}, b"")
            elif page.last_modified and headers.get("if-modified-since") == page.last_modified:
                self._answer(304, {"Last-Modified": page.last_modified}, b"")
            else:
                extra = {"Content-Type": page.content_type, "ETag": page.etag, "Last-Modified": page.last_modified,
                         "Location": page.location}
                self._answer(page.status, {k: v for k, v in extra.items() if v}, page.body)

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
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield web
    finally:
        server.shutdown()
        server.server_close()


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
