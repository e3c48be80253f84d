"""ingest handlers: ``POST /articles`` -> clean -> ``ArticleCleaned`` on articles.cleaned (keyed by article_id).

The request is answered 202 only after the broker acknowledged the event, so an accepted article is never
lost. Input that cannot become an article gets a 4xx with the reason and, when it was a well-formed request
whose content was unusable (empty after cleaning, pathological HTML), a dead letter on articles.rejected.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Request
from faststream.kafka import KafkaBroker
from pydantic import BaseModel, Field, model_validator

from claimstream.services.ingest.clean import CleaningError, CleanResult, article_id_for, canonical_url, clean_html, clean_text
from claimstream.shared import metrics
from claimstream.shared.broker import DeadLetters
from claimstream.shared.events import ArticleCleaned
from claimstream.shared.settings import IngestSettings

log = logging.getLogger(__name__)
SERVICE = "ingest"


class ArticleIn(BaseModel):
    """Body of ``POST /articles``: at least one of ``html`` or ``text``; explicit fields win over extracted ones."""

    url: str | None = Field(None, max_length=4096, description="Where the article was published.")
    html: str | None = Field(None, description="The page's HTML.")
    text: str | None = Field(None, description="Plain text, as pasted from the web (boilerplate is removed).")
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    published_at: datetime | None = None

    @model_validator(mode="after")
    def _needs_content(self) -> ArticleIn:
        if not (self.html or "").strip() and not (self.text or "").strip():
            raise ValueError("one of `html` or `text` is required and must not be empty")
        return self


class Accepted(BaseModel):
    article_id: str
    status: str = "accepted"
    url: str | None = None
    title: str | None = None
    language: str | None = None
    words: int


def clean(body: ArticleIn) -> CleanResult:
    """Clean the request's HTML (preferred) or text. Raises CleaningError with a human reason."""
    if body.html and body.html.strip():
        return clean_html(body.html, url=body.url)
    return clean_text(body.text or "", url=body.url)


def to_event(body: ArticleIn, result: CleanResult, now: datetime) -> ArticleCleaned:
    """The ArticleCleaned for a request and its cleaning result; request fields override extracted ones."""
    url = canonical_url(body.url) if body.url else None
    published = body.published_at or result.published_at
    if published is not None and published.tzinfo is None:
        published = published.replace(tzinfo=UTC)
    return ArticleCleaned(
        article_id=article_id_for(url, result.text),
        url=url or body.url,
        outlet=body.outlet or result.outlet,
        title=body.title or result.title,
        author=result.author,
        published_at=published,
        language=result.language,
        text=result.text,
        ingested_at=now,
    )


def build_api(settings: IngestSettings, broker: KafkaBroker) -> APIRouter:
    """The ingest routes, publishing through ``broker``."""
    api = APIRouter()
    to_articles_cleaned = broker.publisher(settings.topic_articles_cleaned)
    dead_letters = DeadLetters(broker, settings.topic_articles_rejected, SERVICE)
    api_key = settings.ingest_api_key.get_secret_value() if settings.ingest_api_key else None

    @api.post("/articles", status_code=202, response_model=Accepted, tags=["ingest"],
              responses={401: {"description": "Missing or wrong X-API-Key"}, 413: {"description": "Body too large"},
                         422: {"description": "Invalid request, or no article text after cleaning"}})
    async def post_article(body: ArticleIn, request: Request, x_api_key: Annotated[str | None, Header()] = None) -> Accepted:
        """Clean an article and publish it. 202 means the event is durably on the broker."""
        if api_key is not None and not secrets.compare_digest(x_api_key or "", api_key):
            raise HTTPException(status_code=401, detail="missing or wrong X-API-Key header")
        try:
            result = await asyncio.to_thread(clean, body)
        except CleaningError as exc:
            await dead_letters.reject(f"cleaning failed: {exc}", await request.body())
            raise HTTPException(status_code=422, detail=f"article rejected: {exc}") from exc
        event = to_event(body, result, datetime.now(UTC))
        await to_articles_cleaned.publish(event, key=event.article_id.encode())
        metrics.ARTICLES_INGESTED.labels(SERVICE).inc()
        log.info("accepted article %s (%d words) %s", event.article_id, len(event.text.split()), event.url or "")
        return Accepted(article_id=event.article_id, url=event.url, title=event.title, language=event.language,
                        words=len(event.text.split()))

    return api


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


