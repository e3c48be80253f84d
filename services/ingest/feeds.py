"""Links from feeds (RSS, Atom, JSON Feed) and sitemaps (incl. news sitemaps and sitemap indexes). Pure, no I/O.

Parsing is trafilatura's (``trafilatura.feeds``, ``trafilatura.sitemaps``); fetching is ours (:mod:`.fetch`), so
its SSRF guard, limits and politeness apply to feeds and sitemaps too.
"""

from __future__ import annotations

import gzip
import re
import zlib
from dataclasses import dataclass
from typing import Literal

from courlan import get_hostinfo
from trafilatura.feeds import FeedParameters, extract_links, is_potential_feed
from trafilatura.sitemaps import SitemapObject

_SITEMAP = re.compile(r"<(?:[\w.-]+:)?(?:urlset|sitemapindex)\b")
_MAX_GUNZIPPED = 50_000_000  # a sitemap may be gzipped; a bomb is not unpacked past this


class SourceError(Exception):
    """The content is neither a feed nor a sitemap (or cannot be read); ``str(exc)`` says why."""


@dataclass(frozen=True)
class SourceLinks:
    """What a feed or sitemap points to, in document order (newest first in most feeds)."""

    kind: Literal["feed", "sitemap"]
    articles: list[str]
    sitemaps: list[str]  # nested sitemaps of a sitemap index; empty for feeds


def parse_source(content: bytes, url: str) -> SourceLinks:
    """The article links (and nested sitemaps) in ``content``, fetched from ``url``. Raises SourceError."""
    text = _decode(content)
    domain, base = get_hostinfo(url)
    if domain is None:
        raise SourceError(f"not a valid source URL: {url}")
    head = text[:4000]
    if _SITEMAP.search(head):
        return _sitemap_links(text, url, base, domain)
    if is_potential_feed(text.lstrip()) or text.lstrip().startswith("{"):
        links = extract_links(text, FeedParameters(base, domain, url, external=True))
        return SourceLinks("feed", sorted(links, key=lambda link: _position(text, link)), [])
    raise SourceError(f"{url} is neither a feed (RSS, Atom, JSON Feed) nor a sitemap")


def _sitemap_links(text: str, url: str, base: str, domain: str) -> SourceLinks:
    sitemap = SitemapObject(base, domain, [], external=True)
    sitemap.current_url, sitemap.content = url, text
    sitemap.process()
    return SourceLinks("sitemap", list(dict.fromkeys(sitemap.urls)), list(dict.fromkeys(sitemap.sitemap_urls)))


def _position(text: str, link: str) -> int:
    found = text.find(link)
    return found if found >= 0 else len(text)


def _decode(content: bytes) -> str:
    if content[:2] == b"\x1f\x8b":
        try:
            content = zlib.decompressobj(wbits=31).decompress(content, _MAX_GUNZIPPED)
        except (OSError, zlib.error, gzip.BadGzipFile) as exc:
            raise SourceError(f"cannot gunzip: {exc}") from exc
    return content.decode("utf-8", errors="replace").lstrip("\ufeff")
