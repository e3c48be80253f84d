"""index handlers: articles, claims and dead letters -> one Elasticsearch bulk request per batch.

Offsets are committed only after the bulk request returned (the subscriber acks when the handler returns;
a raised TransientError nacks and the batch is redelivered). Items Elasticsearch refuses for good are
dead-lettered with stage ``index``, so every event ends up indexed or rejected.

Articles get their story before they are written; articles and claims are written with ``refresh=wait_for``
and then linked to each other (``linking.Linker``), so the order in which the two topics arrive does not matter.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TypeVar

from faststream.kafka import KafkaBroker, KafkaRouter
from pydantic import BaseModel

from claimstream.services.index.documents import Action, article_doc, claim_doc, rejected_doc, rejected_id
from claimstream.services.index.linking import Linker
from claimstream.services.index.store import Store
from claimstream.shared import metrics
from claimstream.shared.broker import ACK_POLICY, DeadLetters, batch_decoder
from claimstream.shared.events import ArticleCleaned, ArticleRejected, ClaimExtracted
from claimstream.shared.settings import IndexSettings

SERVICE = "index"
E = TypeVar("E", bound=BaseModel)


class Indexer:
    """Turns a batch of events into one bulk write, then records outcome and latency."""

    def __init__(self, store: Store, dead_letters: DeadLetters) -> None:
        self.store = store
        self.dead_letters = dead_letters

    async def write(self, topic: str, actions: list[Action], ingested: Sequence[datetime | None], kind: str,
                    *, refresh: bool = False) -> None:
        """Bulk-write ``actions`` (one per event); dead-letter refused items; raise on transient failure.
        With ``refresh``, return once the documents are searchable."""
        started = time.perf_counter()
        try:
            refused = (await self.store.bulk(actions, refresh=True) if refresh else await self.store.bulk(actions)) if actions else []
        finally:  # a raised error is counted as retried by shared.broker.RetryCounter
            metrics.HANDLER_SECONDS.labels(SERVICE, topic).observe(time.perf_counter() - started)
        for rejection in refused:
            reason = f"Elasticsearch refused the document ({rejection.status}): {rejection.reason}"
            # Without indexed_at the dead letter is the same on redelivery (one document); topic= lets accounting count it.
            original = {k: v for k, v in rejection.action.doc.items() if k != "indexed_at"}
            await self.dead_letters.reject(reason, json.dumps(original).encode(), article_id=rejection.action.doc.get("article_id"), topic=topic)
        metrics.EVENTS.labels(SERVICE, topic, "ok").inc(len(actions) - len(refused))
        now = datetime.now(UTC)
        for stamp in ingested:
            if stamp is not None:
                metrics.PIPELINE_SECONDS.labels(kind).observe(max(0.0, (now - stamp).total_seconds()))


def _actions(events: Sequence[E], alias: str, doc_id: Callable[[E], str], to_doc: Callable[[E, datetime], dict]) -> list[Action]:
    now = datetime.now(UTC)
    return [Action(alias, doc_id(e), to_doc(e, now)) for e in events]


def build_router(settings: IndexSettings, broker: KafkaBroker, store: Store, linker: Linker | None = None) -> KafkaRouter:
    """One KafkaRouter with a batch subscriber per input topic. Stories and article <-> claim links need to
    read Elasticsearch: ``linker`` defaults to one on ``store``; a write-only stand-in store (as in the
    schema-example tests) indexes without them."""
    router = KafkaRouter()
    dead_letters = DeadLetters(broker, settings.topic_articles_rejected, "index")
    indexer = Indexer(store, dead_letters)
    if linker is None and isinstance(store, Store):
        linker = Linker(store)
    # One consumer group per topic: three consumers in one group would rebalance each other at every start.
    common = dict(batch=True, max_records=settings.index_batch_size, ack_policy=ACK_POLICY, auto_offset_reset="earliest")

    @router.subscriber(settings.topic_articles_cleaned, group_id=f"{settings.index_group_id}.articles", decoder=batch_decoder(ArticleCleaned, dead_letters), **common)
    async def on_articles_cleaned(articles: list[ArticleCleaned]) -> None:
        story, merges = await linker.assign(articles) if linker else ({}, {})
        actions = _actions(articles, store.alias("articles"), lambda a: a.article_id,
                           lambda a, now: article_doc(a, now, story.get(a.article_id)))
        await indexer.write(settings.topic_articles_cleaned, actions, [a.ingested_at for a in articles], "article",
                            refresh=linker is not None)
        if linker:
            await linker.after_articles(articles, merges)

    @router.subscriber(settings.topic_claims_extracted, group_id=f"{settings.index_group_id}.claims", decoder=batch_decoder(ClaimExtracted, dead_letters), **common)
    async def on_claims_extracted(claims: list[ClaimExtracted]) -> None:
        known = await linker.claim_context(c.article_id for c in claims) if linker else {}
        actions = _actions(claims, store.alias("claims"), lambda c: c.claim_id,
                           lambda c, now: claim_doc(c, now, known.get(c.article_id)))
        await indexer.write(settings.topic_claims_extracted, actions, [c.ingested_at for c in claims], "claim",
                            refresh=linker is not None)
        if linker:
            await linker.after_claims({c.article_id for c in claims}, known)

    @router.subscriber(settings.topic_articles_rejected, group_id=f"{settings.index_group_id}.rejected", decoder=batch_decoder(ArticleRejected, dead_letters), **common)
    async def on_articles_rejected(rejected: list[ArticleRejected]) -> None:
        actions = _actions(rejected, store.alias("rejected"), rejected_id, rejected_doc)
        await indexer.write(settings.topic_articles_rejected, actions, [], "rejected")

    return router
