"""Publication dates: ISO strings from htmldate/metadata, and dateline cues in pasted plain text.

Every datetime returned here is timezone-aware UTC. A date without a time means midnight UTC; a time
without a zone is taken as UTC (we cannot know better, and a day's precision is what search needs).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

_MIN_YEAR = 1990
_FUTURE_SLACK = timedelta(days=2)  # a page may be dated "tomorrow" in a zone east of UTC

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
_DATE_PATTERNS = (
    re.compile(r"\b(?P<y>(?:19|20)\d\d)[-/.](?P<m>[01]?\d)[-/.](?P<d>[0-3]?\d)(?!\d)", re.I),
    re.compile(rf"\b{_MON}\s+{_DAY},?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MON},?\s+(?P<y>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>(?:19|20)\d\d)\b"),
)
_TIME = re.compile(
    r"(?<![\d:.])(?P<h>[0-2]?\d)[:.](?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*(?P<ampm>[ap]\.?m\b\.?)?", re.I
)
_ZONE = re.compile(
    r"(?:\b(?P<abbr>utc|gmt|z|e[sd]?t|c[sd]?t|p[sd]?t|m[sd]?t|bst|cest|cet|eest|eet|msk|jst|kst)\b"
    r"|(?P<off>[+-](?:[01]\d):?[0-5]\d)\b)\s*(?P<off2>[+-]\d{1,2}(?::?\d\d)?)?",
    re.I,
)
_ZONE_HOURS = {
    "utc": 0, "gmt": 0, "z": 0, "et": -5, "est": -5, "edt": -4, "ct": -6, "cst": -6, "cdt": -5,
    "mt": -7, "mst": -7, "mdt": -6, "pt": -8, "pst": -8, "pdt": -7, "bst": 1, "cet": 1, "cest": 2,
    "eet": 2, "eest": 3, "msk": 3, "jst": 9, "kst": 9,
}  # fmt: skip
_MAX_CUE_LINE_WORDS = 12  # "Published: ..." lines are short; a long one is a sentence about something else
_PUBLISHED_CUE = re.compile(r"^\W*(?:(?:first\s+)?published|posted|date[d]?|released|created|issued)\b", re.I)
_UPDATED_CUE = re.compile(r"^\W*(?:(?:last\s+)?(?:updated|modified|edited))\b", re.I)


def parse_iso_utc(value: str | None) -> datetime | None:
    """Parse an ISO-8601 date or datetime (as htmldate and metadata give them) into aware UTC, or None."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return _plausible(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))


def find_date(line: str) -> datetime | None:
    """The first explicit calendar date in ``line`` (with its time and zone when the line gives them)."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(line)
        if match is None:
            continue
        day = _date_from_match(match)
        if day is not None:
            rest = line[: match.start()] + " " + line[match.end() :]
            return _plausible(day + _time_of_day(rest) - _zone_offset(rest))
    return None


def dateline_kind(line: str, max_other_words: int = 4) -> str | None:
    """Classify a line that states when the article appeared: "published", "updated" or "bare".

    A line qualifies when it holds an explicit date and either starts with a cue word (Published,
    Posted, Date, Updated, ...) or consists of little else than the date (at most ``max_other_words``
    other words, so "By Jane Doe, January 31, 2025" counts). Returns None for any other line.
    """
    if find_date(line) is None:
        return None
    others = _other_words(line)
    if others <= _MAX_CUE_LINE_WORDS and _UPDATED_CUE.search(line):
        return "updated"
    if others <= _MAX_CUE_LINE_WORDS and _PUBLISHED_CUE.search(line):
        return "published"
    return "bare" if others <= max_other_words else None


def _other_words(line: str) -> int:
    """Words of ``line`` left once dates, times, zones and weekdays are removed."""
    for pattern in (*_DATE_PATTERNS, _TIME, _ZONE):
        line = pattern.sub(" ", line)
    words = re.findall(r"[^\W\d_]{2,}", line)
    return sum(1 for w in words if w.lower()[:3] not in _WEEKDAYS and w.lower() not in {"on", "at", "am", "pm"})


_WEEKDAYS = frozenset({"mon", "tue", "wed", "thu", "fri", "sat", "sun"})


def _date_from_match(match: re.Match[str]) -> datetime | None:
    groups = match.groupdict()
    month = _MONTHS[groups["mon"][:3].lower()] if groups.get("mon") else int(groups["m"])
    try:
        return datetime(int(groups["y"]), month, int(groups["d"]), tzinfo=UTC)
    except ValueError:
        return None


def _time_of_day(text: str) -> timedelta:
    match = _TIME.search(text)
    if match is None:
        return timedelta(0)
    hour, minute = int(match["h"]), int(match["mi"])
    ampm = (match["ampm"] or "").lower().replace(".", "")
    hour = hour % 12 + (12 if ampm == "pm" else 0) if ampm else hour
    if hour > 23:
        return timedelta(0)
    return timedelta(hours=hour, minutes=minute, seconds=int(match["s"] or 0))


def _zone_offset(text: str) -> timedelta:
    match = _ZONE.search(text)
    if match is None:
        return timedelta(0)
    base = timedelta(hours=_ZONE_HOURS.get((match["abbr"] or "").lower(), 0))
    return base + _offset(match["off"]) + _offset(match["off2"])


def _offset(value: str | None) -> timedelta:
    if not value:
        return timedelta(0)
    sign = -1 if value[0] == "-" else 1
    digits = value[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    return sign * timedelta(hours=int(hours), minutes=int(minutes))


def _plausible(value: datetime) -> datetime | None:
    value = value.astimezone(UTC)
    if value.year < _MIN_YEAR or value > datetime.now(UTC) + _FUTURE_SLACK:
        return None
    return value
