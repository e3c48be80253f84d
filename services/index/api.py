"""The search API: articles, claims, one article with its claims, and the cross-source comparison.

Every parameter is validated by FastAPI (422 with the reason); user text reaches Elasticsearch only as a
simple_query_string or as exact keyword terms. OpenAPI docs are served at /docs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, NamedTuple

from fastapi import APIRouter, Depends, HTTPException, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BeforeValidator

from claimstream.services.index import compare, measure_query, search
from claimstream.services.index.compare_models import CompareResponse
from claimstream.services.index.read_budget import BudgetedRoute
from claimstream.services.index.store import Store

Size = Annotated[int, Query(ge=1, le=100, description="Page size (1-100).")]
Text = Annotated[
    str | None,
    Query(max_length=500, description='Full text, simple_query_string syntax: "phrase", +must, -not, a | b.'),
]
Many = Annotated[list[str] | None, Query(max_length=20)]
Limit = Annotated[int, Query(ge=1, le=1000, description="At most this many claims (those with numbers) are compared.")]


def _not_a_number(value: object) -> object:
    """pydantic reads a number as seconds since the epoch; the API documents (and takes) ISO 8601 date-times only."""
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return value
        raise ValueError("expected an ISO 8601 date-time such as 2026-03-01T00:00:00Z, not a number")
    return value


When = Annotated[datetime | None, BeforeValidator(_not_a_number)]
Cursor = Annotated[str | None, Query(max_length=2000, description="`next_cursor` of the previous page.")]


class Page(NamedTuple):
    """The date window, order and page of a search (the parameters /claims and /articles share)."""

    date_from: datetime | None
    date_to: datetime | None
    sort: search.Sort
    size: int
    cursor: str | None


def page(
    date_from: When = None,
    date_to: When = None,
    sort: search.Sort = "relevance",
    size: Size = 20,
    cursor: Cursor = None,
) -> Page:
    """The :class:`Page` query parameters; 422 when ``date_from`` is after ``date_to``."""
    _check_range(date_from, date_to, "date_from", "date_to")
    return Page(date_from, date_to, sort, size, cursor)


COMPARE_SOURCE = [
    "claim_id",
    "article_id",
    "story_id",
    "outlet",
    "published_at",
    "text",
    "sentence",
    "speaker",
    "cue",
    "quantities",
    "entities",
    "via",
    "first_hand",
    "copy_of",
]


def build_api(store: Store) -> APIRouter:
    """Routes bound to ``store``, each on the read budget (services/index/read_budget.py)."""
    api = APIRouter(route_class=BudgetedRoute)

    async def run(
        kind: str, req: search.SearchRequest, fields: list[str], facets: dict, highlight: list[str], tiebreak: str
    ) -> dict[str, Any]:
        try:
            body = search.build_query(req, fields, facets, highlight, tiebreak, hide=("lsh_bands",))
        except search.BadCursor as exc:
            raise HTTPException(status_code=422, detail=str(exc)) from exc
        raw = await store.es.search(index=store.alias(kind), **body)
        return search.to_response(raw.body, req.size, req.cursor)

    @api.get(
        "/claims",
        tags=["search"],
        summary="Search claims, with facets and highlights.",
        response_model=search.SearchResponse,
    )
    async def claims(
        paging: Annotated[Page, Depends(page)],
        q: Text = None,
        speaker: Annotated[
            list[str] | None, Query(max_length=20, description="Speaker, canonical or as named.")
        ] = None,
        outlet: Many = None,
        entity: Many = None,
        language: Annotated[
            list[str] | None, Query(max_length=20, description="Language of the claim's article (ISO 639-1).")
        ] = None,
        cue: Many = None,
        attribution: Many = None,
        story_id: Many = None,
        article_id: Many = None,
        hedged: bool | None = None,
        via: Annotated[
            list[str] | None,
            Query(
                max_length=20,
                description="An intermediary the claim names between its speaker and the outlet (NYT, AFP, Reuters; "
                "any spelling of a known outlet or agency matches its canonical name; see the via facet).",
            ),
        ] = None,
        first_hand: Annotated[
            bool | None,
            Query(
                description="true: the speaker told the reporting outlet itself ('X told the BBC' in a BBC "
                "article); false: every other claim (relayed, or the text does not say)."
            ),
        ] = None,
        counts: Annotated[
            str | None, Query(max_length=100, description="What a quantity counts, e.g. troops (synonyms included).")
        ] = None,
        measure: Annotated[
            str | None,
            Query(
                max_length=100, description="What a quantity measures, e.g. 'people killed' (see the measure facet)."
            ),
        ] = None,
        unit: Annotated[str | None, Query(max_length=50)] = None,
        min_value: float | None = None,
        max_value: float | None = None,
    ) -> dict[str, Any]:
        _check_range(min_value, max_value, "min_value", "max_value")
        terms = {
            "speaker.canonical|speaker.name": speaker,
            "outlet": outlet,
            "entities.text": entity,
            "language": language,
            "cue": cue,
            "attribution": attribution,
            "story_id": story_id,
            "article_id": article_id,
            "via.canonical|via.name": search.via_names(via) if via else None,
        }
        req = search.SearchRequest(
            q=q,
            terms={k: v for k, v in terms.items() if v},
            hedged=hedged,
            first_hand=first_hand,
            quantity=search.QuantityFilter(counts, unit, min_value, max_value, measure),
            **paging._asdict(),
        )
        return await run("claims", req, search.CLAIM_FIELDS, search.CLAIM_FACETS, ["text", "sentence"], "claim_id")

    @api.get(
        "/claims/compare",
        tags=["search"],
        summary="Figures that measure the same thing, compared across sources.",
        response_model=CompareResponse,
    )
    async def compare_claims(
        q: Text = None,
        story_id: Annotated[str | None, Query(max_length=64, description="Compare within one story.")] = None,
        outlet: Many = None,
        language: Many = None,
        date_from: When = None,
        date_to: When = None,
        tolerance: Annotated[
            float,
            Query(
                ge=0,
                le=1,
                description="Rounding slack: a gap between two readings' intervals of at most this share of the larger end is not a disagreement.",
            ),
        ] = 0.05,
        min_sources: Annotated[
            int, Query(ge=1, le=20, description="Leave out groups with fewer sources (outlet and speaker pairs).")
        ] = 2,
        limit: Limit = 500,
    ) -> dict[str, Any]:
        """Claims matching ``q`` (by text, or by measure when ``q`` names a subject or event: ``North Korean
        troops`` also finds readings of soldiers) and/or in ``story_id`` that hold numbers are grouped by measure
        (subject class + event family: killed, wounded and lost together) and event (same story, article or a
        shared entity). Each group lists every reading, the pairs of sources that disagree and a verdict."""
        if not q and not story_id:
            raise HTTPException(
                status_code=422, detail="give `q` (what to compare) or `story_id` (a story to compare within)"
            )
        _check_range(date_from, date_to, "date_from", "date_to")
        terms = {"story_id": [story_id] if story_id else None, "outlet": outlet, "language": language}
        req = search.SearchRequest(
            q=q,
            terms={k: v for k, v in terms.items() if v},
            date_from=date_from,
            date_to=date_to,
            sort="relevance",
            size=limit,
        )
        body = search.build_query(req, search.CLAIM_FIELDS, {}, [], "claim_id")
        mq = measure_query.parse(q)
        if q:
            body["query"]["bool"]["must"] = [measure_query.text_or_measure(body["query"]["bool"]["must"][0], mq)]
        body["query"]["bool"]["filter"].append(
            {"nested": {"path": "quantities", "query": {"exists": {"field": "quantities.value"}}}}
        )
        del body["highlight"], body["aggs"]
        raw = (await store.es.search(index=store.alias("claims"), source=COMPARE_SOURCE, **body)).body
        hits = [h["_source"] for h in raw["hits"]["hits"]]
        total = raw["hits"]["total"]["value"]
        return {
            "claims_compared": len(hits),
            "claims_matching": total,
            "truncated": total > len(hits),
            "measure_query": mq
            and {"subjects": sorted(mq.subjects), "events": sorted(mq.events), "modifiers": sorted(mq.modifiers)},
            **compare.comparison(hits, tolerance=tolerance, min_sources=min_sources, keep=mq and mq.matches),
        }

    @api.get(
        "/articles",
        tags=["search"],
        summary="Search articles, with facets and highlights.",
        response_model=search.SearchResponse,
    )
    async def articles(
        paging: Annotated[Page, Depends(page)],
        q: Text = None,
        outlet: Many = None,
        language: Many = None,
        speaker: Annotated[
            list[str] | None, Query(max_length=20, description="A speaker of the article's claims (canonical).")
        ] = None,
        entity: Annotated[list[str] | None, Query(max_length=20, description="A salient name in the article.")] = None,
        story_id: Many = None,
    ) -> dict[str, Any]:
        terms = {"outlet": outlet, "language": language, "speakers": speaker, "entities": entity, "story_id": story_id}
        req = search.SearchRequest(q=q, terms={k: v for k, v in terms.items() if v}, **paging._asdict())
        return await run("articles", req, search.ARTICLE_FIELDS, search.ARTICLE_FACETS, ["title", "text"], "article_id")

    @api.get(
        "/articles/{article_id}",
        tags=["search"],
        summary="One article with its claims, in text order.",
        response_model=dict[str, Any],
        responses={404: {"description": "No article with this id (not ingested, or not indexed yet)"}},
    )
    async def article(article_id: Annotated[str, Path(max_length=64)]) -> JSONResponse:
        found = await store.es.options(ignore_status=404).get(
            index=store.alias("articles"), id=article_id, source_excludes=["lsh_bands"]
        )
        if not found.body.get("found"):
            raise HTTPException(
                status_code=404, detail=f"no article with id {article_id!r} (not ingested, or not indexed yet)"
            )
        claims_raw = await store.es.search(
            index=store.alias("claims"),
            query={"term": {"article_id": article_id}},
            size=1000,
            sort=[{"claim_id": "asc"}],
        )
        claims_list = sorted((h["_source"] for h in claims_raw.body["hits"]["hits"]), key=lambda c: tuple(c["span"]))
        # Returned as is: the documents are JSON already, and FastAPI's jsonable_encoder pass over them cost 8x
        # the json.dumps itself (~8 ms for an article with 80 claims), on the event loop the consumers share.
        return JSONResponse({**found.body["_source"], "claims": claims_list})

    return api


def _check_range(low: Any, high: Any, low_name: str, high_name: str) -> None:
    """422 when a range is empty by construction (``low`` after ``high``). Dates compare in UTC, a date without a
    time zone being in UTC (as Elasticsearch reads it)."""
    if isinstance(low, datetime) and isinstance(high, datetime):
        low, high = search.utc(low), search.utc(high)
    if low is not None and high is not None and low > high:
        raise HTTPException(status_code=422, detail=f"{low_name} ({low}) is after {high_name} ({high})")
