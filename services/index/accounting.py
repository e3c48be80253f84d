"""Pipeline accounting: every article that came in is indexed, rejected, or still in flight (``GET /stats``).

Counted per *message*, not per document, so a re-posted article (same ``article_id``, one document) counts
twice on every side and the books still close. From three sources:

- Kafka offsets of ``articles.cleaned`` (:class:`~claimstream.shared.lag.LagMonitor` samples of the index
  service's articles consumer): ``messages`` = sum of the log end offsets = articles accepted by ingest (each
  202 wrote exactly one message); ``done`` = sum of the group's committed offsets. The index consumer commits
  only after Elasticsearch acknowledged the batch and every refused record's dead letter was published, so a
  committed message is indexed or dead-lettered.
- dead letters in the ``rejected`` index: those whose ``original_topic`` is ``articles.cleaned`` (one per poison
  record: the id is the source record, so extract's and index's dead letter for it are one document; plus
  documents Elasticsearch refused, stage ``index``), and those of stage ``ingest`` (content ingest refused with a
  422, which never reached the topic).
- the lag of the index's dead-letter consumer: dead letters published but not indexed yet.

Then ``ingested = messages + rejected at ingest``, ``rejected = rejected from the topic + rejected at ingest``,
``in_flight = (messages - done) + dead letters not indexed yet`` and ``indexed = ingested - rejected -
in_flight``. While articles move, a dead letter in transit can be counted in flight and rejected at once, so
``indexed`` is a lower bound; once the pipeline is idle every term is exact and ``in_flight`` is 0. Extraction
failures (stage ``extract`` without a source record) are not article outcomes: the article is indexed without
claims. They show in ``rejected_by_stage``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from fastapi import APIRouter

from claimstream.services.index.read_budget import BudgetedRoute
from claimstream.services.index.store import Store
from claimstream.shared import metrics
from claimstream.shared.lag import LagMonitor, PartitionOffsets, every

log = logging.getLogger(__name__)

SAMPLE_SECONDS = 10.0  # how often the accounting gauges are refreshed


@dataclass(frozen=True)
class Books:
    """One accounting snapshot (see the module docstring for each term)."""

    ingested: int
    indexed: int
    rejected: int
    in_flight: int
    rejected_at_ingest: int
    messages: int
    dead_letters_in_transit: int
    offsets_fresh: bool


def close_books(
    articles: list[PartitionOffsets],
    dead_letters: list[PartitionOffsets],
    rejected_from_topic: int,
    rejected_at_ingest: int,
    *,
    fresh: bool = True,
) -> Books:
    """The accounting identity from its measured terms (pure)."""
    messages = sum(p.end for p in articles)
    pending = sum(p.lag for p in articles)
    in_transit = sum(p.lag for p in dead_letters)
    ingested = messages + rejected_at_ingest
    rejected = rejected_from_topic + rejected_at_ingest
    in_flight = pending + in_transit
    return Books(
        ingested,
        max(0, ingested - rejected - in_flight),
        rejected,
        in_flight,
        rejected_at_ingest,
        messages,
        in_transit,
        fresh,
    )


class Accounting:
    """Computes :class:`Books` for one deployment and keeps ``claimstream_accounting_articles`` current."""

    def __init__(self, store: Store, lag: LagMonitor, articles_topic: str, rejected_topic: str) -> None:
        self.store = store
        self.lag = lag
        self.articles_topic = articles_topic
        self.rejected_topic = rejected_topic

    async def count(self, kind: str, query: dict[str, Any] | None = None) -> int:
        """Documents behind the ``kind`` alias (matching ``query``)."""
        body = {"query": query} if query else {}
        return int((await self.store.es.count(index=self.store.alias(kind), **body))["count"])

    async def _rejected_counts(self) -> tuple[int, int]:
        topic = {"term": {"original_topic": self.articles_topic}}
        has_record = {"exists": {"field": "original_offset"}}
        await self.store.es.indices.refresh(index=self.store.alias("rejected"))
        poison = await self.count("rejected", {"bool": {"filter": [topic, has_record]}})
        refused = await self.count(
            "rejected", {"bool": {"filter": [topic, {"term": {"stage": "index"}}], "must_not": [has_record]}}
        )
        at_ingest = await self.count("rejected", {"term": {"stage": "ingest"}})
        return poison + refused, at_ingest

    async def books(self) -> Books:
        """A snapshot: Kafka offsets first (the last sample if the broker does not answer; ``offsets_fresh`` says
        which), then the dead letters in Elasticsearch. In that order a dead letter is never missed by both:
        one committed by the dead-letter consumer before the offsets were read is already searchable when it
        is counted. Raises if Elasticsearch does not answer."""
        fresh = True
        try:
            await self.lag.sample()
        except Exception as exc:  # the broker is down: account with the last offsets seen
            log.warning("accounting: Kafka offsets unavailable, using the last sample: %s", exc)
            fresh = False
        articles, dead_letters = self.lag.offsets(self.articles_topic), self.lag.offsets(self.rejected_topic)
        rejected_from_topic, at_ingest = await self._rejected_counts()
        books = close_books(articles, dead_letters, rejected_from_topic, at_ingest, fresh=fresh)
        for kind in ("ingested", "indexed", "rejected", "in_flight"):
            metrics.ACCOUNTING.labels(kind).set(getattr(books, kind))
        return books

    async def run(self) -> None:
        """Refresh the gauges every :data:`SAMPLE_SECONDS` until cancelled; failures are logged and retried."""
        await every(SAMPLE_SECONDS, self.books, "accounting sample")


def build_accounting_api(accounting: Accounting, restarts: Callable[[], dict[str, int]] = dict) -> APIRouter:
    """The ``/stats`` route: the accounting, what the index holds, dead letters by stage, consumer lag, and the
    processes the embedded launcher restarted (``restarts``, services/index/supervision.py)."""
    api = APIRouter(route_class=BudgetedRoute)  # /stats reads the search server: on the read budget
    store = accounting.store

    @api.get(
        "/stats",
        tags=["ops"],
        summary="Accounting (ingested = indexed + rejected + in flight), documents, dead letters.",
    )
    async def stats() -> dict[str, Any]:
        books = await accounting.books()
        documents = {kind: await accounting.count(kind) for kind in ("articles", "claims", "rejected")}
        by_stage = await store.es.search(
            index=store.alias("rejected"), size=0, aggs={"stage": {"terms": {"field": "stage", "size": 10}}}
        )
        stages = {b["key"]: b["doc_count"] for b in by_stage.body["aggregations"]["stage"]["buckets"]}
        lag: dict[str, int] = {}
        for p in accounting.lag.offsets():
            lag[p.topic] = lag.get(p.topic, 0) + p.lag
        return {
            **asdict(books),
            "idle": books.in_flight == 0 and not any(lag.values()),
            "articles": documents["articles"],
            "claims": documents["claims"],
            "dead_letters": documents["rejected"],
            "rejected_by_stage": stages,
            "lag": lag,
            "restarts": restarts(),
        }

    return api
