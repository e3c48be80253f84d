"""ingest HTTP routes: ``POST /articles`` -> (fetch) -> clean -> ``ArticleCleaned`` on articles.cleaned (keyed by
article_id); ``/feeds`` registers feeds and sitemaps that :mod:`.scheduler` polls.

The request is answered 202 only after the broker acknowledged the event, so an accepted article is never
lost. Input that cannot become an article gets a 4xx with the reason and, when it was a well-formed request
whose content was unusable (empty after cleaning, pathological HTML, a URL that was refused or failed to
fetch), a dead letter on articles.rejected.
"""

from __future__ import annotations

import logging
import secrets
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, NamedTuple

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from pydantic import BaseModel, Field

from claimstream.services.ingest.articles import ArticleIn
from claimstream.services.ingest.dedup import NearDuplicates
from claimstream.services.ingest.fetch import Fetcher, FetchPolicy, Resolver, parse_networks, system_resolve
from claimstream.services.ingest.journal import Journal, restore_near_duplicates
from claimstream.services.ingest.pipeline import SERVICE, ArticlePipeline
from claimstream.services.ingest.scheduler import Feed, FeedPoller
from claimstream.shared.broker import Broker
from claimstream.shared.errors import InvalidEvent
from claimstream.shared.events import ArticleCleaned, ArticleRef
from claimstream.shared.settings import IngestSettings

__all__ = ["SERVICE", "IngestApi", "build_api", "limit_body"]
log = logging.getLogger(__name__)


class Accepted(BaseModel):
    article_id: str
    status: str = "accepted"
    url: str | None = None
    title: str | None = None
    language: str | None = None
    words: int
    duplicate_of: str | None = None
    copy_of: ArticleRef | None = Field(
        None,
        description="The earlier article (id and outlet) whose text this one repeats; its claims are not counted "
        "as independent readings.",
    )


class FeedIn(BaseModel):
    """Body of ``POST /feeds``: an RSS/Atom/JSON feed or a (news) sitemap to poll."""

    url: str = Field(
        ..., min_length=8, max_length=4096, pattern=r"^https?://", examples=["https://example.com/rss.xml"]
    )


class FeedOut(BaseModel):
    feed_id: str
    url: str
    origin: str
    kind: str | None
    polled_at: datetime | None
    last_result: str | None
    published: int

    @classmethod
    def of(cls, feed: Feed) -> FeedOut:
        return cls(
            feed_id=feed.feed_id,
            url=feed.url,
            origin=feed.origin,
            kind=feed.kind,
            polled_at=feed.polled_at,
            last_result=feed.last_result,
            published=feed.published,
        )


class IngestApi(NamedTuple):
    router: APIRouter
    poller: FeedPoller


def build_pipeline(settings: IngestSettings, broker: Broker, resolve: Resolver = system_resolve) -> ArticlePipeline:
    """The article pipeline with its fetcher and near-duplicate index, built from the settings."""
    to_articles_cleaned = broker.publisher(settings.topic_articles_cleaned)
    policy = FetchPolicy(
        user_agent=settings.ingest_fetch_user_agent,
        timeout=settings.ingest_fetch_timeout,
        max_bytes=settings.ingest_fetch_max_bytes,
        max_redirects=settings.ingest_fetch_max_redirects,
        host_delay=settings.ingest_fetch_host_delay,
        allowed_networks=parse_networks(settings.ingest_fetch_allowed_networks),
    )
    near = NearDuplicates(
        settings.ingest_dedup_threshold,
        settings.ingest_dedup_max_articles,
        timedelta(hours=settings.ingest_dedup_window_hours).total_seconds(),
    )

    journal = Journal(Path(settings.ingest_data_dir) / "journal") if settings.ingest_data_dir else None

    async def publish(event: ArticleCleaned) -> None:
        await to_articles_cleaned.publish(event, key=event.article_id.encode())
        if journal is not None:  # on disk (fsync) before the 202: the source of truth for replay (journal.py)
            await journal.append(event)

    pipeline = ArticlePipeline(publish, broker.dead_letters, Fetcher(policy, resolve=resolve), near)
    if journal is not None:  # queued first on the worker that checks near-duplicates: posts wait for it
        pipeline.queue_first(restore_near_duplicates, near, journal.directory, time.time())
    return pipeline


def build_api(settings: IngestSettings, broker: Broker, *, resolve: Resolver = system_resolve) -> IngestApi:
    """The ingest routes and the feed poller, publishing through ``broker``."""
    api = APIRouter()
    pipeline = build_pipeline(settings, broker, resolve)
    poller = FeedPoller(
        pipeline,
        interval=settings.ingest_feed_poll_seconds,
        max_entries=settings.ingest_feed_max_entries,
        state_path=Path(settings.ingest_data_dir) / "feeds.json" if settings.ingest_data_dir else None,
    )
    for url in filter(None, (u.strip() for u in settings.ingest_feeds.split(","))):
        poller.add(url, origin="settings")
    api_key = settings.ingest_api_key.get_secret_value() if settings.ingest_api_key else None

    async def authorized(x_api_key: Annotated[str | None, Header()] = None) -> None:
        if api_key is not None and not secrets.compare_digest(x_api_key or "", api_key):
            raise HTTPException(status_code=401, detail="missing or wrong X-API-Key header")

    @api.post(
        "/articles",
        status_code=202,
        response_model=Accepted,
        tags=["ingest"],
        dependencies=[Depends(authorized)],
        responses={
            401: {"description": "Missing or wrong X-API-Key"},
            413: {"description": "Body too large"},
            422: {"description": "Invalid request, a URL refused or failed to fetch, or no article text"},
        },
    )
    async def post_article(body: ArticleIn, request: Request) -> Accepted:
        """Clean an article (or fetch it when only `url` is given) and publish it. 202: durably on the broker."""
        try:
            event = await pipeline.from_request(body, await request.body())
        except InvalidEvent as exc:  # already dead-lettered by the pipeline
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        return Accepted(
            article_id=event.article_id,
            url=event.url,
            title=event.title,
            language=event.language,
            words=len(event.text.split()),
            duplicate_of=event.duplicate_of,
            copy_of=event.copy_of,
        )

    @api.post(
        "/feeds",
        status_code=201,
        response_model=FeedOut,
        tags=["feeds"],
        dependencies=[Depends(authorized)],
        responses={200: {"description": "Already registered"}, 401: {"description": "Missing or wrong X-API-Key"}},
    )
    async def add_feed(body: FeedIn, response: Response) -> FeedOut:
        """Poll a feed (RSS, Atom, JSON Feed) or a (news) sitemap; its new entries are ingested on each poll."""
        feed, new = poller.add(body.url, origin="api")
        response.status_code = 201 if new else 200
        return FeedOut.of(feed)

    @api.get("/feeds", response_model=list[FeedOut], tags=["feeds"])
    async def list_feeds() -> list[FeedOut]:
        """Every polled source with the outcome of its last poll."""
        return [FeedOut.of(feed) for feed in poller.feeds.values()]

    @api.delete(
        "/feeds/{feed_id}",
        status_code=204,
        tags=["feeds"],
        dependencies=[Depends(authorized)],
        responses={404: {"description": "No such feed"}},
    )
    async def delete_feed(feed_id: str) -> Response:
        """Stop polling a source."""
        if not poller.remove(feed_id):
            raise HTTPException(status_code=404, detail=f"no feed {feed_id}")
        return Response(status_code=204)

    return IngestApi(api, poller)


def limit_body(max_bytes: int):  # type: ignore[no-untyped-def]
    """HTTP middleware answering 413 to bodies over ``max_bytes`` (by Content-Length, or while reading)."""
    from starlette.responses import JSONResponse

    async def middleware(request: Request, call_next):  # type: ignore[no-untyped-def]
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > max_bytes:
            return JSONResponse({"detail": f"request body over the {max_bytes}-byte limit"}, status_code=413)
        if length is None and request.method in {"POST", "PUT", "PATCH"}:
            received = 0
            chunks: list[bytes] = []
            async for chunk in request.stream():
                received += len(chunk)
                if received > max_bytes:
                    return JSONResponse({"detail": f"request body over the {max_bytes}-byte limit"}, status_code=413)
                chunks.append(chunk)
            request._body = b"".join(chunks)  # starlette reads the cached body later
        return await call_next(request)

    return middleware
