"""Main-text and metadata extraction from HTML with trafilatura, behind size and nesting guards.

Only this module talks to trafilatura/htmldate/lxml; every failure of theirs leaves it as a
:class:`~.model.CleaningError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import htmldate
import trafilatura
from lxml.html import HtmlElement

from .clean_result import CleaningError, DateRule
from .dates import parse_iso_utc
from .textnorm import too_short_reason

MAX_HTML_BYTES = 5_000_000  # bigger inputs are refused, not truncated
MAX_DEPTH = 200  # libxml2 silently flattens trees deeper than 256; real news pages stay below ~60
# trafilatura sometimes glues the dateline to the byline ("Jeff Foust Monday; November")
_CALENDAR_WORDS = re.compile(
    r"(?:\s+|^)(?:mon|tues|wednes|thurs|fri|satur|sun)day$|^(?:january|february|march|april|may|june|july"
    r"|august|september|october|november|december)$",
    re.IGNORECASE,
)
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"  # ask htmldate for the time of day when the page has one


@dataclass(frozen=True)
class ExtractedPage:
    """Raw extraction output. ``text`` is trafilatura's main text ("" when nothing was found)."""

    text: str
    title: str | None
    author: str | None
    sitename: str | None
    hostname: str | None
    published_at: datetime | None
    date_rule: DateRule | None


def extract_page(
    html: bytes | str, url: str | None, max_bytes: int = MAX_HTML_BYTES, max_depth: int = MAX_DEPTH
) -> ExtractedPage:
    """Extract main text and metadata from ``html`` (bytes in any charset, or str).

    Raises CleaningError when the input is over ``max_bytes``, cannot be parsed as HTML, nests deeper
    than ``max_depth`` elements, or when trafilatura itself fails. An empty ``text`` is *not* an error here.
    """
    check_size(html, max_bytes)
    tree = _load(html)
    depth = tree_depth(tree)
    if depth > max_depth:
        raise CleaningError(f"HTML nests too deeply: {depth} levels of elements (limit {max_depth})")
    doc = _bare_extraction(tree, url, favor_precision=True)
    if too_short_reason(doc.get("text") or "") is not None:
        doc = _bare_extraction(tree, url, favor_precision=False)  # precision mode can drop short articles
    published_at, rule = _page_date(doc.get("date"), tree, url)
    return ExtractedPage(
        text=doc.get("text") or "",
        title=_clean_field(doc.get("title")),
        author=_clean_author(_clean_field(doc.get("author"))),
        sitename=_clean_field(doc.get("sitename")),
        hostname=_clean_field(doc.get("hostname")),
        published_at=published_at,
        date_rule=rule,
    )


def check_size(html: bytes | str, max_bytes: int) -> None:
    """Raise CleaningError when ``html`` is over ``max_bytes`` (str is measured in UTF-8)."""
    size = len(html) if isinstance(html, bytes) else len(html.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise CleaningError(f"HTML too large: {size} bytes (limit {max_bytes})")


def tree_depth(tree: HtmlElement) -> int:
    """Maximum element depth of ``tree`` (root = 1), computed without recursion."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest


def _load(html: bytes | str) -> HtmlElement:
    try:
        tree = trafilatura.load_html(html)
    except Exception as exc:  # lxml raises several unrelated types on hostile input
        raise CleaningError(f"Couldn't parse HTML: {exc}") from exc
    if tree is None:
        raise CleaningError("Couldn't parse HTML: empty document or not HTML")
    return tree


def _bare_extraction(tree: HtmlElement, url: str | None, favor_precision: bool) -> dict[str, Any]:
    params = {"original_date": True, "extensive_search": False, "outputformat": _DATE_FORMAT}
    try:
        doc = trafilatura.bare_extraction(
            tree,
            url=url,
            with_metadata=True,
            favor_precision=favor_precision,
            include_comments=False,
            include_tables=False,
            deduplicate=False,
            date_extraction_params=params,
            as_dict=True,
        )
    except Exception as exc:  # trafilatura can fail deep inside lxml on broken trees
        raise CleaningError(f"Couldn't extract article from HTML: {exc!r}") from exc
    return doc if isinstance(doc, dict) else {}


def _page_date(
    metadata_date: str | None, tree: HtmlElement, url: str | None
) -> tuple[datetime | None, DateRule | None]:
    """Date from page metadata first ("metadata"), else htmldate's extensive text search ("htmldate")."""
    found = parse_iso_utc(metadata_date)
    if found is not None:
        return found, "metadata"
    try:
        guessed = htmldate.find_date(
            tree, url=url, original_date=True, extensive_search=True, outputformat=_DATE_FORMAT
        )
    except Exception:  # a date is optional: a failure here must not reject the article
        return None, None
    found = parse_iso_utc(guessed)
    return (found, "htmldate") if found is not None else (None, None)


def _clean_field(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def _clean_author(author: str | None) -> str | None:
    """Drop calendar words that trafilatura took for part of the byline."""
    if author is None:
        return None
    parts = (_CALENDAR_WORDS.sub("", part.strip()).strip() for part in author.split(";"))
    return "; ".join(part for part in parts if part) or None
