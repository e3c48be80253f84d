"""The article request and the pure steps from it to an ``ArticleCleaned``: clean, then build the event."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from claimstream.services.ingest.clean import (
    CleaningError,
    CleanResult,
    article_id_for,
    canonical_url,
    clean_html,
    clean_text,
)
from claimstream.shared.events import ArticleCleaned, Source, claims_wanted


class ArticleIn(BaseModel):
    """Body of ``POST /articles``: ``html`` or ``text``, or only a ``url`` to fetch; explicit fields win over
    extracted ones."""

    # What _needs_content enforces, in the OpenAPI schema too: one of them is a string with a non-blank character.
    model_config = ConfigDict(
        json_schema_extra={
            "anyOf": [
                {"required": [name], "properties": {name: {"type": "string", "pattern": r"\S"}}}
                for name in ("html", "text", "url")
            ]
        }
    )

    url: str | None = Field(
        None,
        max_length=4096,
        description="Where the article was published; fetched when neither `html` nor `text` is given.",
    )
    html: str | None = Field(None, description="The page's HTML.")
    text: str | None = Field(None, description="Plain text, as pasted from the web (boilerplate is removed).")
    title: str | None = Field(None, max_length=1000)
    outlet: str | None = Field(None, max_length=200)
    published_at: datetime | None = None

    @model_validator(mode="after")
    def _needs_content(self) -> ArticleIn:
        if not self.has_content and not (self.url or "").strip():
            raise ValueError("one of `html` or `text` (or a `url` to fetch) is required and must not be empty")
        return self

    @property
    def has_content(self) -> bool:
        return bool((self.html or "").strip() or (self.text or "").strip())


def clean(body: ArticleIn) -> CleanResult:
    """Clean the request's HTML (preferred) or text. Raises CleaningError with a human reason."""
    if body.html and body.html.strip():
        return clean_html(body.html, url=body.url)
    return clean_text(body.text or "", url=body.url)


def clean_fetched(content: bytes, content_type: str, url: str) -> CleanResult:
    """Clean a fetched page: HTML (any charset, detected from the bytes) or plain text. Raises CleaningError."""
    kind = content_type.split(";")[0].strip().lower()
    if kind == "text/plain":
        return clean_text(content.decode("utf-8", errors="replace"), url=url)
    if kind and "html" not in kind and "xml" not in kind:
        raise CleaningError(f"not an article page: content type {kind}")
    return clean_html(content, url=url)


def skipped_reason(language: str | None) -> str | None:
    """Why extract will find no claims in an article in ``language`` (None: it will try)."""
    if claims_wanted(language):
        return None
    return f"language is {language}; claims are extracted from English text only"


def to_event(body: ArticleIn, result: CleanResult, now: datetime, *, source: Source | None = "api") -> ArticleCleaned:
    """The ArticleCleaned for a request and its cleaning result; request fields override extracted ones."""
    url = canonical_url(body.url) if body.url else None
    published, rule = (body.published_at, "request") if body.published_at else (result.published_at, result.date_rule)
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
        date_rule=rule if published is not None else None,
        source=source,
        extraction_skipped_reason=skipped_reason(result.language),
    )
