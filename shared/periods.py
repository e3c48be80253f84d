"""The period a figure covers, as the text states it (pure): "since September 2022", "in the past three
months", "last year", "in 2023". Extract finds the phrase beside a figure (:func:`find`) and stores it in
``Quantity.period``; index resolves it to dates against the article's publication date (:func:`resolve`) and
compares two readings' periods (:func:`relation`): a cumulative total "since 2022" contains a count "in the
past three months"; "in 2023" and "last month" are disjoint and never compared.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_NUMBERS |= {"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": 3, "few": 3}
_DAYS = {"day": 1, "week": 7, "month": 30.44, "year": 365.25}
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_YEAR = r"(?:19|20)\d\d"
_COUNT = r"(?:\d{1,3}|" + "|".join(_NUMBERS) + r")"
_UNIT = r"(?:day|week|month|year)s?"

# One pattern per kind of period; the first group names the kind.
_PATTERNS = [
    (
        "since",
        re.compile(
            rf"\bsince\s+(?:(?:the\s+)?(?:start|beginning)\s+of\s+)?(?:(early|mid|late)[\s-]+)?(?:({_MONTH})\s+)?({_YEAR})\b",
            re.I,
        ),
    ),
    (
        "past",
        re.compile(
            rf"\b(?:in|over|during|for|within)\s+the\s+(?:past|last|previous)\s+(?:({_COUNT})\s+)?({_UNIT})\b", re.I
        ),
    ),
    ("span", re.compile(rf"\b(?:in|within|over)\s+(?:just\s+|only\s+)?({_COUNT})\s+({_UNIT})\b", re.I)),
    ("last", re.compile(r"\b(since\s+)?(last|this|past)\s+(year|month|week)\b", re.I)),
    ("during", re.compile(rf"\b(?:in|during|throughout)\s+(?:({_MONTH})\s+)?({_YEAR})\b", re.I)),
]
SLACK = timedelta(days=7)  # "since September 2022" and "in the past 30 months" written a few days apart


@dataclass(frozen=True)
class Period:
    """A stated period resolved to dates (``end`` inclusive); ``start``/``end`` None when the text is relative
    and the article has no date."""

    text: str
    start: date | None
    end: date | None


def find(text: str) -> list[tuple[int, int, str]]:
    """Every period phrase in ``text`` as (start, end, phrase), in text order, overlapping ones dropped."""
    found: list[tuple[int, int, str]] = []
    for _, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if not any(m.start() < e and s < m.end() for s, e, _ in found):
                found.append((m.start(), m.end(), m.group(0)))
    return sorted(found)


def _count(word: str | None) -> int:
    if not word:
        return 1
    return int(word) if word.isdigit() else _NUMBERS.get(word.lower(), 1)


def _month(word: str | None) -> int | None:
    return _MONTHS.get(word.lower().rstrip(".")[:3]) if word else None


def _day(published: str | datetime | date | None) -> date | None:
    if isinstance(published, datetime):
        return published.date()
    if isinstance(published, date):
        return published
    try:
        return datetime.fromisoformat(str(published).replace("Z", "+00:00")).date() if published else None
    except ValueError:
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def resolve(phrase: str, published: str | datetime | date | None) -> Period | None:
    """``phrase`` (as :func:`find` returns it) resolved to dates against ``published`` (the article's date);
    None when it is no period phrase."""
    ref = _day(published)
    for kind, pattern in _PATTERNS:
        m = pattern.search(phrase)
        if m is None:
            continue
        text = re.sub(r"\s+", " ", m.group(0).lower())
        if kind == "since":  # "since late 2024": from September
            month = _month(m.group(2)) or {"mid": 5, "late": 9}.get((m.group(1) or "").lower(), 1)
            return Period(text, date(int(m.group(3)), month, 1), ref)
        if kind == "during":
            year, named = int(m.group(2)), _month(m.group(1))
            start = date(year, named or 1, 1)
            return Period(text, start, _month_end(year, named) if named else date(year, 12, 31))
        if ref is None:
            return Period(text, None, None)
        if kind in ("past", "span"):
            unit = m.group(2).lower().rstrip("s")
            return Period(text, ref - timedelta(days=round(_count(m.group(1)) * _DAYS[unit])), ref)
        since, which, unit = m.group(1), m.group(2).lower(), m.group(3).lower()
        if which == "past":
            return Period(text, ref - timedelta(days=round(_DAYS[unit])), ref)
        back = 1 if which == "last" else 0
        closed = back and not since  # "last year" ends with it; "since last year" runs to the article's date
        if unit == "year":
            return Period(text, date(ref.year - back, 1, 1), date(ref.year - back, 12, 31) if closed else ref)
        if unit == "month":
            first = (ref.replace(day=1) - timedelta(days=1)).replace(day=1) if back else ref.replace(day=1)
            return Period(text, first, _month_end(first.year, first.month) if closed else ref)
        monday = ref - timedelta(days=ref.weekday() + 7 * back)
        return Period(text, monday, monday + timedelta(days=6) if closed else ref)
    return None


Relation = Literal["same", "contains", "within", "apart"]


def relation(a: Period | None, b: Period | None) -> Relation:
    """How period ``a`` relates to ``b``: the same (or either unstated), ``a`` contains ``b``, ``a`` lies within
    ``b``, or ``apart`` (disjoint, overlapping without nesting, or relative periods of undated articles that
    differ): only readings of related periods are compared."""
    if a is None or b is None:
        return "same"
    if None in (a.start, a.end, b.start, b.end):
        return "same" if a.text == b.text else "apart"
    assert a.start and a.end and b.start and b.end
    a_holds = a.start - SLACK <= b.start and b.end <= a.end + SLACK
    b_holds = b.start - SLACK <= a.start and a.end <= b.end + SLACK
    if a_holds and b_holds:
        return "same"
    return "contains" if a_holds else "within" if b_holds else "apart"
