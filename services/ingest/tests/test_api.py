"""POST /articles with the in-memory broker: 202 only after publishing; every bad input gets a 4xx reason."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from faststream.kafka import TestKafkaBroker

from claimstream.services.ingest.main import create_app
from claimstream.services.ingest.tests.local_web import Captured
from claimstream.shared.settings import IngestSettings

ARTICLE = (
    "The regional governor said on Wednesday that at least 140 people were killed when the dam gave way. "
    "Aid agencies estimated that 5,000 homes may have been damaged, and the United Nations said it would "
    "send 30 tonnes of supplies to the valley within three days."
)


@pytest.fixture
async def api(uid: str) -> AsyncIterator[tuple[httpx.AsyncClient, Captured]]:
    settings = IngestSettings(
        kafka_bootstrap_servers="localhost:1",
        topic_articles_cleaned=f"a-{uid}",
        topic_articles_rejected=f"r-{uid}",
        ingest_max_body_bytes=20_000,
        ingest_api_key="k3y",
    )
    app = create_app(settings)
    broker = app.state.broker
    captured = Captured(broker, settings)
    async with TestKafkaBroker(broker):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t", headers={"X-API-Key": "k3y"}) as client:
            yield client, captured


async def test_text_article_is_published_keyed_by_its_id(api) -> None:  # type: ignore[no-untyped-def]
    client, captured = api
    r = await client.post(
        "/articles", json={"text": ARTICLE, "url": "https://News.example/a?utm_source=x", "outlet": "Ledger"}
    )
    assert r.status_code == 202, r.text
    body = r.json()
    [article] = captured.articles
    assert body["article_id"] == article.article_id
    await captured.to_articles.assert_called_once_with(context={"message.raw_message.key": article.article_id.encode()})
    assert article.outlet == "Ledger" and "utm_source" not in (article.url or "") and "140 people" in article.text


async def test_same_article_twice_gets_the_same_id(api) -> None:  # type: ignore[no-untyped-def]
    client, _ = api
    first = await client.post("/articles", json={"text": ARTICLE, "url": "https://news.example/a"})
    again = await client.post("/articles", json={"text": ARTICLE, "url": "https://news.example/a?utm_campaign=y#top"})
    assert first.json()["article_id"] == again.json()["article_id"]


async def test_empty_after_cleaning_is_422_and_dead_lettered(api) -> None:  # type: ignore[no-untyped-def]
    client, captured = api
    r = await client.post("/articles", json={"html": "<html><body><nav>Home</nav></body></html>"})
    assert r.status_code == 422 and "rejected" in r.json()["detail"]
    [dead] = captured.rejected
    assert dead.stage == "ingest" and "<nav>Home</nav>" in dead.original and captured.articles == []


@pytest.mark.parametrize(
    "payload, status, words",
    [
        ({}, 422, "html"),
        ({"text": "   "}, 422, "html"),
        ({"text": 42}, 422, "string"),
        ({"text": ARTICLE, "published_at": "next tuesday"}, 422, "datetime"),
    ],
)
async def test_invalid_requests_get_422_with_reason(api, payload, status, words) -> None:  # type: ignore[no-untyped-def]
    client, captured = api
    r = await client.post("/articles", json=payload)
    assert r.status_code == status and words in r.text.lower()
    assert captured.articles == []


async def test_body_limit_and_api_key(api) -> None:  # type: ignore[no-untyped-def]
    client, captured = api
    big = await client.post("/articles", json={"text": ARTICLE * 200})
    assert big.status_code == 413 and "limit" in big.json()["detail"]
    no_key = await client.post("/articles", json={"text": ARTICLE}, headers={"X-API-Key": "wrong"})
    assert no_key.status_code == 401
    not_json = await client.post("/articles", content=b"{oops", headers={"content-type": "application/json"})
    assert not_json.status_code == 422
    assert captured.articles == []


async def test_health_and_metrics(api) -> None:  # type: ignore[no-untyped-def]
    client, _ = api
    assert (await client.get("/healthz")).json()["status"] == "ok"
    await client.post("/articles", json={"text": ARTICLE})
    metrics = (await client.get("/metrics")).text
    assert 'claimstream_http_requests_total{route="/articles",service="ingest",status="202"}' in metrics


async def test_concurrent_posts_parse_on_one_thread(api, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # trafilatura shares lxml parsers between calls: two threads parsing at once corrupt memory. Every parse of
    # the ingest pipeline must therefore happen on the same single thread, however many requests are in flight.
    import asyncio
    import threading

    from claimstream.services.ingest import pipeline as pipeline_module

    threads: set[int] = set()
    real_clean = pipeline_module.clean

    def recording_clean(body):  # type: ignore[no-untyped-def]
        threads.add(threading.get_ident())
        return real_clean(body)

    monkeypatch.setattr(pipeline_module, "clean", recording_clean)
    client, captured = api
    html = "<html><body><article><p>{}</p></article></body></html>"
    responses = await asyncio.gather(
        *(client.post("/articles", json={"html": html.format(ARTICLE + f" Report {i}.")}) for i in range(12))
    )
    assert [r.status_code for r in responses] == [202] * 12
    assert len(threads) == 1 and threading.get_ident() not in threads
    assert len(captured.articles) == 12
