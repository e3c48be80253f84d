"""Putting stored articles through the pipeline again: journal replay (recovery) and ``claimstream reprocess``.

- :func:`replay_journal`: the embedded launcher republishes the journal entries after a position (those a
  snapshot does not cover, or everything a restarted broker lost) to ``articles.cleaned``.
- :func:`reprocess`: ``claimstream reprocess`` reads the articles index (optionally ``--since`` a date and
  for some ``--outlet``\\ s), republishes them so extract runs again, waits until the pipeline is idle, then
  deletes each reprocessed article's claims whose ``extractor_version`` is not the one that just ran (the ids
  the new extractor no longer produces). A claim id the new version still produces is simply overwritten.

Both keep the article's event as it was (same ``article_id``, same ``ingested_at``), so nothing downstream is
duplicated: ids are deterministic.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

import httpx

from claimstream.datadir import DataDir
from claimstream.services.ingest import journal
from claimstream.shared import topics
from claimstream.shared.events import ArticleCleaned

log = logging.getLogger(__name__)
Progress = Callable[[int], None]
_FIELDS = set(ArticleCleaned.model_fields)


async def _publish(bootstrap: str, topic: str, events: Iterable[ArticleCleaned], progress: Progress | None) -> int:
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", linger_ms=5, max_request_size=8_000_000)
    await producer.start()
    sent = 0
    try:
        pending: list[asyncio.Future[Any]] = []
        for event in events:
            pending.append(await producer.send(topic, event.model_dump_json().encode(), key=event.article_id.encode()))
            if len(pending) >= 500:
                await asyncio.gather(*pending)
                sent += len(pending)
                pending = []
                if progress:
                    progress(sent)
        await asyncio.gather(*pending)
        sent += len(pending)
    finally:
        await producer.stop()
    return sent


def publish_events(
    bootstrap: str, topic: str, events: Iterable[ArticleCleaned], progress: Progress | None = None
) -> int:
    """Publish ``events`` keyed by article id and wait for the broker's acknowledgements; return how many."""
    return asyncio.run(_publish(bootstrap, topic, events, progress))


def replay_journal(bootstrap: str, env: Mapping[str, str], data: DataDir, since: int) -> int:
    """Republish the journal entries after ``since`` to articles.cleaned; return how many."""
    topic = env.get("CLAIMSTREAM_TOPIC_ARTICLES_CLEANED", topics.ARTICLES_CLEANED)
    started = time.monotonic()
    count = publish_events(bootstrap, topic, (entry.event for entry in journal.read(data.journal, since)))
    log.info("replayed %d journal entries after position %d in %.1fs", count, since, time.monotonic() - started)
    return count


def stored_articles(
    es_url: str, alias: str = "articles", since: datetime | None = None, outlets: list[str] | None = None
) -> list[ArticleCleaned]:
    """The articles in the index, optionally ingested since ``since`` and from ``outlets``."""
    filters: list[dict[str, Any]] = []
    if since is not None:
        filters.append({"range": {"ingested_at": {"gte": since.isoformat()}}})
    if outlets:
        filters.append({"terms": {"outlet": outlets}})
    found: list[ArticleCleaned] = []
    with httpx.Client(base_url=es_url, timeout=60.0) as client:
        answer = (
            client.post(
                f"/{alias}/_search",
                params={"scroll": "2m"},
                json={"size": 500, "sort": ["_doc"], "query": {"bool": {"filter": filters}}},
            )
            .raise_for_status()
            .json()
        )
        while hits := answer["hits"]["hits"]:
            found += [
                ArticleCleaned.model_validate({k: v for k, v in h["_source"].items() if k in _FIELDS}) for h in hits
            ]
            answer = (
                client.post("/_search/scroll", json={"scroll": "2m", "scroll_id": answer["_scroll_id"]})
                .raise_for_status()
                .json()
            )
    return found


def versions_since(es_url: str, article_ids: list[str], since: datetime, alias: str = "claims") -> list[str]:
    """The extractor versions of the claims of ``article_ids`` written at or after ``since``."""
    with httpx.Client(base_url=es_url, timeout=60.0) as client:
        answer = (
            client.post(
                f"/{alias}/_search",
                json={
                    "size": 0,
                    "query": {
                        "bool": {
                            "filter": [
                                {"terms": {"article_id": article_ids}},
                                {"range": {"indexed_at": {"gte": since.isoformat()}}},
                            ]
                        }
                    },
                    "aggs": {"v": {"terms": {"field": "extractor_version", "size": 50}}},
                },
            )
            .raise_for_status()
            .json()
        )
    return [b["key"] for b in answer["aggregations"]["v"]["buckets"]]


def delete_stale_claims(
    es_url: str, article_ids: list[str], since: datetime, keep_versions: list[str], alias: str = "claims"
) -> int:
    """Delete the claims of ``article_ids`` written before ``since`` (the reprocessing did not produce them
    again) unless they carry one of ``keep_versions``; return how many were deleted."""
    deleted = 0
    with httpx.Client(base_url=es_url, timeout=120.0) as client:
        for start in range(0, len(article_ids), 1000):
            query = {
                "bool": {
                    "filter": [
                        {"terms": {"article_id": article_ids[start : start + 1000]}},
                        {"range": {"indexed_at": {"lt": since.isoformat()}}},
                    ],
                    "must_not": [{"terms": {"extractor_version": keep_versions}}],
                }
            }
            answer = (
                client.post(
                    f"/{alias}/_delete_by_query",
                    params={"refresh": "true", "conflicts": "proceed"},
                    json={"query": query},
                )
                .raise_for_status()
                .json()
            )
            deleted += int(answer.get("deleted", 0))
    return deleted


def wait_drained(bootstrap: str, timeout: float) -> bool:
    """Wait until everything on articles.cleaned now is extracted and indexed with its claims (offsets.py)."""
    from claimstream.offsets import Names, Watermark

    mark, deadline = Watermark(bootstrap, Names(), 0), time.monotonic() + timeout
    while mark.verified < 1 and time.monotonic() < deadline:
        mark.observe(1)
        time.sleep(0.5)
    return mark.verified >= 1


def reprocess(
    es_url: str,
    bootstrap: str,
    *,
    since: datetime | None,
    outlets: list[str],
    echo: Callable[[str], None],
    timeout: float = 3600.0,
) -> dict[str, int]:
    """Republish the selected stored articles, wait for the pipeline, delete the claims not produced again."""
    started = datetime.now(UTC)
    articles = stored_articles(es_url, since=since, outlets=outlets)
    echo(f"republishing {len(articles)} articles ...")
    sent = publish_events(
        bootstrap, topics.ARTICLES_CLEANED, articles, lambda n: echo(f"  {n}/{len(articles)} published")
    )
    echo("waiting until extract and index are done ...")
    if not wait_drained(bootstrap, timeout):
        raise TimeoutError(f"the pipeline did not drain within {timeout:.0f}s; old claims were left in place")
    ids = [a.article_id for a in articles]
    versions = versions_since(es_url, ids, started) if ids else []
    deleted = delete_stale_claims(es_url, ids, started, versions) if ids else 0
    echo(
        f"reprocessed {sent} articles with extractor {', '.join(versions) or '(no claims)'}; {deleted} stale claims deleted"
    )
    return {"articles": sent, "deleted": deleted}


def reprocess_stories(es_url: str, *, echo: Callable[[str], None], prefix: str = "") -> dict[str, int]:
    """Reassign every stored article to a story under the current rules (``claimstream reprocess --stories``).

    The articles are read in publication order and clustered afresh (:class:`centroids.Clusterer`, the rules the
    index workers apply, with the IDF of the stored stream); the stories index is rewritten, and articles and
    claims whose story changed are relabelled. Run it while no new articles arrive: one arriving meanwhile is
    placed against the stories as they were and keeps that story."""
    return asyncio.run(_reprocess_stories(es_url, echo, prefix))


async def _reprocess_stories(es_url: str, echo: Callable[[str], None], prefix: str) -> dict[str, int]:
    from claimstream.services.index import centroids
    from claimstream.services.index.documents import Action
    from claimstream.services.index.linking import Linker
    from claimstream.services.index.store import Store
    from claimstream.services.index.story_state import _source
    from claimstream.shared.elastic import build_client
    from claimstream.shared.settings import IndexSettings

    store = Store(build_client(IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=es_url)), prefix)
    try:
        await store.ensure()
        articles = await asyncio.to_thread(stored_articles, es_url, store.alias("articles"))
        articles.sort(key=lambda a: (a.published_at or a.ingested_at, a.article_id))
        old: dict[str, str | None] = {}
        ids = [a.article_id for a in articles]
        for start in range(0, len(ids), 1000):
            got = await store.es.mget(index=store.alias("articles"), ids=ids[start : start + 1000], source=["story_id"])
            old.update({d["_id"]: (d.get("_source") or {}).get("story_id") for d in got["docs"]})
        echo(f"clustering {len(articles)} stored articles in publication order ...")
        clusterer = centroids.Clusterer()
        vectors: dict[str, centroids.Article] = {}
        for i, a in enumerate(articles, 1):
            vectors[a.article_id] = v = centroids.article(
                a.article_id, a.text, a.title, a.published_at or a.ingested_at
            )
            clusterer.add(v)
            if i % 500 == 0:
                echo(f"  {i}/{len(articles)}")
        assignment = clusterer.assignment()
        outlets: dict[str, set[str]] = {}
        members: dict[str, list[str]] = {}
        for a in articles:
            outlets.setdefault(assignment[a.article_id], set()).add(a.outlet or "")
            members.setdefault(assignment[a.article_id], []).append(a.article_id)
        await store.rebuild("stories")  # emptied, or made anew from an older template version
        actions = [
            Action(
                store.alias("stories"),
                sid,
                _source(
                    story,
                    {"outlets": sorted(outlets.get(sid, set()) - {""}), "members": members.get(sid, [])},
                    None,
                    None,
                ),
            )
            for sid, story in clusterer.stories.items()
        ]
        for a in articles:
            v = vectors[a.article_id]
            fields = {
                "story_id": assignment[a.article_id],
                "story_time": v.time.isoformat(),
                "lsh_bands": list(v.bands),
                "entities": list(v.names_vec),
                "story_terms": sorted(v.terms()),
            }
            actions.append(Action(store.alias("articles"), a.article_id, fields, "update"))
        for start in range(0, len(actions), 500):
            refused = await store.bulk(actions[start : start + 500], refresh=True)
            for r in refused:
                echo(f"  refused: {r}")
        changed = sorted(aid for aid, sid in assignment.items() if old.get(aid) != sid)
        echo(f"{len(clusterer.stories)} stories; {len(changed)} articles changed story; relabelling their claims ...")
        await Linker(store).after_claims(changed, {})
        sizes = sorted((s.size for s in clusterer.stories.values()), reverse=True)
        echo(f"done: {len(articles)} articles in {len(sizes)} stories (largest {sizes[:5]}); {len(changed)} moved")
        return {"articles": len(articles), "stories": len(sizes), "moved": len(changed)}
    finally:
        await store.es.close()
