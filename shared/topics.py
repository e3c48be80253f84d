"""Every topic of the pipeline, in one place.

Topic *names* are configurable (``CLAIMSTREAM_TOPIC_*``, see :mod:`claimstream.shared.settings`); this module
records what each topic carries, who produces and consumes it, and where its poison messages go. No other
module spells a topic string.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from claimstream.shared.events import ArticleCleaned, ArticleRejected, ClaimExtracted

DAY_MS = 24 * 3600 * 1000

ARTICLES_CLEANED = "articles.cleaned"
CLAIMS_EXTRACTED = "claims.extracted"
ARTICLES_REJECTED = "articles.rejected"


@dataclass(frozen=True)
class TopicSpec:
    """What a topic carries and who uses it."""

    default_name: str
    model: type[BaseModel]
    description: str
    producer: str
    consumers: tuple[str, ...]
    dead_letter: str | None
    compacted: bool = False  # keep the latest record of each key instead of deleting by age
    retention_ms: int = 7 * DAY_MS  # delete-policy topics: age after which records go; compacted: lag before compaction

    def kafka_config(self) -> dict[str, str]:
        """The topic-level Kafka configs ``topic_admin`` creates the topic with."""
        if self.compacted:
            # Compaction only touches records older than the lag, so a consumer less than that behind sees every
            # version; deletes (tombstones) are kept as long.
            return {
                "cleanup.policy": "compact",
                "min.compaction.lag.ms": str(self.retention_ms),
                "delete.retention.ms": str(self.retention_ms),
            }
        return {"cleanup.policy": "delete", "retention.ms": str(self.retention_ms)}


TOPICS: dict[str, TopicSpec] = {
    ARTICLES_CLEANED: TopicSpec(
        ARTICLES_CLEANED,
        ArticleCleaned,
        "Articles after cleaning, keyed by article_id.",
        producer="ingest",
        consumers=("extract", "index"),
        dead_letter=ARTICLES_REJECTED,
        # Keyed by article_id: compaction keeps each article's latest version, so the index can be rebuilt.
        compacted=True,
    ),
    CLAIMS_EXTRACTED: TopicSpec(
        CLAIMS_EXTRACTED,
        ClaimExtracted,
        "One event per claim, keyed by article_id.",
        producer="extract",
        consumers=("index",),
        dead_letter=ARTICLES_REJECTED,
    ),
    ARTICLES_REJECTED: TopicSpec(
        ARTICLES_REJECTED,
        ArticleRejected,
        "Dead letters: anything that could not be processed, with the reason, the stage and the original input.",
        producer="ingest, extract, index",
        consumers=("index",),
        dead_letter=None,
        retention_ms=30 * DAY_MS,  # long enough to fix a producer and replay
    ),
}
