"""``GET /stories`` and ``GET /stories/{story_id}``: stories as the index workers built them (story_state.py).

A story's title is its most representative article's title (the member most similar to the story when it
joined); article and claim counts, outlets and time span come from the story document and the claims index;
``sources_disagree`` is true when the comparison of the story's claims (``GET /claims/compare?story_id=``)
finds a disagreement. Parameters are validated by FastAPI (422 with the reason); ``q`` reaches Elasticsearch
only as a simple_query_string.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query
from pydantic import BaseModel, Field

from claimstream.services.index import compare, search
from claimstream.services.index.api import When
from claimstream.services.index.read_budget import BudgetedRoute
from claimstream.services.index.store import Store

MAX_CLAIMS = 2000  # claims with numbers read per page of stories, for the disagreement flag
_SOURCE = ["story_id", "title", "title_article", "first", "last", "size", "outlets", "merged"]


class StorySummary(BaseModel):
    """One story in a list."""

    story_id: str = Field(..., description="Id of the story (the id of its first article).")
    title: str = Field(..., description="Title of the story's most representative article.")
    title_article: str | None = Field(None, description="Id of that article.")
    first: str = Field(..., description="Publication time of the earliest article.")
    last: str = Field(..., description="Publication time of the latest article.")
    outlets: list[str] = Field(..., description="Outlets that reported it.")
    articles: int = Field(..., ge=0, description="Number of articles.")
    claims: int = Field(..., ge=0, description="Number of claims extracted from them.")
    sources_disagree: bool = Field(..., description="Whether the comparison of its claims finds a disagreement.")
    compare_url: str = Field(..., description="The cross-source comparison within this story.")
    merged: list[str] = Field(default_factory=list, description="Ids of stories merged into this one.")


class StoryArticle(BaseModel):
    """An article of a story."""

    article_id: str
    title: str | None = None
    outlet: str | None = None
    published_at: str | None = None


class StoryDetail(StorySummary):
    """One story with its articles, earliest first."""

    entities: list[str] = Field(default_factory=list, description="Its most salient names.")
    terms: list[str] = Field(default_factory=list, description="Its heaviest words.")
    article_list: list[StoryArticle] = Field(..., description="Its articles, earliest first (at most 500).")


class StoryPage(BaseModel):
    """A page of stories, latest first."""

    total: int = Field(..., ge=0, description="Stories matching.")
    stories: list[StorySummary]
    next_cursor: str | None = Field(description="The `cursor` of the next page; null on the last page.")


def build_stories_api(store: Store) -> APIRouter:
    """The story routes bound to ``store``."""
    api = APIRouter(route_class=BudgetedRoute)  # reads the search server: on the read budget (issue 26)

    async def counts(story_ids: list[str]) -> tuple[dict[str, int], dict[str, bool]]:
        """Claims per story, and whether each story's sources disagree."""
        if not story_ids:
            return {}, {}
        raw = await store.es.search(
            index=store.alias("claims"),
            size=0,
            query={"terms": {"story_id": story_ids}},
            aggs={"story": {"terms": {"field": "story_id", "size": len(story_ids)}}},
        )
        n = {b["key"]: int(b["doc_count"]) for b in raw["aggregations"]["story"]["buckets"]}
        with_numbers = await store.es.search(
            index=store.alias("claims"),
            size=MAX_CLAIMS,
            query={
                "bool": {
                    "filter": [
                        {"terms": {"story_id": story_ids}},
                        {"nested": {"path": "quantities", "query": {"exists": {"field": "quantities.value"}}}},
                    ]
                }
            },
        )
        by_story: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for h in with_numbers["hits"]["hits"]:
            by_story[h["_source"]["story_id"]].append(h["_source"])
        disagree = {s: any(g["discrepancy"] for g in compare.compare(c)) for s, c in by_story.items()}
        return n, disagree

    def summary(src: dict[str, Any], claims: dict[str, int], disagree: dict[str, bool]) -> dict[str, Any]:
        sid = src["story_id"]
        return {
            "story_id": sid,
            "title": src.get("title") or "",
            "title_article": src.get("title_article"),
            "first": src["first"],
            "last": src["last"],
            "outlets": sorted(src.get("outlets") or []),
            "articles": int(src.get("size") or 0),
            "claims": claims.get(sid, 0),
            "sources_disagree": disagree.get(sid, False),
            "compare_url": f"/claims/compare?story_id={sid}",
            "merged": list(src.get("merged") or []),
        }

    @api.get("/stories", tags=["stories"], summary="Recent stories, latest first.", response_model=StoryPage)
    async def stories(
        q: Annotated[
            str | None, Query(max_length=500, description="Words of the story's title, names or top terms.")
        ] = None,
        outlet: Annotated[list[str] | None, Query(max_length=20, description="Reported by this outlet.")] = None,
        date_from: When = None,
        date_to: When = None,
        min_articles: Annotated[int, Query(ge=1, le=1000, description="Only stories this big.")] = 1,
        size: Annotated[int, Query(ge=1, le=100, description="Page size (1-100).")] = 20,
        cursor: Annotated[str | None, Query(max_length=2000, description="`next_cursor` of the previous page.")] = None,
    ) -> dict[str, Any]:
        """Stories whose time span meets [``date_from``, ``date_to``], latest first, ``size`` at a time."""
        if date_from and date_to and search.utc(date_from) > search.utc(date_to):
            raise HTTPException(status_code=422, detail=f"date_from ({date_from}) is after date_to ({date_to})")
        filters: list[dict[str, Any]] = [{"range": {"size": {"gte": min_articles}}}]
        if outlet:
            filters.append({"terms": {"outlets": outlet}})
        if date_from:
            filters.append({"range": {"last": {"gte": search.utc(date_from).isoformat()}}})
        if date_to:
            filters.append({"range": {"first": {"lte": search.utc(date_to).isoformat()}}})
        must = (
            [{"simple_query_string": {"query": q, "fields": ["title", "entities", "terms"], "default_operator": "and"}}]
            if q
            else []
        )
        body: dict[str, Any] = {
            "query": {"bool": {"filter": filters, "must": must, "must_not": [{"exists": {"field": "merged_into"}}]}},
            "sort": [{"last": "desc"}, {"story_id": "asc"}],
            "size": size,
            "track_total_hits": True,
        }
        if cursor:
            try:
                body["search_after"] = search.decode_cursor(cursor)
            except search.BadCursor as exc:
                raise HTTPException(status_code=422, detail=str(exc)) from exc
        raw = (await store.es.search(index=store.alias("stories"), source=_SOURCE, **body)).body
        hits = raw["hits"]["hits"]
        claims, disagree = await counts([h["_source"]["story_id"] for h in hits])
        return {
            "total": raw["hits"]["total"]["value"],
            "stories": [summary(h["_source"], claims, disagree) for h in hits],
            "next_cursor": search.encode_cursor(hits[-1]["sort"]) if len(hits) == size else None,
        }

    @api.get(
        "/stories/{story_id}",
        tags=["stories"],
        summary="One story with its articles (a story merged into another answers with that one).",
        response_model=StoryDetail,
        responses={404: {"description": "No story with this id"}},
    )
    async def story(story_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
        src: dict[str, Any] | None = None
        seen: set[str] = set()
        while story_id not in seen:
            seen.add(story_id)
            got = await store.es.options(ignore_status=404).get(
                index=store.alias("stories"), id=story_id, source_excludes=["centroid", "members", "lsh_bands"]
            )
            if not got.body.get("found"):
                break
            src = got.body["_source"]
            if not src.get("merged_into"):
                break
            story_id = src["merged_into"]
        if src is None or src.get("merged_into"):
            raise HTTPException(status_code=404, detail=f"no story with id {story_id!r}")
        raw = await store.es.search(
            index=store.alias("articles"),
            query={"term": {"story_id": story_id}},
            size=500,
            source=["article_id", "title", "outlet", "published_at", "ingested_at"],
            sort=[{"story_time": "asc"}, {"article_id": "asc"}],
        )
        arts = [
            {
                "article_id": h["_source"]["article_id"],
                "title": h["_source"].get("title"),
                "outlet": h["_source"].get("outlet"),
                "published_at": h["_source"].get("published_at") or h["_source"].get("ingested_at"),
            }
            for h in raw.body["hits"]["hits"]
        ]
        claims, disagree = await counts([story_id])
        return {
            **summary(src, claims, disagree),
            "entities": list(src.get("entities") or []),
            "terms": list(src.get("terms") or []),
            "article_list": arts,
        }

    return api
