"""The one path every article takes, whatever its source: (fetch) -> clean -> event -> near-duplicate mark -> publish.

``POST /articles``, the feed and sitemap poller all call :class:`ArticlePipeline`. An input that cannot become an
article (the domain raised an ``InvalidEvent``: ``CleaningError``, ``FetchError``) is dead-lettered here (reason +
original input) and raised again as an ``InvalidEvent`` with that reason, which the HTTP edge turns into a 422
and the poller logs.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, TypeVar

from claimstream.services.ingest.articles import ArticleIn, clean, clean_fetched, to_event
from claimstream.services.ingest.clean import CleanResult
from claimstream.services.ingest.dedup import NearDuplicates
from claimstream.services.ingest.fetch import Fetcher, FetchError
from claimstream.shared import metrics
from claimstream.shared.broker import DeadLetters
from claimstream.shared.errors import InvalidEvent
from claimstream.shared.events import ArticleCleaned, Source

log = logging.getLogger(__name__)
SERVICE = "ingest"
Publish = Callable[[ArticleCleaned], Awaitable[object]]
T = TypeVar("T")


class ArticlePipeline:
    """Cleans, marks and publishes articles. ``publish`` returns once the broker acknowledged the event."""

    def __init__(
        self, publish: Publish, dead_letters: DeadLetters, fetcher: Fetcher, near_duplicates: NearDuplicates
    ) -> None:
        self._publish = publish
        self._dead_letters = dead_letters
        self.fetcher = fetcher
        self.near_duplicates = near_duplicates
        # Every HTML/XML parse (trafilatura, lxml) and the near-duplicate index run on ONE worker thread:
        # trafilatura shares module-level lxml parsers, and using them from two threads at once corrupts memory
        # (seen as MemoryError and "free(): invalid pointer" under concurrent posts). Parsing holds the GIL, so
        # one thread costs no throughput, and it bounds memory to one parsed tree at a time.
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-parse")

    def queue_first(self, fn: Callable[..., Any], *args: Any) -> None:
        """Queue ``fn(*args)`` on the parsing thread now, without waiting: work queued later (every post's
        near-duplicate check) runs after it. For start-up work such as restoring the near-duplicate index."""
        self._worker.submit(fn, *args)

    async def in_worker(self, fn: Callable[..., T], *args: Any) -> T:
        """Run ``fn(*args)`` on the pipeline's single parsing thread."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, fn, *args)

    async def from_request(self, body: ArticleIn, original: bytes) -> ArticleCleaned:
        """A posted article: cleaned from its content, or fetched from its ``url`` when it has none.
        Raises InvalidEvent (already dead-lettered) when it cannot become one."""
        if not body.has_content:
            return await self.from_url(body.url or "", source="url", request=body, original=original)
        try:
            result = await self.in_worker(clean, body)
        except InvalidEvent as exc:
            raise await self._dead_letter(exc, original) from exc
        return await self._accept(body, result, "api")

    async def from_url(
        self, url: str, *, source: Source, request: ArticleIn | None = None, original: bytes | None = None
    ) -> ArticleCleaned:
        """Fetch ``url`` and publish the article it holds. Raises InvalidEvent (already dead-lettered) when it cannot."""
        original = original if original is not None else json.dumps({"url": url, "source": source}).encode()
        try:
            fetched = await self.fetcher.fetch(url)
            result = await self.in_worker(clean_fetched, fetched.content, fetched.content_type, fetched.url)
        except InvalidEvent as exc:
            raise await self._dead_letter(exc, original) from exc
        body = (request or ArticleIn(url=fetched.url)).model_copy(update={"url": fetched.url})
        return await self._accept(body, result, source)

    async def _accept(self, body: ArticleIn, result: CleanResult, source: Source) -> ArticleCleaned:
        event = to_event(body, result, datetime.now(UTC), source=source)
        copy_of = await self.in_worker(self.near_duplicates.copy_of, event.article_id, event.text, event.outlet)
        duplicate_of = copy_of.article_id if copy_of else None
        if copy_of is not None:
            event = event.model_copy(update={"duplicate_of": duplicate_of, "copy_of": copy_of})
        await self._publish(event)
        metrics.ARTICLES_INGESTED.labels(SERVICE).inc()
        log.info(
            "accepted article %s (%d words, %s%s) %s",
            event.article_id,
            len(event.text.split()),
            source,
            f", duplicate of {duplicate_of}" if duplicate_of else "",
            event.url or "",
        )
        return event

    async def _dead_letter(self, exc: InvalidEvent, original: bytes) -> InvalidEvent:
        """Dead-letter ``original`` with the reason ``exc`` gives, prefixed by what failed; return the error to raise."""
        what = ("url refused" if exc.refused else "fetch failed") if isinstance(exc, FetchError) else "article rejected"
        poison = InvalidEvent(f"{what}: {exc}", article_id=exc.article_id, original=original)
        await self._dead_letters.reject(poison)
        return poison
