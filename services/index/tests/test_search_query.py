"""Search request -> Elasticsearch body (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimstream.services.index import search


def _body(**kw):  # type: ignore[no-untyped-def]
    return search.build_query(
        search.SearchRequest(**kw), search.CLAIM_FIELDS, search.CLAIM_FACETS, ["text"], "claim_id"
    )


def test_user_text_goes_only_into_simple_query_string() -> None:
    body = _body(q='"north korean" +troops -drill')
    must = body["query"]["bool"]["must"]
    assert must == [
        {
            "simple_query_string": {
                "query": '"north korean" +troops -drill',
                "fields": search.CLAIM_FIELDS,
                "default_operator": "and",
            }
        }
    ]
    assert "script" not in str(body)


def test_no_text_matches_all_and_sorts_by_date_with_tiebreak() -> None:
    body = _body()
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]
    assert body["sort"] == [{"published_at": {"order": "desc", "missing": "_last"}}, {"claim_id": "asc"}]


def test_filters_terms_dates_hedged_and_nested_quantity() -> None:
    body = _body(
        terms={"outlet": ["BBC"]},
        date_from=datetime(2024, 1, 1, tzinfo=UTC),
        hedged=True,
        quantity=search.QuantityFilter(counts="troops", min_value=10000),
    )
    filters = body["query"]["bool"]["filter"]
    assert {"terms": {"outlet": ["BBC"]}} in filters
    assert {"range": {"published_at": {"gte": "2024-01-01T00:00:00.000Z"}}} in filters
    assert {"term": {"hedged": True}} in filters
    nested = next(f for f in filters if "nested" in f)["nested"]
    assert nested["path"] == "quantities"
    counts = next(f for f in nested["query"]["bool"]["filter"] if "terms" in f)["terms"]["quantities.counts"]
    assert {"troop", "troops", "soldier", "force"} <= set(counts) and "people" not in counts
    assert {"range": {"quantities.value": {"gte": 10000}}} in nested["query"]["bool"]["filter"]


def test_either_field_filter_and_measure() -> None:
    body = _body(
        terms={"speaker.canonical|speaker.name": ["Korval"]}, quantity=search.QuantityFilter(measure="people killed")
    )
    filters = body["query"]["bool"]["filter"]
    assert {
        "bool": {
            "should": [{"terms": {"speaker.canonical": ["Korval"]}}, {"terms": {"speaker.name": ["Korval"]}}],
            "minimum_should_match": 1,
        }
    } in filters
    nested = next(f for f in filters if "nested" in f)["nested"]["query"]["bool"]["filter"]
    assert nested == [{"term": {"quantities.measure": "people killed"}}]


def test_every_facet_is_bounded() -> None:
    def terms_sizes(aggs: dict) -> list[int]:
        out = []
        for agg in aggs.values():
            out += [agg["terms"]["size"]] if "terms" in agg else []
            out += terms_sizes(agg.get("aggs", {}))
        return out

    for facets in (search.CLAIM_FACETS, search.ARTICLE_FACETS):
        sizes = terms_sizes(facets)
        assert sizes and all(0 < s <= 100 for s in sizes)
    assert "script" not in str(search.CLAIM_FACETS) + str(search.ARTICLE_FACETS)


def test_cursor_round_trip_and_rejects_garbage() -> None:
    cursor = search.encode_cursor([1704067200000, "abc"])
    assert _body(cursor=cursor)["search_after"] == [1704067200000, "abc"]
    with pytest.raises(search.BadCursor):
        search.decode_cursor("not-a-cursor!!")
    with pytest.raises(search.BadCursor):
        search.decode_cursor(search.encode_cursor([{"script": "x"}]))  # type: ignore[list-item]


def test_response_shape_and_next_cursor_only_on_full_page() -> None:
    raw = {
        "hits": {"total": {"value": 3}, "hits": [{"_source": {"a": 1}, "_score": 1.0, "sort": [1, "x"]}]},
        "aggregations": {"outlet": {"buckets": [{"key": "BBC", "doc_count": 2}]}},
    }
    full = search.to_response(raw, size=1)
    assert full["total"] == 3 and full["facets"]["outlet"] == [{"value": "BBC", "count": 2}]
    assert search.decode_cursor(full["next_cursor"]) == [1, "x"]
    assert search.to_response(raw, size=5)["next_cursor"] is None
    again = search.to_response(
        raw, size=1, cursor=search.encode_cursor([1, "x"])
    )  # the cursor's own hit, returned again
    assert again["hits"] == [] and again["next_cursor"] is None
    assert _body(cursor=search.encode_cursor([1, "x"]), size=10)["size"] == 11
    nested = {
        "hits": {"total": {"value": 1}, "hits": []},
        "aggregations": {
            "measure": {
                "doc_count": 3,
                "values": {"buckets": [{"key": "troops", "doc_count": 3, "claims": {"doc_count": 2}}]},
            }
        },
    }
    assert search.to_response(nested, size=5)["facets"]["measure"] == [{"value": "troops", "count": 2}]


@pytest.mark.parametrize(
    ("given", "sent"),
    [
        ("2020-09-28T05:55:42.4-21:20", "2020-09-29T03:15:42.400Z"),  # Elasticsearch refuses offsets beyond ±18:00
        ("2024-01-01T00:00:00", "2024-01-01T00:00:00.000Z"),  # naive: UTC
        ("9999-12-31T23:00:00-05:00", "9999-12-31T23:59:59.999Z"),  # past the calendar's end: clamped
        ("0001-01-01T01:00:00+05:00", "0001-01-01T00:00:00.000Z"),
    ],
)
def test_dates_reach_elasticsearch_in_utc(given: str, sent: str) -> None:
    assert search.es_date(datetime.fromisoformat(given)) == sent
