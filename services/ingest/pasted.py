"""Cleaning of plain text pasted from a web page: drop the page furniture, keep the paragraphs.

Works line by line (a pasted page has one paragraph per line). Besides the per-line keyword rules of
:mod:`.line_rules` it uses the position of a line: headline-like lines before the first paragraph are the
title and page header, headline-like lines after the last paragraph and the headlines that follow a
"Related:"/"Read more" header are lists of other articles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from . import line_rules as rules
from .dates import dateline_kind, find_date
from .textnorm import normalize_text

_TITLE_MIN_WORDS = 3
_LOWER_START = re.compile(r"^[^\W\d_]", re.UNICODE)


@dataclass(frozen=True)
class PastedArticle:
    """What survives cleaning: paragraphs in order, plus what the furniture told us."""

    paragraphs: tuple[str, ...]
    title: str | None
    author: str | None
    published_at: datetime | None


@dataclass(frozen=True)
class _Scan:
    kept: tuple[str, ...]
    author: str | None
    published_at: datetime | None


def strip_boilerplate(text: str) -> PastedArticle:
    """Split pasted text into article paragraphs and metadata. Never raises; may return no paragraphs."""
    # menus are recognised before whitespace is collapsed: wide gaps separate their items
    raw_lines = [line for line in text.splitlines() if find_date(line) or not rules.navigation(line)]
    lines = _rejoin_wrapped(normalize_text("\n".join(raw_lines)).split("\n"))
    scan = _scan(lines)
    title, body = _split_edges(list(scan.kept))
    return PastedArticle(tuple(_dedupe(body)), title, scan.author, scan.published_at)


def _scan(lines: list[str]) -> _Scan:
    """Drop boilerplate lines; collect the byline and the datelines on the way."""
    kept: list[str] = []
    author: str | None = None
    dates: dict[str, datetime] = {}
    in_list = False
    for line in lines:
        kind = dateline_kind(line)
        if kind is not None:
            dates.setdefault(kind, find_date(line))  # type: ignore[arg-type]  # kind implies a date
            continue
        name = rules.byline_name(line)
        if name is not None:
            author = author or name
            continue
        if rules.related_header(line):
            in_list = True
            continue
        if in_list and (rules.BULLET.match(line) or rules.headline_like(line)):
            continue
        in_list = False
        if not _furniture(line):
            kept.append(line)
    published = dates.get("published") or dates.get("bare") or dates.get("updated")
    return _Scan(tuple(kept), author, published)


def _furniture(line: str) -> bool:
    return (
        rules.keyword_boilerplate(line)
        or rules.social_buttons(line)
        or rules.related_inline(line)
        or rules.contact_details(line)
    )


def _paragraph_like(line: str) -> bool:
    return rules.sentence_ended(line) or len(rules.words(line)) > 25


def _split_edges(lines: list[str]) -> tuple[str | None, list[str]]:
    """Take the title from the header lines and drop header and trailing headline lists.

    Only applies when the text has at least one paragraph-like line; otherwise everything is kept.
    """
    paragraph_indexes = [i for i, line in enumerate(lines) if _paragraph_like(line)]
    if not paragraph_indexes:
        return None, lines
    first, last = paragraph_indexes[0], paragraph_indexes[-1]
    header = [line for line in lines[:first] if rules.headline_like(line)]
    title = next((line for line in header if len(rules.words(line)) >= _TITLE_MIN_WORDS), None)
    body = [line for line in lines[:first] if not rules.headline_like(line)] + lines[first : last + 1]
    body += [line for line in lines[last + 1 :] if not rules.headline_like(line)]
    return title, body


def _rejoin_wrapped(lines: list[str]) -> list[str]:
    """Join hard-wrapped paragraphs: a line without final punctuation followed by a lower-case start."""
    out: list[str] = []
    for line in lines:
        if (
            out
            and _LOWER_START.match(line)
            and line[0].islower()
            and not rules.sentence_ended(out[-1])
            and not out[-1].endswith(":")
        ):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _dedupe(lines: list[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for line in lines:
        key = line.casefold()
        if key not in seen:
            seen.add(key)
            out.append(line)
    return out
