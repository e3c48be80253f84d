"""`claimstream reprocess` end to end, and retention deleting the oldest articles with their claims, on one stack."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from claimstream.cli import app
from claimstream.embedded import Stack, embedded_stack
from claimstream.services.index.retention import apply_retention
from tests.durability_helpers import exact_state
from tests.test_faults import Poster, all_docs, expected_claim_ids, synthetic_article

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.elasticsearch, pytest.mark.slow, pytest.mark.timeout(400)]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with embedded_stack(log_dir=tmp_path_factory.mktemp("ops-logs")) as s:
        yield s


def _bulk(stack: Stack, alias: str, docs: list[dict[str, Any]]) -> None:
    lines = []
    for doc in docs:
        lines += [{"index": {"_index": alias, "_id": doc.pop("_id")}}, doc]
    body = "\n".join(json.dumps(line) for line in lines) + "\n"
    answer = httpx.post(
        f"{stack.elasticsearch}/_bulk",
        params={"refresh": "true"},
        content=body,
        headers={"content-type": "application/x-ndjson"},
        timeout=60,
    ).json()
    assert not answer["errors"], answer


def test_reprocess_replaces_stale_claims_and_leaves_the_rest(stack: Stack, extractor: Any) -> None:
    poster = Poster(stack.url("ingest"), [synthetic_article("reprocess", i) for i in range(28)], workers=2)
    poster.thread.start()
    ids = set(poster.accepted_ids())
    exact_state(stack.elasticsearch, stack.kafka, extractor, ids)
    claims = all_docs(stack, "claims")
    target = [c for c in claims if c["outlet"] == "Wire 1"]
    others = {c["_id"]: c["indexed_at"] for c in claims if c["outlet"] != "Wire 1"}
    assert target and others
    # What an older extractor left behind: its version on every claim, and one claim id it produced that the
    # current one does not.
    old = "0.0.1+old-model.0000000000"
    stale = [{**c, "extractor_version": old, "indexed_at": "2020-01-01T00:00:00+00:00"} for c in target]
    stale.append(
        {
            **target[0],
            "_id": "stale-claim-from-old-extractor",
            "claim_id": "stale-claim-from-old-extractor",
            "extractor_version": old,
            "indexed_at": "2020-01-01T00:00:00+00:00",
        }
    )
    _bulk(stack, "claims", stale)

    result = CliRunner().invoke(
        app, ["reprocess", "--outlet", "Wire 1", "--elasticsearch", stack.elasticsearch, "--kafka", stack.kafka]
    )
    assert result.exit_code == 0, result.output
    assert "1 stale claims deleted" in result.output, result.output

    after = all_docs(stack, "claims")
    assert sorted(c["_id"] for c in after) == sorted(expected_claim_ids(extractor, all_docs(stack, "articles")))
    assert {c["extractor_version"] for c in after if c["outlet"] == "Wire 1"} == {extractor.version}
    assert {c["_id"]: c["indexed_at"] for c in after if c["outlet"] != "Wire 1"} == others, "untouched claims changed"


def test_retention_deletes_the_oldest_articles_and_their_claims(stack: Stack) -> None:
    articles = sorted(all_docs(stack, "articles"), key=lambda a: (a["ingested_at"], a["_id"]))
    claims = all_docs(stack, "claims")
    assert len(articles) >= 10
    # One article ingested 40 days ago, with a claim: --retain-days 30 removes both and nothing else.
    old_at = (datetime.now(UTC) - timedelta(days=40)).isoformat()
    _bulk(
        stack, "articles", [{**articles[0], "_id": "old-article", "article_id": "old-article", "ingested_at": old_at}]
    )
    _bulk(stack, "claims", [{**claims[0], "_id": "old-claim", "claim_id": "old-claim", "article_id": "old-article"}])
    assert apply_retention(stack.elasticsearch, retain_days=30) == (1, 1)
    assert len(all_docs(stack, "articles")) == len(articles) and len(all_docs(stack, "claims")) == len(claims)

    keep = len(articles) - 4
    removed = apply_retention(stack.elasticsearch, max_articles=keep)
    gone = {a["_id"] for a in articles[:4]}
    left = all_docs(stack, "articles")
    assert sorted(a["_id"] for a in left) == sorted(a["_id"] for a in articles[4:]), "not the oldest were removed"
    left_claims = all_docs(stack, "claims")
    assert not [c for c in left_claims if c["article_id"] in gone], "claims of removed articles remain"
    assert removed == (4, len(claims) - len(left_claims)) and removed.claims > 0
    print(f"\nretention: {removed.articles} oldest articles and {removed.claims} claims removed, {keep} kept")


def test_reprocess_help_documents_its_options(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["reprocess", "--help"])
    assert result.exit_code == 0 and "--since" in result.output and "--outlet" in result.output
    result = CliRunner().invoke(app, ["reprocess", "--data-dir", str(tmp_path)])
    assert result.exit_code == 2 and "no running stack" in result.output
