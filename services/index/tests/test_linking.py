"""Linker (stories, article <-> claim links) on an in-memory Elasticsearch: the end state does not depend on the
order in which articles and claims arrive, a redelivered article keeps its story, and a folded story relabels its
articles and claims."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from faststream.kafka import TestKafkaBroker

from claimstream.services.index import linking, stories
from claimstream.services.index.documents import StoryFields, article_doc
from claimstream.services.index.handlers import build_router
from claimstream.services.index.linking import Linker
from claimstream.services.index.store import Store
from claimstream.services.index.tests.memory_es import MemoryES
from claimstream.shared import topics
from claimstream.shared.broker import build_broker
from claimstream.shared.events import ArticleCleaned, ClaimExtracted
from claimstream.shared.settings import IndexSettings

T0 = datetime(2026, 3, 4, 8, tzinfo=UTC)
TEXT = (
    "The dam above Lake Arvenia gave way early on Wednesday, flooding three villages in the valley below. "
    "Interior Minister Dana Korval said 112 people had died and that the number would rise. The Red Crescent "
    "said about 18,000 people had been displaced and that its teams were setting up shelters in schools."
)
CLAIM = ClaimExtracted.model_validate_json(
    (Path(topics.__file__).parent / "examples" / topics.CLAIMS_EXTRACTED / "v1" / "direct_quote.json").read_bytes()
)


def article(article_id: str, hours: int = 0, text: str = TEXT) -> ArticleCleaned:
    return ArticleCleaned(
        article_id=article_id, text=text, language="en", published_at=T0 + timedelta(hours=hours), ingested_at=T0
    )


def claim(claim_id: str, article_id: str, speaker: str) -> ClaimExtracted:
    return CLAIM.model_copy(
        update={
            "claim_id": claim_id,
            "article_id": article_id,
            "speaker": CLAIM.speaker.model_copy(update={"canonical": speaker}),
        }
    )


@pytest.fixture
def es() -> MemoryES:
    return MemoryES()


@pytest.fixture
def store(es: MemoryES) -> Store:
    return Store(es, max_backoff=0.0)  # type: ignore[arg-type]


async def test_claims_first_or_article_first_end_the_same(es: MemoryES, store: Store, uid: str) -> None:
    settings = IndexSettings(
        kafka_bootstrap_servers="localhost:1",
        elasticsearch_url="unused",
        **{f"topic_{name.replace('.', '_')}": f"{name}-{uid}" for name in topics.TOPICS},
    )
    broker = build_broker(settings, "index")
    broker.include_router(build_router(settings, broker, store))
    async with TestKafkaBroker(broker) as br:
        await br.publish(claim("c-b", "b", "Dana Korval"), settings.topic_claims_extracted)  # before its article
        await br.publish(article("a"), settings.topic_articles_cleaned)
        await br.publish(article("b", hours=2), settings.topic_articles_cleaned)  # the same report, later
        await br.publish(claim("c-a", "a", "Red Crescent"), settings.topic_claims_extracted)  # after its article
    articles, claims = es.docs("articles"), es.docs("claims")
    assert {i: d["story_id"] for i, d in articles.items()} == {"a": "a", "b": "a"}
    assert {i: (d.get("story_id"), d.get("language")) for i, d in claims.items()} == {
        "c-a": ("a", "en"),
        "c-b": ("a", "en"),
    }
    assert articles["a"]["speakers"] == ["Red Crescent"] and articles["b"]["speakers"] == ["Dana Korval"]


async def test_a_redelivered_article_keeps_its_story_without_searching(es: MemoryES, store: Store) -> None:
    fp = stories.fingerprint("a", TEXT, None, T0)
    es.docs("articles")["a"] = article_doc(article("a"), T0, StoryFields("s-old", T0, fp.bands, fp.entities, ("X",)))
    story, merges = await Linker(store).assign([article("a")])
    assert story["a"].story_id == "s-old" and story["a"].speakers == ("X",) and merges == {}
    assert es.calls["search"] == 0


async def test_articles_of_a_story_folded_meanwhile_are_relabelled_with_their_claims(
    es: MemoryES, store: Store
) -> None:
    # Another worker folded story "sy" into "sx" after this worker had placed "y" in "sy".
    fp = stories.fingerprint("y", TEXT, None, T0)
    for article_id, story_id in (("x", "sx"), ("y", "sy")):
        es.docs("articles")[article_id] = article_doc(article(article_id), T0, StoryFields(story_id, T0, fp.bands, ()))
        es.docs("claims")[f"c-{article_id}"] = {
            "claim_id": f"c-{article_id}",
            "article_id": article_id,
            "story_id": story_id,
        }
    es.docs("stories")["sy"] = {"story_id": "sy", "merged_into": "sx"}
    es.docs("stories")["sx"] = {"story_id": "sx", "merged": ["sy"]}
    await Linker(store).after_articles([article("y")], {})
    assert {i: d["story_id"] for i, d in es.docs("articles").items()} == {"x": "sx", "y": "sx"}
    assert {d["story_id"] for d in es.docs("claims").values()} == {"sx"}


async def test_relabelling_pages_through_every_matching_document(
    es: MemoryES, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(linking, "PAGE", 2)
    es.docs("articles")["a"] = {"article_id": "a", "story_id": "s1", "language": "de"}
    for i in range(5):
        es.docs("claims")[f"c{i}"] = {"claim_id": f"c{i}", "article_id": "a"}
    es.docs("claims")["other"] = {"claim_id": "other", "article_id": "b"}
    await Linker(store).after_claims({"a"}, {})
    assert {i: d.get("story_id") for i, d in es.docs("claims").items()} == {
        **{f"c{i}": "s1" for i in range(5)},
        "other": None,
    }
    assert es.calls["search"] >= 3  # pages of 2, 2 and 1 claims


async def test_claims_already_in_step_are_not_rewritten(store: Store, es: MemoryES) -> None:
    es.docs("articles")["a"] = {"article_id": "a", "story_id": "s1", "speakers": ["Dana Korval"]}
    es.docs("claims")["c"] = {
        "claim_id": "c",
        "article_id": "a",
        "story_id": "s1",
        "speaker": {"canonical": "Dana Korval"},
    }
    await Linker(store).after_claims({"a"}, {})
    assert es.calls["bulk"] == 0
