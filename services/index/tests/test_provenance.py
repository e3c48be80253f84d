"""provenance.py (pure): origins, chains, independent sources and copies in the comparison. Invented claims."""

from __future__ import annotations

from typing import Any

from claimstream.services.index import compare, provenance

KILLED = {"subject": "civilians", "event": "killed", "counts": "civilian"}


def claim(
    cid: str,
    outlet: str,
    speaker: str,
    value: float,
    *,
    via: tuple[str, ...] = (),
    kind: str = "person",
    article: str | None = None,
    copy_of: dict[str, Any] | None = None,
    first_hand: bool | None = None,
) -> dict[str, Any]:
    text = f"{value:,.0f} civilians were killed in the Varnel strike"
    return {
        "claim_id": cid,
        "article_id": article or f"art-{cid}",
        "story_id": "st",
        "outlet": outlet,
        "published_at": "2026-02-01T00:00:00Z",
        "text": text,
        "sentence": text,
        "speaker": {"name": speaker, "canonical": speaker, "kind": kind},
        "cue": "said",
        "quantities": [{"value": value, "text": f"{value:,.0f}", **KILLED}],
        "entities": [{"text": "Varnel", "label": "GPE"}],
        "via": [{"name": v, "canonical": v, "kind": "agency"} for v in via],
        "first_hand": first_hand,
        "copy_of": copy_of,
    }


def only_group(claims: list[dict[str, Any]], **kw: Any) -> dict[str, Any]:
    [g] = compare.compare(claims, **kw)
    return g


def test_three_outlets_relaying_one_agency_and_one_first_hand_are_two_independent_sources() -> None:
    relayed = [
        claim(f"r{i}", outlet, "Mayor Ilse Brandt", 40, via=("Agence France-Presse",))
        for i, outlet in enumerate(("Harbor Gazette", "Valley Courier", "Plains Record"))
    ]
    own = claim("own", "Northern Ledger", "Colonel Tavi Renn", 42, first_hand=True)
    g = only_group([*relayed, own])
    assert (g["sources"], g["independent_sources"], g["n_sources"]) == (4, 2, 4)
    [agency, colonel] = g["origins"]
    assert agency["origin"] == "Mayor Ilse Brandt via Agence France-Presse" and agency["via"] == "Agence France-Presse"
    assert agency["carried_by"] == ["Harbor Gazette", "Plains Record", "Valley Courier"]
    assert [g["readings"][i]["outlet"] for i in agency["readings"]] == [
        "Harbor Gazette",
        "Valley Courier",
        "Plains Record",
    ]
    assert colonel == {"origin": "Colonel Tavi Renn", "via": None, "readings": [3], "carried_by": ["Northern Ledger"]}
    assert "2 independent sources in 4 outlets" in g["summary"]
    r = g["readings"][0]
    assert r["chain"] == ["Mayor Ilse Brandt", "Agence France-Presse", "Harbor Gazette"] and r["via"] == [
        "Agence France-Presse"
    ]
    assert g["readings"][3]["first_hand"] is True and g["readings"][3]["chain"] == [
        "Colonel Tavi Renn",
        "Northern Ledger",
    ]


def test_one_report_relayed_by_three_outlets_is_one_source_not_corroboration() -> None:
    relayed = [
        claim(f"r{i}", outlet, "Mayor Ilse Brandt", 40, via=("Reuters",))
        for i, outlet in enumerate(("Harbor Gazette", "Valley Courier", "Plains Record"))
    ]
    g = only_group(relayed)
    assert (g["sources"], g["independent_sources"]) == (3, 1)
    assert g["verdict"] == "consistent"
    assert g["summary"] == (
        "Consistent: 40 from one source (Mayor Ilse Brandt via Reuters), carried by 3 outlets: "
        "not independent corroboration."
    )


def test_a_copy_is_folded_into_the_original_and_never_counted() -> None:
    original = claim("o", "Harbor Gazette", "Mayor Ilse Brandt", 40, article="orig")
    copy = claim("c", "Scraper Daily", "Mayor Ilse Brandt", 40, article="copy", copy_of={"article_id": "orig"})
    other = claim("x", "Valley Courier", "Colonel Tavi Renn", 90)
    g = only_group([copy, original, other])
    assert len(g["readings"]) == 2 and (g["sources"], g["independent_sources"]) == (2, 2)
    mayor = next(r for r in g["readings"] if r["speaker"] == "Mayor Ilse Brandt")
    assert mayor["article_id"] == "orig" and mayor["also_carried_by"] == ["Scraper Daily"] and mayor["copy_of"] is None
    assert "Scraper Daily" not in g["outlets"] and g["summary"].endswith(
        "2 independent sources in 2 outlets (+1 copy)."
    )
    mayor_origin = next(o for o in g["origins"] if o["origin"] == "Mayor Ilse Brandt")
    assert mayor_origin["carried_by"] == ["Harbor Gazette", "Scraper Daily"]
    # without its original among the claims, the first copy stands for it and later copies fold into it
    copy2 = claim("c2", "Mirror Site", "Mayor Ilse Brandt", 40, article="copy2", copy_of={"article_id": "orig"})
    g = only_group([copy, copy2, other])
    mayor = next(r for r in g["readings"] if r["speaker"] == "Mayor Ilse Brandt")
    assert mayor["copy_of"] == "orig" and len(g["readings"]) == 2 and g["sources"] == 2
    assert mayor["also_carried_by"] in (["Mirror Site"], ["Scraper Daily"])
    # the outlet's own statement folds too, though each copy names its own outlet as the speaker
    own = claim("oo", "Harbor Gazette", "Harbor Gazette", 40, article="orig", kind="outlet")
    own_copy = claim(
        "oc", "Scraper Daily", "Scraper Daily", 40, article="copy", kind="outlet", copy_of={"article_id": "orig"}
    )
    g = only_group([own, own_copy, other])
    assert len(g["readings"]) == 2 and g["sources"] == 2
    assert next(r for r in g["readings"] if r["outlet"] == "Harbor Gazette")["also_carried_by"] == ["Scraper Daily"]
    # a copy alone does not make a second source
    assert compare.compare([original, copy]) == []


def test_unnamed_speakers_are_each_outlets_own_and_an_outlets_statement_is_the_outlet() -> None:
    a = claim("a", "Harbor Gazette", "officials", 40, kind="anonymous")
    b = claim("b", "Valley Courier", "officials", 40, kind="anonymous")
    relayed = claim("c", "Plains Record", "officials", 40, kind="anonymous", via=("The New York Times",))
    own = claim("d", "Northern Ledger", "Northern Ledger", 40, kind="outlet")
    wire = claim("e", "Northern Ledger", "AFP", 40, kind="outlet")
    g = only_group([a, b, relayed, own, wire])
    assert sorted(o["origin"] for o in g["origins"]) == [
        "Agence France-Presse",
        "Northern Ledger",
        "officials via Harbor Gazette",
        "officials via The New York Times",
        "officials via Valley Courier",
    ]


def test_origin_and_chain_rules() -> None:
    assert provenance.origin("Gen. X", "person", ("The New York Times", "Reuters"), "A") == (
        "Gen. X via The New York Times"
    )
    assert provenance.origin("BBC News", "outlet", (), "BBC News") == "BBC"
    assert provenance.origin("Gen. X", "person", (), "A") == "Gen. X"
    assert provenance.origin("Plains Record", "outlet", ("Reuters",), "Plains Record") == "Reuters"
    credited = compare.compare(
        [
            claim("a", "Plains Record", "Plains Record", 40, kind="outlet", via=("Reuters",)),
            claim("b", "Harbor Gazette", "Harbor Gazette", 40, kind="outlet", via=("Reuters",)),
        ]
    )[0]
    assert credited["independent_sources"] == 1
    assert sorted(r["chain"][-1] for r in credited["readings"]) == ["Harbor Gazette", "Plains Record"]
    assert all(r["chain"][0] == "Reuters" and len(r["chain"]) == 2 for r in credited["readings"])
    assert provenance.speaker_of({"outlet": "Harbor Gazette", "speaker": {"name": "AFP", "kind": "outlet"}}) == (
        "Agence France-Presse"
    )
    assert provenance.speaker_of({"outlet": "BBC News", "speaker": {"name": "the BBC", "kind": "outlet"}}) == "BBC News"
