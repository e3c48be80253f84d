"""Stories and article <-> claim links through the index handlers, on a real osmem server (in-memory and real
tansu broker): whatever order articles and claims arrive in, and under redelivery, articles about one event
share a story_id, their claims carry it with the article's language, and articles list their claims' speakers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from faststream.kafka import TestKafkaBroker

from claimstream.services.index import centroids
from claimstream.services.index.documents import Action, StoryFields, article_doc, claim_doc
from claimstream.services.index.handlers import build_router
from claimstream.services.index.linking import Linker
from claimstream.services.index.store import Store, template
from claimstream.services.index.story_state import StoryIndex
from claimstream.shared.broker import build_broker
from claimstream.shared.elastic import build_client
from claimstream.shared.events import ArticleCleaned, ClaimExtracted, Quantity, Speaker
from claimstream.shared.settings import IndexSettings
from tests.waiting import wait_for

pytestmark = pytest.mark.elasticsearch
T = datetime(2026, 3, 4, 8, tzinfo=UTC)
FLOOD = (
    "The Selka dam in northern Arvenia collapsed on Tuesday, officials said. Interior Minister Dana Korval "
    "confirmed 112 deaths in Arvenia. Korval visited Selka on Wednesday."
)
FLOOD_2 = (
    "Governor Tomas Elvir said the toll in Arvenia rose to 151 after the Selka dam failed. "
    "Dana Korval reported 118 deaths."
)
OTHER = "North Korean troops were withdrawn from Kursk, Seoul said. The NIS said 11,000 troops were in Kursk."
AID = "Mira Osten of the United Nations said Tomas Elvir asked for help. The United Nations sent Mira Osten."
MARKER = "Harbour master Ilse Varnak said 14 boats sank in Port Lemar on Friday."
BRIDGE = (
    "Dana Korval and Tomas Elvir met in Arvenia near the Selka dam; Mira Osten of the United Nations "
    "joined Tomas Elvir and Dana Korval."
)


def article(aid: str, text: str, hours: float, outlet: str, language: str = "en") -> ArticleCleaned:
    return ArticleCleaned(
        article_id=aid,
        outlet=outlet,
        text=text,
        language=language,
        published_at=T + timedelta(hours=hours),
        ingested_at=T + timedelta(hours=hours),
    )


def claim(cid: str, aid: str, speaker: str, value: float) -> ClaimExtracted:
    return ClaimExtracted(
        claim_id=cid,
        article_id=aid,
        text=f"{value:,.0f} people were killed",
        sentence="s",
        span=(0, 1),
        speaker=Speaker(name=speaker, kind="person", canonical=speaker),
        attribution="indirect",
        quantities=[Quantity(value=value, counts="people", text=f"{value:,.0f}")],
    )


@pytest.fixture(params=["memory", pytest.param("real", marks=pytest.mark.kafka)])
def mode(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def store(es_url: str, uid: str) -> AsyncIterator[Store]:
    s = Store(build_client(IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=es_url)), f"s{uid}-")
    await s.ensure()
    yield s
    await s.es.close()


def index_broker(store: Store, uid: str, bootstrap: str) -> tuple[Any, dict[str, str]]:
    topics = {
        "topic_articles_cleaned": f"articles-{uid}",
        "topic_claims_extracted": f"claims-{uid}",
        "topic_articles_rejected": f"rejected-{uid}",
    }
    settings = IndexSettings(
        kafka_bootstrap_servers=bootstrap,
        elasticsearch_url="unused",
        index_group_id=f"i-{uid}",
        index_prefix=store.prefix,
        **topics,
    )
    broker = build_broker(settings, "index")
    broker.include_router(build_router(settings, broker, store))
    return broker, topics


async def docs(store: Store, kind: str) -> dict[str, dict[str, Any]]:
    await store.es.indices.refresh(index=store.alias(kind))
    raw = await store.es.search(index=store.alias(kind), size=100, query={"match_all": {}})
    return {h["_id"]: h["_source"] for h in raw["hits"]["hits"]}


async def test_story_and_links_whatever_the_order_and_under_redelivery(mode, store, uid, request) -> None:  # type: ignore[no-untyped-def]
    bootstrap = request.getfixturevalue("kafka_bootstrap") if mode == "real" else "localhost:1"
    broker, topics = index_broker(store, uid, bootstrap)
    arts, cls = topics["topic_articles_cleaned"], topics["topic_claims_extracted"]

    async def linked() -> bool:
        c = await docs(store, "claims")
        return len(c) == 3 and all(d.get("story_id") for d in c.values())

    async with TestKafkaBroker(broker, with_real=mode == "real") as br:
        await br.publish(article("f1", FLOOD, 0, "Northern Ledger"), arts, key=b"f1")
        if mode == "real":  # a real broker does not order two topics: let the first article land before the next
            await wait_for(lambda: _has(store, "f1"), 60, "f1 indexed")
        await br.publish(claim("c2", "f2", "Tomas Elvir", 151), cls, key=b"f2")  # a claim before its article
        await br.publish(article("f2", FLOOD_2, 7, "Coastal Tribune"), arts, key=b"f2")
        await br.publish(article("o1", OTHER, 8, "Seoul Daily", language="ko"), arts, key=b"o1")
        await br.publish(claim("c1", "f1", "Dana Korval", 112), cls, key=b"f1")
        await br.publish(claim("c3", "o1", "NIS", 11000), cls, key=b"o1")
        await wait_for(linked, 60, "three claims linked")
        for _ in range(2):  # redelivery of an article and a claim changes nothing
            await br.publish(article("f2", FLOOD_2, 7, "Coastal Tribune"), arts, key=b"f2")
            await br.publish(claim("c2", "f2", "Tomas Elvir", 151), cls, key=b"f2")
        # A sentinel behind the copies on their key: once it is indexed, the copies have been handled.
        await br.publish(article("m", MARKER, 20, "Sentinel"), arts, key=b"f2")
        await br.publish(claim("cm", "m", "Ilse Varnak", 14), cls, key=b"f2")
        await wait_for(lambda: _indexed(store, "m", "cm"), 60, "the sentinel behind the copies")
    a, c = await docs(store, "articles"), await docs(store, "claims")
    del a["m"], c["cm"]
    assert {k: v["story_id"] for k, v in a.items()} == {"f1": "f1", "f2": "f1", "o1": "o1"}
    assert {k: (v["story_id"], v["language"]) for k, v in c.items()} == {
        "c1": ("f1", "en"),
        "c2": ("f1", "en"),
        "c3": ("o1", "ko"),
    }
    assert a["f2"]["speakers"] == ["Tomas Elvir"] and a["f1"]["speakers"] == ["Dana Korval"]
    assert {"Selka", "Arvenia", "Dana Korval"} <= set(a["f1"]["entities"]) and a["f1"]["lsh_bands"]
    assert c["c1"]["quantities"][0]["measure"] == "people killed"


async def _indexed(store: Store, article_id: str, claim_id: str) -> bool:
    return await _has(store, article_id) and claim_id in await docs(store, "claims")


async def _has(store: Store, article_id: str) -> bool:
    return bool(
        (await store.es.options(ignore_status=404).get(index=store.alias("articles"), id=article_id)).body.get("found")
    )


async def test_an_article_naming_two_stories_joins_one_and_never_fuses_them(store, uid) -> None:  # type: ignore[no-untyped-def]
    broker, topics = index_broker(store, uid, "localhost:1")
    arts, cls = topics["topic_articles_cleaned"], topics["topic_claims_extracted"]
    async with TestKafkaBroker(broker) as br:
        await br.publish(article("f1", FLOOD, 0, "Northern Ledger"), arts)
        await br.publish(article("u1", AID, 1, "Meridian Wire"), arts)
        await br.publish(claim("cu", "u1", "Mira Osten", 20000), cls)
        before = {k: v["story_id"] for k, v in (await docs(store, "articles")).items()}
        await br.publish(article("b1", BRIDGE, 2, "Coastal Tribune"), arts)
    assert before == {"f1": "f1", "u1": "u1"}  # no shared names: two stories
    after = {k: v["story_id"] for k, v in (await docs(store, "articles")).items()}
    assert after["f1"] == "f1" and after["u1"] == "u1" and after["b1"] in {"f1", "u1"}
    assert (await docs(store, "claims"))["cu"]["story_id"] == "u1"
    story = (await docs(store, "stories"))[after["b1"]]
    assert story["size"] == 2 and "Coastal Tribune" in story["outlets"] and "b1" in story["members"]


async def test_story_documents_hold_span_title_outlets_and_size(store, uid) -> None:  # type: ignore[no-untyped-def]
    broker, topics = index_broker(store, uid, "localhost:1")
    async with TestKafkaBroker(broker) as br:
        await br.publish(article("f1", FLOOD, 0, "Northern Ledger"), topics["topic_articles_cleaned"])
        await br.publish(article("f2", FLOOD_2, 7, "Coastal Tribune"), topics["topic_articles_cleaned"])
        await br.publish(article("f2", FLOOD_2, 7, "Coastal Tribune"), topics["topic_articles_cleaned"])  # again
    s = await docs(store, "stories")
    assert set(s) == {"f1"}
    assert s["f1"]["size"] == 2 and s["f1"]["members"] == ["f1", "f2"]
    assert sorted(s["f1"]["outlets"]) == ["Coastal Tribune", "Northern Ledger"]
    assert s["f1"]["first"].startswith("2026-03-04T08") and s["f1"]["last"].startswith("2026-03-04T15")
    assert {"Selka", "Arvenia"} <= set(s["f1"]["entities"]) and s["f1"]["title"]
    a = await docs(store, "articles")
    assert "selka" in a["f1"]["story_terms"] and "n:Arvenia" in a["f1"]["story_terms"]


@pytest.mark.parametrize("rounds", [3])
async def test_two_workers_placing_related_articles_at_once_agree_on_one_story(store, rounds) -> None:  # type: ignore[no-untyped-def]
    # Two index workers (two Linkers on one Elasticsearch) get the two reports of one event at the same moment.
    for r in range(rounds):
        workers = [Linker(store), Linker(store)]
        pair = [
            article(f"r{r}a", FLOOD, 100 * r, "Northern Ledger"),
            article(f"r{r}b", FLOOD_2, 100 * r, "Coastal Tribune"),
        ]
        placed = await asyncio.gather(*(w.assign([a]) for w, a in zip(workers, pair, strict=True)))
        await asyncio.gather(
            *(
                _write_and_settle(store, w, a, fields, merges)
                for w, a, (fields, merges) in zip(workers, pair, placed, strict=True)
            )
        )
        a = await docs(store, "articles")
        assert a[f"r{r}a"]["story_id"] == a[f"r{r}b"]["story_id"], r
        stories = await docs(store, "stories")
        kept = stories[a[f"r{r}a"]["story_id"]]
        assert kept["size"] == 2 and not kept.get("merged_into")


async def test_two_workers_holding_a_stale_story_lose_and_duplicate_no_article(store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Both workers hold story f1 as they read it (one member). Each places a report of its event at once: both
    # write the story over the version they hold, the second write conflicts, and that worker reads the story
    # again and places its article again. Without the conflict check one article would vanish from the story.
    workers = [Linker(store), Linker(store)]
    first = article("f1", FLOOD, 0, "Northern Ledger")
    await _write_and_settle(store, workers[0], first, *await workers[0].assign([first]))
    other = article("o1", OTHER, 1, "Seoul Daily")  # the second worker reads the live stories (f1 among them)
    await _write_and_settle(store, workers[1], other, *await workers[1].assign([other]))
    assert all("f1" in w.stories.held for w in workers)
    pair = [article("f2", FLOOD_2, 7, "Coastal Tribune"), article("f3", FLOOD, 8, "Harbour Post")]
    both_decided, waited = asyncio.Barrier(2), set()
    write_all = StoryIndex._write_all

    async def after_both_decided(self, held):  # type: ignore[no-untyped-def]
        if id(self) not in waited:  # each worker's first write waits until both decided on what they hold
            waited.add(id(self))
            await both_decided.wait()
        return await write_all(self, held)

    monkeypatch.setattr(StoryIndex, "_write_all", after_both_decided)
    placed = await asyncio.gather(*(w.assign([a]) for w, a in zip(workers, pair, strict=True)))
    assert [fields[a.article_id].story_id for a, (fields, _) in zip(pair, placed, strict=True)] == ["f1", "f1"]
    for w, a, (fields, merges) in zip(workers, pair, placed, strict=True):
        await _write_and_settle(store, w, a, fields, merges)
    a = await docs(store, "articles")
    assert {k: v["story_id"] for k, v in a.items()} == {"f1": "f1", "f2": "f1", "f3": "f1", "o1": "o1"}
    stories = await docs(store, "stories")
    assert set(stories) == {"f1", "o1"}
    assert sorted(stories["f1"]["members"]) == ["f1", "f2", "f3"] and stories["f1"]["size"] == 3
    assert sorted(stories["f1"]["outlets"]) == ["Coastal Tribune", "Harbour Post", "Northern Ledger"]
    assert sum(w.stories.conflicts for w in workers) == 1  # the path under test was taken


async def _write_and_settle(store, linker, art, fields, merges) -> None:  # type: ignore[no-untyped-def]
    now = datetime.now(UTC)
    doc = article_doc(art, now, fields[art.article_id])
    await store.bulk([Action(store.alias("articles"), art.article_id, doc)], refresh=True)
    await linker.after_articles([art], merges)


async def test_ensure_adds_new_fields_to_a_live_index(store) -> None:  # type: ignore[no-untyped-def]
    # A deployment whose claims index predates a field keeps accepting documents with it after a restart.
    await store.es.indices.delete(index=f"{store.prefix}claims-v1")
    await store.es.indices.create(
        index=f"{store.prefix}claims-old",
        aliases={store.alias("claims"): {"is_write_index": True}},
        mappings={"dynamic": "strict", "properties": {"claim_id": {"type": "keyword"}}},
    )
    await store.ensure()
    mapping = (await store.es.indices.get_mapping(index=store.alias("claims"))).body
    props = next(iter(mapping.values()))["mappings"]["properties"]
    assert props["story_id"]["type"] == "keyword" and props["quantities"]["properties"]["measure"]["type"] == "keyword"


async def test_a_stories_index_from_template_version_1_works_until_rebuilt(store) -> None:  # type: ignore[no-untyped-def]
    # Version 1 indexed lsh_bands and members; Elasticsearch cannot turn `index` off on a live field, so a
    # restart keeps the old index (and its mapping) working, and reprocess --stories' rebuild() replaces it.
    old = {"dynamic": "strict", "properties": {**template("stories")["template"]["mappings"]["properties"]}}
    old["properties"].update(lsh_bands={"type": "keyword"}, members={"type": "keyword"})
    await store.es.indices.delete(index=f"{store.prefix}stories-v2")
    await store.es.indices.create(
        index=f"{store.prefix}stories-v1", aliases={store.alias("stories"): {"is_write_index": True}}, mappings=old
    )
    await store.ensure()  # no error
    index = StoryIndex(store)
    placed, _ = await index.place_all([(centroids.article("f1", FLOOD, None, T), "Ledger")])
    assert placed == {"f1": "f1"}
    await store.rebuild("stories")
    assert list((await store.es.indices.get_alias(name=store.alias("stories"))).body) == [f"{store.prefix}stories-v2"]
    assert not await store.es.indices.exists(index=f"{store.prefix}stories-v1")
    mapping = (await store.es.indices.get_mapping(index=store.alias("stories"))).body
    props = next(iter(mapping.values()))["mappings"]["properties"]
    assert props["lsh_bands"]["index"] is False and props["members"]["doc_values"] is False
    placed, _ = await StoryIndex(store).place_all([(centroids.article("f2", FLOOD_2, None, T), "Tribune")])
    assert placed == {"f2": "f2"}  # the rebuilt index starts empty, and takes new stories
    await store.rebuild("stories")  # current version: emptied in place
    assert (await store.es.count(index=store.alias("stories")))["count"] == 0


async def test_a_story_read_back_from_the_index_equals_the_one_its_worker_holds(store) -> None:  # type: ignore[no-untyped-def]
    # Weights are rounded where they are kept, so the stored document (integer counts of the quantum) reads back
    # as the very story the writer holds, in another worker too: both decide alike on the next article.
    writer = StoryIndex(store)
    placed, _ = await writer.place_all(
        [(centroids.article("f1", FLOOD, None, T), "Ledger"), (centroids.article("f2", FLOOD_2, None, T), "Tribune")]
    )
    assert placed == {"f1": "f1", "f2": "f1"}
    held = writer.held["f1"].story
    got = await store.es.get(index=store.alias("stories"), id="f1")
    assert got["_source"]["centroid"]["body"]["d"] == centroids.DECIMALS
    assert centroids.Story.from_source(got["_source"]) == held
    reader = StoryIndex(store)
    placed, _ = await reader.place_all([(centroids.article("o1", OTHER, None, T + timedelta(hours=1)), "Seoul")])
    assert placed == {"o1": "o1"} and reader.held["f1"].story == held


async def test_a_story_written_with_float_weights_still_takes_members(store) -> None:  # type: ignore[no-untyped-def]
    # A document from before the weights were rounded (17-digit floats, no "d") is read and grown; its next
    # write is in the new form.
    story = centroids.Story("f1", T, T)
    story.add(centroids.article("f1", FLOOD, None, T))
    src = story.to_source()
    for pairs in [*src["centroid"].values(), *src["rep"].values()]:
        pairs["t"] = pairs["t"].split("\t") if pairs["t"] else []
        pairs["w"] = [int(w) / 10**centroids.DECIMALS * (1 + 3e-9) for w in pairs.pop("w").split(",") if w]
        del pairs["d"]
    src.update(outlets=["Ledger"], members=["f1"], updated_at=T.isoformat())
    await store.es.index(index=store.alias("stories"), id="f1", document=src, refresh=True)
    placed, _ = await StoryIndex(store).place_all([(centroids.article("f2", FLOOD_2, None, T), "Tribune")])
    assert placed == {"f2": "f1"}
    doc = (await docs(store, "stories"))["f1"]
    assert doc["size"] == 2 and doc["members"] == ["f1", "f2"] and doc["centroid"]["body"]["d"] == centroids.DECIMALS
    assert all(w.isdigit() for w in doc["centroid"]["body"]["w"].split(","))


def test_reprocess_stories_reassigns_stored_articles_and_their_claims(es_url: str, uid: str) -> None:
    from claimstream.reprocess import reprocess_stories

    prefix = f"r{uid}-"

    async def setup() -> None:
        s = Store(build_client(IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=es_url)), prefix)
        await s.ensure()
        now = datetime.now(UTC)
        stale = StoryFields("topic", T, (), ())  # the old rules put all three in one story
        arts = [article("f1", FLOOD, 0, "Northern Ledger"), article("f2", FLOOD_2, 7, "Coastal Tribune")]
        arts.append(article("o1", OTHER, 8, "Seoul Daily"))
        actions = [Action(s.alias("articles"), a.article_id, article_doc(a, now, stale)) for a in arts]
        actions += [
            Action(s.alias("claims"), c.claim_id, claim_doc(c, now, {"story_id": "topic", "language": "en"}))
            for c in (claim("c1", "f1", "Dana Korval", 112), claim("c3", "o1", "NIS", 11000))
        ]
        assert not await s.bulk(actions, refresh=True)
        await s.es.close()

    async def state() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        s = Store(build_client(IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=es_url)), prefix)
        try:
            return await docs(s, "articles"), await docs(s, "claims"), await docs(s, "stories")
        finally:
            await s.es.close()

    asyncio.run(setup())
    lines: list[str] = []
    result = reprocess_stories(es_url, echo=lines.append, prefix=prefix)
    a, c, st = asyncio.run(state())
    assert {k: v["story_id"] for k, v in a.items()} == {"f1": "f1", "f2": "f1", "o1": "o1"}
    assert {k: v["story_id"] for k, v in c.items()} == {"c1": "f1", "c3": "o1"}
    assert set(st) == {"f1", "o1"} and st["f1"]["size"] == 2 and st["f1"]["members"] == ["f1", "f2"]
    assert result == {"articles": 3, "stories": 2, "moved": 3} and "3 moved" in lines[-1]
    again = reprocess_stories(es_url, echo=lines.append, prefix=prefix)  # idempotent
    assert again["moved"] == 0 and set(asyncio.run(state())[2]) == {"f1", "o1"}


async def test_two_stories_whose_centroids_meet_merge_and_the_merge_is_recorded(store) -> None:  # type: ignore[no-untyped-def]
    from claimstream.services.index import centroids
    from claimstream.services.index.story_state import _source

    # Two stories of one event that never met (say, written before the rules changed): the same two reports,
    # twice over.
    now = datetime.now(UTC)
    actions = []
    for story_id, pair in (
        ("s1", (("f1", FLOOD, 0), ("g1", FLOOD_2, 1))),
        ("s2", (("f1b", FLOOD, 1), ("g1b", FLOOD_2, 2))),
    ):
        st = None
        for aid, text, hours in pair:
            a = article(aid, text, hours, "Northern Ledger")
            v = centroids.article(aid, a.text, a.title, a.published_at or a.ingested_at)
            st = st or centroids.Story(story_id, v.time, v.time)
            st.add(v)
            fields = StoryFields(story_id, v.time, (), tuple(v.names_vec), (), tuple(sorted(v.terms())))
            actions.append(Action(store.alias("articles"), aid, article_doc(a, now, fields)))
        assert st is not None
        members = [aid for aid, _, _ in pair]
        actions.append(
            Action(store.alias("stories"), story_id, _source(st, {"members": members}, "Northern Ledger", None))
        )
    assert not await store.bulk(actions, refresh=True)
    linker = Linker(store)
    new = article("f2", FLOOD_2, 3, "Coastal Tribune")
    fields, merges = await linker.assign([new])
    await _write_and_settle(store, linker, new, fields, merges)
    a = await docs(store, "articles")
    assert {k: v["story_id"] for k, v in a.items()} == {"f1": "s1", "g1": "s1", "f1b": "s1", "g1b": "s1", "f2": "s1"}
    s = await docs(store, "stories")
    assert s["s2"]["merged_into"] == "s1" and "s2" in s["s1"]["merged"] and s["s1"]["size"] == 5
