"""Every example payload in shared/examples/<topic>/v<N>/ validates against its topic's model and is accepted
by the consuming handler (in-memory broker): a schema change that breaks an example breaks this test."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from faststream.kafka import TestKafkaBroker

from claimstream.services.index.documents import Action, article_doc, claim_doc, rejected_doc
from claimstream.services.index.handlers import build_router
from claimstream.shared import topics
from claimstream.shared.broker import build_broker
from claimstream.shared.errors import InvalidEvent
from claimstream.shared.events import ClaimExtracted
from claimstream.shared.settings import IndexSettings

EXAMPLES = Path(topics.__file__).parent / "examples"
FILES = sorted(EXAMPLES.glob("*/v*/*.json"))
ALIAS = {topics.ARTICLES_CLEANED: "articles", topics.CLAIMS_EXTRACTED: "claims", topics.ARTICLES_REJECTED: "rejected"}
TO_DOC = {
    topics.ARTICLES_CLEANED: article_doc,
    topics.CLAIMS_EXTRACTED: claim_doc,
    topics.ARTICLES_REJECTED: rejected_doc,
}


def test_every_topic_has_examples() -> None:
    assert {f.parts[-3] for f in FILES} == set(topics.TOPICS)


@pytest.mark.parametrize("path", FILES, ids=lambda p: "/".join(p.parts[-3:]))
def test_example_validates_and_maps_to_a_document(path: Path) -> None:
    spec = topics.TOPICS[path.parts[-3]]
    event = spec.model.model_validate_json(path.read_bytes())
    assert f"v{event.schema_version}" == path.parts[-2]  # type: ignore[attr-defined]
    doc = TO_DOC[path.parts[-3]](event, datetime.now(UTC))  # type: ignore[operator]
    assert "schema_version" not in doc


class RecordingStore:
    """Stands in for Elasticsearch: records what would be bulk-written."""

    def __init__(self) -> None:
        self.actions: list[Action] = []

    def alias(self, kind: str) -> str:
        return kind

    async def bulk(self, actions: list[Action], *, refresh: bool = False) -> list[InvalidEvent]:
        self.actions += actions
        return []


class NoLinks:
    """Stands in for the Linker: no stories, no article <-> claim links (they need a search engine)."""

    async def assign(self, articles: object) -> tuple[dict[str, Any], dict[str, str]]:
        return {}, {}

    async def after_articles(self, articles: object, merges: object) -> list[Any]:
        return []

    async def claim_context(self, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        return {}

    async def after_claims(self, article_ids: object, known: object) -> list[Any]:
        return []


@pytest.mark.parametrize("path", FILES, ids=lambda p: "/".join(p.parts[-3:]))
async def test_example_is_consumed_by_the_index_handler(path: Path, uid: str, published) -> None:  # type: ignore[no-untyped-def]
    settings = IndexSettings(
        kafka_bootstrap_servers="localhost:1",
        elasticsearch_url="unused",
        **{f"topic_{name.replace('.', '_')}": f"{name}-{uid}" for name in topics.TOPICS},
    )
    broker = build_broker(settings, "index")
    store = RecordingStore()
    broker.include_router(build_router(settings, broker, store, NoLinks()))  # type: ignore[arg-type]
    async with TestKafkaBroker(broker) as br:
        await br.publish(path.read_bytes(), f"{path.parts[-3]}-{uid}")
        # The dead-letter topic's publisher also sees what index consumes from it: only the example itself.
        dead = published(broker, settings.topic_articles_rejected)
        assert len(dead) == (1 if path.parts[-3] == topics.ARTICLES_REJECTED else 0), dead
    assert [a.alias for a in store.actions] == [ALIAS[path.parts[-3]]]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob(f"{topics.ARTICLES_CLEANED}/v*/*.json")), ids=lambda p: p.name)
async def test_article_example_is_consumed_by_the_extract_handler(path: Path, uid: str, extractor, published) -> None:  # type: ignore[no-untyped-def]
    from claimstream.services.extract.handlers import build_router as extract_router
    from claimstream.shared.settings import ExtractSettings

    settings = ExtractSettings(
        kafka_bootstrap_servers="localhost:1",
        topic_articles_cleaned=f"a-{uid}",
        topic_claims_extracted=f"c-{uid}",
        topic_articles_rejected=f"r-{uid}",
    )
    broker = build_broker(settings, "extract")
    broker.include_router(extract_router(settings, broker, extractor))
    async with TestKafkaBroker(broker) as br:
        await br.publish(path.read_bytes(), f"a-{uid}")
        claims, rejected = published(broker, f"c-{uid}"), published(broker, f"r-{uid}")
    assert claims and rejected == []
    assert {ClaimExtracted.model_validate(c).article_id for c in claims} == {
        json.loads(path.read_bytes())["article_id"]
    }
