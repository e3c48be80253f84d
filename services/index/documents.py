"""Events -> Elasticsearch documents (pure). The document id is always the event id, so a redelivered
event overwrites its own document and never duplicates it."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any, NamedTuple

from claimstream.shared.events import ArticleCleaned, ArticleRejected, ClaimExtracted


class Action(NamedTuple):
    """One bulk ``index`` operation: target alias, document id, document body."""

    alias: str
    doc_id: str
    doc: dict[str, Any]


def article_doc(event: ArticleCleaned, indexed_at: datetime) -> dict[str, Any]:
    """The articles-index document for an article."""
    doc = event.model_dump(mode="json", exclude={"schema_version"})
    doc["word_count"] = len(event.text.split())
    doc["indexed_at"] = indexed_at.isoformat()
    return doc


def claim_doc(event: ClaimExtracted, indexed_at: datetime) -> dict[str, Any]:
    """The claims-index document for a claim; ``span`` becomes a two-integer array."""
    doc = event.model_dump(mode="json", exclude={"schema_version"})
    doc["span"] = list(event.span)
    doc["indexed_at"] = indexed_at.isoformat()
    return doc


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
