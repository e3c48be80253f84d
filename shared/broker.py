"""Broker wiring: one KafkaBroker per service, the dead-letter publisher, and poison-splitting decoding.

Every consumer is a batch consumer. Its records are decoded one by one (:func:`batch_decoder`): a record that
is not a valid event is dead-lettered with its reason and dropped from the batch, so one poison record never
blocks its partition and never takes the rest of its batch with it. The handler then sees only valid events.
Every dead letter goes through :meth:`DeadLetters.reject`, which takes a :class:`~claimstream.shared.errors.InvalidEvent`.

Wiring (after arroyo, whose ``StreamProcessor`` is handed its DLQ policy): :func:`build_broker` builds the
service's one :class:`DeadLetters` (its topic, stage and flood-guard limit from the settings) as
``broker.dead_letters``, and gives it to :class:`PoisonRouter`; routers and handlers take it from there. Nothing
is looked up in a module-level registry, and a broker without dead letters cannot be built.

Poison travels one way in a batch: as values. The decoder dead-letters each record that is not an event; a step
that fails for some items of a batch returns them (``BatchResult.failures``, the refusals of ``Store.bulk``) and
the handler hands them to :meth:`DeadLetters.reject_all`. A handler that *raises* ``InvalidEvent`` instead is a
bug; :class:`PoisonRouter` still dead-letters its whole delivery and commits it, rather than retrying it forever.
Offsets are committed after the handler returns (``AckPolicy.NACK_ON_ERROR``); a raised (transient) error
nacks, which seeks back so the batch is redelivered.

Flood guard (after arroyo's ``DlqLimit``): when ``flood_guard_limit`` records in a row of one partition are
invalid, the decoder stops dead-lettering that partition: it rewinds the partition to the first record it did
not dead-letter, pauses it, sets ``claimstream_flood_guard_paused`` and logs an error. The other partitions
keep flowing; the paused one resumes when the service restarts (after the producer is fixed).
"""

from __future__ import annotations

import asyncio
import base64
import functools
import logging
import ssl
from collections.abc import Awaitable, Callable, Iterable
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, NamedTuple, TypeVar

from aiokafka import TopicPartition
from faststream import AckPolicy, BaseMiddleware
from faststream.kafka import KafkaBroker, KafkaRouter
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.message import StreamMessage
from faststream.security import BaseSecurity, SASLPlaintext, SASLScram256, SASLScram512
from pydantic import BaseModel, ValidationError

from claimstream.shared import metrics
from claimstream.shared.errors import InvalidEvent
from claimstream.shared.events import ArticleRejected, Stage
from claimstream.shared.settings import CommonSettings

log = logging.getLogger(__name__)

ACK_POLICY = AckPolicy.NACK_ON_ERROR
GRACEFUL_TIMEOUT = 20.0  # seconds broker.stop() waits for in-flight handlers before cancelling them
DEFAULT_FLOOD_GUARD_LIMIT = 1000
# How long a batch subscriber's poll waits for records (``batch_timeout_ms``). faststream's batch subscriber
# sleeps as long again after a poll that found nothing, so an event arriving in an idle moment waited up to
# 2 x 200 ms (its default) per hop before any work began: two hops (extract, index) were ~0.2-0.4 s of the
# POST -> searchable latency. A poll returns as soon as records are there, so a short one costs nothing under
# load; idle, it is ~20 wake-ups a second of a consumer's event loop (no broker request: aiokafka's fetcher
# long-polls the broker on its own).
BATCH_POLL_MS = 25
E = TypeVar("E", bound=BaseModel)


class RecordMeta(NamedTuple):
    """Transport facts of one Kafka record; they travel beside the event, never inside it."""

    topic: str
    partition: int
    offset: int
    key: bytes | None


def _security(settings: CommonSettings) -> BaseSecurity | None:
    protocol = settings.kafka_security_protocol.upper()
    if protocol == "PLAINTEXT":
        return None
    context = ssl.create_default_context(cafile=settings.kafka_ssl_cafile) if "SSL" in protocol else None
    if protocol == "SSL":
        return BaseSecurity(ssl_context=context, use_ssl=True)
    password = settings.kafka_sasl_password.get_secret_value() if settings.kafka_sasl_password else ""
    mechanism = (settings.kafka_sasl_mechanism or "PLAIN").upper()
    cls = {"PLAIN": SASLPlaintext, "SCRAM-SHA-256": SASLScram256, "SCRAM-SHA-512": SASLScram512}[mechanism]
    return cls(
        username=settings.kafka_sasl_username or "", password=password, ssl_context=context, use_ssl=context is not None
    )


class Broker(KafkaBroker):
    """faststream's KafkaBroker with the service's :class:`DeadLetters`, whose subscribers join their consumer
    groups at once.

    The dead letters are built with the broker (``dead_letter_topic``, ``stage`` and ``flood_guard_limit`` are
    required) and routed to by the innermost middleware, :class:`PoisonRouter`: routers and handlers use
    ``broker.dead_letters``.

    faststream starts subscribers one after another, and each start waits for its group's first rebalance
    (about 5 s on tansu; Kafka's ``group.initial.rebalance.delay.ms`` is 3 s): the index service's three
    groups took 15 s to start, on every restart. The groups are independent, so their joins overlap here;
    publishers start after, as in faststream (``BrokerUsecase.start``, faststream 0.7)."""

    def __init__(self, *args: Any, dead_letter_topic: str, stage: Stage, flood_guard_limit: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dead_letters = DeadLetters(self, dead_letter_topic, stage, flood_guard_limit)
        self.add_middleware(functools.partial(PoisonRouter, dead_letters=self.dead_letters))  # innermost

    async def start(self) -> None:
        await self.connect()
        await asyncio.gather(*(subscriber.start() for subscriber in self.subscribers))
        for publisher in self.publishers:
            await publisher.start()
        self.running = True


def build_broker(settings: CommonSettings, service: Stage) -> Broker:
    """A KafkaBroker for ``service`` with security from the settings, Prometheus middleware, and the service's
    dead letters (``broker.dead_letters``: to ``settings.topic_articles_rejected``, flood guard at
    ``settings.flood_guard_limit``).

    Publishing waits for the broker's acknowledgement (acks=all), so a produced event is either written or
    the call raises. (Idempotent producers are not enabled: tansu does not implement InitProducerId; a
    retried publish can therefore duplicate a record, which the consumers absorb through deterministic ids.)
    """
    broker = Broker(
        settings.kafka_bootstrap_servers,
        security=_security(settings),
        client_id=f"claimstream-{service}",
        middlewares=[
            KafkaPrometheusMiddleware(registry=metrics.REGISTRY, app_name=service),
            functools.partial(RetryCounter, service=service),
        ],
        logger=logging.getLogger(f"claimstream.{service}.broker"),
        acks="all",
        request_timeout_ms=30_000,
        # broker.stop() (SIGTERM -> uvicorn -> lifespan) waits this long for the handler in flight to finish
        # and commit; past it the handler is cancelled uncommitted and its batch is redelivered after restart.
        graceful_timeout=GRACEFUL_TIMEOUT,
        dead_letter_topic=settings.topic_articles_rejected,
        stage=service,
        flood_guard_limit=settings.flood_guard_limit,
    )
    return broker


class RetryCounter(BaseMiddleware):
    """Counts ``claimstream_events_total{outcome="retried"}`` for every delivery whose handling raised.

    An error that gets here is transient by definition (poison was routed by PoisonRouter), the subscriber nacks
    and the records are redelivered, so each record of the delivery counts once as retried. The one place this
    is counted: handlers do not count it themselves. A cancellation at shutdown is not counted.
    """

    def __init__(self, msg: Any, /, *, context: Any, service: str) -> None:
        super().__init__(msg, context=context)
        self.service = service

    async def after_processed(
        self,
        exc_type: type[BaseException] | None = None,
        exc_val: BaseException | None = None,
        exc_tb: TracebackType | None = None,
    ) -> bool | None:
        if exc_type is not None and self.msg is not None and not issubclass(exc_type, asyncio.CancelledError):
            records = self.msg if isinstance(self.msg, (tuple, list)) else (self.msg,)
            topic = str(getattr(records[0], "topic", "unknown")) if records else "unknown"
            metrics.EVENTS.labels(self.service, topic, "retried").inc(len(records))
        return False


class PoisonRouter(BaseMiddleware):
    """The backstop for an :class:`InvalidEvent` a handler raised: every record of the delivery is dead-lettered
    with that reason (through ``dead_letters``, required) and the delivery is committed, never redelivered.

    Handlers return their failures as values and dead-letter them (:meth:`DeadLetters.reject_all`); poison in
    single records is routed earlier, by :func:`batch_decoder`. A raised one means the delivery as a whole can
    never succeed. Any other error propagates (transient)."""

    def __init__(self, msg: Any, /, *, context: Any, dead_letters: DeadLetters) -> None:
        super().__init__(msg, context=context)
        self.dead_letters = dead_letters

    async def consume_scope(self, call_next: Callable[[Any], Awaitable[Any]], msg: StreamMessage[Any]) -> Any:
        try:
            return await call_next(msg)
        except InvalidEvent as poison:
            log.error("handler declared its delivery poison: %s", poison.reason, exc_info=True)
            raw = msg.raw_message
            for record in raw if isinstance(raw, (tuple, list)) else (raw,):
                meta = RecordMeta(record.topic, record.partition, record.offset, record.key)
                await self.dead_letters.reject(poison, original=record.value or b"", meta=meta)
            return None


def encode_original(raw: bytes) -> tuple[str, str]:
    """The original input as (text, encoding): UTF-8 text when it decodes, else base64."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return base64.b64encode(raw).decode("ascii"), "base64"


class DeadLetters:
    """Publishes :class:`ArticleRejected` records: the only place that writes to the dead-letter topic.

    :func:`build_broker` builds the one of each service: it registers ``publisher`` (to ``topic``) on ``broker``,
    which must happen before the broker starts."""

    def __init__(
        self, broker: KafkaBroker, topic: str, stage: Stage, flood_guard_limit: int = DEFAULT_FLOOD_GUARD_LIMIT
    ) -> None:
        # Not in the AsyncAPI document: claimstream/asyncapi.py declares one typed publisher per topic.
        self.publisher = broker.publisher(topic, schema=ArticleRejected, include_in_schema=False)
        self._stage = stage
        self.flood_guard = FloodGuard(stage, flood_guard_limit)

    async def reject(
        self,
        poison: InvalidEvent,
        *,
        original: bytes | None = None,
        meta: RecordMeta | None = None,
        topic: str | None = None,
        source: str = "http",
    ) -> ArticleRejected:
        """Publish ``poison`` as a dead letter and count it. Raises only if the broker is unavailable (transient).

        ``original`` is the input's bytes (default: ``poison.original``, else empty). ``meta`` is the source
        record when there is one; else ``topic`` may name the topic the event came from (accounting counts dead
        letters by source topic). ``source`` labels the count when there is neither (``http``: a request)."""
        raw = original if original is not None else (poison.original or b"")
        text, encoding = encode_original(raw)
        reason, article_id = poison.reason, poison.article_id
        event = ArticleRejected(
            stage=self._stage,
            reason=reason,
            article_id=article_id,
            original=text,
            original_encoding=encoding,
            original_topic=meta.topic if meta else topic,
            original_partition=meta.partition if meta else None,
            original_offset=meta.offset if meta else None,
            rejected_at=datetime.now(UTC),
        )
        headers = {"reason": reason[:500], "stage": self._stage}
        if meta:
            headers |= {
                "original_topic": meta.topic,
                "original_partition": str(meta.partition),
                "original_offset": str(meta.offset),
            }
        key = (article_id or (f"{meta.topic}:{meta.partition}:{meta.offset}" if meta else reason)).encode()
        await self.publisher.publish(event, key=key, headers=headers)
        metrics.EVENTS.labels(self._stage, meta.topic if meta else (topic or source), "rejected").inc()
        log.warning("rejected %s: %s", meta or article_id or "input", reason)
        return event

    async def reject_all(self, failures: Iterable[InvalidEvent], *, topic: str | None = None, source: str) -> int:
        """Dead-letter the failures a step of a batch returned (see :meth:`reject`); return how many there were."""
        done = 0
        for poison in failures:
            await self.reject(poison, topic=topic, source=source)
            done += 1
        return done


class FloodGuard:
    """Counts invalid records in a row per partition; trips at ``limit`` (0 disables it)."""

    def __init__(self, service: str, limit: int) -> None:
        self.service = service
        self.limit = limit
        self._run: dict[tuple[str, int], int] = {}

    def valid(self, meta: RecordMeta) -> None:
        self._run[(meta.topic, meta.partition)] = 0

    def invalid(self, meta: RecordMeta) -> bool:
        """Count one invalid record; True when the partition has now had ``limit`` in a row (do not DLQ it)."""
        run = self._run.get((meta.topic, meta.partition), 0) + 1
        self._run[(meta.topic, meta.partition)] = run
        return self.limit > 0 and run > self.limit

    def trip(self, msg: StreamMessage[Any], meta: RecordMeta) -> None:
        """Rewind the partition to ``meta.offset`` (nothing from there on is dead-lettered or committed) and pause it."""
        tp = TopicPartition(meta.topic, meta.partition)
        consumer = getattr(msg, "consumer", None)
        if consumer is not None and hasattr(consumer, "pause"):
            consumer.seek(tp, meta.offset)
            consumer.pause(tp)
        metrics.FLOOD_GUARD_PAUSED.labels(self.service, meta.topic, str(meta.partition)).set(1)
        log.error(
            "flood guard: %d invalid records in a row on %s[%d]; partition paused at offset %d until restart. "
            "Fix the producer, then restart %s (or move the group's offset past the bad run).",
            self.limit,
            meta.topic,
            meta.partition,
            meta.offset,
            self.service,
        )


def parse(model: type[E], raw: bytes) -> E:
    """``raw`` as a ``model`` event. Raises :class:`InvalidEvent` (carrying ``raw``) when it is not one."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "message"
        reason = f"invalid {exc.title} event: {where}: {first.get('msg')} ({exc.error_count()} error(s))"
        raise InvalidEvent(reason, original=raw) from exc


Decoder = Callable[[StreamMessage[Any]], Awaitable[list[E]]]


def batch_decoder(model: type[E], dead_letters: DeadLetters) -> Decoder[E]:
    """A faststream decoder for batch subscribers that validates each record on its own.

    Returns the valid events, in order; invalid records are
    dead-lettered (reason, original bytes, topic/partition/offset) and left out. A partition whose records
    trip the flood guard is rewound, paused, and the rest of its records in this batch are left out.
    """
    guard = dead_letters.flood_guard

    async def decode(msg: StreamMessage[Any]) -> list[E]:
        records = msg.raw_message if isinstance(msg.raw_message, (tuple, list)) else (msg.raw_message,)
        valid: list[E] = []
        stopped: set[tuple[str, int]] = set()
        for record in records:
            meta = RecordMeta(record.topic, record.partition, record.offset, record.key)
            if (meta.topic, meta.partition) in stopped:
                continue
            try:
                valid.append(parse(model, record.value or b""))
            except InvalidEvent as poison:
                if guard.invalid(meta):
                    guard.trip(msg, meta)
                    stopped.add((meta.topic, meta.partition))
                else:
                    await dead_letters.reject(poison, meta=meta)
                continue
            guard.valid(meta)
        return valid

    return decode


__all__ = [
    "ACK_POLICY",
    "BATCH_POLL_MS",
    "Broker",
    "DeadLetters",
    "FloodGuard",
    "KafkaRouter",
    "RecordMeta",
    "batch_decoder",
    "build_broker",
    "encode_original",
    "parse",
]
