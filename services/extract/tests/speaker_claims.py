"""The claims a test sentence gives to a speaker other than the outlet, for the attribution rule tests."""

from __future__ import annotations

from datetime import UTC, datetime

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.shared.events import ArticleCleaned, ClaimExtracted

NOW = datetime(2025, 3, 1, tzinfo=UTC)


def attributed(extractor: ClaimExtractor, text: str) -> list[ClaimExtracted]:
    """The claims of ``text`` (one invented article of the outlet "Harbour Post") that carry a speaker."""
    article = ArticleCleaned(article_id="t1", text=text, outlet="Harbour Post", ingested_at=NOW)
    return [c for c in extractor.extract(article) if c.speaker.kind != "outlet"]
