"""End to end: tansu, osmem and the three services as processes; articles posted over HTTP; claims searched.

This is the path a user takes with `claimstream up`: nothing in-memory, nothing mocked.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from claimstream import demo
from claimstream.embedded import Stack, embedded_stack

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.elasticsearch, pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with embedded_stack(log_dir=tmp_path_factory.mktemp("stack-logs")) as s:
        yield s


def poll(fn, timeout: float = 60.0):  # type: ignore[no-untyped-def]
    """Call ``fn`` until it returns something truthy; return it, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := fn():
            return result
        time.sleep(0.3)
    raise AssertionError(f"nothing after {timeout}s")


def claims_of(stack: Stack, article_id: str) -> list[dict]:
    r = httpx.get(f"{stack.url('index')}/articles/{article_id}", timeout=10)
    return r.json()["claims"] if r.status_code == 200 else []


def test_demo_articles_become_searchable_claims_with_speakers_and_values(stack: Stack) -> None:
    ids = demo.load(stack.url("ingest"), stack.url("index"), echo=lambda _: None)
    assert len(set(ids)) == 3
    claims = {aid: poll(lambda aid=aid: claims_of(stack, aid)) for aid in ids}
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


def test_reposting_an_article_keeps_one_copy(stack: Stack) -> None:
    body = demo.articles()[0]
    first = httpx.post(f"{stack.url('ingest')}/articles", json=body, timeout=30).json()["article_id"]
    n_claims = len(poll(lambda: claims_of(stack, first)))
    again = httpx.post(f"{stack.url('ingest')}/articles", json=body, timeout=30).json()["article_id"]
    assert again == first
    time.sleep(3)  # let the second copy flow through the pipeline
    articles = httpx.get(
        f"{stack.url('index')}/articles", params={"q": "Selka", "outlet": body["outlet"]}, timeout=10
    ).json()
    assert [a["article_id"] for a in articles["hits"]].count(first) == 1
    assert len(claims_of(stack, first)) == n_claims


def test_seed_articles_from_two_outlets(stack: Stack, shared_dir: Path) -> None:
    files = sorted((shared_dir / "seeds-dev").glob("*.txt"))
    ids = [
        httpx.post(f"{stack.url('ingest')}/articles", json={"text": f.read_text()}, timeout=30).json()["article_id"]
        for f in files
    ]
    claims = [c for aid in ids for c in poll(lambda aid=aid: claims_of(stack, aid))]
    values = {q["value"] for c in claims for q in c["quantities"]}
    assert {12000.0, 11000.0} <= values
    assert any("Syrskyi" in c["speaker"]["name"] for c in claims)


def test_rejected_input_is_accounted_as_a_dead_letter(stack: Stack) -> None:
    r = httpx.post(
        f"{stack.url('ingest')}/articles", json={"html": "<html><body><p>Too short.</p></body></html>"}, timeout=30
    )
    assert r.status_code == 422
    stats = poll(
        lambda: (
            (s := httpx.get(f"{stack.url('index')}/stats", timeout=10)).status_code == 200
            and s.json()["rejected"] >= 1
            and s.json()
        )
    )
    assert stats["rejected"] >= 1
