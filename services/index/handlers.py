"""index handlers: articles, claims and dead letters -> one Elasticsearch bulk request per batch.

Offsets are committed only after the bulk request returned (the subscriber acks when the handler returns;
a raised TransientError nacks and the batch is redelivered). Items Elasticsearch refuses for good come back
from :meth:`Store.bulk` as ``InvalidEvent`` and are dead-lettered with stage ``index``, so every event ends
up indexed or rejected. So are the story and speaker updates Elasticsearch refuses (returned by :class:`Linker`),
counted as ``claimstream_events_total{topic="links", outcome="rejected"}``: they are no article outcome.

Articles get their story before they are written; articles and claims are written with ``refresh=wait_for``
and then linked to each other (:class:`Linker`), so the order in which the two topics arrive does not matter.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime

from faststream.kafka import KafkaRouter
from faststream.kafka.subscriber.usecase import BatchSubscriber
from pydantic import BaseModel

from claimstream.services.index.documents import Action, article_doc, claim_doc, rejected_doc, rejected_id
from claimstream.services.index.linking import Linker
from claimstream.services.index.store import Store
from claimstream.shared import metrics
from claimstream.shared.broker import ACK_POLICY, BATCH_POLL_MS, Broker, DeadLetters, batch_decoder
from claimstream.shared.events import ArticleCleaned, ArticleRejected, ClaimExtracted
from claimstream.shared.settings import IndexSettings

SERVICE = "index"
LINKS = "links"  # the count label of refused story/speaker updates (Linker), which come from no topic


class Indexer:
    """Writes one batch with one bulk request and dead-letters the items Elasticsearch refuses for good."""

    def __init__(self, store: Store, dead_letters: DeadLetters) -> None:
        self.store = store
        self.dead_letters = dead_letters

    async def write(self, topic: str, actions: list[Action], *, refresh: bool = False) -> None:
        """Bulk-write ``actions`` (one per event of ``topic``). Raises TransientError when Elasticsearch stays
        unavailable. With ``refresh``, return once the documents are searchable."""
        started = time.perf_counter()
        try:
            refused = await self.store.bulk(actions, refresh=refresh)
        finally:  # a raised error is counted as retried by shared.broker.RetryCounter
            metrics.HANDLER_SECONDS.labels(SERVICE, topic).observe(time.perf_counter() - started)
        # topic= lets accounting count the dead letter by source topic
        rejected = await self.dead_letters.reject_all(refused, topic=topic, source=topic)
        metrics.EVENTS.labels(SERVICE, topic, "ok").inc(len(actions) - rejected)


def observe_latency(kind: str, ingested: Iterable[datetime | None]) -> None:
    """Record ingest-to-index latency for each event that carries its article's ``ingested_at``."""
    now = datetime.now(UTC)
    for stamp in filter(None, ingested):
        metrics.PIPELINE_SECONDS.labels(kind).observe(max(0.0, (now - stamp).total_seconds()))


def build_router(settings: IndexSettings, broker: Broker, store: Store, linker: Linker | None = None) -> KafkaRouter:
    """One KafkaRouter with a batch subscriber per input topic; poison to ``broker.dead_letters``. ``linker``
    (stories and article <-> claim links) defaults to one reading ``store``."""
    router = KafkaRouter()
    dead_letters = broker.dead_letters
    indexer = Indexer(store, dead_letters)
    links = linker or Linker(store)

    def subscriber(topic: str, model: type[BaseModel], group: str) -> BatchSubscriber:
        # One consumer group per topic: three consumers in one group would rebalance each other at every start.
        return router.subscriber(
            topic,
            group_id=f"{settings.index_group_id}.{group}",
            batch=True,
            batch_timeout_ms=BATCH_POLL_MS,
            max_records=settings.index_batch_size,
            ack_policy=ACK_POLICY,
            auto_offset_reset="earliest",
            decoder=batch_decoder(model, dead_letters),
        )

    @subscriber(settings.topic_articles_cleaned, ArticleCleaned, "articles")
    async def on_articles_cleaned(articles: list[ArticleCleaned]) -> None:
        story, merges = await links.assign(articles)
        now = datetime.now(UTC)
        docs = [
            Action(store.alias("articles"), a.article_id, article_doc(a, now, story.get(a.article_id)))
            for a in articles
        ]
        await indexer.write(settings.topic_articles_cleaned, docs, refresh=True)
        observe_latency("article", (a.ingested_at for a in articles))
        await dead_letters.reject_all(await links.after_articles(articles, merges), source=LINKS)

    @subscriber(settings.topic_claims_extracted, ClaimExtracted, "claims")
    async def on_claims_extracted(claims: list[ClaimExtracted]) -> None:
        known = await links.claim_context(c.article_id for c in claims)
        now = datetime.now(UTC)
        docs = [Action(store.alias("claims"), c.claim_id, claim_doc(c, now, known.get(c.article_id))) for c in claims]
        await indexer.write(settings.topic_claims_extracted, docs, refresh=True)
        observe_latency("claim", (c.ingested_at for c in claims))
        await dead_letters.reject_all(await links.after_claims({c.article_id for c in claims}, known), source=LINKS)

    @subscriber(settings.topic_articles_rejected, ArticleRejected, "rejected")
    async def on_articles_rejected(rejected: list[ArticleRejected]) -> None:
        now = datetime.now(UTC)
        docs = [Action(store.alias("rejected"), rejected_id(r), rejected_doc(r, now)) for r in rejected]
        await indexer.write(settings.topic_articles_rejected, docs)

    return router
