"""Guards: the flood guard stops a partition flooded with invalid records (real tansu), and secrets given
through the environment never reach a service's log (real processes, DEBUG logging)."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from aiokafka import TopicPartition
from faststream.kafka import TestKafkaBroker

from claimstream import embedded
from claimstream.services.extract.handlers import build_router
from claimstream.shared import metrics
from claimstream.shared.broker import build_broker
from claimstream.shared.events import ArticleCleaned, ArticleRejected, ClaimExtracted
from claimstream.shared.settings import ExtractSettings

TEXT = (
    '"We have confirmed 112 deaths so far," Interior Minister Dana Korval told reporters on Wednesday. '
    "According to the Red Crescent, about 18,000 people have been displaced."
)
LIMIT = 5


@pytest.mark.kafka
@pytest.mark.slow
async def test_flood_guard_pauses_a_partition_of_invalid_records(
    kafka_bootstrap: str,
    uid: str,
    extractor,
    wait_for,  # type: ignore[no-untyped-def]
    published,
) -> None:
    topics = {
        "topic_articles_cleaned": f"articles-{uid}",
        "topic_claims_extracted": f"claims-{uid}",
        "topic_articles_rejected": f"rejected-{uid}",
    }
    await embedded._create_topics(kafka_bootstrap, list(topics.values()), 1)
    settings = ExtractSettings(
        kafka_bootstrap_servers=kafka_bootstrap, extract_group_id=f"x-{uid}", flood_guard_limit=LIMIT, **topics
    )
    broker = build_broker(settings, "extract")
    broker.include_router(build_router(settings, broker, extractor))

    def claims() -> set[str]:
        return {
            ClaimExtracted.model_validate(c).article_id for c in published(broker, topics["topic_claims_extracted"])
        }

    def dead() -> list[ArticleRejected]:
        return [ArticleRejected.model_validate(r) for r in published(broker, topics["topic_articles_rejected"])]

    def article(i: int) -> ArticleCleaned:
        return ArticleCleaned(article_id=f"ok{i}", text=TEXT, language="en", ingested_at=datetime.now(UTC))

    topic_in = topics["topic_articles_cleaned"]
    async with TestKafkaBroker(broker, with_real=True) as br:
        for i in range(2):  # offsets 0-1: valid
            await br.publish(article(i), topic_in, key=b"k")
        for i in range(3 * LIMIT):  # offsets 2..16: a flood of invalid records
            await br.publish(b"{not json %d" % i, topic_in, key=b"k")
        await br.publish(article(99), topic_in, key=b"k")  # offset 17: valid, behind the flood
        consumer = next(s.consumer for s in broker.subscribers if topic_in in s.topic_names and s.consumer)
        tp = TopicPartition(topic_in, 0)
        paused = metrics.FLOOD_GUARD_PAUSED.labels("extract", topic_in, "0")
        await wait_for(lambda: paused._value.get() == 1, timeout=60)
        assert tp in consumer.paused()
        committed: list[int | None] = [None]

        async def committed_offset() -> int | None:
            committed[0] = await consumer.committed(tp)
            return committed[0]

        first_held = 2 + LIMIT  # the records before it were dead-lettered and committed; it and the rest were not
        for _ in range(120):
            if await committed_offset() == first_held:
                break
            await asyncio.sleep(0.25)
        assert committed[0] == first_held
        await wait_for(lambda: len(dead()) >= LIMIT and len(claims()) >= 2, timeout=60)
        assert sorted(d.original_offset for d in dead()) == list(range(2, 2 + LIMIT)), "exactly LIMIT dead letters"
        assert claims() == {"ok0", "ok1"}, "nothing behind the flood was consumed"


SECRETS = {
    "CLAIMSTREAM_INGEST_API_KEY": "api-key-" + uuid.uuid4().hex,
    "CLAIMSTREAM_KAFKA_SASL_USERNAME": "claimstream",
    "CLAIMSTREAM_KAFKA_SASL_PASSWORD": "kafka-pass-" + uuid.uuid4().hex,
    "CLAIMSTREAM_ELASTICSEARCH_USERNAME": "elastic",
    "CLAIMSTREAM_ELASTICSEARCH_PASSWORD": "es-pass-" + uuid.uuid4().hex,
}


def leaked(log: str) -> list[str]:
    """The secrets (or their base64 Basic-auth form) that appear in ``log``."""
    forms = [v for k, v in SECRETS.items() if "USERNAME" not in k]
    forms += [
        base64.b64encode(f"{SECRETS[u]}:{SECRETS[p]}".encode()).decode()
        for u, p in [
            ("CLAIMSTREAM_KAFKA_SASL_USERNAME", "CLAIMSTREAM_KAFKA_SASL_PASSWORD"),
            ("CLAIMSTREAM_ELASTICSEARCH_USERNAME", "CLAIMSTREAM_ELASTICSEARCH_PASSWORD"),
        ]
    ]
    return [f for f in forms if f in log]


def start(name: str, env: dict[str, str], log_dir: Path) -> embedded.Proc:
    return embedded.spawn(
        name,
        [sys.executable, "-m", f"claimstream.services.{name.split('-')[0]}.main"],
        env={**SECRETS, "CLAIMSTREAM_LOG_LEVEL": "DEBUG", **env},
        log_dir=log_dir,
    )


@pytest.mark.kafka
@pytest.mark.elasticsearch
@pytest.mark.slow
def test_secrets_never_reach_the_logs(kafka_bootstrap: str, es_url: str, tmp_path: Path, uid: str) -> None:
    ports = {"ingest": embedded.free_port(), "index": embedded.free_port()}
    common = {
        "CLAIMSTREAM_KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap,
        "CLAIMSTREAM_ELASTICSEARCH_URL": es_url,
        "CLAIMSTREAM_INGEST_PORT": str(ports["ingest"]),
        "CLAIMSTREAM_INDEX_PORT": str(ports["index"]),
        "CLAIMSTREAM_INDEX_PREFIX": f"s{uid}-",
        "CLAIMSTREAM_INDEX_GROUP_ID": f"s{uid}",
        "CLAIMSTREAM_TOPIC_ARTICLES_CLEANED": f"a-{uid}",
        "CLAIMSTREAM_TOPIC_ARTICLES_REJECTED": f"r-{uid}",
        "CLAIMSTREAM_TOPIC_CLAIMS_EXTRACTED": f"c-{uid}",
    }
    procs = [
        start("ingest", common, tmp_path),
        start("index", common, tmp_path),
        # SASL configured against a broker without SASL: start-up fails, and logs why
        start(
            "ingest-sasl",
            {
                **common,
                "CLAIMSTREAM_KAFKA_SECURITY_PROTOCOL": "SASL_PLAINTEXT",
                "CLAIMSTREAM_INGEST_PORT": str(embedded.free_port()),
            },
            tmp_path,
        ),
    ]
    try:
        for proc, name in zip(procs, ("ingest", "index"), strict=False):  # the third one fails on purpose
            embedded.wait_http(f"http://127.0.0.1:{ports[name]}/readyz", proc, timeout=120)
        ingest = f"http://127.0.0.1:{ports['ingest']}"
        body = {"text": TEXT, "url": f"https://secrets.example/{uid}"}
        with httpx.Client(timeout=30) as client:
            assert client.post(f"{ingest}/articles", json=body, headers={"X-API-Key": "wrong"}).status_code == 401
            assert (
                client.post(
                    f"{ingest}/articles", json=body, headers={"X-API-Key": SECRETS["CLAIMSTREAM_INGEST_API_KEY"]}
                ).status_code
                == 202
            )
            assert (
                client.post(
                    f"{ingest}/articles",
                    json={"html": "<p>x</p>"},
                    headers={"X-API-Key": SECRETS["CLAIMSTREAM_INGEST_API_KEY"]},
                ).status_code
                == 422
            )
            index = f"http://127.0.0.1:{ports['index']}"
            for _ in range(240):  # the index consumed the article and the dead letter
                if client.get(f"{index}/stats").json()["ingested"] >= 2:
                    break
                time.sleep(0.25)
        with contextlib.suppress(subprocess.TimeoutExpired):
            procs[2].popen.wait(timeout=30)
    finally:
        for proc in procs:
            proc.stop(sig=signal.SIGTERM)
    logs = {p.name: p.log_path.read_text(errors="replace") for p in procs if p.log_path}
    assert "ingest started" in logs["ingest"] and "index started" in logs["index"]
    assert "DEBUG" in logs["ingest"], "DEBUG logging was not on: the test would prove little"
    assert logs["ingest-sasl"].strip(), "the SASL start-up failure logged nothing"
    for name, text in logs.items():
        assert not leaked(text), f"{name} logged a secret: {leaked(text)}"
