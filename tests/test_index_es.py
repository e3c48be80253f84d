"""The index service's Elasticsearch side against a real server (osmem): templates, aliases, bulk, search API."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI

from claimstream.services.index.api import build_api
from claimstream.services.index.documents import Action, article_doc, claim_doc
from claimstream.services.index.store import Store
from claimstream.shared.elastic import build_client
from claimstream.shared.events import ArticleCleaned, ClaimExtracted, Entity, Quantity, Speaker
from claimstream.shared.settings import IndexSettings

pytestmark = pytest.mark.elasticsearch
NOW = datetime(2026, 3, 4, 12, tzinfo=UTC)


@pytest.fixture
async def store(es_url: str, uid: str) -> AsyncIterator[Store]:
    settings = IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=es_url, index_prefix=f"t{uid}-")
    s = Store(build_client(settings), settings.index_prefix, max_attempts=2, max_backoff=0.1)
    await s.ensure()
    yield s
    await s.es.close()


def claim(n: int, outlet: str, speaker: str, value: float, counts: str, day: int = 4) -> ClaimExtracted:
    return ClaimExtracted(
        claim_id=f"c{n}",
        article_id=f"a{n % 2}",
        outlet=outlet,
        published_at=NOW.replace(day=day),
        text=f"{value:,.0f} {counts} were sent, officials said",
        sentence=f"Officials said {value:,.0f} {counts} were sent.",
        span=(n * 10, n * 10 + 9),
        speaker=Speaker(name=speaker, kind="person", canonical=speaker),
        cue="said",
        attribution="indirect",
        quantities=[Quantity(value=value, counts=counts, text=f"{value:,.0f}")],
        entities=[Entity(text="Kursk", label="GPE")],
        hedged=n % 2 == 0,
    )


async def refresh(store: Store) -> None:
    await store.es.indices.refresh(index=store.alias("claims"))
    await store.es.indices.refresh(index=store.alias("articles"))


async def test_ensure_creates_versioned_indices_behind_aliases_idempotently(store: Store) -> None:
    await store.ensure()  # second call: no error, nothing recreated
    for kind in ("articles", "claims", "rejected"):
        aliases = (await store.es.indices.get_alias(name=store.alias(kind))).body
        assert list(aliases) == [f"{store.prefix}{kind}-v1"]
    mapping = (await store.es.indices.get_mapping(index=store.alias("claims"))).body
    props = next(iter(mapping.values()))["mappings"]["properties"]
    assert props["quantities"]["type"] == "nested" and props["speaker"]["properties"]["canonical"]["type"] == "keyword"


async def test_two_replicas_starting_at_once_both_ensure_the_indices(es_url: str, uid: str) -> None:
    settings = IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=es_url, index_prefix=f"r{uid}-")
    stores = [Store(build_client(settings), settings.index_prefix) for _ in range(2)]
    try:
        await asyncio.gather(*(s.ensure() for s in stores))  # both see no alias; one create finds the index made
        aliases = (await stores[0].es.indices.get_alias(name=stores[0].alias("claims"))).body
        assert list(aliases) == [f"r{uid}-claims-v1"]
    finally:
        for s in stores:
            await s.es.close()


async def test_bulk_is_idempotent_by_event_id(store: Store) -> None:
    actions = [
        Action(store.alias("claims"), c.claim_id, claim_doc(c, NOW))
        for c in (claim(1, "A", "X", 1, "troops"), claim(2, "B", "Y", 2, "troops"))
    ]
    assert await store.bulk(actions) == []
    assert await store.bulk(actions) == []  # redelivery
    await refresh(store)
    assert (await store.es.count(index=store.alias("claims")))["count"] == 2


async def test_a_claim_with_parts_is_stored_and_read_back(store: Store) -> None:
    # "“A,” she said, “B.”" is one claim of two pieces; the pieces' offsets are kept, not indexed
    pieced = claim(5, "A", "X", 5, "ferries").model_copy(update={"parts": [(51, 60), (75, 90)]})
    assert await store.bulk([Action(store.alias("claims"), pieced.claim_id, claim_doc(pieced, NOW))]) == []
    await refresh(store)
    stored = await store.es.get(index=store.alias("claims"), id=pieced.claim_id)
    assert stored["_source"]["parts"] == [[51, 60], [75, 90]]
    mapping = await store.es.indices.get_mapping(index=store.alias("claims"))
    [properties] = [m["mappings"]["properties"] for m in mapping.body.values()]
    assert properties["parts"]["index"] is False


async def test_bulk_returns_items_refused_for_good(store: Store) -> None:
    good = Action(
        store.alias("articles"),
        "ok",
        article_doc(ArticleCleaned(article_id="ok", text="some text", ingested_at=NOW), NOW),
    )
    bad = Action(store.alias("articles"), "bad", {**good.doc, "article_id": "bad", "published_at": "not a date"})
    [refused] = await store.bulk([good, bad])
    assert refused.article_id == "bad" and refused.reason.startswith("Elasticsearch refused the document (4")
    assert json.loads(refused.original or b"")["published_at"] == "not a date"


@pytest.fixture
async def api(store: Store) -> AsyncIterator[httpx.AsyncClient]:
    claims = [
        claim(1, "Kyiv Post", "Syrskyi", 12000, "troops", 4),
        claim(2, "BBC", "Kirby", 11000, "troops", 5),
        claim(3, "BBC", "Kirby", 300, "killed", 5),
        claim(4, "NYT", "NIS", 2700, "wounded", 6),
    ]
    await store.bulk([Action(store.alias("claims"), c.claim_id, claim_doc(c, NOW)) for c in claims])
    article = ArticleCleaned(
        article_id="a1", outlet="BBC", title="Troops in Kursk", text="Officials said troops were sent.", ingested_at=NOW
    )
    await store.bulk([Action(store.alias("articles"), "a1", article_doc(article, NOW))])
    await refresh(store)
    app = FastAPI()
    app.include_router(build_api(store))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        yield client


async def test_claims_search_filters_and_facets(api: httpx.AsyncClient) -> None:
    r = (await api.get("/claims", params={"q": "troops"})).json()
    assert r["total"] == 2
    assert {f["value"]: f["count"] for f in r["facets"]["outlet"]} == {"Kyiv Post": 1, "BBC": 1}
    assert all("<mark>" in "".join(h["highlight"].get("text", [])) for h in r["hits"])
    assert (await api.get("/claims", params={"speaker": "Kirby"})).json()["total"] == 2
    assert (await api.get("/claims", params={"outlet": ["BBC", "NYT"]})).json()["total"] == 3
    assert (await api.get("/claims", params={"entity": "Kursk"})).json()["total"] == 4
    assert (await api.get("/claims", params={"counts": "troops", "min_value": 11500})).json()["hits"][0][
        "outlet"
    ] == "Kyiv Post"
    assert (
        await api.get("/claims", params={"date_from": "2026-03-05T00:00:00Z", "date_to": "2026-03-05T23:59:59Z"})
    ).json()["total"] == 2
    assert (await api.get("/claims", params={"hedged": "true"})).json()["total"] == 2


async def test_claims_pagination_with_cursor_visits_every_hit_once(api: httpx.AsyncClient) -> None:
    seen: list[str] = []
    params: dict[str, str | int] = {"size": 3, "sort": "date"}
    for _ in range(5):
        page = (await api.get("/claims", params=params)).json()
        seen += [h["claim_id"] for h in page["hits"]]
        if not page["next_cursor"]:
            break
        params["cursor"] = page["next_cursor"]
    assert sorted(seen) == ["c1", "c2", "c3", "c4"]


async def test_invalid_parameters_get_422_with_reason(api: httpx.AsyncClient) -> None:
    for params in ({"size": 1000}, {"cursor": "garbage"}, {"date_from": "yesterday"}, {"sort": "random"}):
        r = await api.get("/claims", params=params)
        assert r.status_code == 422, params
        assert r.json()["detail"]


async def test_article_with_its_claims(api: httpx.AsyncClient) -> None:
    r = (await api.get("/articles/a1")).json()
    assert r["title"] == "Troops in Kursk" and [c["claim_id"] for c in r["claims"]] == ["c1", "c3"]
    missing = await api.get("/articles/nope")
    assert missing.status_code == 404 and "nope" in missing.json()["detail"]
    assert (await api.get("/articles", params={"q": "kursk"})).json()["total"] == 1
