"""extract handlers: a batch of ArticleCleaned -> one ClaimExtracted per claim, keyed by article_id.

Extraction runs in a worker thread so the event loop keeps serving /metrics and broker heartbeats. Each
article's claims are published (acks=all) as soon as that article is done, while the rest of the batch is
parsed; the handler returns only when every publish is acknowledged, and offsets are committed only after
that: a crash in between redelivers the batch, and the deterministic claim ids make the re-published claims
overwrite themselves in the index.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time

from faststream.kafka import KafkaRouter

from claimstream.services.extract.batch import extract_batch
from claimstream.services.extract.claims import ClaimExtractor
from claimstream.shared import metrics
from claimstream.shared.broker import ACK_POLICY, BATCH_POLL_MS, Broker, batch_decoder
from claimstream.shared.events import ArticleCleaned, ClaimExtracted
from claimstream.shared.settings import ExtractSettings

SERVICE = "extract"


def build_router(settings: ExtractSettings, broker: Broker, extractor: ClaimExtractor) -> KafkaRouter:
    """One KafkaRouter: articles.cleaned in, claims.extracted out; poison to ``broker.dead_letters``."""
    router = KafkaRouter()
    topic_in = settings.topic_articles_cleaned
    dead_letters = broker.dead_letters
    to_claims_extracted = router.publisher(settings.topic_claims_extracted)

    async def publish(claims: list[ClaimExtracted]) -> None:
        await asyncio.gather(*(to_claims_extracted.publish(c, key=c.article_id.encode()) for c in claims))

    @router.subscriber(
        topic_in,
        group_id=settings.extract_group_id,
        batch=True,
        batch_timeout_ms=BATCH_POLL_MS,
        max_records=settings.extract_batch_size,
        ack_policy=ACK_POLICY,
        auto_offset_reset="earliest",
        decoder=batch_decoder(ArticleCleaned, dead_letters),
    )
    async def on_articles_cleaned(articles: list[ArticleCleaned]) -> None:
        started = time.perf_counter()
        loop = asyncio.get_running_loop()
        sent: list[concurrent.futures.Future[None]] = []

        def emit(claims: list[ClaimExtracted]) -> None:  # in the worker thread, as each article is done
            sent.append(asyncio.run_coroutine_threadsafe(publish(claims), loop))

        try:
            result = await asyncio.to_thread(extract_batch, extractor, articles, emit)
            await asyncio.gather(*(asyncio.wrap_future(f) for f in sent))
        finally:  # a raised error is counted as retried by shared.broker.RetryCounter
            metrics.HANDLER_SECONDS.labels(SERVICE, topic_in).observe(time.perf_counter() - started)
        # No topic: an article extraction failed on is still indexed (without claims), so it is no article outcome.
        failed = await dead_letters.reject_all(result.failures, source=topic_in)
        metrics.EVENTS.labels(SERVICE, topic_in, "ok").inc(len(articles) - failed)

    return router
