"""The pipeline's three topics as one faststream app, for faststream's AsyncAPI generator.

    faststream docs gen --yaml --out docs/asyncapi.yaml claimstream.asyncapi:app

One broker carries what the three services declare: the subscribers of extract and index (built by their own
``build_router``, so consumer groups and payload models are theirs) and a publisher per topic, typed with the
topic's model and described from :mod:`claimstream.shared.topics` (the services publish imperatively, which
faststream cannot see). Nothing connects: the app is only read. tests/test_asyncapi.py regenerates the document
and compares it with the committed one.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import cast

from faststream import FastStream
from faststream.specification import AsyncAPI

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.extract.handlers import build_router as extract_router
from claimstream.services.index.handlers import build_router as index_router
from claimstream.services.index.store import Store
from claimstream.shared import topics
from claimstream.shared.broker import DEFAULT_FLOOD_GUARD_LIMIT, Broker
from claimstream.shared.elastic import build_client
from claimstream.shared.settings import ExtractSettings, IndexSettings

BOOTSTRAP = "kafka:9092"  # a placeholder server name for the document; the real one is a setting


def build_app() -> FastStream:
    """The documentation app (never started)."""
    # A Broker, as build_broker makes them: the routers take its dead letters (a publisher kept out of the document).
    broker = Broker(
        BOOTSTRAP,
        description="claimstream's Kafka: articles in, claims out, dead letters aside.",
        dead_letter_topic=topics.ARTICLES_REJECTED,
        stage="index",
        flood_guard_limit=DEFAULT_FLOOD_GUARD_LIMIT,
    )
    for spec in topics.TOPICS.values():
        broker.publisher(
            spec.default_name,
            schema=spec.model,
            title=f"{spec.default_name}:publish",
            description=f"{spec.description} Produced by {spec.producer}; consumed by {', '.join(spec.consumers)}.",
        )
    extract = ExtractSettings(kafka_bootstrap_servers=BOOTSTRAP)
    index = IndexSettings(kafka_bootstrap_servers=BOOTSTRAP, elasticsearch_url="http://elasticsearch:9200")
    # The routers only keep the extractor and the store for their handlers, which never run here.
    routers = {
        "extract": extract_router(extract, broker, cast(ClaimExtractor, None)),
        "index": index_router(index, broker, Store(build_client(index), "")),
    }
    for service, router in routers.items():
        for subscriber in router.subscribers:
            # Two services consume articles.cleaned with same-named handlers: one channel each, named by service.
            config = subscriber.specification.config
            topic = config.topics[0].name
            config.title_ = f"{topic}:{service}:consume"
            config.description_ = (
                f"{service} consumes {topic} (consumer group {subscriber.group_id}) in batches: the payload below is "
                "the batch its handler receives; each Kafka record is one event of the topic's model."
            )
        for publisher in router.publishers:
            # Declared with its model above (the router's own publisher is untyped: it is used imperatively).
            publisher.specification.config.include_in_schema = False
        broker.include_router(router)
    return FastStream(
        broker,
        specification=AsyncAPI(
            broker,
            title="claimstream events",
            version=version("claimstream"),
            description="The Kafka topics between ingest, extract and index (README, 'One message through the topics'). "
            "JSON, one pydantic model per topic, each with schema_version; within a version, changes only add "
            "optional fields.",
            schema_version="3.0.0",
        ),
    )


app = build_app()
