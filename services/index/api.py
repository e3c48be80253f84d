"""The search API: articles, claims, one article with its claims, and pipeline accounting.

Every parameter is validated by FastAPI (422 with the reason); user text reaches Elasticsearch only as a
simple_query_string. OpenAPI docs are served at /docs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query

from claimstream.services.index import search
from claimstream.services.index.store import Store

Size = Annotated[int, Query(ge=1, le=100, description="Page size (1-100).")]
Text = Annotated[str | None, Query(max_length=500, description="Full text, simple_query_string syntax: \"phrase\", +must, -not, a | b.")]
Many = Annotated[list[str] | None, Query(max_length=20)]


def build_api(store: Store) -> APIRouter:
    """Routes bound to ``store``."""
    api = APIRouter()

    async def run(kind: str, req: search.SearchRequest, fields: list[str], facets: dict, highlight: list[str], tiebreak: str) -> dict[str, Any]:
        try:
            body = search.build_query(req, fields, facets, highlight, tiebreak)
        except search.BadCursor as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        raw = await store.es.search(index=store.alias(kind), **body)
        return search.to_response(raw.body, req.size)

    @api.get("/claims", tags=["search"], summary="Search claims, with facets and highlights.")
    async def claims(
        q: Text = None,
        speaker: Many = None,
        outlet: Many = None,
        entity: Many = None,
        cue: Many = None,
        attribution: Many = None,
        story_id: Many = None,
        article_id: Many = None,
        hedged: bool | None = None,
        counts: Annotated[str | None, Query(max_length=100, description="What a quantity counts, e.g. troops.")] = None,
        unit: Annotated[str | None, Query(max_length=50)] = None,
        min_value: float | None = None,
        max_value: float | None = None,
        date_from: datetime | None = None,
        date_to: datetime | None = None,
        sort: search.Sort = "relevance",
        size: Size = 20,
        cursor: Annotated[str | None, Query(max_length=2000)] = None,
    ) -> dict[str, Any]:
        terms = {"speaker.canonical": speaker, "outlet": outlet, "entities.text": entity, "cue": cue,
                 "attribution": attribution, "story_id": story_id, "article_id": article_id}
        req = search.SearchRequest(
            q=q, terms={k: v for k, v in terms.items() if v}, date_from=date_from, date_to=date_to, hedged=hedged,
            quantity=search.QuantityFilter(counts, unit, min_value, max_value), sort=sort, size=size, cursor=cursor,
        )
        return await run("claims", req, search.CLAIM_FIELDS, search.CLAIM_FACETS, ["text", "sentence"], "claim_id")

    @api.get("/articles", tags=["search"], summary="Search articles, with facets and highlights.")
    async def articles(
        q: Text = None,
        outlet: Many = None,
        language: Many = None,
        story_id: Many = None,
        date_from: datetime | None = None,
        date_to: datetime | None = None,
        sort: search.Sort = "relevance",
        size: Size = 20,
        cursor: Annotated[str | None, Query(max_length=2000)] = None,
    ) -> dict[str, Any]:
        terms = {"outlet": outlet, "language": language, "story_id": story_id}
        req = search.SearchRequest(q=q, terms={k: v for k, v in terms.items() if v}, date_from=date_from,
                                   date_to=date_to, sort=sort, size=size, cursor=cursor)
        return await run("articles", req, search.ARTICLE_FIELDS, search.ARTICLE_FACETS, ["title", "text"], "article_id")

    @api.get("/articles/{article_id}", tags=["search"], summary="One article with its claims, in text order.")
    async def article(article_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
        found = await store.es.options(ignore_status=404).get(index=store.alias("articles"), id=article_id)
        if not found.body.get("found"):
            raise HTTPException(status_code=404, detail=f"no article with id {article_id!r} (not ingested, or not indexed yet)")
        claims_raw = await store.es.search(index=store.alias("claims"), query={"term": {"article_id": article_id}},
                                           size=1000, sort=[{"claim_id": "asc"}])
        claims_list = sorted((h["_source"] for h in claims_raw.body["hits"]["hits"]), key=lambda c: tuple(c["span"]))
        return {**found.body["_source"], "claims": claims_list}

    return api
