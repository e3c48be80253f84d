"""Dateline parsing and ISO dates: always aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimstream.services.ingest.dates import dateline_kind, find_date, parse_iso_utc


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "expected", "kind"),
    [
        ("date 2025-01-31", utc(2025, 1, 31), "published"),
        ("Published: January 31, 2025", utc(2025, 1, 31), "published"),
        ("31 January 2025 14:05", utc(2025, 1, 31, 14, 5), "bare"),
        ("Posted on 2025-01-31T10:00:00+02:00", utc(2025, 1, 31, 8, 0), "published"),
        ("Updated 2:05 PM ET, Fri January 31, 2025", utc(2025, 1, 31, 19, 5), "updated"),
        ("By Jane Doe, Jan. 31st, 2025", utc(2025, 1, 31), "bare"),
        ("31.01.2025, 14:05 Uhr", utc(2025, 1, 31, 14, 5), "bare"),
    ],
)
def test_datelines(line: str, expected: datetime, kind: str) -> None:
    assert find_date(line) == expected
    assert dateline_kind(line) == kind


@pytest.mark.parametrize(
    "line",
    [
        "The meeting on January 3, 2025 was held by the government in the capital after weeks of talks.",
        "Troops arrived in August 2024.",
        "No date here at all.",
        "Published on 2099-01-01",  # in the future: implausible
        "February 30, 2024",  # not a calendar date
    ],
)
def test_not_datelines(line: str) -> None:
    assert dateline_kind(line) is None


def test_parse_iso_utc() -> None:
    assert parse_iso_utc("2019-11-19T13:03:00+0000") == utc(2019, 11, 19, 13, 3)
    assert parse_iso_utc("2019-11-18") == utc(2019, 11, 18)
    assert parse_iso_utc("2019-11-19T02:24:47") == utc(2019, 11, 19, 2, 24, 47)
    assert parse_iso_utc("2025-01-31T14:05:00+02:00") == utc(2025, 1, 31, 12, 5)
    assert parse_iso_utc("garbage") is None and parse_iso_utc(None) is None
