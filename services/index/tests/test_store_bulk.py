"""Store.bulk against an in-memory stand-in for Elasticsearch's bulk API: retries of transient failures (per
item and per request), refusals returned as poison, and TransientError when failures persist."""

from __future__ import annotations

import json
from typing import Any

import pytest
from elastic_transport import ApiResponseMeta, ConnectionError, HttpHeaders, NodeConfig
from elasticsearch import ApiError

from claimstream.services.index.documents import Action
from claimstream.services.index.store import Store
from claimstream.shared.errors import TransientError


class FakeBulkES:
    """Answers each bulk request with the next scripted outcome: a status per item, or an exception to raise."""

    def __init__(self, *outcomes: list[int] | Exception) -> None:
        self.outcomes = list(outcomes)
        self.requests: list[tuple[list[str], str | None]] = []  # (document ids, refresh) per request

    async def bulk(self, *, operations: list[dict[str, Any]], refresh: str | None = None) -> dict[str, Any]:
        heads = operations[0::2]
        self.requests.append(([next(iter(h.values()))["_id"] for h in heads], refresh))
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        items = []
        for head, status in zip(heads, outcome, strict=True):
            error = {"type": "document_parsing_exception", "reason": "bad date"} if status >= 300 else None
            items.append({next(iter(head)): {"status": status, **({"error": error} if error else {})}})
        return {"items": items}


def api_error(status: int) -> ApiError:
    meta = ApiResponseMeta(status, "1.1", HttpHeaders(), 0.0, NodeConfig("http", "localhost", 9200))
    return ApiError(f"HTTP {status}", meta, {})


def actions(*ids: str) -> list[Action]:
    return [
        Action("claims", i, {"claim_id": i, "article_id": f"art-{i}", "indexed_at": "2026-03-04T00:00:00Z"})
        for i in ids
    ]


def store(es: FakeBulkES) -> Store:
    return Store(es, max_attempts=3, max_backoff=0.0)  # type: ignore[arg-type]


async def test_transient_items_are_retried_alone_and_refusals_come_back_as_poison() -> None:
    es = FakeBulkES([201, 429, 400, 503], [200, 201])
    refused = await store(es).bulk(actions("a", "b", "c", "d"), refresh=True)
    assert es.requests == [(["a", "b", "c", "d"], "wait_for"), (["b", "d"], "wait_for")]
    assert len(refused) == 1
    poison = refused[0]
    assert poison.article_id == "art-c" and poison.reason.startswith("Elasticsearch refused the document (400)")
    assert "bad date" in poison.reason
    assert json.loads(poison.original or b"") == {"claim_id": "c", "article_id": "art-c"}  # indexed_at left out


async def test_a_failed_request_is_retried_whole() -> None:
    es = FakeBulkES(ConnectionError("connection refused"), api_error(503), [201, 201])
    assert await store(es).bulk(actions("a", "b")) == []
    assert [ids for ids, _ in es.requests] == [["a", "b"]] * 3


async def test_persistent_failures_raise_transient_error_after_max_attempts() -> None:
    es = FakeBulkES([201, 503], [503], [429])
    with pytest.raises(TransientError, match=r"after 3 attempts \(1 items pending\)"):
        await store(es).bulk(actions("a", "b"))
    assert [ids for ids, _ in es.requests] == [["a", "b"], ["b"], ["b"]]


async def test_a_request_refused_for_good_raises_at_once() -> None:
    es = FakeBulkES(api_error(400))
    with pytest.raises(ApiError):
        await store(es).bulk(actions("a"))
    assert len(es.requests) == 1


async def test_no_actions_no_request() -> None:
    es = FakeBulkES()
    assert await store(es).bulk([]) == [] and es.requests == []
