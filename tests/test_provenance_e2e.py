"""Who heard it from whom, end to end (ingest -> extract -> index as processes, tansu and osmem on loopback):

- the dev reports' speakers and chains (``../shared/seeds-dev/provenance_expected.json``) on the indexed claims;
- a dev report posted again under another outlet (other URL, same text) is a copy: ``copy_of`` on the article
  and its claims, its readings folded into the original's (``also_carried_by``), never a source; the seed
  story's comparison (``compare_expected.json``) still holds with the copy in the index;
- invented reports: three outlets relaying one agency's figure and one outlet with its own first-hand figure
  make two independent sources;
- ``via=``, ``first_hand=`` and the ``via`` facet of ``GET /claims``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from claimstream.embedded import Stack, embedded_stack
from tests.test_compare_seed import find
from tests.waiting import wait_for_sync

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.elasticsearch, pytest.mark.slow, pytest.mark.timeout(300)]
SEEDS = {"000_9cf027c18a6fb95f.txt": "Euromaidan Press", "002_61f1521eaff463c2.txt": "Olomo Times"}
COPY = ("000_9cf027c18a6fb95f.txt", "Kyiv Mirror")  # the same text again, under another outlet and URL
# Invented reports of one strike: three outlets relay the mayor's figure from AFP, each in its own words (no
# copies); a fourth outlet has its own figure, told to it first-hand.
RELAYS = {
    "Harbor Gazette": "Strike on Varnel leaves dozens dead\n"
    "A missile strike hit the river port of Varnel before dawn on Tuesday. At least 40 civilians were killed in "
    "the strike on Varnel, Mayor Ilse Brandt said, according to AFP. Ferries across the estuary were suspended "
    "for the rest of the week and schools stayed closed.",
    "Valley Courier": "Varnel mourns after overnight attack\n"
    "Rescue teams searched collapsed warehouses along the Varnel waterfront through the night. The mayor, Ilse "
    "Brandt, said 40 civilians had been killed in the attack on Varnel, AFP reported. Regional trains were "
    "rerouted around the damaged bridge, the railway operator announced.",
    "Plains Record": "Death toll in Varnel rises\n"
    "Hospitals in the neighbouring province took in the wounded from Varnel by helicopter. According to Agence "
    "France-Presse, Ilse Brandt, the city's mayor, said that 40 civilians were killed in Varnel. Volunteers "
    "collected blankets and bottled water at the central market square.",
}
OWN = (
    "Northern Ledger",
    "Colonel's count of Varnel dead differs\n"
    "Colonel Tavi Renn told the Northern Ledger that 42 civilians were killed in the Varnel strike. He said army "
    "engineers had begun clearing the debris from the grain terminal.",
)


def _post(s: Stack, text: str, outlet: str, url: str) -> dict[str, Any]:
    r = httpx.post(f"{s.url('ingest')}/articles", json={"text": text, "outlet": outlet, "url": url}, timeout=30)
    assert r.status_code == 202, r.text
    return r.json()  # type: ignore[no-any-return]


def _indexed(s: Stack, ids: list[str]) -> list[dict[str, Any]] | None:
    docs = [httpx.get(f"{s.url('index')}/articles/{aid}", timeout=10) for aid in ids]
    if any(d.status_code != 200 or not d.json()["claims"] for d in docs):
        return None
    return [d.json() for d in docs]


@pytest.fixture(scope="module")
def stack(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, dict[str, Any]]]:
    """The stack holding both dev reports, a copy of the first, and the invented Varnel reports."""
    with embedded_stack(log_dir=tmp_path_factory.mktemp("provenance")) as s:
        seeds = dict(SEEDS)
        posted = {
            name: _post(s, (shared_dir / "seeds-dev" / name).read_text(), outlet, f"https://seeds.example/{name}")
            for name, outlet in seeds.items()
        }
        copy = _post(s, (shared_dir / "seeds-dev" / COPY[0]).read_text(), COPY[1], "https://mirror.example/nk-troops")
        varnel = [
            _post(s, text, outlet, f"https://varnel.example/{i}") for i, (outlet, text) in enumerate(RELAYS.items())
        ]
        varnel.append(_post(s, OWN[1], OWN[0], "https://varnel.example/own"))
        ids = [p["article_id"] for p in (*posted.values(), copy, *varnel)]
        articles = wait_for_sync(lambda: _indexed(s, ids), timeout=120, what="every posted article indexed")
        yield s, {"posted": posted, "copy": copy, "articles": dict(zip(ids, articles, strict=True))}


def _names(value: dict[str, Any] | None) -> list[str]:
    return [n.lower().replace("’", "'") for n in (value or {}).values() if isinstance(n, str)]


def _accepts(names: list[str], accepted: list[str]) -> bool:
    accepted = [a.lower().replace("’", "'") for a in accepted]
    return any(n and (a in n or n in a) for n in names for a in accepted)


def test_dev_reports_speakers_and_chains_hold(stack: tuple[Stack, dict[str, Any]], shared_dir: Path) -> None:
    _, data = stack
    expected = json.loads((shared_dir / "seeds-dev" / "provenance_expected.json").read_text())["claims"]
    problems = []
    for want in expected:
        article = data["articles"][data["posted"][want["file"]]["article_id"]]
        said = want["said"].lower()
        hits = [c for c in article["claims"] if said in (c["text"] + " " + c["sentence"]).lower()]
        if not hits:
            problems.append(f"{want['said']!r}: no claim")
            continue
        right = [
            c
            for c in hits
            if _accepts(_names({"n": c["speaker"]["name"], "c": c["speaker"].get("canonical")}), want["speaker"])
            and len(c["via"]) == len(want["via"])
            and all(_accepts(_names(v), names) for v, names in zip(c["via"], want["via"], strict=True))
        ]
        if not right:
            got = [(c["speaker"]["name"], [v["canonical"] for v in c["via"]]) for c in hits]
            problems.append(f"{want['said']!r}: want {want['speaker'][0]} via {want['via']}, got {got}")
    assert not problems, "provenance_expected.json:\n" + "\n".join(problems)


def test_a_copy_is_marked_and_folded_not_counted(stack: tuple[Stack, dict[str, Any]], shared_dir: Path) -> None:
    s, data = stack
    original = data["posted"][COPY[0]]
    assert data["copy"]["copy_of"] == {"article_id": original["article_id"], "outlet": SEEDS[COPY[0]]}
    copy_doc = data["articles"][data["copy"]["article_id"]]
    assert copy_doc["copy_of"]["article_id"] == original["article_id"]
    assert copy_doc["claims"] and all(c["copy_of"]["article_id"] == original["article_id"] for c in copy_doc["claims"])
    story = data["articles"][original["article_id"]]["story_id"]
    assert copy_doc["story_id"] == story
    r = httpx.get(f"{s.url('index')}/claims/compare", params={"story_id": story}, timeout=30)
    assert r.status_code == 200, r.text
    groups = r.json()["groups"]
    readings = [x for g in groups for x in g["readings"]]
    assert readings and all(x["outlet"] != COPY[1] for x in readings), "a copy's reading stands as a source"
    assert all(COPY[1] not in g["outlets"] for g in groups)
    folded = [x for x in readings if x["also_carried_by"] == [COPY[1]]]
    assert folded and all(x["outlet"] == SEEDS[COPY[0]] for x in folded)
    assert all(g["sources"] <= 2 for g in groups)  # two reporting outlets, whatever the copies
    for g in groups:
        assert g["independent_sources"] == len(g["origins"]) <= len(g["readings"])
        assert sorted(i for o in g["origins"] for i in o["readings"]) == list(range(len(g["readings"])))
    # the seed story's comparison still holds with the copy in the index
    expected = json.loads((shared_dir / "seeds-dev" / "compare_expected.json").read_text())["measures"]
    missing = [
        (w["speaker"], w["reported"], why) for m in expected for w in m["readings"] if (why := find(groups, w)[1])
    ]
    assert not missing, missing


def test_three_relays_of_one_agency_and_one_first_hand_figure_are_two_sources(
    stack: tuple[Stack, dict[str, Any]],
) -> None:
    s, _ = stack
    r = httpx.get(f"{s.url('index')}/claims/compare", params={"q": "Varnel"}, timeout=30)
    assert r.status_code == 200, r.text
    [killed] = [g for g in r.json()["groups"] if g["event"] == "killed"]
    assert {x["outlet"] for x in killed["readings"]} == {*RELAYS, OWN[0]}
    assert (killed["sources"], killed["independent_sources"]) == (4, 2), killed["origins"]
    agency = next(o for o in killed["origins"] if len(o["carried_by"]) == 3)
    assert agency["via"] == "Agence France-Presse" and "Brandt" in agency["origin"]
    assert sorted(agency["carried_by"]) == sorted(RELAYS)
    own = next(x for x in killed["readings"] if x["outlet"] == OWN[0])
    assert own["first_hand"] is True and own["via"] == [] and own["chain"][-1] == OWN[0]
    assert "2 independent sources in 4 outlets" in killed["summary"]


def test_via_and_first_hand_filters_and_the_via_facet(stack: tuple[Stack, dict[str, Any]]) -> None:
    s, _ = stack
    claims = f"{s.url('index')}/claims"
    by_nyt = httpx.get(claims, params={"via": "NYT", "size": 50}, timeout=10).json()
    assert by_nyt["total"] >= 2 and all(
        "The New York Times" in [v["canonical"] for v in c["via"]] for c in by_nyt["hits"]
    )
    assert {c["outlet"] for c in by_nyt["hits"]} == {SEEDS[COPY[0]], COPY[1]}  # the copy carries it too
    facet = {f["value"]: f["count"] for f in by_nyt["facets"]["via"]}
    assert facet == {"The New York Times": by_nyt["total"]}
    everything = httpx.get(claims, params={"size": 1}, timeout=10).json()["facets"]["via"]
    assert {"The New York Times", "Yonhap", "Agence France-Presse"} <= {f["value"] for f in everything}
    told = httpx.get(claims, params={"first_hand": "true", "size": 50}, timeout=10).json()
    assert told["total"] >= 1 and {c["outlet"] for c in told["hits"]} == {OWN[0]}
    rest = httpx.get(claims, params={"first_hand": "false", "size": 1}, timeout=10).json()
    total = httpx.get(claims, params={"size": 1}, timeout=10).json()["total"]
    assert rest["total"] == total - told["total"]
