"""compare.py, readings.py, measure_query.py (pure): what a figure measures, groups across sources, which
readings disagree. Claims are hand-built dicts, with and without the extractor's subject/event fields."""

from __future__ import annotations

from typing import Any

import pytest

from claimstream.services.index import compare, measure_query, measures, readings
from claimstream.services.index.tests import seed_story
from claimstream.shared import taxonomy


def q(value: float, text: str, counts: str | None = None, unit: str | None = None, **kw: Any) -> dict[str, Any]:
    return {"value": value, "text": text, "counts": counts, "unit": unit, **kw}


def claim(
    cid: str,
    text: str,
    quantities: list[dict[str, Any]],
    *,
    outlet: str | None = "A",
    speaker: str = "X",
    article: str = "a1",
    story: str | None = "s1",
    entities: tuple[str, ...] = (),
    kind: str = "person",
) -> dict[str, Any]:
    return {
        "claim_id": cid,
        "article_id": article,
        "story_id": story,
        "outlet": outlet,
        "published_at": "2026-03-04T00:00:00Z",
        "text": text,
        "sentence": text,
        "speaker": {"name": speaker, "canonical": speaker, "kind": kind},
        "cue": "said",
        "quantities": quantities,
        "entities": [{"text": e, "label": "GPE"} for e in entities],
    }


def measure(text: str, quantity: dict[str, Any]) -> str | None:
    [m] = measures.index_fields(claim("c", text, [quantity]))
    return m.get("measure")


def test_synonyms_fold_into_one_noun_class() -> None:
    assert (
        taxonomy.noun_class("soldiers")
        == taxonomy.noun_class("troop")
        == taxonomy.noun_class("forces")
        == ("troops", None)
    )
    assert taxonomy.noun_class("deaths") == ("people", "killed")
    assert measures.subject_parts("North Korean soldiers") == ("troops", frozenset({"north", "korean"}))


def test_a_total_is_a_bare_or_deployed_count() -> None:
    """One rule for extract (the base of a share) and index (the family a figure is compared in)."""
    assert [taxonomy.is_total(e) for e in (None, "deployed", "killed", "displaced")] == [True, True, False, False]
    assert [measures.family(e) for e in (None, "deployed", "killed")] == [measures.COUNT, measures.COUNT, "lost"]


def test_without_extracted_fields_the_words_around_the_number_decide() -> None:
    assert (
        measure("half of the 12,000 North Korean troops sent to Russia have been lost", q(12000, "12,000", "troop"))
        == "troops deployed"
    )
    assert measure("About 300 North Korean soldiers were killed", q(300, "300", "soldier")) == "troops killed"
    assert measure("The Interior Minister put the toll at 112.", q(112, "112")) == "people killed"
    assert measure("22,000 people had fled their homes", q(22000, "22,000", "people")) == "people displaced"
    assert measure("5,000 homes may have been damaged", q(5000, "5,000", "home")) == "homes damaged"
    assert measure("a force of 11,000 troops", q(11000, "11,000", "troop")) == "troops"
    assert measure("around 3,000 of the displaced were children", q(3000, "3,000")) is None  # a part of another figure
    assert measure("a casualty rate that could reach 50% of the total force", q(50, "50%", unit="percent")) is None
    assert measure("in under three hours", q(3, "three hours", unit="hour")) is None
    assert (
        measure("The wave travelled 25 km", q(25, "25 km", unit="km", normalized_value=25000, normalized_unit="m"))
        == "m"
    )


def test_extracted_subject_and_event_win_over_the_words() -> None:
    got = measures.index_fields(
        claim("c", "the troops sent there", [q(5, "5", "troop", subject="Ukrainian soldiers", event="captured")])
    )
    assert got == [{"measure": "troops captured", "subject_class": "troops", "family": "lost"}]


def test_a_following_number_inherits_the_counted_noun() -> None:
    c = claim(
        "c1",
        "About 300 North Korean soldiers were killed and 2,700 wounded during their deployment",
        [q(300, "300", "soldier"), q(2700, "2,700")],
    )
    assert [f["measure"] for f in measures.index_fields(c)] == ["troops killed", "troops wounded"]


def test_intervals_come_from_the_extractor_else_from_the_hedge() -> None:
    [about, least, nearly, share] = readings.readings(
        [
            claim(
                "c",
                "x",
                [
                    q(100, "100", "people", approx="about"),
                    q(20, "20", "home", approx="at least"),
                    q(50, "50", "troop", approx="nearly"),
                    q(
                        0.5,
                        "half",
                        unit="fraction",
                        subject="troops",
                        event="lost",
                        relative=[0.5, 0.5],
                        of=12000,
                        absolute=[6000, 6000],
                        approx="approximately",
                    ),
                ],
            )
        ]
    )
    assert about.interval == pytest.approx((90.0, 110.0))
    assert least.interval == (20.0, None) and nearly.interval == (45.0, 50.0)
    assert share.absolute == (6000.0, 6000.0) and share.interval[0] == 5400.0 and share.unit is None
    unknown_base = claim(
        "c2", "half the force", [q(0.5, "half", unit="fraction", subject="troops", event="lost", relative=[0.5, 0.5])]
    )
    assert readings.readings([unknown_base]) == []  # a share of an unknown base has no absolute figure
    reached = claim(
        "c3",
        "rescuers reached two-thirds of the 40 villages",
        [
            q(
                0.667,
                "two-thirds",
                unit="fraction",
                subject="villages",
                relative=[0.667, 0.667],
                of=40,
                absolute=[26.68, 26.68],
            )
        ],
    )
    assert readings.readings([reached]) == []  # a part of its base, not another count of the villages


def test_seed_story_nested_losses_are_one_group_and_disagree() -> None:
    groups = {g["measure"]: g for g in compare.compare(seed_story.claim_dicts(), tolerance=0)}
    assert set(groups) == {"troops deployed", "troops lost"}
    lost = groups["troops lost"]
    assert lost["events"] == ["killed", "killed or wounded", "lost", "wounded"] and lost["verdict"] == "disagree"
    assert (lost["min"], lost["max"]) == (3000, 6000)  # the losses, not their killed and wounded parts
    by_figure = {(r["speaker"], r["event"], tuple(r["absolute"])): i for i, r in enumerate(lost["readings"])}
    syrskyi = by_figure[("Oleksandr Syrskyi", "lost", (6000, 6000))]
    seoul = by_figure[("Seoul's intelligence officials", "killed or wounded", (3000, 3000))]
    jones = by_figure[("Seth Jones", "killed or wounded", (3663, 5500))]
    pairs = {frozenset((d["a"], d["b"])): d for d in lost["disagreements"]}
    assert pairs[frozenset((syrskyi, seoul))]["relation"] == "same"  # lost compared as killed or wounded
    assert frozenset((syrskyi, jones)) not in pairs  # 5,400-6,600 overlaps 3,663-5,500
    killed = by_figure[("Seoul's intelligence officials", "killed", (300, 300))]
    assert frozenset((syrskyi, killed)) not in pairs  # a part below its whole
    assert all(
        lost["readings"][d["a"]]["speaker"] != lost["readings"][d["b"]]["speaker"] for d in lost["disagreements"]
    )
    reading = lost["readings"][syrskyi]
    assert reading["relative"] == [0.5, 0.5] and reading["of"] == 12000 and reading["interval"] == [5400, 6600]
    assert "half of the 12,000" in reading["reported"] and reading["cue"] == "said"


def test_hedged_figures_that_overlap_are_consistent_though_they_differ() -> None:
    troops = next(
        g for g in compare.compare(seed_story.claim_dicts(), tolerance=0) if g["measure"] == "troops deployed"
    )
    assert troops["verdict"] == "consistent" and not troops["discrepancy"] and troops["figures_differ"]
    assert troops["values"] == [11000, 12000] and troops["n_sources"] == 3 and troops["disagreements"] == []
    assert "differ" in troops["summary"]
    exact = [
        claim("e1", "11,000 troops were sent", [q(11000, "11,000", "troop")], outlet="B", article="b"),
        claim("e2", "12,000 troops were sent", [q(12000, "12,000", "troop")], outlet="C", article="c"),
    ]
    [g] = compare.compare(exact, tolerance=0)
    assert g["verdict"] == "disagree" and g["disagreements"][0]["reason"] == "11,000 and 12,000 do not overlap"


def test_a_part_exceeding_its_whole_disagrees_and_siblings_are_not_compared() -> None:
    def one(cid: str, value: float, event: str, outlet: str) -> dict[str, Any]:
        return claim(cid, "t", [q(value, str(value), subject="troops", event=event)], outlet=outlet, article=cid)

    [g] = compare.compare([one("k", 500, "killed", "A"), one("w", 9000, "wounded", "B")], tolerance=0)
    assert g["measure"] == "troops killed or wounded" and g["verdict"] == "consistent"  # siblings
    [g] = compare.compare([one("k", 500, "killed", "A"), one("c", 400, "killed or wounded", "B")], tolerance=0)
    assert g["verdict"] == "disagree" and g["disagreements"][0]["relation"] in ("part", "whole")
    assert compare.relation("captured", "lost") == "part" and compare.relation("lost", "killed or wounded") == "same"
    assert compare.relation(None, "deployed") == "same" and compare.relation("killed", "wounded") is None


def test_different_events_stay_apart_unless_they_share_a_story_article_or_entity() -> None:
    flood = claim(
        "c1", "140 people were killed", [q(140, "140", "people")], story="flood", entities=("Selka",), article="a1"
    )
    quake = claim(
        "c2",
        "90 people were killed",
        [q(90, "90", "people")],
        story="quake",
        entities=("Tarn",),
        article="a2",
        outlet="B",
    )
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
    c = claim(
        "c1",
        "The minister put the toll at 112.",
        [q(112, "112")],
        outlet="Coastal Tribune",
        speaker="outlet",
        kind="outlet",
    )
    [reading] = readings.readings([c])
    assert reading.speaker == "Coastal Tribune" and reading.measure == "people killed"


def test_a_query_naming_a_measure_selects_readings_by_subject_not_words() -> None:
    mq = measure_query.parse("North Korean troops")
    assert mq is not None and mq.subjects == {"troops"} and not mq.events and mq.modifiers == {"north", "korean"}
    soldiers = claim("c1", "300 were killed", [q(300, "300", subject="North Korean soldiers", event="killed")])
    bare = claim("c2", "a force of 11,000", [q(11000, "11,000", subject="troops")], article="a2", outlet="B")
    ukrainian = claim("c3", "5 captured", [q(5, "5", subject="Ukrainian troops", event="captured")], article="a3")
    people = claim("c4", "9 people died", [q(9, "9", "people")], article="a4")
    kept = [r.claim_id for r in readings.readings([soldiers, bare, ukrainian, people]) if mq.matches(r)]
    assert kept == ["c1", "c2"]
    killed = measure_query.parse("troops killed -wounded")
    assert killed is not None and killed.events == {"killed"} and "wounded" not in killed.modifiers
    assert measure_query.parse("Selka dam") is None
    assert measure_query.parse("deaths") == measure_query.MeasureQuery(frozenset(), frozenset({"killed"}), frozenset())
    either = measure_query.parse("killed | displaced")
    assert either is not None and either.events == {"killed", "displaced"}
    fled = claim("c5", "20,000 people fled", [q(20000, "20,000", "people")], article="a5")
    assert [r.claim_id for r in readings.readings([people, fled, bare]) if either.matches(r)] == ["c4", "c5"]
    clause = measure_query.text_or_measure({"match_all": {}}, mq)
    assert clause["bool"]["should"][1]["nested"]["query"]["bool"]["filter"] == [
        {"terms": {"quantities.subject_class": ["troops"]}}
    ]
