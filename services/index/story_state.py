"""Story documents in Elasticsearch: the state every index worker shares for story assignment.

One document per story in the ``stories`` index (``deploy/elasticsearch/stories.json``): its centroid (stored,
not indexed), top terms, names and LSH band keys (indexed, to find candidates), time span, title, outlets,
members and size. :meth:`StoryIndex.place` puts one article (:class:`centroids.Article`) into a story:

1. candidates: live stories (time filter) sharing a band key, a name or a top term with the article;
2. :func:`centroids.decide` picks one, or none (a new story whose id is the article id);
3. the story document is written with optimistic concurrency (``if_seq_no``/``if_primary_term``; a new story
   with ``op_type=create``); on a conflict the article is placed again from fresh state;
4. after creating a story, the worker looks again: if the article would join a live story that sorts before its
   own (earlier first member, then id), its story folds into that one; if a *later* young story would join its
   own, that one folds into it. Whichever of two workers that started related stories at once looks last sees
   both, so they end as one story. A fold is recorded (``merged`` on the kept story, ``merged_into`` on the
   other) and returned, and :meth:`followed` lets a worker relabel its articles if their story was folded
   meanwhile.

The IDF comes from the stream: each article document carries its term set (``story_terms``); a terms
aggregation over the articles index (read again in the background every :data:`VOCAB_SECONDS`) gives the
document frequencies, to which each worker adds the articles it places in between.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from elasticsearch import ConflictError

from claimstream.services.index import centroids
from claimstream.services.index.store import Store

log = logging.getLogger(__name__)

MAX_CANDIDATES = 15  # stories looked at per article (the best term matches)
MAX_ATTEMPTS = 8  # placements retried after a concurrent write
MAX_MEMBERS = 2000  # article ids kept on a story document (redelivery check)
VOCAB_SECONDS = 300.0  # how often the document frequencies are read again from the articles index
VOCAB_TERMS = 50_000  # most frequent terms read (rarer ones count as unseen: the highest IDF)
_QUERY_TERMS = 40  # the article's heaviest body terms used to find candidates


@dataclass
class _Held:
    """A story document as read, with what optimistic concurrency needs."""

    story: centroids.Story
    source: dict[str, Any]
    seq_no: int
    primary_term: int


def _source(story: centroids.Story, old: dict[str, Any], outlet: str | None, member: str | None) -> dict[str, Any]:
    doc = story.to_source()
    outlets = list(old.get("outlets") or [])
    members = list(old.get("members") or [])
    if outlet and outlet not in outlets:
        outlets.append(outlet)
    if member and member not in members and len(members) < MAX_MEMBERS:
        members.append(member)
    doc.update(outlets=outlets, members=members, updated_at=datetime.now(UTC).isoformat())
    if old.get("merged_into"):
        doc["merged_into"] = old["merged_into"]
    return doc


class StoryIndex:
    """Places articles into stories held in the ``stories`` index (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.vocab = centroids.Vocabulary()
        self._vocab_read = -1.0
        self._task: asyncio.Task[None] | None = None

    @property
    def alias(self) -> str:
        return self.store.alias("stories")

    async def vocabulary(self) -> centroids.Vocabulary:
        """The stream's document frequencies: read at the first call, then again in the background every
        :data:`VOCAB_SECONDS` (placement never waits for the aggregation after the first time)."""
        if self._vocab_read < 0:
            await self._read_vocabulary()
        elif time.monotonic() - self._vocab_read >= VOCAB_SECONDS and (self._task is None or self._task.done()):
            self._task = asyncio.create_task(self._read_vocabulary())
        return self.vocab

    async def _read_vocabulary(self) -> None:
        try:
            raw = await self.store.es.search(
                index=self.store.alias("articles"),
                size=0,
                track_total_hits=True,
                query={"exists": {"field": "story_terms"}},
                aggs={"df": {"terms": {"field": "story_terms", "size": VOCAB_TERMS}}},
            )
        except Exception:
            if self._vocab_read < 0:
                raise
            log.warning("reading the document frequencies failed; keeping the last ones", exc_info=True)
            self._vocab_read = time.monotonic()
            return
        df = Counter({b["key"]: int(b["doc_count"]) for b in raw["aggregations"]["df"]["buckets"]})
        self.vocab = centroids.Vocabulary(int(raw["hits"]["total"]["value"]), df)
        self._vocab_read = time.monotonic()

    async def _candidates(self, a: centroids.Article, exclude: Iterable[str] = ()) -> list[_Held]:
        body = sorted(a.body_vec, key=lambda t: (-a.body_vec[t], t))[:_QUERY_TERMS]
        should: list[dict[str, Any]] = [{"terms": {"lsh_bands": list(a.bands)}}]
        if a.names_vec:
            should.append({"terms": {"entities": list(a.names_vec)}})
        if body:
            should.append({"terms": {"terms": body}})
        t = a.time
        query = {
            "bool": {
                "filter": [
                    {"range": {"last": {"gte": (t - centroids.WINDOW).isoformat()}}},
                    {
                        "range": {
                            "first": {
                                "gte": (t - centroids.SPAN).isoformat(),
                                "lte": (t + centroids.WINDOW).isoformat(),
                            }
                        }
                    },
                ],
                "must_not": [{"exists": {"field": "merged_into"}}, {"ids": {"values": list(exclude)}}],
                "should": should,
                "minimum_should_match": 1,
            }
        }
        raw = await self.store.es.search(
            index=self.alias,
            query=query,
            size=MAX_CANDIDATES,
            seq_no_primary_term=True,
            sort=["_score", {"story_id": "asc"}],
        )
        return [
            _Held(centroids.Story.from_source(h["_source"]), h["_source"], h["_seq_no"], h["_primary_term"])
            for h in raw["hits"]["hits"]
        ]

    async def _get(self, story_id: str) -> _Held | None:
        got = await self.store.es.options(ignore_status=404).get(index=self.alias, id=story_id)
        if not got.body.get("found"):
            return None
        src = got["_source"]
        return _Held(centroids.Story.from_source(src), src, got["_seq_no"], got["_primary_term"])

    async def _write(self, held: _Held, doc: dict[str, Any]) -> bool:
        """Write ``doc`` over ``held`` if nobody wrote it since it was read; False on a conflict."""
        try:
            await self.store.es.index(
                index=self.alias,
                id=held.story.story_id,
                document=doc,
                if_seq_no=held.seq_no,
                if_primary_term=held.primary_term,
                refresh=True,
            )
        except ConflictError:
            return False
        return True

    async def place(self, a: centroids.Article, outlet: str | None) -> tuple[str, dict[str, str]]:
        """The story ``a`` joins, and the folds this caused (folded story id -> kept story id)."""
        vocab = await self.vocabulary()
        vocab.add(a.terms())
        for _ in range(MAX_ATTEMPTS):
            held = await self._candidates(a)
            known = next((h for h in held if a.article_id in (h.source.get("members") or ())), None)
            if known is not None:  # redelivered after its story was written
                return known.story.story_id, {}
            story_id, _reason, score = centroids.decide(a, [h.story for h in held], vocab)
            if story_id is not None:
                target = next(h for h in held if h.story.story_id == story_id)
                target.story.add(a, score)
                if await self._write(target, _source(target.story, target.source, outlet, a.article_id)):
                    return await self._merge(target, [h for h in held if h is not target], vocab)
                continue
            created = await self._create(a, outlet)
            if created is None:
                continue
            return await self._settle(a, created, vocab)
        raise RuntimeError(f"story of {a.article_id}: {MAX_ATTEMPTS} concurrent updates in a row")

    async def _create(self, a: centroids.Article, outlet: str | None) -> _Held | None:
        story = centroids.Story(a.article_id, a.time, a.time)
        story.add(a, 0.0)
        doc = _source(story, {}, outlet, a.article_id)
        try:
            r = await self.store.es.index(
                index=self.alias, id=a.article_id, document=doc, op_type="create", refresh=True
            )
        except ConflictError:
            existing = await self._get(a.article_id)  # a redelivery: the article's own story exists
            if existing is None:
                return None
            return existing
        return _Held(story, doc, r["_seq_no"], r["_primary_term"])

    async def _settle(
        self, a: centroids.Article, mine: _Held, vocab: centroids.Vocabulary
    ) -> tuple[str, dict[str, str]]:
        """After creating a story: fold it into an earlier one ``a`` joins, or fold later young ones into it."""
        others = await self._candidates(a, exclude=[mine.story.story_id])
        order = (mine.story.first, mine.story.story_id)
        earlier = [h for h in others if (h.story.first, h.story.story_id) < order]
        story_id, _reason, score = centroids.decide(a, [h.story for h in earlier], vocab)
        if story_id is not None:
            target = next(h for h in earlier if h.story.story_id == story_id)
            if await self._fold(mine, target):
                return target.story.story_id, {mine.story.story_id: target.story.story_id}
        folds: dict[str, str] = {}
        for h in others:
            if (h.story.first, h.story.story_id) > order and h.story.size == 1:
                sid, _r, _s = centroids.decide(_as_article(h.story), [mine.story], vocab)
                if sid == mine.story.story_id:
                    current = await self._get(mine.story.story_id)
                    if current is not None and await self._fold(h, current):
                        folds[h.story.story_id] = mine.story.story_id
        return mine.story.story_id, folds

    async def _merge(
        self, grown: _Held, others: list[_Held], vocab: centroids.Vocabulary
    ) -> tuple[str, dict[str, str]]:
        """After ``grown`` took a member: merge into the oldest story every candidate whose centroid now meets
        ``grown``'s at :data:`centroids.MERGE`. Returns the story the article is in and the merges."""
        meet = centroids.merges_for(grown.story, [h.story for h in others], vocab)
        if not meet:
            return grown.story.story_id, {}
        held = {h.story.story_id: h for h in others}
        keep_id = min([grown.story, *meet], key=lambda st: (st.first, st.story_id)).story_id
        keep = await self._get(keep_id)
        merges: dict[str, str] = {}
        for story in [grown.story, *meet]:
            if story.story_id == keep_id or keep is None:
                continue
            gone = await self._get(story.story_id) if story is grown.story else held[story.story_id]
            if gone is not None and await self._fold(gone, keep):
                merges[story.story_id] = keep_id
                keep = await self._get(keep_id)
        final = keep_id if grown.story.story_id in merges or grown.story.story_id == keep_id else grown.story.story_id
        return final, merges

    async def _fold(self, gone: _Held, keep: _Held) -> bool:
        """Fold story ``gone`` into ``keep``: mark ``gone`` (as read; False if it changed meanwhile), then add it
        to ``keep``, reading ``keep`` again after a concurrent write."""
        marked = dict(gone.source, merged_into=keep.story.story_id, updated_at=datetime.now(UTC).isoformat())
        if not await self._write(gone, marked):
            return False
        current: _Held | None = keep
        for _ in range(MAX_ATTEMPTS):
            if current is None:
                break
            current.story.absorb(gone.story)
            doc = _source(current.story, current.source, None, None)
            doc["outlets"] = sorted(set(doc["outlets"]) | set(gone.source.get("outlets") or ()))
            more = [m for m in gone.source.get("members") or () if m not in doc["members"]]
            doc["members"] = (list(doc["members"]) + more)[:MAX_MEMBERS]
            if await self._write(current, doc):
                log.info("story %s folded into %s", gone.story.story_id, keep.story.story_id)
                return True
            current = await self._get(keep.story.story_id)
        raise RuntimeError(f"story {keep.story.story_id}: {MAX_ATTEMPTS} concurrent updates while folding")

    async def followed(self, story_ids: Iterable[str]) -> dict[str, str]:
        """For stories folded into another: story id -> the story it now belongs to (followed to the end)."""
        ids = sorted(set(story_ids))
        if not ids:
            return {}
        out: dict[str, str] = {}
        found = await self.store.es.mget(index=self.alias, ids=ids, source=["merged_into"])
        for d in found["docs"]:
            into = (d.get("_source") or {}).get("merged_into")
            seen = {d["_id"]}
            while into and into not in seen:
                seen.add(into)
                out[d["_id"]] = into
                nxt = await self.store.es.options(ignore_status=404).get(index=self.alias, id=into)
                into = (nxt.body.get("_source") or {}).get("merged_into")
        return out


def _as_article(story: centroids.Story) -> centroids.Article:
    """A one-member story seen as its article (for the fold test)."""
    return centroids.Article(
        story.title_article or story.story_id,
        story.first,
        story.title,
        story.title_vec,
        story.body_vec,
        story.names_vec,
        tuple(story.bands),
    )
