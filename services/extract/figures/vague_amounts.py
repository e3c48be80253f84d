"""Vague amounts: "dozens of", "hundreds of", "tens of thousands of", "millions of".

Read as the range from the named order of magnitude to ten times it ("dozens" -> 12 to 120, "tens of
thousands" -> 10,000 to 100,000), the convention of the NewsQuant annotations. Only before "of", so "hundreds
gathered" (a pronoun-like use) and "the 1990s" are left alone.
"""

from __future__ import annotations

import re

_BASES = {"dozens": 12.0, "scores": 20.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
_MULTIPLIERS = {"tens": 10.0, "hundreds": 100.0}
VAGUE_RE = re.compile(
    r"\b(?:(?P<mult>tens|hundreds)\s+of\s+)?(?P<base>dozens|hundreds|thousands|millions|billions)(?=\s+of\b)",
    re.IGNORECASE,
)


def vague_value(match: re.Match[str]) -> tuple[float, float]:
    """``(low, high)`` of a :data:`VAGUE_RE` match."""
    low = _BASES[match.group("base").lower()] * _MULTIPLIERS.get((match.group("mult") or "").lower(), 1.0)
    return low, low * 10
