"""The feed and sitemap poller: an asyncio task in the ingest service's lifespan.

Each poll of a source is a conditional GET (ETag / Last-Modified from the previous answer); a 304 costs nothing
more. Otherwise the links it lists that were not seen before are fetched, cleaned and published through the
same :class:`~.pipeline.ArticlePipeline` as ``POST /articles``, at most ``max_entries`` per poll. Requests to one
host are spaced by the fetcher's :class:`~.politeness.HostPacer`. Sources and what was seen live in memory and,
with a ``state_path`` (``CLAIMSTREAM_INGEST_DATA_DIR``), in a JSON file rewritten (temp file + rename) after
every change, so feeds added through the API and the links already seen survive a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimstream.services.ingest.feeds import SourceError, SourceLinks, parse_source
from claimstream.services.ingest.fetch import FetchError
from claimstream.services.ingest.pipeline import ArticlePipeline
from claimstream.shared.errors import InvalidEvent

log = logging.getLogger(__name__)
_SEEN_PER_FEED = 20_000  # links remembered per source; a feed lists far fewer, a big sitemap is capped
_NESTED_SITEMAPS = 20  # nested sitemaps fetched per poll of a sitemap index


def feed_id(url: str) -> str:
    return hashlib.sha256(url.encode()).hexdigest()[:16]


@dataclass
class Feed:
    """One polled source and its state."""

    url: str
    origin: str  # "settings" or "api"
    kind: str | None = None  # "feed" or "sitemap", once polled
    etag: str | None = None
    last_modified: str | None = None
    polled_at: datetime | None = None
    last_result: str | None = None
    published: int = 0
    seen: OrderedDict[str, None] = field(default_factory=OrderedDict, repr=False)

    @property
    def feed_id(self) -> str:
        return feed_id(self.url)

    def remember(self, link: str) -> None:
        self.seen[link] = None
        while len(self.seen) > _SEEN_PER_FEED:
            self.seen.popitem(last=False)


class FeedPoller:
    """Polls every registered source each ``interval`` seconds (0: never on its own; :meth:`poll_all` still works)."""

    def __init__(
        self, pipeline: ArticlePipeline, *, interval: float, max_entries: int, state_path: Path | None = None
    ) -> None:
        self.pipeline = pipeline
        self.interval = interval
        self.max_entries = max_entries
        self.feeds: dict[str, Feed] = {}
        self._task: asyncio.Task[None] | None = None
        self.state_path = state_path
        if state_path is not None and state_path.is_file():
            for row in json.loads(state_path.read_text()):
                feed = Feed(
                    **{
                        **row,
                        "seen": OrderedDict.fromkeys(row["seen"]),
                        "polled_at": datetime.fromisoformat(row["polled_at"]) if row["polled_at"] else None,
                    }
                )
                self.feeds[feed.feed_id] = feed
            log.info("%d feeds restored from %s", len(self.feeds), state_path)

    def save(self) -> None:
        """Write every feed and the links it has seen to ``state_path`` (no-op without one)."""
        if self.state_path is None:
            return
        rows = [
            {
                **{k: v for k, v in vars(f).items() if k != "seen"},
                "seen": list(f.seen),
                "polled_at": f.polled_at.isoformat() if f.polled_at else None,
            }
            for f in self.feeds.values()
        ]
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows))
        tmp.replace(self.state_path)

    def add(self, url: str, origin: str = "api") -> tuple[Feed, bool]:
        """Register ``url``; returns the feed and whether it is new."""
        existing = self.feeds.get(feed_id(url))
        if existing is not None:
            return existing, False
        feed = Feed(url, origin)
        self.feeds[feed.feed_id] = feed
        self.save()
        return feed, True

    def remove(self, fid: str) -> bool:
        removed = self.feeds.pop(fid, None) is not None
        self.save()
        return removed

    async def poll_all(self) -> None:
        """Poll every source once, concurrently (the pacer spaces requests to one host)."""
        await asyncio.gather(*(self.poll(feed) for feed in list(self.feeds.values())))
        self.save()

    async def poll(self, feed: Feed) -> None:
        """Poll one source; never raises for the source's own failures (they are logged and kept in ``last_result``)."""
        feed.polled_at = datetime.now(UTC)
        try:
            links = await self._links(feed)
        except (FetchError, SourceError) as exc:
            feed.last_result = f"error: {exc}"
            log.warning("polling %s failed: %s", feed.url, exc)
            return
        if links is None:
            feed.last_result = "not modified"
            return
        fresh = [link for link in links if link not in feed.seen][: self.max_entries]
        published = sum(await asyncio.gather(*(self._ingest(feed, link) for link in fresh)))
        feed.published += published
        feed.last_result = f"ok: {len(links)} links, {len(fresh)} new, {published} published"

    async def _links(self, feed: Feed) -> list[str] | None:
        fetched = await self.pipeline.fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
        if fetched.not_modified:
            return None
        feed.etag, feed.last_modified = fetched.etag, fetched.last_modified
        found = await self.pipeline.in_worker(parse_source, fetched.content, fetched.url)
        feed.kind = found.kind
        return found.articles + await self._nested(found)

    async def _nested(self, found: SourceLinks) -> list[str]:
        links: list[str] = []
        for url in found.sitemaps[:_NESTED_SITEMAPS]:
            try:
                nested = await self.pipeline.fetcher.fetch(url)
                links += (await self.pipeline.in_worker(parse_source, nested.content, nested.url)).articles
            except (FetchError, SourceError) as exc:
                log.warning("nested sitemap %s skipped: %s", url, exc)
        return links

    async def _ingest(self, feed: Feed, link: str) -> bool:
        # A link is remembered whatever the outcome: a page that failed is dead-lettered once, not every poll.
        feed.remember(link)
        source = "sitemap" if feed.kind == "sitemap" else "feed"
        try:
            await self.pipeline.from_url(link, source=source)
        except InvalidEvent as exc:  # already dead-lettered by the pipeline
            log.info("entry %s of %s rejected: %s", link, feed.url, exc)
            return False
        return True

    async def _run(self) -> None:
        while True:
            try:
                await self.poll_all()
            except Exception:  # a bug or a broker outage must not end polling for good
                log.exception("feed polling failed; retrying in %s s", self.interval)
            await asyncio.sleep(self.interval)

    def lifespan(
        self, inner: Callable[[Any], AbstractAsyncContextManager[None]]
    ) -> Callable[[Any], AbstractAsyncContextManager[None]]:
        """Wrap an app lifespan: polling starts after it started (the broker is up) and stops before it stops."""

        @asynccontextmanager
        async def wrapped(app: Any) -> AsyncIterator[None]:
            async with inner(app):
                if self.interval > 0 and self._task is None:
                    self._task = asyncio.create_task(self._run(), name="feed-poller")
                try:
                    yield
                finally:
                    await self.stop()

        return wrapped

    async def stop(self) -> None:
        """Cancel polling and close the fetcher's connections."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.pipeline.fetcher.aclose()
