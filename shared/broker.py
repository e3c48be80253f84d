"""Broker wiring: one KafkaBroker per service, the dead-letter publisher, and poison-splitting decoding.

Every consumer is a batch consumer. Its records are decoded one by one (:func:`batch_decoder`): a record that
is not a valid event is dead-lettered with its reason and dropped from the batch, so one poison record never
blocks its partition and never takes the rest of its batch with it. The handler then sees only valid events.
Offsets are committed after the handler returns (``AckPolicy.NACK_ON_ERROR``); a raised (transient) error
nacks, which seeks back so the batch is redelivered.
"""

from __future__ import annotations

import base64
import logging
import ssl
from datetime import UTC, datetime
from typing import Any, NamedTuple

from faststream import AckPolicy
from faststream.kafka import KafkaBroker, KafkaRouter
from faststream.kafka.prometheus import KafkaPrometheusMiddleware
from faststream.message import StreamMessage
from faststream.security import SASLPlaintext, SASLScram256, SASLScram512
from faststream.security import BaseSecurity
from pydantic import BaseModel, ValidationError

from claimstream.shared import metrics
from claimstream.shared.events import ArticleRejected, Stage
from claimstream.shared.settings import CommonSettings

log = logging.getLogger(__name__)

ACK_POLICY = AckPolicy.NACK_ON_ERROR


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
    return cls(username=settings.kafka_sasl_username or "", password=password, ssl_context=context, use_ssl=context is not None)


def build_broker(settings: CommonSettings, service: str) -> KafkaBroker:
    """A KafkaBroker for ``service`` with security from the settings and Prometheus middleware.

    Publishing waits for the broker's acknowledgement (acks=all), so a produced event is either written or
    the call raises. (Idempotent producers are not enabled: tansu does not implement InitProducerId; a
    retried publish can therefore duplicate a record, which the consumers absorb through deterministic ids.)
    """
    return KafkaBroker(
        settings.kafka_bootstrap_servers,
        security=_security(settings),
        client_id=f"claimstream-{service}",
        middlewares=[KafkaPrometheusMiddleware(registry=metrics.REGISTRY, app_name=service)],
        logger=logging.getLogger(f"claimstream.{service}.broker"),
        acks="all",
        request_timeout_ms=30_000,
    )


def encode_original(raw: bytes) -> tuple[str, str]:
    """The original input as (text, encoding): UTF-8 text when it decodes, else base64."""
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return base64.b64encode(raw).decode("ascii"), "base64"


class DeadLetters:
    """Publishes :class:`ArticleRejected` records: the only place that writes to the dead-letter topic."""

    def __init__(self, broker: KafkaBroker, topic: str, stage: Stage) -> None:
        self._broker = broker
        self._topic = topic
        self._stage = stage

    async def reject(
        self, reason: str, original: bytes, *, meta: RecordMeta | None = None, article_id: str | None = None
    ) -> ArticleRejected:
        """Publish a dead letter and count it. Raises only if the broker is unavailable (transient)."""
        text, encoding = encode_original(original)
        event = ArticleRejected(
            stage=self._stage,
            reason=reason,
            article_id=article_id,
            original=text,
            original_encoding=encoding,
            original_topic=meta.topic if meta else None,
            original_partition=meta.partition if meta else None,
            original_offset=meta.offset if meta else None,
            rejected_at=datetime.now(UTC),
        )
        headers = {"reason": reason[:500], "stage": self._stage}
        if meta:
            headers |= {"original_topic": meta.topic, "original_partition": str(meta.partition), "original_offset": str(meta.offset)}
        key = (article_id or (f"{meta.topic}:{meta.partition}:{meta.offset}" if meta else reason)).encode()
        await self._broker.publish(event, self._topic, key=key, headers=headers)
        metrics.EVENTS.labels(self._stage, meta.topic if meta else "http", "rejected").inc()
        log.warning("rejected %s: %s", meta or article_id or "input", reason)
        return event


def _record_meta(record: Any) -> RecordMeta:
    return RecordMeta(record.topic, record.partition, record.offset, record.key)


def _reason(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first.get("loc", ())) or "message"
    return f"invalid {exc.title} event: {where}: {first.get('msg')} ({exc.error_count()} error(s))"


def batch_decoder(model: type[BaseModel], dead_letters: DeadLetters):  # type: ignore[no-untyped-def]
    """A faststream decoder for batch subscribers that validates each record on its own.

    Returns the valid events, in order; invalid records are
    dead-lettered (reason, original bytes, topic/partition/offset) and left out.
    """

    async def decode(msg: StreamMessage[Any]) -> list[BaseModel]:
        records = msg.raw_message if isinstance(msg.raw_message, (tuple, list)) else (msg.raw_message,)
        valid: list[BaseModel] = []
        for record in records:
            raw = record.value or b""
            try:
                event = model.model_validate_json(raw)
            except ValidationError as exc:
                await dead_letters.reject(_reason(exc), raw, meta=_record_meta(record))
                continue
            valid.append(event)
        return valid

    return decode


__all__ = ["ACK_POLICY", "DeadLetters", "KafkaRouter", "RecordMeta", "batch_decoder", "build_broker", "encode_original"]
