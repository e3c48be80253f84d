"""Search request -> Elasticsearch body (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimstream.services.index import search


def _body(**kw):  # type: ignore[no-untyped-def]
    return search.build_query(search.SearchRequest(**kw), search.CLAIM_FIELDS, search.CLAIM_FACETS, ["text"], "claim_id")


def test_user_text_goes_only_into_simple_query_string() -> None:
    body = _body(q='"north korean" +troops -drill')
    must = body["query"]["bool"]["must"]
    assert must == [{"simple_query_string": {"query": '"north korean" +troops -drill', "fields": search.CLAIM_FIELDS, "default_operator": "and"}}]
    assert "script" not in str(body)


def test_no_text_matches_all_and_sorts_by_date_with_tiebreak() -> None:
    body = _body()
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert body["sort"] == [{"published_at": {"order": "desc", "missing": "_last"}}, {"claim_id": "asc"}]


def test_filters_terms_dates_hedged_and_nested_quantity() -> None:
    body = _body(terms={"outlet": ["BBC"]}, date_from=datetime(2024, 1, 1, tzinfo=UTC), hedged=True,
                 quantity=search.QuantityFilter(counts="troops", min_value=10000))
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"outlet": ["BBC"]}} in filters
    assert {"range": {"published_at": {"gte": "2024-01-01T00:00:00+00:00"}}} in filters
    assert {"term": {"hedged": True}} in filters
    nested = next(f for f in filters if "nested" in f)["nested"]
    assert nested["path"] == "quantities"
    assert {"term": {"quantities.counts": "troops"}} in nested["query"]["bool"]["filter"]
    assert {"range": {"quantities.value": {"gte": 10000}}} in nested["query"]["bool"]["filter"]


def test_every_facet_is_bounded() -> None:
    for agg in search.CLAIM_FACETS.values():
        if "terms" in agg:
            assert 0 < agg["terms"]["size"] <= 100


def test_cursor_round_trip_and_rejects_garbage() -> None:
    cursor = search.encode_cursor([1704067200000, "abc"])
    assert _body(cursor=cursor)["search_after"] == [1704067200000, "abc"]
    with pytest.raises(search.BadCursor):
        search.decode_cursor("not-a-cursor!!")
    with pytest.raises(search.BadCursor):
        search.decode_cursor(search.encode_cursor([{"script": "x"}]))  # type: ignore[list-item]


def test_response_shape_and_next_cursor_only_on_full_page() -> None:
    raw = {"hits": {"total": {"value": 3}, "hits": [{"_source": {"a": 1}, "_score": 1.0, "sort": [1, "x"]}]},
           "aggregations": {"outlet": {"buckets": [{"key": "BBC", "doc_count": 2}]}}}
    full = search.to_response(raw, size=1)
    assert full["total"] == 3 and full["facets"]["outlet"] == [{"value": "BBC", "count": 2}]
    assert search.decode_cursor(full["next_cursor"]) == [1, "x"]
    assert search.to_response(raw, size=5)["next_cursor"] is None
