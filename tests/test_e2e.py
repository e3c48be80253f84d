"""End to end: tansu, osmem and the three services as processes; articles posted over HTTP; claims searched.

This is the path a user takes with `claimstream up`: nothing in-memory, nothing mocked.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from claimstream import demo
from claimstream.embedded import Stack, embedded_stack
from claimstream.shared import topics
from tests.waiting import send_markers, wait_for_sync

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.elasticsearch, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with embedded_stack(log_dir=tmp_path_factory.mktemp("stack-logs")) as s:
        yield s


def claims_of(stack: Stack, article_id: str) -> list[dict]:
    r = httpx.get(f"{stack.url('index')}/articles/{article_id}", timeout=10)
    return r.json()["claims"] if r.status_code == 200 else []


def test_demo_articles_become_searchable_claims_with_speakers_and_values(stack: Stack) -> None:
    ids = demo.load(stack.url("ingest"), stack.url("index"), echo=lambda _: None)
    assert len(set(ids)) == 3
    claims = {aid: wait_for_sync(lambda aid=aid: claims_of(stack, aid), 60, f"claims of {aid}") for aid in ids}
    flat = [c for cs in claims.values() for c in cs]
    korval = [c for c in flat if "Korval" in c["speaker"]["name"] and 112 in [q["value"] for q in c["quantities"]]]
    assert korval, "the minister's 112 deaths"
    elvir = [c for c in flat if "Elvir" in (c["speaker"].get("canonical") or c["speaker"]["name"])]
    assert {151.0, 140.0} & {q["value"] for c in elvir for q in c["quantities"]}
    search = httpx.get(f"{stack.url('index')}/claims", params={"q": "displaced"}, timeout=10).json()
    assert search["total"] >= 2 and {f["value"] for f in search["facets"]["outlet"]} >= {
        "Northern Ledger",
        "Meridian Wire",
    }


def behind(stack: Stack, article_id: str, run: str) -> None:
    """Send a sentinel behind ``article_id``'s records and wait until it and its claims are searchable: then the
    article's records before it, and their claims, have been indexed."""
    topic = stack.env.get("CLAIMSTREAM_TOPIC_ARTICLES_CLEANED", topics.ARTICLES_CLEANED)
    claims_topic = stack.env.get("CLAIMSTREAM_TOPIC_CLAIMS_EXTRACTED", topics.CLAIMS_EXTRACTED)
    [marker] = send_markers(stack.kafka, topic, claims_topic, run, behind=article_id.encode())
    wait_for_sync(lambda: claims_of(stack, marker), 60, f"the sentinel behind {article_id}")


def copies(stack: Stack, body: dict[str, str]) -> tuple[list[str], list[str], int]:
    """What the index holds of ``body``'s outlet: article ids, claim ids, and the claim total of the search."""
    params = {"outlet": body["outlet"], "size": 100}
    articles = httpx.get(f"{stack.url('index')}/articles", params=params, timeout=10).json()
    claims = httpx.get(f"{stack.url('index')}/claims", params=params, timeout=10).json()
    return (
        sorted(a["article_id"] for a in articles["hits"]),
        sorted(c["claim_id"] for c in claims["hits"]),
        claims["total"],
    )


def test_reposting_an_article_keeps_one_copy(stack: Stack) -> None:
    body = demo.articles()[0]
    first = httpx.post(f"{stack.url('ingest')}/articles", json=body, timeout=30).json()["article_id"]
    behind(stack, first, "repost-before")  # every record of the first post (and of the demo's) indexed
    before = copies(stack, body)
    again = httpx.post(f"{stack.url('ingest')}/articles", json=body, timeout=30).json()["article_id"]
    assert again == first
    behind(stack, first, "repost-after")  # the second copy went through the pipeline
    after = copies(stack, body)
    # A copy under another id (of the article or of its claims) would show here; the outlet has no other article.
    assert after == before and before[0] == [first] and before[1] and len(before[1]) == before[2]


def test_seed_articles_from_two_outlets(stack: Stack, shared_dir: Path) -> None:
    files = sorted((shared_dir / "seeds-dev").glob("*.txt"))
    ids = [
        httpx.post(f"{stack.url('ingest')}/articles", json={"text": f.read_text()}, timeout=30).json()["article_id"]
        for f in files
    ]
    claims = [c for aid in ids for c in wait_for_sync(lambda aid=aid: claims_of(stack, aid), 60, f"claims of {aid}")]
    values = {q["value"] for c in claims for q in c["quantities"]}
    assert {12000.0, 11000.0} <= values
    assert any("Syrskyi" in c["speaker"]["name"] for c in claims)


def test_rejected_input_is_accounted_as_a_dead_letter(stack: Stack) -> None:
    r = httpx.post(
        f"{stack.url('ingest')}/articles", json={"html": "<html><body><p>Too short.</p></body></html>"}, timeout=30
    )
    assert r.status_code == 422
    stats = wait_for_sync(
        lambda: (
            (s := httpx.get(f"{stack.url('index')}/stats", timeout=10)).status_code == 200
            and s.json()["rejected"] >= 1
            and s.json()
        ),
        60,
        "the dead letter counted",
    )
    assert stats["rejected"] >= 1
