"""A batch of articles -> claims, isolating failures per article (pure, no broker)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.shared.errors import InvalidEvent
from claimstream.shared.events import ArticleCleaned, ClaimExtracted, claims_wanted

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchResult:
    claims: list[ClaimExtracted] = field(default_factory=list)
    failures: list[InvalidEvent] = field(default_factory=list)  # one per article extraction raised on
    skipped: list[ArticleCleaned] = field(default_factory=list)


def wants_extraction(article: ArticleCleaned) -> bool:
    """Claims are extracted from English text (and from text whose language is unknown)."""
    return claims_wanted(article.language)


def extract_batch(extractor: ClaimExtractor, articles: Sequence[ArticleCleaned]) -> BatchResult:
    """Claims of every article, in article order.

    The batch goes through ``nlp.pipe`` at once; if that raises, each article is retried alone so that one
    bad article becomes one ``InvalidEvent`` (with the article as its original) and the others still yield their
    claims.
    """
    todo = [a for a in articles if wants_extraction(a)]
    skipped = [a for a in articles if not wants_extraction(a)]
    try:
        per_article = extractor.extract_many(todo)
        return BatchResult([c for claims in per_article for c in claims], [], skipped)
    except Exception:
        log.warning("batch extraction failed; retrying %d articles one by one", len(todo), exc_info=True)
    claims: list[ClaimExtracted] = []
    failures: list[InvalidEvent] = []
    for article in todo:
        try:
            claims.extend(extractor.extract(article))
        except Exception as exc:  # an extraction bug on one article is poison for that article only
            log.exception("extraction failed for article %s", article.article_id)
            failures.append(
                InvalidEvent(
                    f"extraction failed: {type(exc).__name__}: {exc}",
                    article_id=article.article_id,
                    original=article.model_dump_json().encode(),
                )
            )
    return BatchResult(claims, failures, skipped)
