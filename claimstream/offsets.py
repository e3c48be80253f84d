"""Which journal entries are indexed with their claims: a watermark from Kafka offsets, read by the launcher.

A journal position P is *verified* in three steps, each read after the one before:

1. when P is read, the end offsets ``A`` of ``articles.cleaned`` (ingest journals an article only after the broker
   acknowledged it, so every entry up to P is below ``A``);
2. once extract's group and the index's articles group have committed ``A`` (extract commits after its claims
   were acknowledged), the end offsets ``C`` of ``claims.extracted``;
3. once the index's claims group has committed ``C``, every entry up to P is in Elasticsearch with its claims.

End offsets come from a fetch's high watermark as well as ListOffsets: tansu answers ListOffsets(latest) below
the real end after batched produce requests (see shared/lag.py). Group names and topics follow the services'
defaults, overridable through the same environment variables.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Mapping
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.errors import CommitFailedError, KafkaError

Offsets = dict[int, int]


async def _stopped(consumer: AIOKafkaConsumer) -> None:
    """``consumer.stop()``, except the ``CancelledError`` aiokafka's fetcher lets out of it when a fetch was retrying
    as it closed (a broker that went away mid-read; aio-libs/aiokafka#647): nobody cancelled this task, so it is no
    cancellation, and it must not replace the offsets already read or kill the launcher that asked for them. A real
    cancellation of the task still goes through."""
    try:
        await consumer.stop()
    except asyncio.CancelledError:
        task = asyncio.current_task()
        if task is not None and task.cancelling():
            raise


async def _end_offsets(bootstrap: str, topic: str) -> Offsets:
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()
        parts = [TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())]
        consumer.assign(parts)
        listed = await consumer.end_offsets(parts)
        for tp in parts:
            consumer.seek(tp, max(0, listed[tp] - 1))
        await consumer.getmany(timeout_ms=500)
        return {tp.partition: max(listed[tp], consumer.highwater(tp) or 0) for tp in parts}
    finally:
        await _stopped(consumer)


async def _committed(bootstrap: str, group: str, topic: str) -> Offsets:
    # OffsetFetch through a consumer of the group that never subscribes (so it never joins or rebalances the
    # group); aiokafka's admin client speaks an OffsetFetch version tansu answers in a form it cannot decode.
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()
        found: Offsets = {}
        for partition in sorted(consumer.partitions_for_topic(topic) or ()):
            offset = await consumer.committed(TopicPartition(topic, partition))
            found[partition] = max(0, offset or 0)
        return found
    finally:
        await _stopped(consumer)


async def _rewind(bootstrap: str, group: str, topic: str, offsets: Offsets) -> None:
    # A commit from outside the group (generation -1), allowed while the group has no member: the index
    # service is stopped when this runs.
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await consumer.start()
    try:
        parts = {TopicPartition(topic, p): offset for p, offset in offsets.items()}
        consumer.assign(list(parts))
        for attempt in range(60):  # the stopped member stays in the group until its session times out
            try:
                await consumer.commit(parts)
                return
            except CommitFailedError:
                if attempt == 59:
                    raise
                await asyncio.sleep(1.0)
    finally:
        await _stopped(consumer)


def rewind_index(bootstrap: str, names: Names, verified: Mapping[str, Offsets]) -> None:
    """Set the index service's article and claim groups back to ``verified`` (``{"articles": A, "claims": C}`` of
    a verified position) and its dead-letter group to the start, so that it indexes again everything after
    them. Call with the index service stopped."""

    async def run() -> None:
        await _rewind(bootstrap, f"{names.index_group}.articles", names.articles, verified["articles"])
        await _rewind(bootstrap, f"{names.index_group}.claims", names.claims, verified["claims"])
        ends = await _end_offsets(bootstrap, names.rejected)
        await _rewind(bootstrap, f"{names.index_group}.rejected", names.rejected, {p: 0 for p in ends})

    asyncio.run(run())


def _covers(committed: Offsets, ends: Offsets) -> bool:
    return all(committed.get(p, 0) >= end for p, end in ends.items())


@dataclass
class Names:
    articles: str = "articles.cleaned"
    claims: str = "claims.extracted"
    rejected: str = "articles.rejected"
    extract_group: str = "claimstream-extract"
    index_group: str = "claimstream-index"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Names:
        return cls(
            env.get("CLAIMSTREAM_TOPIC_ARTICLES_CLEANED", cls.articles),
            env.get("CLAIMSTREAM_TOPIC_CLAIMS_EXTRACTED", cls.claims),
            env.get("CLAIMSTREAM_TOPIC_ARTICLES_REJECTED", cls.rejected),
            env.get("CLAIMSTREAM_EXTRACT_GROUP_ID", cls.extract_group),
            env.get("CLAIMSTREAM_INDEX_GROUP_ID", cls.index_group),
        )


@dataclass
class Watermark:
    """The highest verified journal position; :meth:`observe` advances it one step per call, never raises."""

    bootstrap: str
    names: Names
    verified: int
    _position: int | None = None
    _articles: Offsets | None = None
    _claims: Offsets | None = None
    verified_offsets: dict[str, Offsets] | None = None  # the offsets that verified ``verified``, if this broker's

    def observe(self, position: int) -> None:
        with contextlib.suppress(KafkaError, OSError, asyncio.TimeoutError):
            asyncio.run(self._step(position))

    async def _step(self, position: int) -> None:
        n = self.names
        if self._position is None:
            if position > self.verified:
                self._articles = await _end_offsets(self.bootstrap, n.articles)
                self._position = position
        elif self._claims is None:
            assert self._articles is not None
            if _covers(await _committed(self.bootstrap, n.extract_group, n.articles), self._articles) and _covers(
                await _committed(self.bootstrap, f"{n.index_group}.articles", n.articles), self._articles
            ):
                self._claims = await _end_offsets(self.bootstrap, n.claims)
        elif _covers(await _committed(self.bootstrap, f"{n.index_group}.claims", n.claims), self._claims):
            if self._position >= self.verified:
                self.verified, self.verified_offsets = (
                    self._position,
                    {"articles": self._articles or {}, "claims": self._claims},
                )
            self._position = self._articles = self._claims = None

    def reset(self, verified: int) -> None:
        """Forget the step in progress (the broker restarted: offsets start again) and set ``verified``."""
        self.verified, self._position, self._articles, self._claims = verified, None, None, None
        self.verified_offsets = None
