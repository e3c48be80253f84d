"""Events -> documents: ids are event ids, so redelivery overwrites instead of duplicating."""

from __future__ import annotations

from datetime import UTC, datetime

from claimstream.services.index.documents import article_doc, claim_doc, rejected_doc, rejected_id
from claimstream.shared.events import ArticleCleaned, ArticleRejected, ClaimExtracted, Speaker

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_article_doc_has_word_count_and_no_schema_version() -> None:
    doc = article_doc(ArticleCleaned(article_id="a1", text="one two three", ingested_at=NOW), NOW)
    assert doc["word_count"] == 3 and doc["article_id"] == "a1" and "schema_version" not in doc


def test_claim_doc_span_is_a_list() -> None:
    claim = ClaimExtracted(
        claim_id="c1",
        article_id="a1",
        text="t",
        sentence="s",
        span=(3, 9),
        speaker=Speaker(name="X", kind="person"),
        attribution="indirect",
    )
    assert claim_doc(claim, NOW)["span"] == [3, 9]


def test_rejected_id_is_deterministic_per_source_record() -> None:
    a = ArticleRejected(
        stage="extract",
        reason="bad",
        original="x",
        original_topic="t",
        original_partition=1,
        original_offset=7,
        rejected_at=NOW,
    )
    b = a.model_copy(update={"rejected_at": datetime(2027, 1, 1, tzinfo=UTC), "reason": "other"})
    assert rejected_id(a) == rejected_id(b) == "t:1:7"
    http = ArticleRejected(stage="ingest", reason="empty", original="{}", rejected_at=NOW)
    assert rejected_id(http) == rejected_id(http.model_copy(update={"rejected_at": NOW.replace(year=2030)}))
    assert rejected_id(http) != rejected_id(http.model_copy(update={"original": "{ }"}))
    assert rejected_doc(http, NOW)["stage"] == "ingest"
