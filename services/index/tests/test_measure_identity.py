"""A comparison group holds one measure (pure): the counted subject with its side (North Korean troops are not
Russian soldiers), the event family, and the stated period (a count "in the past three months" is a part of
a total "since 2022"; "in 2023" and "last month" are never compared). An unqualified subject takes the one
side its article counts, else it is listed as unplaced. Claims are invented, hand-labelled as the extractor
labels them."""

from __future__ import annotations

from datetime import date
from typing import Any

from claimstream.services.index import compare, measure_query, readings
from claimstream.services.index.tests import seed_story
from claimstream.services.index.tests.two_armies import claim, q, two_armies
from claimstream.shared import periods, taxonomy


def test_sides_fold_their_spellings_and_stay_apart() -> None:
    assert taxonomy.side_key("North Korean") == taxonomy.side_key("North Korea's") == taxonomy.side_key("Pyongyang")
    assert taxonomy.side_key("Russian") == taxonomy.side_key("Russia's") == taxonomy.side_key("Moscow's")
    assert taxonomy.side_key("Ukraine's") == taxonomy.side_key("Ukrainian") == taxonomy.side_key("Kyiv")
    assert taxonomy.side_key("U.S.") == taxonomy.side_key("American")
    assert len({taxonomy.side_key(s) for s in ("North Korean", "South Korean", "Russian", "Ukrainian", "")}) == 5
    assert taxonomy.side_key("Austrian") != taxonomy.side_key("Australian")


def test_two_armies_losses_are_two_groups_and_the_summary_pairs_neither_with_the_other() -> None:
    result = compare.comparison(two_armies(), tolerance=0, min_sources=1)
    groups = {g["side"]: g for g in result["groups"]}
    assert set(groups) == {"North Korean", "Russian"}
    north = groups["North Korean"]
    assert {r["claim_id"] for r in north["readings"]} == {"nk1", "nk2"}
    assert north["verdict"] == "disagree" and "250,000" not in north["summary"] and "5,000" not in north["summary"]
    assert (north["min"], north["max"]) == (400, 700)  # the chart's axis runs over the group, not the other army
    russian = groups["Russian"]
    assert {r["claim_id"] for r in russian["readings"]} == {"ru1", "ru2"}  # "Russia's" and "Russian" are one side
    assert russian["verdict"] == "consistent"  # "as many as 250,000" allows 5,000
    # "the troops" in an article counting two armies is unplaced, never mixed in
    [unplaced] = result["unplaced"]
    assert unplaced["claim_id"] == "bare" and "North Korean and Russian" in unplaced["why"]
    assert all(r["claim_id"] != "bare" for g in result["groups"] for r in g["readings"])


def test_an_unqualified_subject_takes_the_one_side_its_article_counts() -> None:
    one_side = [c for c in two_armies() if not c["claim_id"].startswith("ru")]
    result = compare.comparison(one_side, tolerance=0, min_sources=1)
    assert result["unplaced"] == []
    [group] = result["groups"]
    bare = next(r for r in group["readings"] if r["claim_id"] == "bare")
    assert bare["side"] == "North Korean" and bare["placed"] == "article"
    # the seed story's "a force of about 11,000 troops" joins the North Korean troops sent
    deployed = next(g for g in compare.compare(seed_story.claim_dicts()) if g["measure"] == "troops deployed")
    jones = next(r for r in deployed["readings"] if r["speaker"] == "Seth Jones")
    assert jones["placed"] == "article" and deployed["side"] == "North Korean"


def test_a_query_for_one_side_takes_its_spellings_not_the_other_army() -> None:
    mq = measure_query.parse("Russian soldiers")
    assert mq is not None
    kept = {r.claim_id for r in readings.readings(two_armies()) if mq.matches(r)}
    assert kept == {"ru1", "ru2", "bare"}  # "bare" names no side: the query cannot exclude it


def losses(cid: str, value: float, period: str | None, *, outlet: str, article: str) -> dict[str, Any]:
    return claim(
        cid,
        f"{value:,.0f} Ukrainian soldiers were killed {period or ''}",
        [q(value, f"{value:,.0f}", "Ukrainian troops", "killed", period=period, interval=[value, value])],
        outlet=outlet,
        speaker=f"source {cid}",
        article=article,
    )


def test_periods_resolve_against_the_publication_date() -> None:
    assert periods.find("killed since September 2022 and in the past three months") == [
        (7, 27, "since September 2022"),
        (32, 56, "in the past three months"),
    ]
    since = periods.resolve("since September 2022", "2026-03-04T00:00:00Z")
    assert since == periods.Period("since september 2022", date(2022, 9, 1), date(2026, 3, 4))
    recent = periods.resolve("in the past three months", "2026-03-04")
    assert recent is not None and recent.start == date(2025, 12, 3)
    last = periods.resolve("last year", "2026-03-04")
    assert last is not None and (last.start, last.end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert periods.relation(since, recent) == "contains" and periods.relation(recent, since) == "within"
    assert periods.relation(last, periods.resolve("in 2023", None)) == "apart"
    late = periods.resolve("stationed since late 2024", "2026-03-04")
    assert late is not None and late.start == date(2024, 9, 1)
    since_last = periods.resolve("stationed there since last year", "2026-03-04")
    assert since_last is not None and (since_last.start, since_last.end) == (date(2025, 1, 1), date(2026, 3, 4))
    undated = periods.resolve("in the past three months", None)
    assert periods.relation(undated, periods.resolve("last month", None)) == "apart"
    assert periods.relation(undated, None) == "same"


def test_stated_periods_are_labelled_and_compared_only_when_one_contains_the_other() -> None:
    total = losses("t", 40000, "since 2022", outlet="Harbor Post", article="p1")
    recent = losses("r", 2500, "in the past three months", outlet="Valley Courier", article="p2")
    [group] = compare.compare([total, recent], tolerance=0)
    assert group["periods"] == ["in the past three months", "since 2022"]
    assert {r["period"] for r in group["readings"]} == {"since 2022", "in the past three months"}
    assert group["verdict"] == "consistent" and (group["min"], group["max"]) == (40000, 40000)  # a part below its whole
    too_many = losses("r2", 60000, "in the past three months", outlet="Valley Courier", article="p2")
    [group] = compare.compare([total, too_many], tolerance=0)
    [pair] = group["disagreements"]
    assert pair["relation"] in ("part", "whole")
    assert "the part (killed in the past three months, 60,000) exceeds the whole (killed since 2022" in pair["reason"]
    # two years apart: never compared, two groups
    year = losses("y", 9000, "in 2023", outlet="Harbor Post", article="p3")
    month = losses("m", 800, "last month", outlet="Valley Courier", article="p4")
    groups = compare.compare([year, month], tolerance=0, min_sources=1)
    assert sorted(g["periods"] for g in groups) == [["in 2023"], ["last month"]]
    assert all(not g["disagreements"] for g in groups)


def test_a_bare_subject_takes_its_storys_one_side_else_is_unplaced() -> None:
    nk, ru = (c for c in two_armies() if c["claim_id"] in ("nk2", "ru1"))
    bare = claim("b", "some 90 soldiers died", [q(90, "90", "troops", "killed")], outlet="C", speaker="Z", article="c")
    placed, unplaced = compare.place(readings.readings([nk, bare]))
    assert not unplaced and {r.placed for r in placed if r.claim_id == "b"} == {"story"}
    placed, unplaced = compare.place(readings.readings([nk, {**ru, "article_id": "d"}, bare]))
    assert [(r.claim_id, "its story counts" in why) for r, why in unplaced] == [("b", True)]
    alone, unplaced = compare.place(readings.readings([bare]))
    assert not unplaced and alone[0].side == "" and alone[0].placed is None  # no side anywhere: unqualified


def test_unstated_periods_form_their_own_group_beside_periods_apart() -> None:
    year = losses("y", 9000, "in 2023", outlet="Harbor Post", article="p3")
    month = losses("m", 800, "last month", outlet="Valley Courier", article="p4")
    unstated = losses("u", 5000, None, outlet="Delta Times", article="p5")
    groups = compare.compare([year, month, unstated], tolerance=0, min_sources=1)
    assert sorted((g["periods"], len(g["readings"])) for g in groups) == [
        ([], 1),
        (["in 2023"], 1),
        (["last month"], 1),
    ]
