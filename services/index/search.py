"""Search request -> Elasticsearch query body (pure), and hits -> API response.

User text only ever reaches Elasticsearch as a ``simple_query_string`` (no scripts, no regex, no
``query_string``); every aggregation has a fixed, bounded size; page size is bounded by the API.
Pagination is ``search_after`` with an opaque cursor.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from claimstream.shared import outlets
from claimstream.shared.taxonomy import counts_variants

FACET_SIZE = 20
Sort = Literal["relevance", "date"]

CLAIM_FIELDS = ["text^2", "sentence", "speaker.name.text^2", "speaker.title"]
ARTICLE_FIELDS = ["title^3", "text", "author"]

CLAIM_FACETS: dict[str, dict[str, Any]] = {
    "outlet": {"terms": {"field": "outlet", "size": FACET_SIZE}},
    "speaker": {"terms": {"field": "speaker.canonical", "size": FACET_SIZE}},
    # intermediaries the claims name (canonical: NYT and The New York Times are one value)
    "via": {"terms": {"field": "via.canonical", "size": FACET_SIZE}},
    "entity": {"terms": {"field": "entities.text", "size": FACET_SIZE}},
    "cue": {"terms": {"field": "cue", "size": FACET_SIZE}},
    "attribution": {"terms": {"field": "attribution", "size": FACET_SIZE}},
    "story": {"terms": {"field": "story_id", "size": FACET_SIZE}},
    "language": {"terms": {"field": "language", "size": FACET_SIZE}},
    # What the numbers measure; counts claims (reverse_nested), not quantities.
    "measure": {
        "nested": {"path": "quantities"},
        "aggs": {
            "values": {
                "terms": {"field": "quantities.measure", "size": FACET_SIZE},
                "aggs": {"claims": {"reverse_nested": {}}},
            }
        },
    },
    "published": {"date_histogram": {"field": "published_at", "calendar_interval": "day", "min_doc_count": 1}},
}
ARTICLE_FACETS: dict[str, dict[str, Any]] = {
    "outlet": {"terms": {"field": "outlet", "size": FACET_SIZE}},
    "language": {"terms": {"field": "language", "size": FACET_SIZE}},
    "speaker": {"terms": {"field": "speakers", "size": FACET_SIZE}},
    "entity": {"terms": {"field": "entities", "size": FACET_SIZE}},
    "story": {"terms": {"field": "story_id", "size": FACET_SIZE}},
    "published": {"date_histogram": {"field": "published_at", "calendar_interval": "day", "min_doc_count": 1}},
}


class FacetValue(BaseModel):
    """One bucket of a facet: a value (a date as text for ``published``) and how many hits have it."""

    value: str | int | float
    count: int = Field(ge=0)


class SearchResponse(BaseModel):
    """A page of ``GET /claims`` or ``GET /articles`` (documents as indexed, plus ``_score`` and ``highlight``)."""

    total: int = Field(ge=0, description="Hits matching, all pages together.")
    hits: list[dict[str, Any]] = Field(description="This page's documents, each with `_score` and `highlight`.")
    facets: dict[str, list[FacetValue]] = Field(description="Counts per value of each facet, over all hits.")
    next_cursor: str | None = Field(description="The `cursor` of the next page; null on the last page.")


class BadCursor(ValueError):
    """The ``cursor`` parameter is not one this API issued."""


@dataclass(frozen=True)
class QuantityFilter:
    """Claims having one quantity that matches every given condition. ``counts`` matches the counted noun's
    lemma and its synonyms (troops: troop, soldier, force, ...); ``measure`` the derived measure exactly."""

    counts: str | None = None
    unit: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    measure: str | None = None

    def clause(self) -> dict[str, Any] | None:
        must: list[dict[str, Any]] = []
        if self.counts:
            must.append({"terms": {"quantities.counts": counts_variants(self.counts)}})
        if self.measure:
            must.append({"term": {"quantities.measure": self.measure}})
        if self.unit:
            must.append({"term": {"quantities.unit": self.unit}})
        bounds = {k: v for k, v in (("gte", self.min_value), ("lte", self.max_value)) if v is not None}
        if bounds:
            must.append({"range": {"quantities.value": bounds}})
        return {"nested": {"path": "quantities", "query": {"bool": {"filter": must}}}} if must else None


@dataclass(frozen=True)
class SearchRequest:
    """A validated search: text, keyword filters (field -> accepted values; ``"a|b"`` as the field means
    either field may match), date range, sort, page."""

    q: str | None = None
    terms: dict[str, list[str]] = field(default_factory=dict)
    date_from: datetime | None = None
    date_to: datetime | None = None
    hedged: bool | None = None
    first_hand: bool | None = None
    quantity: QuantityFilter = QuantityFilter()
    sort: Sort = "relevance"
    size: int = 20
    cursor: str | None = None


def encode_cursor(sort_values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(sort_values).encode()).decode()


def decode_cursor(cursor: str) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError) as exc:
        raise BadCursor("cursor is not valid; pass the `next_cursor` of a previous page") from exc
    if not isinstance(values, list) or not all(isinstance(v, (str, int, float)) for v in values):
        raise BadCursor("cursor is not valid; pass the `next_cursor` of a previous page")
    return values


def utc(value: datetime) -> datetime:
    """``value`` in UTC (a naive one is taken as UTC), clamped to the years 1-9999: any offset Python accepts
    (up to ±24 h) is fine, and a bound beyond the calendar's ends means the same as the end itself."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:  # e.g. 9999-12-31T23:00-05:00 is in the year 10000 in UTC
        edge = datetime.max if value.year == datetime.max.year else datetime.min
        return edge.replace(tzinfo=UTC)


def es_date(value: datetime) -> str:
    """``value`` as Elasticsearch's ``strict_date_optional_time`` in UTC with millisecond precision. (Elasticsearch
    refuses offsets beyond ±18:00, which Python parses; in UTC every accepted date is one it reads.)"""
    return utc(value).replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def _terms(fields: str, values: list[str]) -> dict[str, Any]:
    alternatives: list[dict[str, Any]] = [{"terms": {f: values}} for f in fields.split("|")]
    return alternatives[0] if len(alternatives) == 1 else {"bool": {"should": alternatives, "minimum_should_match": 1}}


def via_names(names: list[str]) -> list[str]:
    """Names of intermediaries as a ``via`` filter matches them: each as given and canonical (NYT -> The New
    York Times)."""
    return sorted({n for name in names for n in (name, outlets.canonical(name)) if n})


def _filters(req: SearchRequest) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [_terms(f, vals) for f, vals in req.terms.items() if vals]
    dates = {k: es_date(v) for k, v in (("gte", req.date_from), ("lte", req.date_to)) if v is not None}
    if dates:
        out.append({"range": {"published_at": dates}})
    if req.hedged is not None:
        out.append({"term": {"hedged": req.hedged}})
    if req.first_hand is not None:  # false: every claim not told to the outlet itself (relayed, or unsaid)
        told: dict[str, Any] = {"term": {"first_hand": True}}
        out.append(told if req.first_hand else {"bool": {"must_not": [told]}})
    if (clause := req.quantity.clause()) is not None:
        out.append(clause)
    return out


def build_query(
    req: SearchRequest,
    fields: list[str],
    facets: dict[str, dict[str, Any]],
    highlight: list[str],
    tiebreak: str,
    hide: tuple[str, ...] = (),
) -> dict[str, Any]:
    """The search body: bool query, facets, highlights, sort with a unique keyword tie-breaker (``tiebreak``,
    the id field: Elasticsearch 8 does not sort on ``_id``), search_after. ``hide``: fields left out of hits."""
    must = [{"simple_query_string": {"query": req.q, "fields": fields, "default_operator": "and"}}] if req.q else []
    by_date = req.sort == "date" or not req.q
    sort: list[Any] = [{"published_at": {"order": "desc", "missing": "_last"}}] if by_date else ["_score"]
    sort.append({tiebreak: "asc"})
    body: dict[str, Any] = {
        "query": {"bool": {"must": must or [{"match_all": {}}], "filter": _filters(req)}},
        "aggs": facets,
        "highlight": {
            "fields": {f: {"number_of_fragments": 3} for f in highlight},
            "pre_tags": ["<mark>"],
            "post_tags": ["</mark>"],
        },
        "sort": sort,
        # One extra hit after a cursor: a server that rounds scores may return the cursor's own hit again
        # (to_response drops it), and a full page must still be recognisable as one.
        "size": req.size + 1 if req.cursor else req.size,
        "track_total_hits": True,
    }
    if hide:
        body["_source"] = {"excludes": list(hide)}
    if req.cursor:
        body["search_after"] = decode_cursor(req.cursor)
    return body


def _facet(agg: dict[str, Any]) -> list[dict[str, Any]]:
    if "values" in agg:  # nested facet: count the claims, not the quantities
        return [{"value": b["key"], "count": b["claims"]["doc_count"]} for b in agg["values"].get("buckets", [])]
    buckets = agg.get("buckets", [])
    return [{"value": b.get("key_as_string", b["key"]), "count": b["doc_count"]} for b in buckets]


def to_response(raw: dict[str, Any], size: int, cursor: str | None = None) -> dict[str, Any]:
    """Hits (source + highlights), total, facets and the cursor of the next page (None on the last page).
    ``cursor`` is the request's: a hit sorting exactly at it was on the previous page and is dropped."""
    hits = raw["hits"]["hits"]
    if cursor:
        after = decode_cursor(cursor)
        hits = [h for h in hits if h.get("sort") != after][:size]
    items = [{**h["_source"], "_score": h.get("_score"), "highlight": h.get("highlight", {})} for h in hits]
    total = raw["hits"]["total"]
    next_cursor = encode_cursor(hits[-1]["sort"]) if len(hits) == size and hits and "sort" in hits[-1] else None
    return {
        "total": total["value"] if isinstance(total, dict) else total,
        "hits": items,
        "facets": {name: _facet(agg) for name, agg in raw.get("aggregations", {}).items()},
        "next_cursor": next_cursor,
    }
