"""Fault tests on loopback: the whole stack as processes (tansu, osmem, ingest, extract, index), one fault each.

1. kill -9 of extract in the middle of a stream of 500 articles, then a restart;
2. SIGTERM of extract while it works: it drains, commits and exits 0, and nothing is published twice;
3. the search server (osmem) unavailable for 20 s while articles stream.

After each fault the pipeline must catch up to *exactly* the expected state: the article ids ingest answered
202 for, and the claims the in-process extractor finds in those articles (claim ids are deterministic), none
missing and none duplicated, and the accounting closed (ingested = indexed, nothing in flight).

Every wait is bounded by a deadline; nothing asserts on how long something took.
"""

from __future__ import annotations

import asyncio
import os
import random
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from claimstream.embedded import Stack, embedded_stack
from claimstream.services.extract.batch import extract_batch
from claimstream.shared.events import ArticleCleaned
from tests.waiting import wait_for_sync

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.elasticsearch, pytest.mark.slow, pytest.mark.timeout(420)]

FIRST = ["Dana", "Ilya", "Marta", "Tomas", "Ayla", "Jonas", "Petra", "Soren", "Lina", "Viktor", "Nadia", "Oskar"]
LAST = ["Korval", "Brenner", "Okafor", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Novak", "Ferreira", "Rahimi"]
TITLES = ["Interior Minister", "regional governor", "police spokesman", "health official", "army commander", "mayor"]
ORGS = ["the Red Crescent", "the United Nations", "the health ministry", "local officials", "the fire brigade"]
PLACES = ["Selka", "Varno", "Ostrava Bay", "the northern valley", "Port Lemar", "Kirova"]
EVENTS = [
    ("people", "killed"),
    ("homes", "destroyed"),
    ("soldiers", "deployed"),
    ("families", "evacuated"),
    ("schools", "closed"),
]


def synthetic_article(run: str, i: int) -> dict[str, str]:
    """A short fictional report with its own speakers and figures (deterministic in ``run`` and ``i``)."""
    r = random.Random(f"{run}-{i}")
    who, who2 = (f"{r.choice(FIRST)} {r.choice(LAST)}" for _ in range(2))
    things, verb = r.choice(EVENTS)
    place = r.choice(PLACES)
    text = (
        f"{r.choice(TITLES).capitalize()} {who} said on Tuesday that {r.randint(12, 9000):,} {things} had been "
        f'{verb} in {place}. "We have counted {r.randint(3, 500)} injured so far," {who2} told reporters in '
        f"{place}. According to {r.choice(ORGS)}, about {r.randint(1000, 90000):,} people have been displaced "
        f"since the storm began on day {i}."
    )
    return {
        "url": f"https://faults.example/{run}/{i}",
        "text": text,
        "outlet": f"Wire {i % 7}",
        "title": f"Storm report {i}",
    }


class Poster:
    """Posts articles from a background thread, ``workers`` at a time; keeps every answer."""

    def __init__(self, url: str, bodies: list[dict[str, str]], workers: int = 4, pause: float = 0.0) -> None:
        self.url, self.bodies, self.workers, self.pause = url, bodies, workers, pause
        self.answers: list[tuple[int, dict[str, Any]]] = []
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _post(self, client: httpx.Client, body: dict[str, str]) -> None:
        r = client.post(f"{self.url}/articles", json=body, timeout=60)
        with self._lock:
            self.answers.append((r.status_code, r.json()))
        time.sleep(self.pause)

    def _run(self) -> None:
        with httpx.Client() as client, ThreadPoolExecutor(self.workers) as pool:
            list(pool.map(lambda b: self._post(client, b), self.bodies))

    def posted(self) -> int:
        with self._lock:
            return len(self.answers)

    def accepted_ids(self) -> list[str]:
        self.thread.join(timeout=300)
        assert not self.thread.is_alive(), "posting did not finish"
        assert [s for s, _ in self.answers] == [202] * len(self.bodies), {s for s, _ in self.answers}
        return [a["article_id"] for _, a in self.answers]


def metric(stack: Stack, service: str, name: str, **labels: str) -> float:
    """Sum of the samples of ``name`` on ``service``'s /metrics whose labels include ``labels``."""
    total = 0.0
    for line in httpx.get(f"{stack.url(service)}/metrics", timeout=10).text.splitlines():
        if line.startswith(name + "{") and all(f'{k}="{v}"' in line for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def all_docs(stack: Stack, alias: str) -> list[dict[str, Any]]:
    """Every document behind ``alias`` (id and source), straight from the search server."""
    httpx.post(f"{stack.elasticsearch}/{alias}/_refresh", timeout=30)
    body = httpx.post(
        f"{stack.elasticsearch}/{alias}/_search", json={"size": 10000, "query": {"match_all": {}}}, timeout=60
    ).json()
    hits = body["hits"]["hits"]
    total = body["hits"]["total"]["value"] if isinstance(body["hits"]["total"], dict) else body["hits"]["total"]
    assert len(hits) == total, f"{alias}: got {len(hits)} of {total} documents"
    return [{"_id": h["_id"], **h["_source"]} for h in hits]


def expected_claim_ids(extractor: Any, article_docs: list[dict[str, Any]]) -> list[str]:
    """The claim ids the extract service should have produced for these indexed articles (run in-process)."""
    fields = ArticleCleaned.model_fields
    articles = [ArticleCleaned.model_validate({k: v for k, v in doc.items() if k in fields}) for doc in article_docs]
    result = extract_batch(extractor, articles)
    assert not result.failures, result.failures[:3]
    return [c.claim_id for c in result.claims]


async def _topic_messages(bootstrap: str, topic: str) -> int:
    # Counted by reading the topic: tansu's ListOffsets(latest) answer can be below the real end offset.
    from aiokafka import AIOKafkaConsumer, TopicPartition

    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        count = 0
        while batch := await consumer.getmany(timeout_ms=3000, max_records=5000):
            count += sum(len(records) for records in batch.values())
        return count
    finally:
        await consumer.stop()


def topic_messages(stack: Stack, topic: str) -> int:
    """How many messages were ever written to ``topic`` (read from the beginning and counted)."""
    return asyncio.run(_topic_messages(stack.kafka, topic))


def settle(stack: Stack, extractor: Any, article_ids: list[str], timeout: float = 240.0) -> dict[str, Any]:
    """Wait until the index holds every accepted article and exactly the expected claims and the accounting
    closes; assert that state; return what was counted."""
    want_articles = set(article_ids)
    docs = wait_for_sync(
        lambda: (d := all_docs(stack, "articles")) and {a["_id"] for a in d} >= want_articles and d,
        timeout,
        f"all {len(want_articles)} articles indexed",
    )
    want_claims = expected_claim_ids(extractor, [d for d in docs if d["_id"] in want_articles])
    wait_for_sync(
        lambda: {c["_id"] for c in all_docs(stack, "claims")} >= set(want_claims),
        timeout,
        "all expected claims indexed",
    )
    stats = wait_for_sync(
        lambda: (
            (s := httpx.get(f"{stack.url('index')}/stats", timeout=30).json())["idle"]
            and s["ingested"] == len(article_ids)
            and s
        ),
        timeout,
        "accounting closed",
    )
    wait_for_sync(lambda: metric(stack, "extract", "claimstream_consumer_lag") == 0, 30, "extract caught up")
    stats = httpx.get(f"{stack.url('index')}/stats", timeout=30).json()
    articles, claims = all_docs(stack, "articles"), all_docs(stack, "claims")
    article_doc_ids = [a["_id"] for a in articles]
    claim_doc_ids = [c["_id"] for c in claims]
    assert sorted(article_doc_ids) == sorted(want_articles), "articles missing or unexpected"
    assert len(want_claims) == len(set(want_claims)), "the extractor itself produced a duplicate claim id"
    assert sorted(claim_doc_ids) == sorted(want_claims), (
        f"claims: {len(set(want_claims) - set(claim_doc_ids))} missing, {len(set(claim_doc_ids) - set(want_claims))} unexpected"
    )
    assert {c["article_id"] for c in claims} <= want_articles
    assert (stats["ingested"], stats["indexed"], stats["rejected"], stats["in_flight"]) == (
        len(article_ids),
        len(article_ids),
        0,
        0,
    ), stats
    return {
        "articles": len(articles),
        "claims": len(claims),
        "stats": stats,
        "claims_messages": topic_messages(stack, "claims.extracted"),
    }


@pytest.fixture
def stack(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Stack]:
    extra = getattr(request, "param", None) or {}
    with embedded_stack(log_dir=tmp_path / "logs", extra_env={"CLAIMSTREAM_EXTRACT_BATCH_SIZE": "8", **extra}) as s:
        yield s


def test_kill_9_extract_mid_stream_then_restart_loses_and_duplicates_nothing(stack: Stack, extractor: Any) -> None:
    bodies = [synthetic_article("kill9", i) for i in range(500)]
    poster = Poster(stack.url("ingest"), bodies, workers=2, pause=0.05)
    poster.thread.start()
    wait_for_sync(
        lambda: metric(stack, "extract", "claimstream_events_total", outcome="ok") >= 100,
        180,
        "extract handled 100 articles",
    )
    stack.procs["extract"].stop(sig=signal.SIGKILL)
    handled_before_kill = metric(stack, "index", "claimstream_events_total", topic="articles.cleaned", outcome="ok")
    assert stack.procs["extract"].popen.returncode == -signal.SIGKILL
    posted_at_kill = poster.posted()
    assert posted_at_kill < len(bodies), "the stream was over before the kill: the fault was not injected mid-stream"
    wait_for_sync(
        lambda: poster.posted() >= min(len(bodies), posted_at_kill + 50),
        120,
        "50 more articles posted while extract is down",
    )
    stack.start_service("extract")
    ids = poster.accepted_ids()
    assert len(set(ids)) == 500
    counted = settle(stack, extractor, ids)
    print(
        f"\nkill -9 extract: posted {posted_at_kill}/500 at the kill (index had {handled_before_kill:.0f}); "
        f"after restart: {counted['articles']} articles, {counted['claims']} claims "
        f"({counted['claims_messages']} messages on claims.extracted), stats {counted['stats']}"
    )


def test_sigterm_drains_in_flight_work_and_commits_before_exit(stack: Stack, extractor: Any) -> None:
    bodies = [synthetic_article("drain", i) for i in range(120)]
    poster = Poster(stack.url("ingest"), bodies, workers=2)
    poster.thread.start()
    wait_for_sync(
        lambda: metric(stack, "extract", "claimstream_events_total", outcome="ok") >= 30,
        180,
        "extract handled 30 articles",
    )
    extract = stack.procs["extract"]
    extract.stop(sig=signal.SIGTERM, grace=60)
    # uvicorn shuts down cleanly, then re-raises the signal it caught, so the exit status is "killed by SIGTERM";
    # the log shows whether the shutdown ran to its end (a SIGKILL after the grace period would cut it short).
    assert extract.popen.returncode in (0, -signal.SIGTERM), (
        f"extract exited with {extract.popen.returncode}\n{extract.tail()}"
    )
    log = extract.log_path.read_text() if extract.log_path else ""
    for line in ("extract stopping: draining in-flight messages", "extract stopped", "Application shutdown complete"):
        assert line in log, f"{line!r} not in the extract log:\n{extract.tail()}"
    stack.start_service("extract")
    counted = settle(stack, extractor, poster.accepted_ids())
    # Every batch extract handled before SIGTERM was committed: after the restart nothing was extracted and
    # published a second time, so the topic holds each claim exactly once.
    assert counted["claims_messages"] == counted["claims"], counted
    print(
        f"\nSIGTERM extract: clean shutdown (status {extract.popen.returncode}), then {counted['articles']} articles, {counted['claims']} claims, "
        f"{counted['claims_messages']} messages on claims.extracted"
    )


@pytest.mark.parametrize("stack", [{"CLAIMSTREAM_ELASTICSEARCH_TIMEOUT": "2"}], indirect=True)
def test_search_server_unavailable_for_20s_then_back_catches_up(stack: Stack, extractor: Any) -> None:
    # osmem keeps everything in memory, so a real restart would also wipe the index. SIGSTOP makes the server
    # unavailable on the same port without losing data: connections hang, every request times out (2 s here),
    # exactly what a hung or partitioned Elasticsearch does; SIGCONT brings it back.
    bodies = [synthetic_article("esdown", i) for i in range(160)]
    poster = Poster(stack.url("ingest"), bodies, workers=2, pause=0.1)
    poster.thread.start()
    wait_for_sync(
        lambda: metric(stack, "index", "claimstream_events_total", topic="articles.cleaned", outcome="ok") >= 20,
        120,
        "index wrote 20 articles",
    )
    osmem = stack.procs["elasticsearch"].popen.pid
    os.kill(osmem, signal.SIGSTOP)
    try:
        posted_at_stop = poster.posted()
        stopped_at = time.monotonic()
        ready = httpx.get(f"{stack.url('index')}/readyz", timeout=15)
        assert ready.status_code == 503 and ready.json()["checks"]["elasticsearch"] is False, ready.text
        time.sleep(max(0.0, 20 - (time.monotonic() - stopped_at)))
        posted_during = poster.posted() - posted_at_stop
    finally:
        os.kill(osmem, signal.SIGCONT)
    assert posted_at_stop < len(bodies) and posted_during > 0, "articles did not stream during the outage"
    counted = settle(stack, extractor, poster.accepted_ids())
    retried = metric(stack, "index", "claimstream_events_total", outcome="retried")
    assert retried > 0, "the index service never saw Elasticsearch fail: the fault was not injected"
    print(
        f"\nsearch server stopped 20 s: {posted_at_stop} posted before, {posted_during} during; index retried "
        f"{retried:.0f} events; then {counted['articles']} articles, {counted['claims']} claims, stats {counted['stats']}"
    )
