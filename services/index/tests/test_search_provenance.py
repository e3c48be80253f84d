"""The provenance filters and facet of ``GET /claims`` (pure query building): via=, first_hand=, the via facet."""

from __future__ import annotations

from claimstream.services.index import search


def _filters(**kw: object) -> list[dict[str, object]]:
    body = search.build_query(
        search.SearchRequest(**kw),  # type: ignore[arg-type]
        search.CLAIM_FIELDS,
        search.CLAIM_FACETS,
        ["text"],
        "claim_id",
    )
    return body["query"]["bool"]["filter"]  # type: ignore[no-any-return]


def test_via_matches_any_spelling_of_a_known_outlet_and_unknown_names_as_given() -> None:
    names = search.via_names(["NYT", "Olomo Times"])
    assert names == ["NYT", "Olomo Times", "The New York Times"]
    [clause] = _filters(terms={"via.canonical|via.name": names})
    assert clause == {
        "bool": {
            "should": [{"terms": {"via.canonical": names}}, {"terms": {"via.name": names}}],
            "minimum_should_match": 1,
        }
    }


def test_first_hand_true_is_told_to_the_outlet_false_is_every_other_claim() -> None:
    assert _filters(first_hand=True) == [{"term": {"first_hand": True}}]
    assert _filters(first_hand=False) == [{"bool": {"must_not": [{"term": {"first_hand": True}}]}}]
    assert _filters() == []


def test_via_facet_counts_canonical_intermediaries() -> None:
    assert search.CLAIM_FACETS["via"] == {"terms": {"field": "via.canonical", "size": search.FACET_SIZE}}
