"""A batch of articles -> claims, isolating failures per article (pure, no broker)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.shared.errors import InvalidEvent
from claimstream.shared.events import ArticleCleaned, ClaimExtracted, claims_wanted

log = logging.getLogger(__name__)

Emit = Callable[[list[ClaimExtracted]], None]


@dataclass(frozen=True)
class BatchResult:
    claims: list[ClaimExtracted] = field(default_factory=list)
    failures: list[InvalidEvent] = field(default_factory=list)  # one per article extraction raised on
    skipped: list[ArticleCleaned] = field(default_factory=list)


def wants_extraction(article: ArticleCleaned) -> bool:
    """Claims are extracted from English text (and from text whose language is unknown)."""
    return claims_wanted(article.language)


def extract_batch(
    extractor: ClaimExtractor, articles: Sequence[ArticleCleaned], emit: Emit | None = None
) -> BatchResult:
    """Claims of every article, in article order.

    The batch goes through ``nlp.pipe`` at once; if that raises, the articles not done yet are retried alone so
    that one bad article becomes one ``InvalidEvent`` (with the article as its original) and the others still
    yield their claims. ``emit`` (optional) is called with each article's claims as soon as they are known, in
    the calling thread; every claim of the result is emitted exactly once.
    """
    todo = [a for a in articles if wants_extraction(a)]
    skipped = [a for a in articles if not wants_extraction(a)]
    claims: list[ClaimExtracted] = []

    def keep(article_claims: list[ClaimExtracted]) -> None:
        claims.extend(article_claims)
        if emit is not None and article_claims:
            emit(article_claims)

    done = 0
    try:
        for _index, article_claims in extractor.iter_extract(todo):
            keep(article_claims)
            done += 1
        return BatchResult(claims, [], skipped)
    except Exception:
        log.warning(
            "batch extraction failed after %d of %d articles; retrying the rest one by one",
            done,
            len(todo),
            exc_info=True,
        )
    failures: list[InvalidEvent] = []
    for article in todo[done:]:
        try:
            keep(extractor.extract(article))
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
