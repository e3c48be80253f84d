"""Stories and article -> claim links, with Elasticsearch as the only shared state between index workers.

Articles and claims come from separate consumers, in any order. The rules that make the end state right
whatever the order, and under redelivery:

- An article keeps the ``story_id`` (and ``speakers``) its indexed document already has, so a redelivered
  article never changes story. A new article searches earlier articles in the time window that share an LSH
  band key or enough salient entities (bounded: :data:`MAX_CANDIDATES`), plus the earlier articles of its own
  batch, and joins the earliest one's story (:func:`stories.choose_story`), else starts its own. Stories it
  also matched are merged into the chosen one; within a batch, a story already merged counts as the one it
  joined, so every merge of a batch ends in a story that stays (no chain, no two stories swapping places).
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

from claimstream.services.index import stories
from claimstream.services.index.documents import Action, StoryFields, article_fields
from claimstream.services.index.store import Store
from claimstream.shared.errors import InvalidEvent
from claimstream.shared.events import ArticleCleaned

log = logging.getLogger(__name__)

MAX_CANDIDATES = 50  # earlier articles looked at per new article
PAGE = 500  # documents per page when relabelling
MAX_SPEAKERS = 50  # speakers kept on an article document
_STORY_SOURCE = ["article_id", "story_id", "story_time", "lsh_bands", "entities", "speakers"]


class Linker:
    """Assigns stories to articles and keeps claims' ``story_id``/``language`` and articles' ``speakers`` in
    step with each other."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def _get(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Indexed article documents by id (real-time get: sees writes not yet refreshed)."""
        ids = sorted(set(ids))
        if not ids:
            return {}
        found = await self.store.es.mget(
            index=self.store.alias("articles"), ids=ids, source=_STORY_SOURCE + ["language"]
        )
        return {d["_id"]: d["_source"] for d in found["docs"] if d.get("found")}

    async def _candidates(self, fp: stories.Fingerprint) -> list[stories.Candidate]:
        should: list[dict[str, Any]] = [{"terms": {"lsh_bands": list(fp.bands)}}]
        if len(fp.entities) >= stories.MIN_SHARED:
            should.append(
                {
                    "bool": {
                        "should": [{"term": {"entities": e}} for e in fp.entities],
                        "minimum_should_match": stories.MIN_SHARED,
                    }
                }
            )
        window = {"gte": (fp.time - stories.WINDOW).isoformat(), "lte": (fp.time + stories.WINDOW).isoformat()}
        query = {
            "bool": {
                "filter": [{"range": {"story_time": window}}, {"exists": {"field": "story_id"}}],
                "must_not": [{"ids": {"values": [fp.article_id]}}],
                "should": should,
                "minimum_should_match": 1,
            }
        }
        raw = await self.store.es.search(
            index=self.store.alias("articles"),
            query=query,
            size=MAX_CANDIDATES,
            source=_STORY_SOURCE,
            sort=[{"story_time": "asc"}, {"article_id": "asc"}],
        )
        return [c for h in raw["hits"]["hits"] if (c := stories.from_source(h["_source"])) is not None]

    async def assign(self, articles: Sequence[ArticleCleaned]) -> tuple[dict[str, StoryFields], dict[str, str]]:
        """Story fields per article id, and merges (story id -> the story it joins)."""
        existing = await self._get(a.article_id for a in articles)
        out: dict[str, StoryFields] = {}
        merged: dict[str, str] = {}  # a story merged in this batch -> the story it joined

        def final(story: str) -> str:  # candidates still carry the stories this batch merged away
            while story in merged:
                story = merged[story]
            return story

        batch: list[stories.Candidate] = []
        for a in articles:
            fp = stories.fingerprint(a.article_id, a.text, a.title, a.published_at or a.ingested_at)
            old = existing.get(a.article_id, {})
            if old.get("story_id"):
                story = old["story_id"]
            else:
                candidates = await self._candidates(fp) + batch
                story = final(stories.choose_story(fp, candidates))
                for other in {final(s) for s in stories.matched_stories(fp, candidates)} - {story}:
                    merged[other] = story
            out[a.article_id] = StoryFields(story, fp.time, fp.bands, fp.entities, tuple(old.get("speakers") or ()))
            batch.append(stories.Candidate(fp, story))
        # One target per merged story, itself never merged: no chain, no two stories merged into each other.
        return {k: f._replace(story_id=final(f.story_id)) for k, f in out.items()}, {s: final(s) for s in merged}

    async def after_articles(self, articles: Sequence[ArticleCleaned], merges: dict[str, str]) -> list[InvalidEvent]:
        """Once ``articles`` are written and searchable: merge stories, then bring their claims up to date.
        Returns the updates Elasticsearch refused."""
        refused: list[InvalidEvent] = []
        for old, new in sorted(merges.items()):
            log.info("merging story %s into %s", old, new)
            for kind in ("articles", "claims"):
                refused += await self._relabel(kind, {"term": {"story_id": old}}, lambda _s, new=new: {"story_id": new})
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
        refused: list[InvalidEvent] = []
        for article_id, art in sorted(articles.items()):
            wanted = article_fields(art)
            refused += await self._relabel(
                "claims",
                {"term": {"article_id": article_id}},
                lambda src, w=wanted: w if any(src.get(k) != v for k, v in w.items()) else None,
            )
        return refused + await self._update_speakers(articles)

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
        refused: list[InvalidEvent] = []
        for article_id, art in late.items():
            wanted = article_fields(art)
            if wanted:
                refused += await self._relabel(
                    "claims",
                    {"term": {"article_id": article_id}},
                    lambda src, w=wanted: w if any(src.get(k) != v for k, v in w.items()) else None,
                )
        return refused + await self._update_speakers({**{k: v for k, v in known.items() if k in ids}, **late})
