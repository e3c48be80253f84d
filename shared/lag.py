"""Consumer lag: how far each of a service's consumer groups is behind, per topic and partition.

A :class:`LagMonitor` reads the aiokafka consumers that faststream created for the broker's subscribers (so it
needs no connection settings of its own) and, for every assigned partition, takes the log end offset and asks
the broker for the group's committed offset. ``lag = end - committed``: the messages the group has not durably
processed yet (fetched-but-unprocessed ones count as lag, unlike ``end - position``). With nothing committed
yet the group starts from the log start, so that offset stands in for ``committed``.

The log end offset is the larger of the high watermark of the consumer's last fetch response and the broker's
ListOffsets answer. Either alone can be wrong: the watermark is stale for a partition not fetched lately
(paused), and tansu, the embedded broker, answers ListOffsets(latest) with an offset below the real end after
batched produce requests (its fetch responses carry the right watermark).

Each sample sets ``claimstream_consumer_lag{service,topic,partition}``; the index service's accounting reads
the same samples (:meth:`LagMonitor.offsets`). Run :meth:`LagMonitor.run` as a background task after the broker
started; a failing sample (broker down, rebalance) is logged and retried at the next tick, never raised.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from aiokafka import AIOKafkaConsumer
from faststream.kafka import KafkaBroker

from claimstream.shared import metrics

log = logging.getLogger(__name__)


async def every(interval: float, task: Callable[[], Awaitable[object]], what: str) -> None:
    """Run ``task`` every ``interval`` seconds until cancelled; a failure is logged and the next run goes on."""
    while True:
        try:
            await task()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a background sampler reports, it never dies
            log.warning("%s failed: %s", what, exc)
        await asyncio.sleep(interval)


DEFAULT_INTERVAL = 5.0  # seconds between samples


class PartitionOffsets(NamedTuple):
    """One partition as seen by one consumer group at sampling time."""

    group: str
    topic: str
    partition: int
    end: int  # log end offset (high watermark): offset of the next message to be written
    committed: int  # the group's committed offset (or the log start when nothing was committed)

    @property
    def lag(self) -> int:
        return max(0, self.end - self.committed)


def _consumers(broker: KafkaBroker) -> list[tuple[str, AIOKafkaConsumer]]:
    """(group id, consumer) of every started subscriber of ``broker``."""
    found = []
    for subscriber in broker.subscribers:
        consumer: Any = getattr(subscriber, "consumer", None)
        if isinstance(consumer, AIOKafkaConsumer):
            found.append((str(getattr(subscriber, "group_id", "") or ""), consumer))
    return found


async def consumer_offsets(group: str, consumer: AIOKafkaConsumer) -> list[PartitionOffsets]:
    """End and committed offsets of every partition assigned to ``consumer``. Raises on broker errors."""
    partitions = sorted(consumer.assignment())
    if not partitions:
        return []
    listed = await consumer.end_offsets(partitions)
    starts = await consumer.beginning_offsets(partitions)
    result = []
    for tp in partitions:
        committed = await consumer.committed(tp)
        end = max(int(listed[tp]), int(consumer.highwater(tp) or 0))
        result.append(
            PartitionOffsets(
                group, tp.topic, tp.partition, end, int(committed if committed is not None else starts[tp])
            )
        )
    return result


class LagMonitor:
    """Samples every consumer of one service's broker and publishes ``claimstream_consumer_lag``."""

    def __init__(self, service: str, broker: KafkaBroker, interval: float = DEFAULT_INTERVAL) -> None:
        self.service = service
        self.broker = broker
        self.interval = interval
        self._latest: dict[tuple[str, str, int], PartitionOffsets] = {}

    async def sample(self) -> list[PartitionOffsets]:
        """Sample now; update the gauges and :meth:`offsets`. Raises if the broker cannot answer."""
        samples: list[PartitionOffsets] = []
        for group, consumer in _consumers(self.broker):
            samples.extend(await consumer_offsets(group, consumer))
        for s in samples:
            self._latest[(s.group, s.topic, s.partition)] = s
            metrics.CONSUMER_LAG.labels(self.service, s.topic, str(s.partition)).set(s.lag)
        return samples

    def offsets(self, topic: str | None = None) -> list[PartitionOffsets]:
        """The latest sample of every partition (of ``topic``), without asking the broker."""
        return [s for s in self._latest.values() if topic is None or s.topic == topic]

    async def run(self) -> None:
        """Sample every ``interval`` seconds until cancelled. While the broker is down, lag keeps its last value."""
        await every(self.interval, self.sample, f"{self.service}: consumer lag sample")
