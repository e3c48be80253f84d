"""Poison routing in shared/broker.py: the batch decoder, the flood guard and DeadLetters on in-memory fakes of the
Kafka records, the consumer and the dead-letter publisher; PoisonRouter on the in-memory broker."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest
from aiokafka import TopicPartition
from faststream.kafka import TestKafkaBroker

from claimstream.shared import metrics
from claimstream.shared.broker import (
    ACK_POLICY,
    DeadLetters,
    FloodGuard,
    PoisonRouter,
    RecordMeta,
    batch_decoder,
    build_broker,
    parse,
)
from claimstream.shared.errors import InvalidEvent
from claimstream.shared.events import ArticleCleaned, ArticleRejected
from claimstream.shared.settings import ExtractSettings

NOW = datetime(2026, 3, 4, tzinfo=UTC)


@dataclass
class Record:
    """The fields of an aiokafka ConsumerRecord the decoder reads."""

    topic: str
    partition: int
    offset: int
    value: bytes | None
    key: bytes | None = None


@dataclass
class FakePublisher:
    sent: list[tuple[ArticleRejected, bytes, dict[str, str]]] = field(default_factory=list)

    async def publish(self, message: ArticleRejected, *, key: bytes, headers: dict[str, str]) -> None:
        self.sent.append((message, key, headers))


class FakeBroker:
    """What DeadLetters needs of a KafkaBroker: ``publisher(topic)``."""

    def __init__(self) -> None:
        self.publishers: dict[str, FakePublisher] = {}

    def publisher(self, topic: str, **_: Any) -> FakePublisher:
        return self.publishers.setdefault(topic, FakePublisher())


class FakeConsumer:
    def __init__(self) -> None:
        self.seeks: list[tuple[TopicPartition, int]] = []
        self.paused: list[TopicPartition] = []

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.seeks.append((tp, offset))

    def pause(self, tp: TopicPartition) -> None:
        self.paused.append(tp)


def article(article_id: str) -> bytes:
    return (
        ArticleCleaned(article_id=article_id, text="Officials said 12 people died.", ingested_at=NOW)
        .model_dump_json()
        .encode()
    )


def dead_letters(limit: int = 1000) -> tuple[DeadLetters, FakePublisher]:
    broker = FakeBroker()
    letters = DeadLetters(broker, "rejected", "extract")  # type: ignore[arg-type]
    letters.flood_guard = FloodGuard("extract", limit)
    return letters, broker.publishers["rejected"]


def message(*records: Record) -> Any:
    return SimpleNamespace(raw_message=records, consumer=FakeConsumer())


def test_parse_raises_invalid_event_with_the_original_bytes() -> None:
    assert parse(ArticleCleaned, article("a1")).article_id == "a1"
    with pytest.raises(InvalidEvent, match=r"invalid ArticleCleaned event: text: Field required") as caught:
        parse(ArticleCleaned, b'{"article_id": "a1", "ingested_at": "2026-03-04T00:00:00Z"}')
    assert caught.value.original == b'{"article_id": "a1", "ingested_at": "2026-03-04T00:00:00Z"}'
    with pytest.raises(InvalidEvent, match="invalid ArticleCleaned event: message: Invalid JSON"):
        parse(ArticleCleaned, b"{not json")


async def test_decoder_keeps_valid_events_in_order_and_dead_letters_each_invalid_record() -> None:
    letters, publisher = dead_letters()
    decode = batch_decoder(ArticleCleaned, letters)
    events = await decode(
        message(
            Record("in", 0, 10, article("a1"), b"a1"),
            Record("in", 0, 11, b"{not json", b"k"),
            Record("in", 1, 5, article("a2")),
            Record("in", 0, 12, b"\xff\xfe"),
        )
    )
    assert [e.article_id for e in events] == ["a1", "a2"]
    assert [(m.original_offset, m.original_encoding) for m, _, _ in publisher.sent] == [(11, "utf-8"), (12, "base64")]
    first, key, headers = publisher.sent[0]
    assert first.stage == "extract" and first.original == "{not json" and first.original_topic == "in"
    assert first.original_partition == 0 and key == b"in:0:11"
    assert headers == {
        "reason": first.reason,
        "stage": "extract",
        "original_topic": "in",
        "original_partition": "0",
        "original_offset": "11",
    }
    assert base64.b64decode(publisher.sent[1][0].original) == b"\xff\xfe"


async def test_flood_guard_rewinds_and_pauses_only_the_flooded_partition() -> None:
    letters, publisher = dead_letters(limit=2)
    msg = message(
        *(Record("in", 0, o, b"bad") for o in range(3, 7)),
        Record("in", 0, 7, article("late")),
        Record("in", 1, 0, article("other")),
    )
    paused = metrics.FLOOD_GUARD_PAUSED.labels("extract", "in", "0")
    paused.set(0)
    events = await decode_all(letters, msg)
    assert [e.article_id for e in events] == ["other"]  # partition 0 stops at the record that tripped the guard
    assert [m.original_offset for m, _, _ in publisher.sent] == [3, 4]  # dead-lettered up to the limit, no further
    assert msg.consumer.seeks == [(TopicPartition("in", 0), 5)] and msg.consumer.paused == [TopicPartition("in", 0)]
    assert paused._value.get() == 1


async def test_a_valid_record_resets_the_flood_guard_run() -> None:
    letters, publisher = dead_letters(limit=2)
    values = [b"bad", b"bad", article("ok"), b"bad", b"bad"]
    msg = message(*(Record("in", 0, o, v) for o, v in enumerate(values)))
    assert [e.article_id for e in await decode_all(letters, msg)] == ["ok"]
    assert len(publisher.sent) == 4 and msg.consumer.paused == []


def test_flood_guard_counts_per_partition_and_zero_disables_it() -> None:
    guard = FloodGuard("index", 1)
    p0, p1 = RecordMeta("t", 0, 0, None), RecordMeta("t", 1, 0, None)
    assert guard.invalid(p0) is False and guard.invalid(p1) is False
    assert guard.invalid(p0) is True
    guard.valid(p0)
    assert guard.invalid(p0) is False
    off = FloodGuard("index", 0)
    assert not any(off.invalid(p0) for _ in range(10_000))


async def test_dead_letters_without_a_source_record() -> None:
    letters, publisher = dead_letters()
    poison = InvalidEvent("extraction failed: ValueError: boom", article_id="a9", original=b'{"article_id": "a9"}')
    event = await letters.reject(poison, topic="articles.cleaned")
    assert publisher.sent[0] == (event, b"a9", {"reason": "extraction failed: ValueError: boom", "stage": "extract"})
    assert event.original == '{"article_id": "a9"}' and event.original_topic == "articles.cleaned"
    assert event.original_offset is None and event.article_id == "a9"
    await letters.reject(InvalidEvent("empty"), original=b"posted body")
    anonymous, key, _ = publisher.sent[1]
    assert anonymous.original == "posted body" and key == b"empty" and anonymous.original_topic is None


async def decode_all(letters: DeadLetters, msg: Any) -> list[ArticleCleaned]:
    return await batch_decoder(ArticleCleaned, letters)(msg)


async def test_a_handler_raising_invalid_event_dead_letters_its_delivery_and_other_errors_propagate(
    uid: str, published
) -> None:  # type: ignore[no-untyped-def]
    settings = ExtractSettings(kafka_bootstrap_servers="localhost:1", topic_articles_rejected=f"r-{uid}")
    broker = build_broker(settings, "extract")
    letters = broker.dead_letters
    options = {"batch": True, "ack_policy": ACK_POLICY, "decoder": batch_decoder(ArticleCleaned, letters)}

    @broker.subscriber(f"poison-{uid}", **options)
    async def on_poison(articles: list[ArticleCleaned]) -> None:
        raise InvalidEvent("the whole delivery is unusable", article_id=articles[0].article_id)

    @broker.subscriber(f"down-{uid}", **options)
    async def on_down(articles: list[ArticleCleaned]) -> None:
        raise ConnectionError("Elasticsearch is down")

    async with TestKafkaBroker(broker) as br:
        await br.publish(article("a1"), f"poison-{uid}", key=b"a1")  # routed, suppressed: the delivery commits
        with pytest.raises(ConnectionError):
            await br.publish(article("a2"), f"down-{uid}")
        [dead] = [ArticleRejected.model_validate(d) for d in published(broker, settings.topic_articles_rejected)]
    assert dead.reason == "the whole delivery is unusable" and dead.article_id == "a1"
    assert (
        dead.original_topic == f"poison-{uid}" and ArticleCleaned.model_validate_json(dead.original).article_id == "a1"
    )


def test_build_broker_wires_its_dead_letters_from_the_settings_and_the_router_cannot_lack_them(uid: str) -> None:
    settings = ExtractSettings(
        kafka_bootstrap_servers="localhost:1", topic_articles_rejected=f"r-{uid}", flood_guard_limit=7
    )
    letters = build_broker(settings, "extract").dead_letters
    assert letters.flood_guard.limit == 7 and letters.flood_guard.service == "extract"
    assert letters.publisher.topic == f"r-{uid}"
    with pytest.raises(TypeError, match="dead_letters"):
        PoisonRouter(None, context=None)  # type: ignore[call-arg]


async def test_reject_all_dead_letters_returned_failures_and_counts_them_by_source() -> None:
    letters, publisher = dead_letters()
    before = metrics.EVENTS.labels("extract", "links", "rejected")._value.get()
    done = await letters.reject_all([InvalidEvent("refused", article_id="a1"), InvalidEvent("too")], source="links")
    assert done == 2 and [m.reason for m, _, _ in publisher.sent] == ["refused", "too"]
    assert all(m.original_topic is None for m, _, _ in publisher.sent)
    assert metrics.EVENTS.labels("extract", "links", "rejected")._value.get() == before + 2
