"""Story merges within one batch of articles (Linker.assign on an in-memory Elasticsearch): the merges of a
batch are resolved to one story each, so a story merged away is never chosen again, nothing is merged into it,
and two stories never merge into each other."""

from __future__ import annotations

from datetime import timedelta

from claimstream.services.index import stories
from claimstream.services.index.documents import StoryFields, article_doc
from claimstream.services.index.linking import Linker
from claimstream.services.index.store import Store
from claimstream.services.index.tests.memory_es import MemoryES
from claimstream.services.index.tests.test_linking import T0, TEXT, article


def _indexed(es: MemoryES, article_id: str, story_id: str, hours: int) -> None:
    fp = stories.fingerprint(article_id, TEXT, None, T0 + timedelta(hours=hours))
    fields = StoryFields(story_id, fp.time, fp.bands, fp.entities)
    es.docs("articles")[article_id] = article_doc(article(article_id, hours), T0, fields)
    es.docs("claims")[f"c-{article_id}"] = {
        "claim_id": f"c-{article_id}",
        "article_id": article_id,
        "story_id": story_id,
    }


async def test_a_chain_of_merges_in_one_batch_ends_in_one_story() -> None:
    # Three indexed stories of one event, spread over five days: the story window (3 days) lets the first new
    # article see sx and sy, and the second sy and sz but neither sx nor the first new article.
    assert stories.WINDOW == timedelta(days=3)
    es = MemoryES()
    for article_id, story_id, hours in (("x", "sx", -72), ("y", "sy", 0), ("z", "sz", 48)):
        _indexed(es, article_id, story_id, hours)
    batch = [article("n1", -60), article("n2", 24)]
    linker = Linker(Store(es, max_backoff=0.0))  # type: ignore[arg-type]
    story, merges = await linker.assign(batch)
    # n1 joins sx (its earliest match) and merges sy into it; n2's earliest match is y, whose story sy is now sx.
    assert {a: f.story_id for a, f in story.items()} == {"n1": "sx", "n2": "sx"}
    assert merges == {"sy": "sx", "sz": "sx"}
    for a in batch:  # as the handler writes them, before after_articles
        es.docs("articles")[a.article_id] = article_doc(a, T0, story[a.article_id])
    await linker.after_articles(batch, merges)
    assert {i: d["story_id"] for i, d in es.docs("articles").items()} == dict.fromkeys(
        ("x", "y", "z", "n1", "n2"), "sx"
    )
    assert {d["story_id"] for d in es.docs("claims").values()} == {"sx"}
