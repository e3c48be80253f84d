"""Create the pipeline's topics with their partitions, replication and retention or compaction.

``python -m claimstream.shared.topic_admin`` is what the Kubernetes topics Job runs (deploy/kubernetes/): names and
partition counts come from :class:`~claimstream.shared.settings.TopicSettings` (``CLAIMSTREAM_TOPIC_*``), the
policy of each topic (compacted or deleted after an age) from :mod:`claimstream.shared.topics`. It is idempotent:
a missing topic is created; an existing one with fewer partitions than configured gets more (Kafka cannot take
partitions away, so more than configured is left alone and reported); nothing else about an existing topic changes.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from aiokafka import errors
from aiokafka.admin import AIOKafkaAdminClient, NewPartitions, NewTopic
from faststream.kafka.security import parse_security

from claimstream.shared import topics
from claimstream.shared.broker import _security  # the one mapping of the settings to Kafka security
from claimstream.shared.logs import secret_values, setup_logging
from claimstream.shared.settings import TopicSettings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TopicPlan:
    """One topic as it should be on the cluster."""

    name: str
    partitions: int
    replication_factor: int
    config: dict[str, str]


def plan(settings: TopicSettings) -> list[TopicPlan]:
    """The three topics under their configured names, partitions and replication, with their policy."""
    names = {
        topics.ARTICLES_CLEANED: (settings.topic_articles_cleaned, settings.topic_articles_cleaned_partitions),
        topics.CLAIMS_EXTRACTED: (settings.topic_claims_extracted, settings.topic_claims_extracted_partitions),
        topics.ARTICLES_REJECTED: (settings.topic_articles_rejected, settings.topic_articles_rejected_partitions),
    }
    return [
        TopicPlan(name, partitions, settings.topic_replication_factor, topics.TOPICS[key].kafka_config())
        for key, (name, partitions) in names.items()
    ]


async def ensure_topics(settings: TopicSettings) -> dict[str, str]:
    """Make the cluster match :func:`plan`; return what was done per topic ("created", "partitions 2 -> 4",
    "exists", "has 8 partitions, more than 4"). Raises on a broker error (the Job retries)."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=settings.kafka_bootstrap_servers, **parse_security(_security(settings))
    )
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        wanted = plan(settings)
        present = [t.name for t in wanted if t.name in existing]
        described = {d["topic"]: len(d["partitions"]) for d in await admin.describe_topics(present)} if present else {}
        missing = [
            NewTopic(t.name, t.partitions, t.replication_factor, topic_configs=t.config)
            for t in wanted
            if t.name not in existing
        ]
        if missing:
            _raise_errors(await admin.create_topics(missing))
        grow = {
            t.name: NewPartitions(t.partitions) for t in wanted if described.get(t.name, t.partitions) < t.partitions
        }
        if grow:
            await admin.create_partitions(grow)
        return {t.name: _outcome(t, described.get(t.name)) for t in wanted}
    finally:
        await admin.close()


def _raise_errors(response: Any) -> None:
    """CreateTopics answers per topic and aiokafka does not raise: raise the first error (e.g. a replication
    factor above the brokers) but a topic that another run created meanwhile."""
    for topic, code, *message in response.topic_errors:
        error = errors.for_code(code)
        if code != 0 and error is not errors.TopicAlreadyExistsError:
            raise error(f"could not create topic {topic}: {' '.join(str(m) for m in message if m)}")


def _outcome(topic: TopicPlan, had: int | None) -> str:
    if had is None:
        return "created"
    if had < topic.partitions:
        return f"partitions {had} -> {topic.partitions}"
    return "exists" if had == topic.partitions else f"has {had} partitions, more than {topic.partitions}"


def main() -> None:
    settings = TopicSettings()
    setup_logging(settings.log_level, secret_values(settings))
    for name, outcome in asyncio.run(ensure_topics(settings)).items():
        log.info("topic %s: %s", name, outcome)


if __name__ == "__main__":
    main()
