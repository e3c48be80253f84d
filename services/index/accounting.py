"""Pipeline accounting: what the index holds, and dead letters by stage (``GET /stats``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from claimstream.services.index.store import Store


def build_accounting_api(store: Store) -> APIRouter:
    """The ``/stats`` route bound to ``store``."""
    api = APIRouter()

    @api.get("/stats", tags=["ops"], summary="What the index holds: articles, claims, dead letters by stage.")
    async def stats() -> dict[str, Any]:
        counts = {kind: int((await store.es.count(index=store.alias(kind)))["count"]) for kind in ("articles", "claims", "rejected")}
        by_stage = await store.es.search(index=store.alias("rejected"), size=0,
                                         aggs={"stage": {"terms": {"field": "stage", "size": 10}}})
        stages = {b["key"]: b["doc_count"] for b in by_stage.body["aggregations"]["stage"]["buckets"]}
        return {"indexed": counts["articles"], "claims": counts["claims"], "rejected": counts["rejected"],
                "rejected_by_stage": stages}

    return api
