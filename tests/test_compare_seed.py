"""The story comparison a reader wants (``../shared/seeds-dev/compare_expected.json``), end to end: both seeds-dev
reports posted over HTTP to the embedded stack (tansu, osmem, ingest -> extract -> index as processes) with
their outlets, then ``GET /claims/compare?story_id=``. Every expected reading must be there with its speaker,
figure (value, or relative share of its base), hedge interval and absolute figure, and each measure must have
its verdict (troops sent: consistent though the figures differ; losses: disagree). The demo story, in the
same stack, must still show its disagreements.

This depends on extraction filling ``subject``/``event``/``relative``/``of``/``interval``/``absolute``/
``derived``; a failure lists every expected reading that is missing or wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from claimstream import demo
from claimstream.embedded import Stack, embedded_stack
from tests.waiting import wait_for_sync

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.elasticsearch, pytest.mark.slow, pytest.mark.timeout(300)]
OUTLETS = {"000_9cf027c18a6fb95f.txt": "Euromaidan Press", "002_61f1521eaff463c2.txt": "Olomo Times"}


@pytest.fixture(scope="module")
def stack(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, str]]:
    """The stack holding the demo and both seeds-dev reports; yields it with the seeds' story id."""
    with embedded_stack(log_dir=tmp_path_factory.mktemp("compare-seed")) as s:
        demo.load(s.url("ingest"), s.url("index"), echo=lambda _: None)
        ids = [
            httpx.post(
                f"{s.url('ingest')}/articles",
                json={"text": (shared_dir / "seeds-dev" / name).read_text(), "outlet": outlet},
                timeout=30,
            ).json()["article_id"]
            for name, outlet in OUTLETS.items()
        ]

        def story() -> str | None:
            docs = [httpx.get(f"{s.url('index')}/articles/{aid}", timeout=10) for aid in ids]
            if any(d.status_code != 200 or not d.json()["claims"] for d in docs):
                return None
            stories = {d.json().get("story_id") for d in docs}
            return stories.pop() if len(stories) == 1 and None not in stories else None

        yield s, wait_for_sync(story, 90, "the seed articles' story")


def _fold(name: str | None) -> str:
    return (name or "").replace("’", "'").lower()


def _close(got: Any, want: Any) -> bool:
    """Numbers (or pairs of numbers) equal within 1 % (a third of 11,000 is 3,663 or 3,666.7)."""
    if want is None or got is None:
        return want is got
    got, want = ([x, x] if isinstance(x, (int, float)) else x for x in (got, want))
    return len(got) == len(want) and all(abs(g - w) <= 0.01 * max(abs(w), 1) for g, w in zip(got, want, strict=True))


def mismatch(reading: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """What of ``want`` (an expected reading) ``reading`` (an API reading) gets wrong."""
    wrong = []
    if "relative" in want:
        if not _close(reading.get("relative"), want["relative"]) or not _close(reading.get("of"), want["of"]):
            wrong.append(f"relative {reading.get('relative')} of {reading.get('of')}")
    elif not (_close([reading["value"]], [want["value"]]) or _close(reading["absolute"], want["value"])):
        wrong.append(f"value {reading['value']}")
    for key in ("absolute", "interval"):
        if key in want and not _close(reading.get(key), want[key]):
            wrong.append(f"{key} {reading.get(key)}")
    for key in ("approx", "event"):
        if key in want and reading.get(key) != want[key]:
            wrong.append(f"{key} {reading.get(key)!r}")
    return wrong


def find(groups: list[dict[str, Any]], want: dict[str, Any]) -> tuple[int | None, str]:
    """(index of the group holding ``want``, '' ) or (None, why it was not found)."""
    near: list[str] = []
    for gi, g in enumerate(groups):
        for r in g["readings"]:
            speaker = _fold(want["speaker"])
            if r["outlet"] != want["outlet"] or not (speaker in _fold(r["speaker"]) or _fold(r["speaker"]) in speaker):
                continue
            wrong = mismatch(r, want)
            if not wrong:
                return gi, ""
            near.append(f"{g['measure']}: {r['text']!r} has {', '.join(wrong)}")
    return None, "; ".join(near) or "no reading of this speaker and outlet"


def test_seed_story_comparison_matches_what_a_reader_expects(stack: tuple[Stack, str], shared_dir: Path) -> None:
    s, story = stack
    expected = json.loads((shared_dir / "seeds-dev" / "compare_expected.json").read_text())["measures"]
    r = httpx.get(f"{s.url('index')}/claims/compare", params={"story_id": story}, timeout=30)
    assert r.status_code == 200, r.text
    groups = r.json()["groups"]
    problems: list[str] = []
    for measure, verdict in zip(expected, ("consistent", "disagree"), strict=True):
        found = {}
        for want in measure["readings"]:
            gi, why = find(groups, want)
            if gi is None:
                problems.append(
                    f"[{measure['what']}] {want['speaker']} ({want['outlet']}): {want['reported']!r}: {why}"
                )
            else:
                found[want["reported"]] = gi
        if len(set(found.values())) > 1:
            problems.append(
                f"[{measure['what']}] readings split over {sorted({groups[i]['measure'] for i in found.values()})}"
            )
        elif found:
            g = groups[next(iter(found.values()))]
            if g["verdict"] != verdict or (verdict == "consistent" and not g["figures_differ"]):
                problems.append(f"[{measure['what']}] verdict {g['verdict']} ({g['summary']}), expected {verdict}")
    assert not problems, "compare_expected.json readings missing or wrong:\n" + "\n".join(problems)


def test_measure_query_finds_the_troops_and_the_demo_still_disagrees(stack: tuple[Stack, str]) -> None:
    s, story = stack
    by_measure = httpx.get(f"{s.url('index')}/claims/compare", params={"q": "North Korean troops"}, timeout=30).json()
    assert by_measure["measure_query"]["subjects"] == ["troops"]
    assert {g["subject"] for g in by_measure["groups"]} == {"troops"}
    assert {r["outlet"] for g in by_measure["groups"] for r in g["readings"]} == set(OUTLETS.values())
    # found by measure, not by words: "300 North Korean soldiers were killed" never says troops
    assert any("troop" not in r["claim"].lower() for g in by_measure["groups"] for r in g["readings"])
    demo_story = httpx.get(
        f"{s.url('index')}/claims", params={"outlet": "Northern Ledger", "size": 1}, timeout=10
    ).json()
    demo_id = demo_story["hits"][0]["story_id"]
    assert demo_id != story
    groups = {
        g["measure"]: g
        for g in httpx.get(f"{s.url('index')}/claims/compare", params={"story_id": demo_id}, timeout=30).json()[
            "groups"
        ]
    }
    killed, displaced = groups["people killed"], groups["people displaced"]
    assert killed["verdict"] == "disagree" and killed["min"] == 112 and killed["max"] == 151
    assert displaced["verdict"] == "disagree" and set(displaced["outlets"]) == {
        "Northern Ledger",
        "Coastal Tribune",
        "Meridian Wire",
    }
    for g in (killed, displaced):
        assert g["disagreements"] and all(
            {d["a"], d["b"]} <= set(range(len(g["readings"]))) for d in g["disagreements"]
        )
