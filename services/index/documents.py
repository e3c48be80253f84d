"""Events -> Elasticsearch documents (pure). The document id is always the event id, so a redelivered
event overwrites its own document and never duplicates it.

Articles carry their story fields (:class:`StoryFields`); claims carry the ``story_id`` and ``language`` of
their article when it is already indexed, and each comparable quantity its ``measure``, ``subject_class`` and
``family`` (see ``measures.index_fields``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal, NamedTuple

from claimstream.services.index.measures import index_fields
from claimstream.shared.events import ArticleCleaned, ArticleRejected, ClaimExtracted


class Action(NamedTuple):
    """One bulk operation: target alias, document id, body; ``index`` writes the whole document, ``update``
    merges ``doc`` into the existing one (a partial document, never a script)."""

    alias: str
    doc_id: str
    doc: dict[str, Any]
    op: Literal["index", "update"] = "index"


class StoryFields(NamedTuple):
    """What the index service adds to an article: its story and the fingerprint that found it."""

    story_id: str
    story_time: datetime
    lsh_bands: tuple[str, ...]
    entities: tuple[str, ...]
    speakers: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()  # the article's terms, for the stream's document frequencies


def article_doc(event: ArticleCleaned, indexed_at: datetime, story: StoryFields | None = None) -> dict[str, Any]:
    """The articles-index document for an article."""
    doc = event.model_dump(mode="json", exclude={"schema_version"})
    doc["word_count"] = len(event.text.split())
    doc["indexed_at"] = indexed_at.isoformat()
    if story is not None:
        doc.update(
            story_id=story.story_id,
            story_time=story.story_time.isoformat(),
            lsh_bands=list(story.lsh_bands),
            entities=list(story.entities),
            speakers=list(story.speakers),
            story_terms=list(story.terms),
        )
    return doc


def claim_doc(event: ClaimExtracted, indexed_at: datetime, article: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The claims-index document for a claim; ``span`` becomes a two-integer array. ``article`` is the indexed
    article document, if any: its ``story_id`` and ``language`` are copied."""
    doc = event.model_dump(mode="json", exclude={"schema_version"})
    doc["span"] = list(event.span)
    doc["indexed_at"] = indexed_at.isoformat()
    for quantity, fields in zip(doc["quantities"], index_fields(doc), strict=True):
        quantity.update(fields)
    doc.update(article_fields(article or {}))
    return doc


def article_fields(article: Mapping[str, Any]) -> dict[str, Any]:
    """The fields a claim takes from its article document (only those the article has)."""
    return {k: article[k] for k in ("story_id", "language") if article.get(k)}


def rejected_id(event: ArticleRejected) -> str:
    """Deterministic id of a dead letter: its source record when known, else a hash of its content.

    A redelivered dead letter (the same record rejected again after a retry) therefore counts once.
    """
    if event.original_topic is not None and event.original_offset is not None:
        return f"{event.original_topic}:{event.original_partition}:{event.original_offset}"
    digest = hashlib.sha256(f"{event.stage}\x00{event.article_id}\x00{event.reason}\x00{event.original}".encode())
    return f"{event.stage}:{digest.hexdigest()[:32]}"


def rejected_doc(event: ArticleRejected, indexed_at: datetime) -> dict[str, Any]:
    """The rejected-index document for a dead letter."""
    doc = event.model_dump(mode="json", exclude={"schema_version"})
    doc["indexed_at"] = indexed_at.isoformat()
    return doc
