"""GET /stories and GET /stories/{id} on a real osmem server, fed through the index handlers (in-memory broker)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from faststream.kafka import TestKafkaBroker

from claimstream.services.index.store import Store
from claimstream.services.index.stories_api import build_stories_api
from tests.test_stories_es import FLOOD, FLOOD_2, OTHER, article, claim, index_broker, store  # noqa: F401

pytestmark = pytest.mark.elasticsearch


@pytest.fixture
async def client(store: Store, uid: str) -> AsyncIterator[httpx.AsyncClient]:  # noqa: F811
    broker, topics = index_broker(store, uid, "localhost:1")
    arts, cls = topics["topic_articles_cleaned"], topics["topic_claims_extracted"]
    async with TestKafkaBroker(broker) as br:
        await br.publish(article("f1", FLOOD, 0, "Northern Ledger"), arts)
        await br.publish(article("f2", FLOOD_2, 7, "Coastal Tribune"), arts)
        await br.publish(article("o1", OTHER, 30, "Seoul Daily"), arts)
        await br.publish(claim("c1", "f1", "Dana Korval", 112), cls)
        await br.publish(claim("c2", "f2", "Tomas Elvir", 151), cls)
        await br.publish(claim("c3", "o1", "NIS", 11000), cls)
    app = FastAPI()
    app.include_router(build_stories_api(store))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as c:
        yield c


async def get(client: httpx.AsyncClient, path: str, **params: Any) -> Any:
    r = await client.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


async def test_recent_stories_latest_first_with_counts_outlets_and_disagreement(client: httpx.AsyncClient) -> None:
    page = await get(client, "/stories")
    assert [s["story_id"] for s in page["stories"]] == ["o1", "f1"] and page["total"] == 2
    flood = page["stories"][1]
    assert flood["articles"] == 2 and flood["claims"] == 2 and flood["sources_disagree"] is True
    assert flood["outlets"] == ["Coastal Tribune", "Northern Ledger"]
    assert flood["first"] < flood["last"] and flood["compare_url"] == "/claims/compare?story_id=f1"
    assert page["stories"][0]["sources_disagree"] is False  # one source only


async def test_filters_and_cursor(client: httpx.AsyncClient) -> None:
    assert [s["story_id"] for s in (await get(client, "/stories", outlet="Seoul Daily"))["stories"]] == ["o1"]
    assert [s["story_id"] for s in (await get(client, "/stories", q="Selka"))["stories"]] == ["f1"]
    assert [s["story_id"] for s in (await get(client, "/stories", min_articles=2))["stories"]] == ["f1"]
    late = await get(client, "/stories", date_from="2026-03-05T00:00:00Z")
    assert [s["story_id"] for s in late["stories"]] == ["o1"]
    first = await get(client, "/stories", size=1)
    assert first["next_cursor"]
    second = await get(client, "/stories", size=1, cursor=first["next_cursor"])
    assert [s["story_id"] for s in first["stories"] + second["stories"]] == ["o1", "f1"]
    for bad in ({"cursor": "nope"}, {"date_from": "2026-03-05", "date_to": "2026-03-01"}, {"size": 0}):
        assert (await client.get("/stories", params=bad)).status_code == 422


async def test_one_story_with_its_articles_and_a_missing_one(client: httpx.AsyncClient) -> None:
    s = await get(client, "/stories/f1")
    assert [a["article_id"] for a in s["article_list"]] == ["f1", "f2"]
    assert s["title"] and "Selka" in s["entities"] and s["claims"] == 2
    missing = await client.get("/stories/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]
