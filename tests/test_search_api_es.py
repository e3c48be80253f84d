"""The search API on real data: the demo reports and the seeds-dev articles, extracted by the real extractor,
indexed through the index handlers (in-memory broker) into a real osmem server. Every filter, facet and
comparison group of the search issue is exercised here."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from faststream.kafka import TestKafkaBroker

from claimstream.services.index.api import build_api
from claimstream.services.index.handlers import build_router
from claimstream.services.index.store import Store
from claimstream.shared.broker import build_broker
from claimstream.shared.elastic import build_client
from claimstream.shared.events import ArticleCleaned
from claimstream.shared.settings import IndexSettings

pytestmark = pytest.mark.elasticsearch
DEMO = Path(__file__).resolve().parents[1] / "claimstream" / "demo"
SEED_OUTLETS = {"000_9cf027c18a6fb95f.txt": "Outlet 000", "002_61f1521eaff463c2.txt": "Outlet 002"}
INGESTED = datetime.fromisoformat("2026-03-06T12:00:00+00:00")


def corpus(shared: Path) -> list[ArticleCleaned]:
    manifest = json.loads((DEMO / "manifest.json").read_text())["articles"]
    demo = [
        ArticleCleaned(
            article_id=m["file"].removesuffix(".txt"),
            outlet=m["outlet"],
            url=m["url"],
            language="en",
            published_at=m["published_at"],
            text=(DEMO / m["file"]).read_text(),
            ingested_at=INGESTED,
        )
        for m in manifest
    ]
    seeds = [
        ArticleCleaned(
            article_id=f"seed{name[:3]}",
            outlet=outlet,
            language="en",
            text=(shared / "seeds-dev" / name).read_text(),
            ingested_at=INGESTED,
        )
        for name, outlet in SEED_OUTLETS.items()
    ]
    german = ArticleCleaned(
        article_id="de1",
        outlet="Rheinbote",
        language="de",
        published_at="2026-02-01T00:00:00Z",
        text="Der Minister sagte, 300 Menschen seien gestorben.",
        ingested_at=INGESTED,
    )
    return demo + seeds + [german]


async def populate(es_url: str, prefix: str, articles: list[ArticleCleaned], extractor: Any) -> None:
    topics = {
        "topic_articles_cleaned": f"{prefix}articles",
        "topic_claims_extracted": f"{prefix}claims",
        "topic_articles_rejected": f"{prefix}rejected",
    }
    settings = IndexSettings(
        kafka_bootstrap_servers="localhost:1",
        elasticsearch_url=es_url,
        index_prefix=prefix,
        index_group_id=prefix,
        **topics,
    )
    store = Store(build_client(settings), prefix)
    await store.ensure()
    broker = build_broker(settings, "index")
    broker.include_router(build_router(settings, broker, store))
    claims = [extractor.extract(a) if a.language == "en" else [] for a in articles]  # as the extract handler does
    async with TestKafkaBroker(broker) as br:
        for n, (article, found) in enumerate(zip(articles, claims, strict=True)):
            if n % 2:  # every other article arrives after its claims, as separate consumers allow
                await publish_claims(br, found, topics["topic_claims_extracted"])
                await br.publish(article, topics["topic_articles_cleaned"])
            else:
                await br.publish(article, topics["topic_articles_cleaned"])
                await publish_claims(br, found, topics["topic_claims_extracted"])
    await store.es.close()


async def publish_claims(br: Any, claims: list[Any], topic: str) -> None:
    if claims:
        await br.publish_batch(*claims, topic=topic)


@pytest.fixture(scope="module")
def indexed(es_url: str, shared_dir: Path, extractor: Any) -> Iterator[str]:
    """The index prefix holding the demo, seeds-dev and one German article."""
    prefix = "search-api-"
    asyncio.run(populate(es_url, prefix, corpus(shared_dir), extractor))
    yield prefix


@pytest.fixture
async def api(es_url: str, indexed: str) -> AsyncIterator[httpx.AsyncClient]:
    store = Store(build_client(IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=es_url)), indexed)
    app = FastAPI()
    app.include_router(build_api(store))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        yield client
    await store.es.close()


async def get(api: httpx.AsyncClient, path: str, **params: Any) -> dict[str, Any]:
    r = await api.get(path, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def facet(r: dict[str, Any], name: str) -> dict[str, int]:
    return {f["value"]: f["count"] for f in r["facets"][name]}


async def test_articles_are_grouped_into_stories(api: httpx.AsyncClient) -> None:
    r = await get(api, "/articles", size=10)
    story = {a["article_id"]: a["story_id"] for a in r["hits"]}
    assert story["northern-ledger"] == story["coastal-tribune"] == story["meridian-wire"] == "northern-ledger"
    assert story["seed000"] == story["seed002"] != story["northern-ledger"] and story["de1"] == "de1"
    assert facet(r, "story") == {"northern-ledger": 3, story["seed000"]: 2, "de1": 1}
    assert all("lsh_bands" not in a for a in r["hits"])


async def test_claims_carry_story_and_language_of_their_article(api: httpx.AsyncClient) -> None:
    r = await get(api, "/claims", size=100)
    assert r["total"] > 20 and all(c.get("story_id") and c.get("language") == "en" for c in r["hits"])
    by_article = {c["article_id"]: c["story_id"] for c in r["hits"]}
    assert by_article["meridian-wire"] == "northern-ledger" and by_article["seed002"] == by_article["seed000"]
    assert facet(r, "language") == {"en": r["total"]}
    assert (await get(api, "/claims", language="de"))["total"] == 0
    assert (await get(api, "/claims", story_id="northern-ledger"))["total"] == sum(
        1 for c in r["hits"] if c["story_id"] == "northern-ledger"
    )


async def test_keyword_filters(api: httpx.AsyncClient) -> None:
    def ids(r: dict[str, Any]) -> set[str]:
        return {c["article_id"] for c in r["hits"]}

    meridian = await get(api, "/claims", outlet="Meridian Wire", size=100)
    assert meridian["total"] > 0 and ids(meridian) == {"meridian-wire"}
    korval = await get(api, "/claims", speaker="Dana Korval", size=100)  # canonical name
    assert korval["total"] >= 2 and {c["speaker"]["canonical"] for c in korval["hits"]} == {"Dana Korval"}
    assert (await get(api, "/claims", speaker="Gen. Oleksandr Syrskyi"))["total"] == 1  # the name as written
    kursk = await get(api, "/claims", entity="Kursk", size=100)
    assert kursk["total"] > 0 and all(any(e["text"] == "Kursk" for e in c["entities"]) for c in kursk["hits"])
    for field, value in (("attribution", "direct_quote"), ("cue", "said")):
        r = await get(api, "/claims", **{field: value}, size=100)
        assert r["total"] > 0 and {c[field] for c in r["hits"]} == {value}
    hedged = await get(api, "/claims", hedged="true", size=100)
    assert hedged["total"] > 0 and all(c["hedged"] for c in hedged["hits"])
    assert (
        hedged["total"] + (await get(api, "/claims", hedged="false"))["total"] == (await get(api, "/claims"))["total"]
    )
    assert ids(await get(api, "/claims", article_id="seed002", size=100)) == {"seed002"}


async def test_date_range_and_sort_by_date(api: httpx.AsyncClient) -> None:
    r = await get(api, "/claims", date_from="2026-03-05T00:00:00Z", date_to="2026-03-05T23:59:59Z", size=100)
    assert r["total"] > 0 and {c["outlet"] for c in r["hits"]} == {"Meridian Wire"}
    by_date = await get(api, "/claims", q="displaced", sort="date", size=100)
    dates = [c["published_at"] for c in by_date["hits"] if c["published_at"]]
    assert dates == sorted(dates, reverse=True) and len(set(dates)) >= 2
    assert facet(await get(api, "/claims", outlet="Meridian Wire"), "published") == {
        "2026-03-05T00:00:00.000Z": r["total"]
    }


async def test_quantity_filters_are_nested(api: httpx.AsyncClient) -> None:
    troops = await get(api, "/claims", counts="troops", size=100)  # lemma 'troop' and synonyms ('soldier')
    counted = {q["counts"] for c in troops["hits"] for q in c["quantities"]}
    assert {"troop", "soldier"} <= counted
    big = await get(api, "/claims", counts="troops", min_value=11500, size=100)
    assert [q["value"] for c in big["hits"] for q in c["quantities"] if q["counts"] == "troop"] == [12000]
    # one quantity must satisfy every condition: the claim counting 300 soldiers (and their derived 3,000
    # casualties) also holds 2,700 wounded, a value in range on a quantity that counts no soldiers
    assert (await get(api, "/claims", counts="soldiers", min_value=2000, max_value=2900))["total"] == 0
    killed = await get(api, "/claims", measure="people killed", size=100)
    assert {q["value"] for c in killed["hits"] for q in c["quantities"] if q.get("measure") == "people killed"} == {
        112,
        118,
        140,
        151,
    }
    km = await get(api, "/claims", unit="km", size=100)
    assert km["total"] == 1 and km["hits"][0]["quantities"][0]["normalized_value"] == 25000


async def test_facets_and_highlights(api: httpx.AsyncClient) -> None:
    r = await get(api, "/claims", q="displaced", size=5)
    assert {"Northern Ledger", "Meridian Wire"} <= set(facet(r, "outlet"))
    assert all(
        "<mark>" in "".join(h["highlight"].get("text", []) + h["highlight"].get("sentence", [])) for h in r["hits"]
    )
    every = await get(api, "/claims", size=1)
    assert facet(every, "speaker")["Dana Korval"] >= 2 and facet(every, "entity")["North Korean"] >= 5
    assert facet(every, "cue")["said"] >= 5 and len(facet(every, "story")) == 2
    assert facet(every, "measure")["people killed"] == 5  # claims, not quantities: 151 and 118 share a claim (twice)
    assert facet(every, "measure")["troops deployed"] == 3 and facet(every, "attribution")
    assert sum(facet(every, "published").values()) < every["total"]  # seeds have no date
    assert set(facet(every, "published")) == {"2026-03-04T00:00:00.000Z", "2026-03-05T00:00:00.000Z"}
    articles = await get(api, "/articles", size=1)
    assert "Dana Korval" in facet(articles, "speaker") and facet(articles, "entity")["Arvenia"] == 3
    assert facet(articles, "language") == {"en": 5, "de": 1}
    assert (await get(api, "/articles", speaker="Seth Jones"))["hits"][0]["article_id"] == "seed002"
    assert (await get(api, "/articles", entity="Kursk"))["total"] == 2
    assert (await get(api, "/articles", language="de"))["hits"][0]["article_id"] == "de1"


async def test_search_after_pagination_visits_every_hit_once(api: httpx.AsyncClient) -> None:
    total = (await get(api, "/claims", q="said"))["total"]
    for sort in ("date",):  # relevance: see test_relevance_pages_never_repeat_a_hit
        seen: list[str] = []
        params: dict[str, Any] = {"q": "said", "size": 4, "sort": sort}
        for _ in range(50):
            page = await get(api, "/claims", **params)
            seen += [c["claim_id"] for c in page["hits"]]
            if not page["next_cursor"]:
                break
            params["cursor"] = page["next_cursor"]
        assert len(seen) == len(set(seen)) == total > 4, sort


async def test_relevance_pages_follow_the_score_order(api: httpx.AsyncClient) -> None:
    # search_after on [_score, claim_id]. Elasticsearch pages exactly. The stand-in server compares the cursor's
    # score after rounding, so hits whose scores tie at that precision may repeat or be skipped at a page
    # boundary. What must hold on both: pages follow the score order, the first page is the top of the ranking,
    # and a hit can come back only when its score ties (at float32 precision) with a page boundary's.
    first = await get(api, "/claims", q="said", size=40)
    seen: list[str] = []
    scores: list[float] = []
    boundaries: list[float] = []
    params: dict[str, Any] = {"q": "said", "size": 4}
    for _ in range(50):
        page = await get(api, "/claims", **params)
        seen += [c["claim_id"] for c in page["hits"]]
        scores += [c["_score"] for c in page["hits"]]
        if not page["next_cursor"]:
            break
        boundaries.append(page["hits"][-1]["_score"])
        params["cursor"] = page["next_cursor"]
    assert scores == sorted(scores, reverse=True)
    assert seen[:4] == [c["claim_id"] for c in first["hits"][:4]]
    assert len(set(seen)) >= first["total"] - len(boundaries)
    repeated = {cid for cid in seen if seen.count(cid) > 1}
    for cid in repeated:
        score = scores[seen.index(cid)]
        assert any(abs(score - b) <= 1e-6 * max(1.0, abs(b)) for b in boundaries), (cid, score, boundaries)


async def test_invalid_parameters_get_422_with_reason(api: httpx.AsyncClient) -> None:
    for path, params in (
        ("/claims", {"size": 101}),
        ("/claims", {"min_value": 5, "max_value": 1}),
        ("/claims", {"date_from": "2026-03-06T00:00:00Z", "date_to": "2026-03-01T00:00:00Z"}),
        ("/claims", {"hedged": "maybe"}),
        ("/claims", {"min_value": "many"}),
        ("/articles", {"size": 0}),
        ("/claims/compare", {}),
        ("/claims/compare", {"q": "x", "limit": 5000}),
        ("/claims/compare", {"q": "x", "tolerance": 2}),
    ):
        r = await api.get(path, params=params)
        assert r.status_code == 422, (path, params)
        assert r.json()["detail"], (path, params)
    detail = (await api.get("/claims/compare")).json()["detail"]
    assert "q" in detail and "story_id" in detail


async def test_compare_seeds_troops_is_one_group_with_both_figures(api: httpx.AsyncClient) -> None:
    story = (await get(api, "/articles/seed000"))["story_id"]
    r = await get(api, "/claims/compare", story_id=story)
    troops = [g for g in r["groups"] if g["subject"] == "troops" and g["event"] in (None, "deployed")]  # troops sent
    assert len(troops) == 1
    [g] = troops
    assert g["values"] == [11000, 12000] and g["relative_spread"] == round(1000 / 12000, 4)
    assert g["verdict"] == "consistent" and g["figures_differ"]  # about 11,000 (9,900-12,100) overlaps 12,000
    assert {r["outlet"] for r in g["readings"]} == {"Outlet 000", "Outlet 002"}
    assert {(r["value"], r["speaker"]) for r in g["readings"]} >= {
        (12000, "Oleksandr Syrskyi"),
        (11000, "National Intelligence Service"),
    }
    assert all(r["story_id"] == story for r in g["readings"])
    by_text = await get(api, "/claims/compare", q="troops")
    assert [x["values"] for x in by_text["groups"] if x["measure"] == g["measure"]] == [[11000, 12000]]


async def test_compare_demo_shows_the_disagreements(api: httpx.AsyncClient) -> None:
    r = await get(api, "/claims/compare", story_id="northern-ledger")
    groups = {g["measure"]: g for g in r["groups"]}
    killed, displaced = groups["people killed"], groups["people displaced"]
    assert (
        killed["values"] == [112, 118, 140, 151]
        and killed["discrepancy"]
        and killed["min"] == 112
        and killed["max"] == 151
    )
    assert {"Dana Korval", "Tomas Elvir"} <= {x["speaker"] for x in killed["readings"]}
    assert displaced["values"] == [18000, 20000, 22000] and displaced["discrepancy"]
    assert set(displaced["outlets"]) == {"Northern Ledger", "Coastal Tribune", "Meridian Wire"}
    assert all(x["published_at"] and x["claim_id"] for x in displaced["readings"])
    assert r["groups"][0]["discrepancy"] and not r["truncated"]
    assert "troops" not in groups  # another story
    lenient = await get(api, "/claims/compare", story_id="northern-ledger", tolerance=0.5)
    assert not any(g["discrepancy"] for g in lenient["groups"] if g["measure"] in ("people killed", "people displaced"))
    bounded = await get(api, "/claims/compare", q="killed | displaced", limit=2)
    assert bounded["claims_compared"] == 2 and bounded["truncated"]
