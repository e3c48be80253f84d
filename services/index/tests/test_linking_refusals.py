"""A story or speaker update Elasticsearch refuses for good is dead-lettered and counted, never dropped (the
index service's handlers on the in-memory broker and an in-memory Elasticsearch that refuses such updates)."""

from __future__ import annotations

import json
from typing import Any

from faststream.kafka import TestKafkaBroker

from claimstream.services.index.handlers import LINKS, build_router
from claimstream.services.index.store import Store
from claimstream.services.index.tests.memory_es import MemoryES
from claimstream.services.index.tests.test_linking import article, claim
from claimstream.shared import metrics, topics
from claimstream.shared.broker import build_broker
from claimstream.shared.settings import IndexSettings


class RefusingSpeakers(MemoryES):
    """Refuses (400) every partial update that sets an article's ``speakers``; everything else goes through."""

    async def bulk(self, *, operations: list[dict[str, Any]], refresh: str | None = None) -> dict[str, Any]:
        pairs = list(zip(operations[0::2], operations[1::2], strict=True))
        refused = [("update" in head and "speakers" in body.get("doc", {})) for head, body in pairs]
        kept = [x for (head, body), no in zip(pairs, refused, strict=True) if not no for x in (head, body)]
        done = iter((await super().bulk(operations=kept, refresh=refresh))["items"] if kept else [])
        error = {"type": "mapper_parsing_exception", "reason": "speakers: too many values"}
        return {"items": [{"update": {"status": 400, "error": error}} if no else next(done) for no in refused]}


async def test_a_refused_speaker_update_is_dead_lettered_and_counted(uid: str) -> None:
    es = RefusingSpeakers()
    settings = IndexSettings(
        kafka_bootstrap_servers="localhost:1",
        elasticsearch_url="unused",
        **{f"topic_{name.replace('.', '_')}": f"{name}-{uid}" for name in topics.TOPICS},
    )
    broker = build_broker(settings, "index")
    broker.include_router(build_router(settings, broker, Store(es, max_backoff=0.0)))  # type: ignore[arg-type]
    rejected = metrics.EVENTS.labels("index", LINKS, "rejected")
    before = rejected._value.get()
    async with TestKafkaBroker(broker) as br:
        await br.publish(article("a"), settings.topic_articles_cleaned)
        await br.publish(claim("c-a", "a", "Dana Korval"), settings.topic_claims_extracted)  # sets a's speakers
    assert set(es.docs("articles")) == {"a"} and set(es.docs("claims")) == {"c-a"}  # both written
    assert "speakers" not in es.docs("articles")["a"] or not es.docs("articles")["a"]["speakers"]
    [dead] = es.docs("rejected").values()
    assert dead["stage"] == "index"
    assert json.loads(dead["original"]) == {
        "update": {"_index": "articles", "_id": "a"},
        "doc": {"speakers": ["Dana Korval"]},
    }
    assert dead["reason"].startswith("Elasticsearch refused the document (400)") and "mapper_parsing" in dead["reason"]
    assert dead["original_topic"] is None  # not an article outcome: the article itself is indexed
    assert rejected._value.get() == before + 1
