"""What cleaning gives: a :class:`CleanResult`, or a :class:`CleaningError` saying why the input cannot be an
article (both re-exported by :mod:`.clean`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from claimstream.shared.errors import InvalidEvent

DateRule = Literal["htmldate", "metadata", "dateline", "request"]


class CleaningError(InvalidEvent):
    """The input cannot become an article: empty after cleaning, unparseable HTML, too large or too deeply
    nested. ``str(exc)`` is a human-readable reason suitable for the dead-letter record. Poison: never retry it."""


@dataclass(frozen=True)
class CleanResult:
    """A cleaned article.

    ``text`` holds the main text only, one paragraph per line (``"\\n"`` separated), whitespace normalised,
    never empty. ``published_at`` is timezone-aware UTC; ``date_rule`` names the rule that produced it.
    """

    text: str
    title: str | None
    author: str | None
    published_at: datetime | None
    outlet: str | None
    language: str | None
    date_rule: DateRule | None
