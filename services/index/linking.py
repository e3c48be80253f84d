"""Stories and article -> claim links, with Elasticsearch as the only shared state between index workers.

Articles and claims come from separate consumers, in any order. The rules that make the end state right
whatever the order, and under redelivery:

- An article keeps the ``story_id`` (and ``speakers``) its indexed document already has, so a redelivered
  article never changes story. A new article is placed by :class:`story_state.StoryIndex` (online clustering
  against story centroids held in the ``stories`` index, :mod:`centroids`); a story folded into another one
  (two workers started one event at once) has its articles and claims relabelled.
- Both handlers write with ``refresh=wait_for`` and then read the other kind: the article handler, after
  writing articles, searches their claims and sets ``story_id``/``language`` on them; the claim handler,
  after writing claims, gets their articles (real-time get) and does the same. Whichever writes second sees
  the other's documents, so no claim is left without its article's story.
- Updates are partial documents with fixed field names (``{"doc": {...}}``); no script, no user input. The
  updates Elasticsearch refuses for good are returned (``after_articles``, ``after_claims``), as poison for the
  caller to dead-letter.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any

from claimstream.services.index import centroids
from claimstream.services.index.documents import Action, StoryFields, article_fields
from claimstream.services.index.store import Store
from claimstream.services.index.story_state import StoryIndex
from claimstream.shared.errors import InvalidEvent
from claimstream.shared.events import ArticleCleaned

log = logging.getLogger(__name__)

PAGE = 500  # documents per page when relabelling
MAX_SPEAKERS = 50  # speakers kept on an article document
_STORY_SOURCE = ["article_id", "story_id", "story_time", "lsh_bands", "entities", "speakers"]


class Linker:
    """Assigns stories to articles and keeps claims' ``story_id``/``language`` and articles' ``speakers`` in
    step with each other."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.stories = StoryIndex(store)

    async def _get(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Indexed article documents by id (real-time get: sees writes not yet refreshed)."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        found = await self.store.es.mget(
            index=self.store.alias("articles"), ids=ids, source=_STORY_SOURCE + ["language"]
        )
        return {d["_id"]: d["_source"] for d in found["docs"] if d.get("found")}

    async def assign(self, articles: Sequence[ArticleCleaned]) -> tuple[dict[str, StoryFields], dict[str, str]]:
        """Story fields per article id, and folds (story id -> the story it joins). The batch's new articles
        are placed together (:meth:`StoryIndex.place_all`)."""
        existing = await self._get(a.article_id for a in articles)
        vectors = {
            a.article_id: centroids.article(a.article_id, a.text, a.title, a.published_at or a.ingested_at)
            for a in articles
        }
        fresh = [
            (vectors[a.article_id], a.outlet) for a in articles if not existing.get(a.article_id, {}).get("story_id")
        ]
        placed, merges = await self.stories.place_all(fresh)
        out: dict[str, StoryFields] = {}
        for a in articles:
            art, old = vectors[a.article_id], existing.get(a.article_id, {})
            out[a.article_id] = StoryFields(
                old.get("story_id") or placed[a.article_id],
                art.time,
                art.bands,
                tuple(art.names_vec),
                tuple(old.get("speakers") or ()),
                tuple(sorted(art.terms())),
            )
        return out, merges

    async def after_articles(self, articles: Sequence[ArticleCleaned], merges: dict[str, str]) -> list[InvalidEvent]:
        """Once ``articles`` are written and searchable: relabel folded stories (those this batch folded, and
        those of this batch another worker folded meanwhile), then bring their claims up to date. Returns the
        updates Elasticsearch refused."""
        refused: list[InvalidEvent] = []
        docs = await self._get(a.article_id for a in articles)
        merges = {**merges, **await self.stories.followed(d["story_id"] for d in docs.values() if d.get("story_id"))}
        for old, new in sorted(merges.items()):
            log.info("merging story %s into %s", old, new)
            for kind in ("articles", "claims"):
                refused += await self._relabel(kind, {"term": {"story_id": old}}, lambda _s, new=new: {"story_id": new})
        if merges:
            docs = await self._get(a.article_id for a in articles)
        return refused + await self._update_claims(docs)

    async def _relabel(self, kind: str, query: dict[str, Any], change: Any) -> list[InvalidEvent]:
        """Apply ``change(source) -> partial doc or None`` to every document matching ``query``, page by page."""
        after: list[Any] | None = None
        refused: list[InvalidEvent] = []
        id_field = "article_id" if kind == "articles" else "claim_id"
        while True:
            extra = {"search_after": after} if after else {}
            raw = await self.store.es.search(
                index=self.store.alias(kind), query=query, size=PAGE, sort=[{id_field: "asc"}], **extra
            )
            hits = raw["hits"]["hits"]
            actions = [
                Action(self.store.alias(kind), h["_id"], d, "update") for h in hits if (d := change(h["_source"]))
            ]
            if actions:
                refused += await self.store.bulk(actions, refresh=True)
            if len(hits) < PAGE:
                return refused
            after = hits[-1]["sort"]

    async def _update_claims(self, articles: dict[str, dict[str, Any]]) -> list[InvalidEvent]:
        """Give the claims of ``articles`` their article's fields, and the articles their claims' speakers."""
        return await self._copy_to_claims(articles) + await self._update_speakers(articles)

    async def _copy_to_claims(self, articles: dict[str, dict[str, Any]]) -> list[InvalidEvent]:
        """Give the claims of ``articles`` their article's fields (one search for all of them)."""
        wanted = {article_id: w for article_id, art in articles.items() if (w := article_fields(art))}
        if not wanted:
            return []

        def change(src: dict[str, Any]) -> dict[str, Any] | None:
            w = wanted[src["article_id"]]
            return w if any(src.get(k) != v for k, v in w.items()) else None

        return await self._relabel("claims", {"terms": {"article_id": sorted(wanted)}}, change)

    async def _update_speakers(self, articles: dict[str, dict[str, Any]]) -> list[InvalidEvent]:
        if not articles:
            return []
        ids = sorted(articles)
        aggs = {
            "article": {
                "terms": {"field": "article_id", "size": len(ids)},
                "aggs": {"speaker": {"terms": {"field": "speaker.canonical", "size": MAX_SPEAKERS}}},
            }
        }
        raw = await self.store.es.search(
            index=self.store.alias("claims"), size=0, aggs=aggs, query={"terms": {"article_id": ids}}
        )
        actions = []
        for bucket in raw["aggregations"]["article"]["buckets"]:
            have = list(articles[bucket["key"]].get("speakers") or [])
            new = [b["key"] for b in bucket["speaker"]["buckets"] if b["key"] not in have]
            if new:
                actions.append(
                    Action(
                        self.store.alias("articles"), bucket["key"], {"speakers": (have + new)[:MAX_SPEAKERS]}, "update"
                    )
                )
        return await self.store.bulk(actions, refresh=True)  # no actions: no request

    async def claim_context(self, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The indexed articles of a claim batch (before writing the claims)."""
        return await self._get(article_ids)

    async def after_claims(self, article_ids: Iterable[str], known: dict[str, dict[str, Any]]) -> list[InvalidEvent]:
        """Once claims are written and searchable: fix those whose article appeared meanwhile, and add the
        claims' speakers to their articles. Returns the updates Elasticsearch refused."""
        ids = set(article_ids)
        late = await self._get(ids - set(known))
        refused = await self._copy_to_claims(late)
        return refused + await self._update_speakers({**{k: v for k, v in known.items() if k in ids}, **late})
