"""Reading news archives in WARC format (CC-NEWS style) with warcio: HTML response records, streamed.

Only ``response`` records with a 2xx HTTP status and an HTML content type are articles; requests, metadata,
redirects and non-HTML payloads are skipped (and counted). Records are read one at a time, so a multi-GB
archive never sits in memory; a payload over ``max_bytes`` is skipped, not truncated.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArchiveLoadFailed

WARC_SUFFIXES = (".warc", ".warc.gz")
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.I)


class WarcError(Exception):
    """The file is not a readable WARC archive; ``str(exc)`` says why."""


@dataclass(frozen=True)
class WarcPage:
    """One HTML response: target URL, decoded HTML, the crawl date (WARC-Date; not the publication date)."""

    url: str
    html: str
    crawled_at: str | None


@dataclass
class WarcStats:
    pages: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1


def is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def iter_pages(stream: BinaryIO, stats: WarcStats | None = None, max_bytes: int = 5_000_000) -> Iterator[WarcPage]:
    """The HTML pages of a WARC stream (gzipped per record or not), in archive order. Raises WarcError."""
    stats = stats if stats is not None else WarcStats()
    stream = _check_format(stream)
    try:
        for record in ArchiveIterator(stream):
            page = _page(record, stats, max_bytes)
            if page is not None:
                stats.pages += 1
                yield page
    except ArchiveLoadFailed as exc:
        raise WarcError(f"not a readable WARC archive: {exc}") from exc


def _check_format(stream: BinaryIO) -> BinaryIO:
    """Refuse what is clearly not a WARC (warcio would only warn and skip through it)."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type,type-var]
    head = buffered.peek(8)[:8]
    if not (head.startswith((b"\x1f\x8b", b"WARC/", b"filedesc")) or not head):
        raise WarcError(f"not a readable WARC archive: it starts with {head!r}")
    return buffered  # type: ignore[return-value]


def _page(record: object, stats: WarcStats, max_bytes: int) -> WarcPage | None:
    if getattr(record, "rec_type", None) != "response":
        stats.skip(f"{getattr(record, 'rec_type', 'unknown')} record")
        return None
    headers = record.http_headers  # type: ignore[attr-defined]
    status = headers.get_statuscode() if headers is not None else ""
    content_type = (headers.get_header("Content-Type") or "") if headers is not None else ""
    if not str(status).startswith("2"):
        stats.skip(f"HTTP {status or 'status missing'}")
        return None
    if "html" not in content_type.lower():
        stats.skip("not HTML")
        return None
    payload = record.content_stream().read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(payload) > max_bytes:
        stats.skip("too large")
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""  # type: ignore[attr-defined]
    return WarcPage(url, _decode(payload, content_type), record.rec_headers.get_header("WARC-Date"))  # type: ignore[attr-defined]


def _decode(payload: bytes, content_type: str) -> str:
    """The page as text: the declared charset, else UTF-8, else trafilatura's detection."""
    declared = _CHARSET.search(content_type)
    for charset in ([declared[1]] if declared else []) + ["utf-8"]:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    from trafilatura.utils import decode_file

    return str(decode_file(payload))
