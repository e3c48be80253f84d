"""compare.py (pure): what a number measures, and groups of readings across sources."""

from __future__ import annotations

from typing import Any

from claimstream.services.index import compare
from claimstream.shared import taxonomy


def q(value: float, text: str, counts: str | None = None, unit: str | None = None, **kw: Any) -> dict[str, Any]:
    return {"value": value, "text": text, "counts": counts, "unit": unit, **kw}


def claim(cid: str, text: str, quantities: list[dict[str, Any]], *, outlet: str | None = "A", speaker: str = "X",
          article: str = "a1", story: str | None = "s1", entities: tuple[str, ...] = (), kind: str = "person") -> dict[str, Any]:
    return {"claim_id": cid, "article_id": article, "story_id": story, "outlet": outlet, "published_at": "2026-03-04T00:00:00Z",
            "text": text, "sentence": text, "speaker": {"name": speaker, "canonical": speaker, "kind": kind},
            "quantities": quantities, "entities": [{"text": e, "label": "GPE"} for e in entities]}


def test_synonyms_fold_into_one_noun_class() -> None:
    assert taxonomy.noun_class("soldiers") == taxonomy.noun_class("troop") == taxonomy.noun_class("forces") == ("troops", None)
    assert taxonomy.noun_class("deaths") == ("people", "killed")
    assert taxonomy.noun_class("lorins") == ("lorin", None)


def test_measure_reads_the_words_around_the_number() -> None:
    def m(text: str, quantity: dict[str, Any]) -> str | None:
        return compare.measure_of(quantity, text)

    assert m("approximately half of the 12,000 North Korean troops sent to Russia have been lost", q(12000, "12,000", "troop")) == "troops"
    assert m("About 300 North Korean soldiers were killed", q(300, "300", "soldier")) == "troops killed"
    assert m("The Interior Minister put the toll at 112.", q(112, "112")) == "people killed"
    assert m("22,000 people had fled their homes", q(22000, "22,000", "people")) == "people displaced"
    assert m("The collapse has displaced some 20,000 people", q(20000, "20,000", "people")) == "people displaced"
    assert m("5,000 homes may have been damaged", q(5000, "5,000", "home")) == "homes damaged"
    assert m("around 3,000 of the displaced were children", q(3000, "3,000")) is None  # a part of another figure
    assert m("a casualty rate that could reach 50% of the total force", q(50, "50%", unit="percent")) is None
    assert m("in under three hours", q(3, "three hours", unit="hour")) is None
    assert m("The wave travelled 25 km", q(25, "25 km", unit="km", normalized_value=25000, normalized_unit="m")) == "m"


def test_a_following_number_inherits_the_counted_noun() -> None:
    c = claim("c1", "About 300 North Korean soldiers were killed and 2,700 wounded during their deployment",
              [q(300, "300", "soldier"), q(2700, "2,700")])
    assert compare.measures(c) == ["troops killed", "troops wounded"]


def test_one_group_per_measure_with_spread_and_discrepancy() -> None:
    claims = [
        claim("c1", "half of the 12,000 troops sent to Russia", [q(12000, "12,000", "troop")], outlet="Kyiv Post", speaker="Syrskyi", article="a1"),
        claim("c2", "where approximately 11,000 troops had been stationed", [q(11000, "11,000", "troop", approx="approximately")],
              outlet="Seoul Daily", speaker="NIS", article="a2"),
        claim("c3", "for a force of 11,000 soldiers", [q(11000, "11,000", "soldier")], outlet="Seoul Daily", speaker="Seth Jones", article="a2"),
        claim("c3b", "a force of 11,000 soldiers", [q(11000, "11,000", "soldier")], outlet="Seoul Daily", speaker="Seth Jones", article="a2"),
        claim("c4", "About 300 soldiers were killed", [q(300, "300", "soldier")], outlet="Seoul Daily", speaker="NIS", article="a2"),
    ]
    groups = compare.compare(claims)
    troops = next(g for g in groups if g["measure"] == "troops")
    assert [r["value"] for r in troops["readings"]] == [11000, 11000, 12000]  # NIS and Jones, same article: both kept
    assert {r["outlet"] for r in troops["readings"]} == {"Kyiv Post", "Seoul Daily"}
    assert {r["speaker"] for r in troops["readings"]} == {"Syrskyi", "NIS", "Seth Jones"}
    assert troops["min"] == 11000 and troops["max"] == 12000 and troops["relative_spread"] == round(1000 / 12000, 4)
    assert troops["discrepancy"] and troops["n_sources"] == 3 and troops["values"] == [11000, 12000]
    assert all(g["measure"] != "troops killed" for g in groups)  # one source only: below min_sources
    assert [g["measure"] for g in compare.compare(claims, min_sources=1)].count("troops killed") == 1


def test_different_events_stay_apart_unless_they_share_a_story_article_or_entity() -> None:
    flood = claim("c1", "140 people were killed", [q(140, "140", "people")], story="flood", entities=("Selka",), article="a1")
    quake = claim("c2", "90 people were killed", [q(90, "90", "people")], story="quake", entities=("Tarn",), article="a2", outlet="B")
    assert len(compare.compare([flood, quake], min_sources=1)) == 2
    same_place = {**quake, "entities": [{"text": "the Selka", "label": "LOC"}]}  # entity folded: "the Selka" = "Selka"
    [group] = compare.compare([flood, same_place])
    assert group["measure"] == "people killed" and group["discrepancy"]


def test_tolerance_and_single_source_are_not_discrepancies() -> None:
    a = claim("c1", "100 people were displaced", [q(100, "100", "people")], outlet="A")
    b = claim("c2", "102 people were displaced", [q(102, "102", "people")], outlet="B", article="a2")
    [group] = compare.compare([a, b])
    assert not group["discrepancy"] and compare.compare([a, b], tolerance=0.01)[0]["discrepancy"]
    revised = claim("c3", "150 people were displaced", [q(150, "150", "people")], outlet="A")  # same outlet and speaker
    [alone] = compare.compare([a, revised], min_sources=1)
    assert alone["n_sources"] == 1 and not alone["discrepancy"]


def test_outlet_statements_are_attributed_to_the_outlet() -> None:
    c = claim("c1", "The minister put the toll at 112.", [q(112, "112")], outlet="Coastal Tribune", speaker="outlet", kind="outlet")
    [reading] = compare.readings([c])
    assert reading.speaker == "Coastal Tribune" and reading.measure == "people killed"


def test_counts_variants_cover_synonyms_and_plural() -> None:
    assert {"troop", "troops", "soldier", "force"} <= set(taxonomy.counts_variants("Troops"))
    assert set(taxonomy.counts_variants("lorins")) == {"lorin", "lorins"}
