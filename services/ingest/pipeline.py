"""The one path every article takes, whatever its source: (fetch) -> clean -> event -> near-duplicate mark -> publish.

``POST /articles``, the feed and sitemap poller all call :class:`ArticlePipeline`. An input that cannot become an
article is dead-lettered here (reason + original input) and raised as :class:`Rejected`, which the HTTP edge
turns into a 422 and the poller logs.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

from claimstream.services.ingest.articles import ArticleIn, Source, clean, clean_fetched, to_event
from claimstream.services.ingest.clean import CleaningError, CleanResult
from claimstream.services.ingest.dedup import NearDuplicates
from claimstream.services.ingest.fetch import Fetcher, FetchError
from claimstream.shared import metrics
from claimstream.shared.broker import DeadLetters
from claimstream.shared.events import ArticleCleaned

log = logging.getLogger(__name__)
SERVICE = "ingest"
Publish = Callable[[ArticleCleaned], Awaitable[object]]


class Rejected(Exception):
    """The input cannot become an article; already dead-lettered. ``str(exc)`` is the reason for the caller."""


CLEANING_CONCURRENCY = 2


class ArticlePipeline:
    """Cleans, marks and publishes articles. ``publish`` returns once the broker acknowledged the event."""

    def __init__(self, publish: Publish, dead_letters: DeadLetters, fetcher: Fetcher, near_duplicates: NearDuplicates) -> None:
        self._publish = publish
        self._dead_letters = dead_letters
        self.fetcher = fetcher
        self.near_duplicates = near_duplicates
        # Cleaning holds the GIL, so more than two at once gains no throughput; each one in flight holds a
        # parsed HTML tree, so an unbounded number under a burst of requests multiplies peak memory.
        self._cleaning = asyncio.Semaphore(CLEANING_CONCURRENCY)

    async def from_request(self, body: ArticleIn, original: bytes) -> ArticleCleaned:
        """A posted article: cleaned from its content, or fetched from its ``url`` when it has none."""
        if not body.has_content:
            return await self.from_url(body.url or "", source="url", request=body, original=original)
        try:
            async with self._cleaning:
                result = await asyncio.to_thread(clean, body)
        except CleaningError as exc:
            raise await self._reject(f"article rejected: {exc}", original) from exc
        return await self._accept(body, result, "api")

    async def from_url(self, url: str, *, source: Source, request: ArticleIn | None = None,
                       original: bytes | None = None) -> ArticleCleaned:
        """Fetch ``url`` and publish the article it holds. Raises Rejected (dead-lettered) when it cannot."""
        original = original if original is not None else json.dumps({"url": url, "source": source}).encode()
        try:
            fetched = await self.fetcher.fetch(url)
            async with self._cleaning:
                result = await asyncio.to_thread(clean_fetched, fetched.content, fetched.content_type, fetched.url)
        except FetchError as exc:
            raise await self._reject(f"{'url refused' if exc.refused else 'fetch failed'}: {exc}", original) from exc
        except CleaningError as exc:
            raise await self._reject(f"article rejected: {exc}", original) from exc
        body = (request or ArticleIn(url=fetched.url)).model_copy(update={"url": fetched.url})
        return await self._accept(body, result, source)

    async def _accept(self, body: ArticleIn, result: CleanResult, source: Source) -> ArticleCleaned:
        event = to_event(body, result, datetime.now(UTC), source=source)
        duplicate_of = await asyncio.to_thread(self.near_duplicates.check, event.article_id, event.text)
        if duplicate_of is not None:
            event = event.model_copy(update={"duplicate_of": duplicate_of})
        await self._publish(event)
        metrics.ARTICLES_INGESTED.labels(SERVICE).inc()
        log.info("accepted article %s (%d words, %s%s) %s", event.article_id, len(event.text.split()), source,
                 f", duplicate of {duplicate_of}" if duplicate_of else "", event.url or "")
        return event

    async def _reject(self, reason: str, original: bytes) -> Rejected:
        await self._dead_letters.reject(reason, original)
        return Rejected(reason)
