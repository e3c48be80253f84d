"""Fuzzing the two ways in: ``POST /articles`` and raw bytes on the articles topic.

Property: nothing crashes, and every input is either accepted (202, then indexed) or rejected with a reason
(a 4xx with a ``detail``, or a dead letter with a ``reason`` for its exact topic/partition/offset).

- 1,000+ hypothesis inputs against the ingest app in-process (in-memory broker) for volume;
- a smaller run against the real ingest process of an embedded stack;
- hypothesis-made byte strings published to ``articles.cleaned`` of that stack (real tansu), each one then
  followed to its article document or its dead letter.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from faststream.kafka import TestKafkaBroker
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimstream.embedded import Stack, embedded_stack
from claimstream.services.ingest.main import create_app
from claimstream.services.ingest.tests.local_web import Captured
from claimstream.shared.events import ArticleCleaned, ArticleRejected
from claimstream.shared.settings import IngestSettings

pytestmark = [pytest.mark.slow, pytest.mark.timeout(420)]

REPORT = (
    "The regional governor said on Wednesday that at least {n} people were killed when the dam gave way. "
    '"We expect {m} more families to be evacuated," Mayor Petra Novak told reporters.'
)
MAX_BODY = 200_000
LOOPBACK_URL = "http://127.0.0.1:9/story"  # never fetched: the SSRF guard refuses loopback addresses

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300)
_report = st.builds(lambda n, m: REPORT.format(n=n, m=m), st.integers(0, 10**9), st.integers(0, 10**6))
_tag = st.sampled_from(["p", "div", "span", "b", "i", "table", "tr", "td", "script", "style", "article", "a", "h1"])


@st.composite
def _html(draw: st.DrawFn) -> str:
    """Pages: plausible, empty, deeply nested, unclosed, with scripts, or random text."""
    body = draw(st.one_of(_report, _text))
    shape = draw(st.sampled_from(["page", "nested", "unclosed", "bare", "script", "wide"]))
    if shape == "page":
        return f"<html><head><title>{draw(_text)}</title></head><body><article><p>{body}</p></article></body></html>"
    if shape == "nested":
        depth = draw(st.integers(1, 600))  # the cleaner refuses trees deeper than 200
        tag = draw(_tag)
        return f"<{tag}>" * depth + body + f"</{tag}>" * draw(st.integers(0, depth))
    if shape == "unclosed":
        return "".join(f"<{draw(_tag)} class='{draw(_text)[:20]}'>" for _ in range(draw(st.integers(0, 200)))) + body
    if shape == "script":
        return f"<html><body><script>{body}</script><p>{draw(_text)}</p></body></html>"
    if shape == "wide":
        return "<html><body>" + "<p>x</p>" * draw(st.integers(0, 600)) + f"<p>{body}</p></body></html>"
    return body


_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=10,
)


@st.composite
def article_requests(draw: st.DrawFn) -> tuple[str, bytes]:
    """(content type, body) of a POST /articles: mostly JSON objects shaped like the API's, some not at all."""
    kind = draw(st.sampled_from(["article", "article", "article", "json", "bytes"]))
    if kind == "bytes":
        return draw(st.sampled_from(["application/json", "text/plain"])), draw(st.binary(max_size=400))
    if kind == "json":
        return "application/json", json.dumps(draw(_json_value)).encode()
    body: dict[str, Any] = {}
    for field, strategy in [
        ("url", st.one_of(st.just("https://news.example/a?utm_source=x"), _text, st.integers())),
        ("html", _html()),
        ("text", st.one_of(_report, _text)),
        ("title", _text),
        ("outlet", _text),
        ("published_at", st.one_of(_text, st.datetimes().map(str))),
    ]:
        if draw(st.booleans()):
            body[field] = draw(strategy)
    if not any(isinstance(body.get(k), str) and body[k].strip() for k in ("html", "text")) and "url" in body:
        # Without content ingest fetches the url: keep that on loopback, where the SSRF guard refuses it.
        body["url"] = LOOPBACK_URL
    return "application/json", json.dumps(body).encode()


def check_answer(status: int, answer: Any) -> str:
    """The outcome of one POST: accepted, or rejected with a reason. Anything else fails the test."""
    if status == 202:
        assert answer["status"] == "accepted" and answer["article_id"], answer
        return "accepted"
    assert status in (400, 413, 422), (status, answer)
    assert answer.get("detail"), f"{status} without a reason: {answer}"
    # A well-formed request whose content (or url) was unusable: a 422 with a sentence, and a dead letter.
    return "dead letter" if status == 422 and isinstance(answer["detail"], str) else f"http {status}"


async def _no_network(host: str, port: int) -> list[str]:
    raise OSError(f"the fuzz test resolves no names ({host})")


@pytest.fixture(scope="module")
def in_process_ingest() -> Iterator[tuple[asyncio.AbstractEventLoop, httpx.AsyncClient, Captured]]:
    """The ingest app on the in-memory broker, driven from a private event loop (hypothesis tests are sync)."""
    loop = asyncio.new_event_loop()
    app_settings = IngestSettings(
        kafka_bootstrap_servers="localhost:1",
        topic_articles_cleaned="fuzz-a",
        topic_articles_rejected="fuzz-r",
        ingest_max_body_bytes=MAX_BODY,
        ingest_fetch_host_delay=0.0,
    )  # the loopback url is refused, not waited for
    app = create_app(app_settings, resolve=_no_network)
    broker = app.state.broker
    captured = Captured(broker, app_settings)
    test_broker = TestKafkaBroker(broker)
    loop.run_until_complete(test_broker.__aenter__())
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://fuzz")
    yield loop, client, captured
    loop.run_until_complete(client.aclose())
    loop.run_until_complete(test_broker.__aexit__(None, None, None))
    loop.close()


def test_post_articles_fuzz_in_process(
    in_process_ingest: tuple[asyncio.AbstractEventLoop, httpx.AsyncClient, Captured],
) -> None:
    loop, client, captured = in_process_ingest
    outcomes: Counter[str] = Counter()

    @settings(
        max_examples=1000, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck)
    )
    @given(article_requests())
    def one(request: tuple[str, bytes]) -> None:
        content_type, body = request
        articles, rejected = captured.to_articles.mock.call_count, captured.to_rejected.mock.call_count
        r = loop.run_until_complete(client.post("/articles", content=body, headers={"content-type": content_type}))
        outcome = check_answer(r.status_code, r.json())
        outcomes[outcome] += 1
        if outcome == "accepted":  # published before the 202, keyed by the answered id
            assert [c.args[0]["article_id"] for c in captured.to_articles.mock.call_args_list[articles:]] == [
                r.json()["article_id"]
            ]
        if outcome == "dead letter":  # a well-formed request with unusable content: a dead letter with the reason
            [dead] = [
                ArticleRejected.model_validate(c.args[0]) for c in captured.to_rejected.mock.call_args_list[rejected:]
            ]
            assert dead.stage == "ingest" and dead.reason and dead.original == body.decode("utf-8", "replace")

    one()
    print(f"\nPOST /articles fuzz (in-process): {sum(outcomes.values())} inputs: {dict(outcomes)}")
    assert sum(outcomes.values()) >= 1000
    assert outcomes["accepted"] and outcomes["dead letter"] and outcomes["http 422"], outcomes


def collect(strategy: st.SearchStrategy[Any], n: int) -> list[Any]:
    """``n`` examples of ``strategy`` drawn by hypothesis (deterministic)."""
    found: list[Any] = []

    @settings(max_examples=n, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def draw(x: Any) -> None:
        found.append(x)

    draw()
    return found


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with embedded_stack(
        log_dir=tmp_path_factory.mktemp("fuzz-logs"),
        extra_env={"CLAIMSTREAM_INGEST_MAX_BODY_BYTES": str(MAX_BODY), "CLAIMSTREAM_INGEST_FETCH_HOST_DELAY": "0"},
    ) as s:
        yield s


def stats(stack: Stack) -> dict[str, Any]:
    return httpx.get(f"{stack.url('index')}/stats", timeout=30).json()


def wait_idle(stack: Stack, timeout: float = 180.0) -> dict[str, Any]:
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = stats(stack)
        if s["idle"]:
            return s
        time.sleep(1)
    raise AssertionError(f"pipeline not idle within {timeout:.0f}s: {stats(stack)}")


@pytest.mark.e2e
@pytest.mark.kafka
@pytest.mark.elasticsearch
def test_post_articles_fuzz_against_the_running_ingest(stack: Stack) -> None:
    requests = collect(article_requests(), 100)
    outcomes: Counter[str] = Counter()
    with httpx.Client(timeout=60) as client:
        for content_type, body in requests:
            r = client.post(f"{stack.url('ingest')}/articles", content=body, headers={"content-type": content_type})
            outcomes[check_answer(r.status_code, r.json())] += 1
        assert client.get(f"{stack.url('ingest')}/healthz").status_code == 200
    s = wait_idle(stack)
    print(f"\nPOST /articles fuzz (real ingest): {len(requests)} inputs: {dict(outcomes)}; stats {s}")
    assert stack.procs["ingest"].alive() and outcomes["accepted"] and outcomes["dead letter"]
    assert s["messages"] == outcomes["accepted"] and s["in_flight"] == 0
    assert s["indexed"] + s["rejected"] == s["ingested"]
    assert 1 <= s["rejected_at_ingest"] <= outcomes["dead letter"]  # identical unusable bodies are one dead letter


def _valid_event(i: int) -> bytes:
    return (
        ArticleCleaned(
            article_id=f"fuzzraw{i:05d}", text=REPORT.format(n=i, m=i + 1), language="en", ingested_at=datetime.now(UTC)
        )
        .model_dump_json()
        .encode()
    )


@st.composite
def raw_records(draw: st.DrawFn) -> bytes:
    """Bytes for the articles topic: random, JSON of any shape, broken events, and some valid events."""
    kind = draw(st.sampled_from(["binary", "json", "mutated", "truncated", "valid"]))
    if kind == "binary":
        return draw(st.binary(max_size=300))
    if kind == "json":
        return json.dumps(draw(_json_value)).encode()
    event = json.loads(_valid_event(draw(st.integers(0, 99999))))
    if kind == "mutated":
        field = draw(st.sampled_from(sorted(event)))
        event[field] = draw(_json_value)
        return json.dumps(event).encode()
    if kind == "truncated":
        raw = json.dumps(event).encode()
        return raw[: draw(st.integers(0, len(raw) - 1))]
    return json.dumps(event).encode()


async def _publish(bootstrap: str, topic: str, values: list[bytes]) -> list[tuple[int, int]]:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        placed = []
        for i, value in enumerate(values):
            meta = await producer.send_and_wait(topic, value, key=f"raw{i}".encode())
            placed.append((meta.partition, meta.offset))
        return placed
    finally:
        await producer.stop()


@pytest.mark.e2e
@pytest.mark.kafka
@pytest.mark.elasticsearch
def test_raw_bytes_on_the_articles_topic_are_indexed_or_dead_lettered(stack: Stack) -> None:
    values = collect(raw_records(), 300)
    before = stats(stack)
    placed = asyncio.run(_publish(stack.kafka, "articles.cleaned", values))
    after = wait_idle(stack)
    es = stack.elasticsearch
    for alias in ("articles", "rejected"):
        httpx.post(f"{es}/{alias}/_refresh", timeout=30)
    valid, dead = 0, 0
    for value, (partition, offset) in zip(values, placed, strict=True):
        try:
            event: ArticleCleaned | None = ArticleCleaned.model_validate_json(value)
        except ValueError:
            event = None
        if event is not None:
            valid += 1
            assert httpx.get(f"{es}/articles/_doc/{event.article_id}", timeout=30).status_code == 200, event.article_id
        else:
            dead += 1
            doc = httpx.get(f"{es}/rejected/_doc/articles.cleaned:{partition}:{offset}", timeout=30).json()
            assert doc.get("found"), f"no dead letter for articles.cleaned[{partition}]@{offset}: {value[:80]!r}"
            assert doc["_source"]["reason"] and doc["_source"]["stage"] in ("extract", "index")
    for name in ("ingest", "extract", "index"):
        assert stack.procs[name].alive(), f"{name} died"
    print(
        f"\nraw bytes on articles.cleaned: {len(values)} records: {valid} valid (indexed), {dead} dead-lettered; "
        f"accounting before {before['ingested']}/{before['indexed']}/{before['rejected']}, "
        f"after {after['ingested']}/{after['indexed']}/{after['rejected']} (ingested/indexed/rejected)"
    )
    assert valid and dead
    assert after["messages"] - before["messages"] == len(values)
    assert after["rejected"] - before["rejected"] == dead
    assert after["in_flight"] == 0 and after["ingested"] == after["indexed"] + after["rejected"]
