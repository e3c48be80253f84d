"""index handlers: articles, claims and dead letters -> one Elasticsearch bulk request per batch.

Offsets are committed only after the bulk request returned (the subscriber acks when the handler returns;
a raised TransientError nacks and the batch is redelivered). Items Elasticsearch refuses for good are
dead-lettered with stage ``index``, so every event ends up indexed or rejected.
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

    async def write(self, topic: str, actions: list[Action], ingested: Sequence[datetime | None], kind: str) -> None:
        """Bulk-write ``actions`` (one per event); dead-letter refused items; raise on transient failure."""
        started = time.perf_counter()
        try:
            refused = await self.store.bulk(actions) if actions else []
        except Exception:
            metrics.EVENTS.labels(SERVICE, topic, "retried").inc(len(actions))
            raise
        finally:
            metrics.HANDLER_SECONDS.labels(SERVICE, topic).observe(time.perf_counter() - started)
        for rejection in refused:
            reason = f"Elasticsearch refused the document ({rejection.status}): {rejection.reason}"
            await self.dead_letters.reject(reason, json.dumps(rejection.action.doc).encode(), article_id=rejection.action.doc.get("article_id"))
        metrics.EVENTS.labels(SERVICE, topic, "ok").inc(len(actions) - len(refused))
        now = datetime.now(UTC)
        for stamp in ingested:
            if stamp is not None:
                metrics.PIPELINE_SECONDS.labels(kind).observe(max(0.0, (now - stamp).total_seconds()))


def _actions(events: Sequence[E], alias: str, doc_id: Callable[[E], str], to_doc: Callable[[E, datetime], dict]) -> list[Action]:
    now = datetime.now(UTC)
    return [Action(alias, doc_id(e), to_doc(e, now)) for e in events]


def build_router(settings: IndexSettings, broker: KafkaBroker, store: Store) -> KafkaRouter:
    """One KafkaRouter with a batch subscriber per input topic."""
    router = KafkaRouter()
    dead_letters = DeadLetters(broker, settings.topic_articles_rejected, "index")
    indexer = Indexer(store, dead_letters)
    # One consumer group per topic: three consumers in one group would rebalance each other at every start.
    common = dict(batch=True, max_records=settings.index_batch_size, ack_policy=ACK_POLICY, auto_offset_reset="earliest")

    @router.subscriber(settings.topic_articles_cleaned, group_id=f"{settings.index_group_id}.articles", decoder=batch_decoder(ArticleCleaned, dead_letters), **common)
    async def on_articles_cleaned(articles: list[ArticleCleaned]) -> None:
        actions = _actions(articles, store.alias("articles"), lambda a: a.article_id, article_doc)
        await indexer.write(settings.topic_articles_cleaned, actions, [a.ingested_at for a in articles], "article")

    @router.subscriber(settings.topic_claims_extracted, group_id=f"{settings.index_group_id}.claims", decoder=batch_decoder(ClaimExtracted, dead_letters), **common)
    async def on_claims_extracted(claims: list[ClaimExtracted]) -> None:
        actions = _actions(claims, store.alias("claims"), lambda c: c.claim_id, claim_doc)
        await indexer.write(settings.topic_claims_extracted, actions, [c.ingested_at for c in claims], "claim")

    @router.subscriber(settings.topic_articles_rejected, group_id=f"{settings.index_group_id}.rejected", decoder=batch_decoder(ArticleRejected, dead_letters), **common)
    async def on_articles_rejected(rejected: list[ArticleRejected]) -> None:
        actions = _actions(rejected, store.alias("rejected"), rejected_id, rejected_doc)
        await indexer.write(settings.topic_articles_rejected, actions, [], "rejected")

    return router
