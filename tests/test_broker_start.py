"""shared.broker.Broker: the subscribers of one service join their consumer groups at once, then the publishers
start (faststream started subscribers one by one, each waiting for its group's first rebalance)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from claimstream.shared.broker import Broker, build_broker
from claimstream.shared.settings import ExtractSettings, IndexSettings


async def test_subscribers_start_together_and_publishers_after(monkeypatch: pytest.MonkeyPatch) -> None:
    broker = build_broker(
        IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url="http://unused:9"), "index"
    )
    assert isinstance(broker, Broker)
    for topic in ("one", "two", "three"):
        broker.subscriber(topic, group_id=f"group-{topic}", batch=True)(_handler)
    broker.publisher("out")
    active, most, order = 0, 0, []

    async def subscriber_start(self: Any) -> None:
        nonlocal active, most
        active += 1
        most = max(most, active)
        await asyncio.sleep(0.01)  # a group join: the others must be able to start meanwhile
        active -= 1
        order.append("subscriber")

    async def publisher_start(self: Any) -> None:
        order.append("publisher")

    async def connect(*args: Any, **kwargs: Any) -> None:
        return None

    monkeypatch.setattr(type(broker.subscribers[0]), "start", subscriber_start)
    monkeypatch.setattr(type(broker.publishers[0]), "start", publisher_start)
    monkeypatch.setattr(broker, "connect", connect)
    await broker.start()
    assert most == 3 and broker.running
    assert order[:3] == ["subscriber"] * 3 and set(order[3:]) == {"publisher"}


async def _handler(messages: list[bytes]) -> None:
    return None


def test_every_batch_subscriber_polls_briefly() -> None:
    """faststream sleeps ``batch_timeout_ms`` again after a poll that found nothing: an event arriving then waits
    for it. Every batch subscriber of extract and index polls for BATCH_POLL_MS, not faststream's 200 ms."""
    from faststream.kafka.subscriber.usecase import BatchSubscriber

    from claimstream.services.extract.handlers import build_router as extract_router
    from claimstream.services.index.handlers import build_router as index_router
    from claimstream.services.index.store import Store
    from claimstream.shared.broker import BATCH_POLL_MS
    from claimstream.shared.elastic import build_client

    extract_settings = ExtractSettings(kafka_bootstrap_servers="unused:1")
    extract = build_broker(extract_settings, "extract")
    extract.include_router(extract_router(extract_settings, extract, object()))  # type: ignore[arg-type]
    settings = IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url="http://unused:9")
    index = build_broker(settings, "index")
    index.include_router(index_router(settings, index, Store(build_client(settings))))
    subscribers = [*extract.subscribers, *index.subscribers]
    assert len(subscribers) == 4 and all(isinstance(s, BatchSubscriber) for s in subscribers)
    assert BATCH_POLL_MS <= 50 and {s.batch_timeout_ms for s in subscribers} == {BATCH_POLL_MS}
