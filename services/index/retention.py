"""Retention: delete the oldest articles and their claims, by age and by count.

``apply_retention`` keeps the articles ingested within ``retain_days`` and at most ``max_articles`` of them
(the most recently ingested); for every article it removes, the article's claims are deleted first, then the
article, so an interrupted run leaves no orphan claims (the article is found again by the next run).

The embedded launcher runs it every minute (``claimstream up --retain-days/--max-articles``). Against a
production cluster it is a cron job (docs/operations.md)::

    python -m claimstream.services.index.retention --es https://es:9200 --retain-days 90
"""

from __future__ import annotations

import argparse
import logging
from datetime import UTC, datetime, timedelta
from typing import Any, NamedTuple

import httpx

log = logging.getLogger(__name__)
_PAGE = 1000


class Removed(NamedTuple):
    articles: int
    claims: int


def _ids(client: httpx.Client, alias: str, query: dict[str, Any], size: int) -> list[str]:
    body = {"size": size, "_source": False, "query": query, "sort": [{"ingested_at": "asc"}, {"article_id": "asc"}]}
    return [hit["_id"] for hit in client.post(f"/{alias}/_search", json=body).raise_for_status().json()["hits"]["hits"]]


def _delete(client: httpx.Client, prefix: str, ids: list[str]) -> Removed:
    def by_query(alias: str) -> int:
        answer = (
            client.post(
                f"/{prefix}{alias}/_delete_by_query",
                params={"refresh": "true", "conflicts": "proceed"},
                json={"query": {"terms": {"article_id": ids}}},
            )
            .raise_for_status()
            .json()
        )
        return int(answer.get("deleted", 0))

    claims = by_query("claims")  # claims first: an interrupted run leaves the article, never orphan claims
    return Removed(by_query("articles"), claims)


def _count(client: httpx.Client, alias: str) -> int:
    return int(client.post(f"/{alias}/_count", json={"query": {"match_all": {}}}).raise_for_status().json()["count"])


def apply_retention(
    es_url: str,
    retain_days: float | None = None,
    max_articles: int | None = None,
    prefix: str = "",
    now: datetime | None = None,
    timeout: float = 120.0,
) -> Removed:
    """Delete articles older than ``retain_days`` (by ``ingested_at``) and the oldest beyond ``max_articles``,
    with their claims. Returns what was removed. Raises httpx.HTTPError when Elasticsearch fails."""
    removed = Removed(0, 0)
    alias = f"{prefix}articles"
    with httpx.Client(base_url=es_url, timeout=timeout) as client:
        if retain_days is not None:
            cutoff = (now or datetime.now(UTC)) - timedelta(days=retain_days)
            old = {"range": {"ingested_at": {"lt": cutoff.isoformat()}}}
            while ids := _ids(client, alias, old, _PAGE):
                removed = Removed(*(a + b for a, b in zip(removed, _delete(client, prefix, ids), strict=False)))
        if max_articles is not None:
            while (excess := _count(client, alias) - max_articles) > 0:
                ids = _ids(client, alias, {"match_all": {}}, min(excess, _PAGE))
                removed = Removed(*(a + b for a, b in zip(removed, _delete(client, prefix, ids), strict=False)))
    if removed.articles or removed.claims:
        log.info(
            "retention removed %d articles and %d claims (retain_days=%s, max_articles=%s)",
            removed.articles,
            removed.claims,
            retain_days,
            max_articles,
        )
    return removed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Delete the oldest articles and their claims (retention job).")
    parser.add_argument("--es", required=True, help="Elasticsearch URL, e.g. https://es.example:9200")
    parser.add_argument("--retain-days", type=float, help="keep articles ingested within this many days")
    parser.add_argument("--max-articles", type=int, help="keep at most this many articles (the newest)")
    parser.add_argument("--prefix", default="", help="index prefix (CLAIMSTREAM_INDEX_PREFIX)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    print(apply_retention(args.es, args.retain_days, args.max_articles, args.prefix))


if __name__ == "__main__":
    main()
