"""Waiting in tests, by condition and never by the clock: the one polling helper, and sentinels.

- :func:`wait_for` polls a condition until it holds and fails the test with what was awaited after a timeout.
  ``await wait_for(...)`` in async tests (the event loop keeps running the in-process broker meanwhile);
  :func:`wait_for_sync` in synchronous ones.
- To show that *nothing more* arrives (a duplicate was absorbed, a redelivery changed nothing), send a sentinel
  behind it and wait for the sentinel: Kafka keeps the order of one partition, and the consumers handle a
  partition in order, so once the marker's article and claims are indexed, everything before it on those
  partitions has been handled. :func:`send_markers` publishes marker articles to ``articles.cleaned``; each
  produces claims, keyed (by its id) to a chosen partition of ``claims.extracted``.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from aiokafka.partitioner import DefaultPartitioner

from claimstream.shared.events import ArticleCleaned

MARKER_OUTLET = "Sentinel"


async def wait_for(
    check: Callable[[], Any], timeout: float = 30.0, what: str | Callable[[], str] = "condition", every: float = 0.25
) -> Any:
    """Call ``check`` (plain or async) until it returns something truthy and return that; fail the test after
    ``timeout`` seconds, saying ``what`` was awaited (a callable: asked then, so it can say how far it got). An
    HTTP error counts as "not yet" (a service restarting)."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if inspect.isawaitable(result):
                result = await result
            if result:
                return result
        except httpx.HTTPError as exc:
            last = exc
        await asyncio.sleep(every)
    said = what() if callable(what) else what
    raise AssertionError(f"{said}: not reached within {timeout:.0f}s" + (f" (last error: {last})" if last else ""))


def wait_for_sync(
    check: Callable[[], Any], timeout: float = 30.0, what: str | Callable[[], str] = "condition", every: float = 0.5
) -> Any:
    """:func:`wait_for` from synchronous code (a test or helper with no event loop running). Its checks ask real
    processes over HTTP, hence the longer default interval: a check that reads a whole index loads the server."""
    return asyncio.run(wait_for(check, timeout, what, every))


def partition_of(key: bytes, partitions: int) -> int:
    """The partition Kafka's default partitioner (murmur2, as aiokafka's producer) gives ``key``."""
    every = list(range(partitions))
    return int(DefaultPartitioner()(key, every, every))


def marker(run: str, claims_partition: int, partitions: int) -> ArticleCleaned:
    """A marker article whose claims (keyed by its id) go to ``claims_partition`` of ``partitions``."""
    n = 0
    while partition_of(f"sentinel-{run}-{n}".encode(), partitions) != claims_partition:
        n += 1
    article_id = f"sentinel-{run}-{n}"
    text = (
        f"Harbour master Ilse Varnak said on Tuesday that {n + 14} boats had been sunk in Port Lemar. "
        f'"We have counted {n + 3} injured so far," Tomas Relk told reporters.'
    )
    return ArticleCleaned(
        article_id=article_id, text=text, language="en", outlet=MARKER_OUTLET, ingested_at=datetime.now(UTC)
    )


async def _send(bootstrap: str, topic: str, claims_topic: str, run: str, behind: bytes | None) -> list[str]:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        partitions = sorted(await producer.partitions_for(topic))
        claim_partitions = len(await producer.partitions_for(claims_topic))
        if behind is not None:  # one marker on the key's partition, its claims on the key's claims partition
            article = marker(run, partition_of(behind, claim_partitions), claim_partitions)
            await producer.send_and_wait(topic, article.model_dump_json().encode(), key=behind)
            return [article.article_id]
        sent = []
        for p in partitions:  # every partition of the input, each with markers on every claims partition
            for q in range(claim_partitions):
                article = marker(f"{run}-{p}", q, claim_partitions)
                data = article.model_dump_json().encode()
                await producer.send_and_wait(topic, data, key=article.article_id.encode(), partition=p)
                sent.append(article.article_id)
        return sent
    finally:
        await producer.stop()


def send_markers(bootstrap: str, topic: str, claims_topic: str, run: str, *, behind: bytes | None = None) -> list[str]:
    """Publish marker articles to ``topic`` and return their ids. With ``behind`` (a record key): one marker with
    that key, so it follows that key's last record, and whose claims follow that key's claims. Without: one
    marker per partition of ``topic`` and partition of ``claims_topic``, so every record already published
    to either topic comes before some marker."""
    return asyncio.run(_send(bootstrap, topic, claims_topic, run, behind))
