"""story_state.StoryIndex on an in-memory Elasticsearch: a batch costs a fixed number of requests whatever its
size, and a worker holds only the stories live near the article times it places (bounded memory)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from claimstream.services.index import centroids, story_state
from claimstream.services.index.store import Store, template
from claimstream.services.index.story_state import StoryIndex
from claimstream.services.index.tests.memory_es import MemoryES

T = datetime(2026, 3, 4, 8, tzinfo=UTC)
REPORT = (
    "The Selka dam in northern Arvenia collapsed on Tuesday, officials said. Interior Minister Dana Korval "
    "confirmed 112 deaths in Arvenia. Korval visited Selka on Wednesday and promised an inquiry into the cracks."
)


def art(article_id: str, days: float, text: str = REPORT) -> centroids.Article:
    return centroids.article(article_id, text, None, T + timedelta(days=days))


async def test_a_batch_costs_the_same_requests_whatever_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(story_state, "FRESH", timedelta(hours=1))  # no look is stale during the test
    es = MemoryES()
    index = StoryIndex(Store(es))  # type: ignore[arg-type]
    await index.vocabulary()
    searches = es.calls["search"]
    placed, folds = await index.place_all([(art(f"a{i}", i / 24), "Ledger") for i in range(12)])
    assert set(placed.values()) == {"a0"} and folds == {}  # twelve copies of one report: one story
    assert (es.calls["search"] - searches, es.calls["bulk"], es.calls["index"]) == (2, 1, 0)
    story = es.docs("stories")["a0"]
    assert story["size"] == 12 and story["members"] == [f"a{i}" for i in range(12)]
    assert story["updated_by"] == index.writer
    # A batch that only adds to held stories, soon after the last look, costs its bulk request alone.
    placed, _ = await index.place_all([(art(f"b{i}", 0.2), None) for i in range(3)])
    assert set(placed.values()) == {"a0"} and (es.calls["search"] - searches, es.calls["bulk"]) == (2, 2)


async def test_a_worker_holds_only_the_stories_live_near_its_newest_article() -> None:
    es = MemoryES()
    index = StoryIndex(Store(es))  # type: ignore[arg-type]
    for day in (0, 5, 10):  # more than WINDOW apart: three stories, each over when the next one starts
        await index.place_all([(art(f"d{day}", day), None)])
    assert set(es.docs("stories")) == {"d0", "d5", "d10"}
    assert set(index.held) == {"d10"}
    assert index.span is not None and index.span[1] - index.span[0] <= centroids.HORIZON
    # An article out of order (day 6) reads the stories live then again, and joins its own day's story.
    placed, _ = await index.place_all([(art("late", 5.5), None)])
    assert placed == {"late": "d5"} and es.docs("stories")["d5"]["size"] == 2


async def test_a_redelivered_article_whose_story_was_folded_goes_where_it_was_folded() -> None:
    # The worker wrote story "x" for article x, another folded it into "y", and x comes again before its
    # article document was written: x belongs to "y" (no new story "x", no endless create conflict).
    es = MemoryES()
    x = art("x", 0)
    story = centroids.Story("x", x.time, x.time)
    story.add(x)
    es.docs("stories")["x"] = {**story_state._source(story, {"members": ["x"]}, None, None), "merged_into": "y"}
    placed, folds = await StoryIndex(Store(es)).place_all([(x, None)])  # type: ignore[arg-type]
    assert placed == {"x": "y"} and folds == {} and es.calls["bulk"] == 0


# Fields of a story document that a query, sort, filter or aggregation uses (story_state.py's looks, the stories
# API's list and detail); every other field is only read back from _source.
SEARCHED = {"story_id", "title", "first", "last", "size", "outlets", "terms", "entities", "merged_into"}
SEARCHED |= {"updated_at", "updated_by"}


def _fields(query: object) -> set[str]:
    """Field names a query body names (keys of range/term/terms/exists clauses and ``fields`` lists)."""
    out: set[str] = set()
    if isinstance(query, dict):
        for key, value in query.items():
            if key in ("range", "term", "terms") and isinstance(value, dict):
                out |= set(value)
            elif key == "exists":
                out.add(value["field"])
            elif key == "fields":
                out |= {f.split("^")[0] for f in value}
            else:
                out |= _fields(value)
    elif isinstance(query, list):
        for item in query:
            out |= _fields(item)
    return out


def test_the_story_queries_use_only_indexed_fields_and_the_rest_is_not_indexed() -> None:
    index = StoryIndex(Store(MemoryES()))  # type: ignore[arg-type]
    asked = _fields([story_state._live_in(T, T), index._recent()])
    assert asked <= SEARCHED, asked - SEARCHED
    props = template("stories")["template"]["mappings"]["properties"]
    story = centroids.Story("s", T, T)
    story.add(art("s", 0))
    written = set(story_state._Held(story, ["Ledger"], ["s"], "t").document("w"))
    assert written <= set(props), written - set(props)
    for name, mapping in props.items():
        if name in SEARCHED:
            assert mapping.get("index", True) and mapping.get("enabled", True), name
        else:  # kept in _source alone: no inverted index, no doc values
            unindexed = mapping.get("enabled") is False or (
                mapping.get("index") is False and mapping.get("doc_values") is False
            )
            assert unindexed, f"{name} is indexed but no query uses it: {mapping}"
