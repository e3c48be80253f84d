"""Pure cleaning domain of the ingest service: raw HTML or pasted text in, a clean article out.

No I/O, no broker: the handlers call :func:`clean_html` / :func:`clean_text`, turn a
:class:`CleaningError` into a dead-letter record, and build ``ArticleCleaned`` from the result with
:func:`article_id_for` and :func:`canonical_url`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlsplit

from .clean_result import CleaningError, CleanResult, DateRule
from .dates import dateline_kind, find_date
from .html_extract import MAX_DEPTH, MAX_HTML_BYTES, check_size, extract_page
from .identity import article_id_for, canonical_url
from .line_rules import keyword_boilerplate
from .pasted import strip_boilerplate
from .textnorm import MIN_WORDS, detect_language, normalize_text, too_short_reason

__all__ = [
    "MAX_DEPTH", "MAX_HTML_BYTES", "MAX_TEXT_BYTES", "CleanResult", "CleaningError",
    "article_id_for", "canonical_url", "clean_html", "clean_text",
]  # fmt: skip

MAX_TEXT_BYTES = MAX_HTML_BYTES
_DATELINE_SCAN_LINES = 6  # a dateline sits in the first lines of the main text, if anywhere


def clean_html(
    html: bytes | str,
    url: str | None = None,
    *,
    published_at: datetime | None = None,
    max_bytes: int = MAX_HTML_BYTES,
    max_depth: int = MAX_DEPTH,
    min_words: int = MIN_WORDS,
) -> CleanResult:
    """Clean an HTML page (bytes in any charset, or str) into its main text and metadata.

    ``published_at`` is the date the caller knows (e.g. from the request or a feed); it is used only when
    the page yields none, with ``date_rule="request"``. The date rules, in order: "metadata" (page
    metadata via htmldate), "htmldate" (htmldate's extensive text search), "dateline" (date line at the top
    of the main text), "request". Raises CleaningError for oversized, unparseable or too deeply nested
    HTML, and when fewer than ``min_words`` words of main text remain.
    """
    page = extract_page(html, url, max_bytes=max_bytes, max_depth=max_depth)
    lines = [line for line in normalize_text(page.text).split("\n") if line and not keyword_boilerplate(line)]
    if lines and page.title and lines[0].casefold() == page.title.casefold():
        lines = lines[1:]  # the headline is in ``title``; keep it out of the text claims are found in
    text = "\n".join(lines)
    _require_article(text, min_words, f"HTML had {len(lines)} paragraphs of main text")
    date, rule = page.published_at, page.date_rule
    if date is None:
        date, rule = _date_from_lines(lines)
    date, rule = _request_fallback(date, rule, published_at)
    outlet = _outlet(page.sitename, url) or _outlet(page.hostname, None)
    return CleanResult(text, page.title, page.author, date, outlet, detect_language(text), rule)


def clean_text(
    text: str,
    url: str | None = None,
    *,
    published_at: datetime | None = None,
    max_bytes: int = MAX_TEXT_BYTES,
    min_words: int = MIN_WORDS,
) -> CleanResult:
    """Clean plain text pasted from a web page: drop captions, comment boxes, related-article lists...

    The first headline-like line before the article becomes ``title``; a "By ..." line becomes ``author``;
    a date line ("Published: January 31, 2025") gives ``published_at`` with ``date_rule="dateline"``, else
    the caller's ``published_at`` with "request". Raises CleaningError when the input is over ``max_bytes``
    (UTF-8) or when fewer than ``min_words`` words of article text remain.
    """
    check_size(text, max_bytes)
    article = strip_boilerplate(text)
    body = "\n".join(article.paragraphs)
    _require_article(body, min_words, f"text had {len(article.paragraphs)} paragraphs left")
    rule: DateRule | None = "dateline" if article.published_at is not None else None
    date, rule = _request_fallback(article.published_at, rule, published_at)
    return CleanResult(body, article.title, article.author, date, _outlet(None, url), detect_language(body), rule)


def _require_article(text: str, min_words: int, detail: str) -> None:
    reason = too_short_reason(text, min_words)
    if reason is not None:
        raise CleaningError(f"no article text found after cleaning ({detail}; {reason})")


def _date_from_lines(lines: list[str]) -> tuple[datetime | None, DateRule | None]:
    for line in lines[:_DATELINE_SCAN_LINES]:
        if dateline_kind(line) is not None:
            return find_date(line), "dateline"
    return None, None


def _request_fallback(
    date: datetime | None, rule: DateRule | None, requested: datetime | None
) -> tuple[datetime | None, DateRule | None]:
    if date is not None or requested is None:
        return date, rule
    aware = requested if requested.tzinfo else requested.replace(tzinfo=UTC)
    return aware.astimezone(UTC), "request"


def _outlet(sitename: str | None, url: str | None) -> str | None:
    """The site name when it is a name, else the host without ``www.``."""
    if sitename and not (" " not in sitename and "." in sitename):
        return sitename.lstrip("@")
    host = sitename or (urlsplit(url).hostname if url and "://" in url else None)
    if not host:
        return None
    return host.lower().removeprefix("www.")
