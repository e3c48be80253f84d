"""Handler contracts, written once and run against the in-memory broker and the real one (tansu).

extract: an article becomes claims keyed by its article_id; poison becomes a dead letter with the reason and
the original bytes, and the partition keeps flowing. index: articles and claims land in Elasticsearch under
their event ids; redelivery does not duplicate.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from faststream.kafka import KafkaBroker, TestKafkaBroker

from claimstream.services.extract.handlers import build_router as extract_router
from claimstream.services.index.handlers import build_router as index_router
from claimstream.services.index.store import Store
from claimstream.shared.broker import build_broker
from claimstream.shared.elastic import build_client
from claimstream.shared.events import ArticleCleaned, ArticleRejected, ClaimExtracted
from claimstream.shared.settings import ExtractSettings, IndexSettings

NOW = datetime(2026, 3, 4, tzinfo=UTC)
TEXT = (
    '"We have confirmed 112 deaths so far," Interior Minister Dana Korval told reporters on Wednesday. '
    "According to the Red Crescent, about 18,000 people have been displaced."
)


@pytest.fixture(params=["memory", pytest.param("real", marks=pytest.mark.kafka)])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def topics(uid: str) -> dict[str, str]:
    return {
        "topic_articles_cleaned": f"articles-{uid}",
        "topic_claims_extracted": f"claims-{uid}",
        "topic_articles_rejected": f"rejected-{uid}",
    }


def bootstrap(mode: str, request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("kafka_bootstrap") if mode == "real" else "localhost:1"


def extract_broker(mode: str, topics: dict[str, str], uid: str, extractor, request) -> KafkaBroker:  # type: ignore[no-untyped-def]
    settings = ExtractSettings(kafka_bootstrap_servers=bootstrap(mode, request), extract_group_id=f"x-{uid}", **topics)
    broker = build_broker(settings, "extract")
    broker.include_router(extract_router(settings, broker, extractor))
    return broker


async def test_extract_publishes_keyed_claims_and_dead_letters_poison(
    mode,
    topics,
    uid,
    extractor,
    wait_for,
    request,  # type: ignore[no-untyped-def]
    published,
    publisher,
) -> None:
    broker = extract_broker(mode, topics, uid, extractor, request)
    article = ArticleCleaned(article_id="art1", outlet="Ledger", text=TEXT, language="en", ingested_at=NOW)
    out, dlq = topics["topic_claims_extracted"], topics["topic_articles_rejected"]
    async with TestKafkaBroker(broker, with_real=mode == "real") as br:
        await br.publish(b"{not json", topics["topic_articles_cleaned"], key=b"bad")
        await br.publish(article, topics["topic_articles_cleaned"], key=b"art1")
        await wait_for(lambda: len(published(broker, dlq)) >= 1 and len(published(broker, out)) >= 2, timeout=60)
        claims = [ClaimExtracted.model_validate(c) for c in published(broker, out)]
        [dead] = [ArticleRejected.model_validate(r) for r in published(broker, dlq)]
        await publisher(broker, out).assert_called_with(context={"message.raw_message.key": b"art1"})
    assert {c.article_id for c in claims} == {"art1"}
    assert any(c.speaker.name.endswith("Korval") and 112 in [q.value for q in c.quantities] for c in claims)
    assert dead.stage == "extract" and dead.original == "{not json" and "invalid" in dead.reason
    assert dead.original_topic == topics["topic_articles_cleaned"] and dead.original_offset is not None


async def test_extract_skips_non_english_without_dead_letter(
    mode,
    topics,
    uid,
    extractor,
    wait_for,
    request,  # type: ignore[no-untyped-def]
    published,
) -> None:
    broker = extract_broker(mode, topics, uid, extractor, request)
    german = ArticleCleaned(
        article_id="de1", text="Der Minister sagte, 300 Menschen seien gestorben.", language="de", ingested_at=NOW
    )
    english = ArticleCleaned(article_id="en1", text=TEXT, language="en", ingested_at=NOW)
    out = topics["topic_claims_extracted"]
    async with TestKafkaBroker(broker, with_real=mode == "real") as br:
        await br.publish(german, topics["topic_articles_cleaned"], key=b"de1")
        await br.publish(english, topics["topic_articles_cleaned"], key=b"en1")
        await wait_for(lambda: len(published(broker, out)) >= 2, timeout=60)
        assert {ClaimExtracted.model_validate(c).article_id for c in published(broker, out)} == {"en1"}
        assert published(broker, topics["topic_articles_rejected"]) == []


@pytest.fixture
async def store(es_url: str, uid: str) -> AsyncIterator[Store]:
    settings = IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=es_url, index_prefix=f"b{uid}-")
    s = Store(build_client(settings), settings.index_prefix)
    await s.ensure()
    yield s
    await s.es.close()


@pytest.mark.elasticsearch
async def test_index_writes_by_event_id_and_redelivery_does_not_duplicate(mode, topics, uid, store, request) -> None:  # type: ignore[no-untyped-def]
    settings = IndexSettings(
        kafka_bootstrap_servers=bootstrap(mode, request),
        elasticsearch_url="unused",
        index_group_id=f"i-{uid}",
        index_prefix=store.prefix,
        **topics,
    )
    broker = build_broker(settings, "index")
    broker.include_router(index_router(settings, broker, store))
    article = ArticleCleaned(article_id="a1", text=TEXT, ingested_at=NOW)

    async def count(kind: str) -> int:
        await store.es.indices.refresh(index=store.alias(kind))
        return int((await store.es.count(index=store.alias(kind)))["count"])

    counts: dict[str, int] = {}
    async with TestKafkaBroker(broker, with_real=mode == "real") as br:
        for _ in range(2):  # the same event twice, as a redelivery would
            await br.publish(article, topics["topic_articles_cleaned"], key=b"a1")
        await br.publish(b"[]", topics["topic_articles_cleaned"], key=b"x")
        for _ in range(240):
            counts = {k: await count(k) for k in ("articles", "rejected")}
            if counts["rejected"] >= 1 and counts["articles"] >= 1:
                break
            await asyncio.sleep(0.25)
    assert counts == {"articles": 1, "rejected": 1}
