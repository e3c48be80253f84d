"""Story documents in Elasticsearch: the state every index worker shares for story assignment.

One document per story in the ``stories`` index (``deploy/elasticsearch/stories.json``): its centroid, LSH band
keys and members (kept in ``_source`` only: no query uses them), top terms, names, time span, title, outlets and
size.

Each worker keeps the stories *live* for the article times it is placing in memory (:class:`StoryIndex`: a
story takes members for a few days, :data:`centroids.WINDOW`/:data:`centroids.SPAN`, so that set is small) with
the ``_seq_no``/``_primary_term`` it last saw of each. :meth:`StoryIndex.place_all` places one batch:

1. one search reads the stories live at the batch's article times that the worker does not hold yet, and those
   other workers wrote since it last looked (``updated_by``, ``updated_at``), unless it holds them all and looked
   less than :data:`FRESH` ago (stale stories are caught at the write, step 3); the worker holds at most
   :data:`centroids.HORIZON` of article time behind the newest article it placed, plus the batch's own span
   (stories not :func:`centroids.live_in` there are dropped: the window of the in-memory ``Clusterer`` too);
2. each article is decided in memory against every live story held (:func:`centroids.decide`, as the in-memory
   :class:`centroids.Clusterer` does) and added to its story, or starts a new one whose id is the article id;
3. the stories the batch changed are written in one bulk request, each with optimistic concurrency
   (``if_seq_no``/``if_primary_term``; a new story with ``create``), ``refresh=wait_for``. A story another worker
   wrote since this one read it (a conflict) is read again, and only the articles placed into it are placed
   again, from the fresh state;
4. if the batch created stories, one search then reads again the stories other workers wrote since the first
   look; for each story the batch created, if its article would
   join a story new to this worker that sorts before its own (earlier first member, then id), its story folds
   into that one; a *later* new one-member story that would join it folds into it. Whichever of two workers
   that started related stories at once looks last sees both, so they end as one story;
5. a story that took a member and whose centroid now meets another's at :data:`centroids.MERGE` merges into the
   older one. A fold or merge is recorded (``merged`` on the kept story, ``merged_into`` on the other) and
   returned, and :meth:`followed` lets a worker relabel its articles if their story was folded meanwhile.

A batch thus costs at most three requests to the search server whatever its size (one when it only adds to
stories and the worker looked less than :data:`FRESH` ago); folds and conflicts add a few.

The IDF comes from the stream: each article document carries its term set (``story_terms``); a terms
aggregation over the articles index (read again in the background every :data:`VOCAB_SECONDS`) gives the
document frequencies, to which each worker adds the articles it places in between.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from elasticsearch import ConflictError

from claimstream.services.index import centroids
from claimstream.services.index.store import Store

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8  # placements retried after a concurrent write
MAX_MEMBERS = 2000  # article ids kept on a story document (redelivery check)
VOCAB_SECONDS = 300.0  # how often the document frequencies are read again from the articles index
VOCAB_TERMS = 50_000  # most frequent terms read (rarer ones count as unseen: the highest IDF)
FRESH = timedelta(seconds=1)  # a look younger than this is not repeated before a batch (Elasticsearch's refresh)
SLACK = timedelta(seconds=30)  # a look re-reads what others wrote this long before the last look (clocks, refresh)
PAGE = 2000  # stories per page when loading
UNREAD = ["terms", "entities"]  # fields of a story document the worker never reads back (for the search and the list)


@dataclass
class _Held:
    """A story as this worker last read or wrote it, with what optimistic concurrency needs (``seq_no`` None:
    not written yet)."""

    story: centroids.Story
    outlets: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    merged_into: str | None = None
    seq_no: int | None = None
    primary_term: int | None = None

    @classmethod
    def read(cls, hit: dict[str, Any]) -> _Held:
        src = hit["_source"]
        return cls(
            centroids.Story.from_source(src),
            list(src.get("outlets") or ()),
            list(src.get("members") or ()),
            src.get("merged_into"),
            hit["_seq_no"],
            hit["_primary_term"],
        )

    def take(self, outlet: str | None, member: str | None) -> None:
        if outlet and outlet not in self.outlets:
            self.outlets.append(outlet)
        if member and member not in self.members and len(self.members) < MAX_MEMBERS:
            self.members.append(member)

    def document(self, writer: str | None = None) -> dict[str, Any]:
        doc = _source(self.story, {"outlets": self.outlets, "members": self.members}, None, None)
        if self.merged_into:
            doc["merged_into"] = self.merged_into
        if writer:
            doc["updated_by"] = writer
        return doc


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


def _live_in(lo: datetime, hi: datetime) -> list[dict[str, Any]]:
    """Filter: stories that may take members at some article time in ``[lo, hi]`` (:func:`centroids.live_in`)."""
    return [
        {"range": {"last": {"gte": (lo - centroids.WINDOW).isoformat()}}},
        {"range": {"first": {"gte": (lo - centroids.SPAN).isoformat(), "lte": (hi + centroids.WINDOW).isoformat()}}},
    ]


class StoryIndex:
    """Places articles into stories held in the ``stories`` index (see the module docstring)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.vocab = centroids.Vocabulary()
        self.writer = uuid.uuid4().hex[:16]  # this worker, on the story documents it writes (``updated_by``)
        self.held: dict[str, _Held] = {}  # story id -> the live story as last read or written
        self.span: tuple[datetime, datetime] | None = None  # article times whose live stories are all held
        self.conflicts = 0  # story writes refused because another worker wrote the story first
        self._member_of: dict[str, str] = {}  # article id -> story id, over the held stories
        self._looked: datetime | None = None  # wall-clock time of the last look
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

    # -- the held stories ------------------------------------------------------------------------------------

    def _hold(self, h: _Held) -> None:
        """Hold ``h`` in place of what was held of its story (a folded story is dropped; its members are known to
        be in the story it was folded into)."""
        self._drop(h.story.story_id)
        if not h.merged_into:
            self.held[h.story.story_id] = h
        for m in h.members:
            self._member_of.setdefault(m, h.merged_into or h.story.story_id)

    def _drop(self, story_id: str) -> None:
        old = self.held.pop(story_id, None)
        for m in old.members if old is not None else ():
            if self._member_of.get(m) == story_id:
                del self._member_of[m]

    def _forget(self) -> None:
        """Hold nothing (after a failed batch: what is held may hold changes never written)."""
        self.held.clear()
        self._member_of.clear()
        self.span = None

    async def _search_all(self, query: dict[str, Any]) -> list[_Held]:
        out: list[_Held] = []
        after: list[Any] | None = None
        while True:
            extra = {"search_after": after} if after else {}
            raw = await self.store.es.search(
                index=self.alias,
                query=query,
                size=PAGE,
                seq_no_primary_term=True,
                sort=[{"story_id": "asc"}],
                source_excludes=UNREAD,
                **extra,
            )
            hits = raw["hits"]["hits"]
            out += [_Held.read(h) for h in hits]
            if len(hits) < PAGE:
                return out
            after = hits[-1]["sort"]

    def _recent(self) -> dict[str, Any]:
        """Query: story documents other workers wrote since this worker last looked (less :data:`SLACK`)."""
        since = (self._looked or datetime.now(UTC)) - SLACK
        return {
            "bool": {
                "filter": [{"range": {"updated_at": {"gte": since.isoformat()}}}],
                "must_not": [{"term": {"updated_by": self.writer}}],
            }
        }

    async def _read(self, query: dict[str, Any]) -> list[_Held]:
        """Hold the stories matching ``query``; return those new or changed (not folded)."""
        looked = datetime.now(UTC)
        fresh = []
        for h in await self._search_all(query):
            mine = self.held.get(h.story.story_id)
            if mine is not None and (mine.seq_no, mine.primary_term) == (h.seq_no, h.primary_term):
                continue
            self._hold(h)
            if not h.merged_into:
                fresh.append(h)
        self._looked = looked
        return fresh

    async def _load(self, lo: datetime, hi: datetime) -> None:
        """Hold every story live at an article time in ``[lo, hi]`` as it is now: one search for the stories not
        held yet and those other workers wrote since the last look."""
        old = self.span
        now = datetime.now(UTC)
        if old is not None and old[0] <= lo and hi <= old[1] and self._looked and now - self._looked < FRESH:
            return  # held, and looked at less than FRESH ago
        if old is not None and (hi < old[0] - centroids.HORIZON or lo > old[1] + centroids.HORIZON):
            old = None  # far from what is held: start afresh
            self._forget()
        new = (lo, hi) if old is None else (min(lo, old[0]), max(hi, old[1]))
        query: dict[str, Any] = {"bool": {"filter": _live_in(*new)}}
        if old is not None:
            query["bool"]["should"] = [{"bool": {"must_not": [{"bool": {"filter": _live_in(*old)}}]}}, self._recent()]
            query["bool"]["minimum_should_match"] = 1
        await self._read(query)
        self.span = new

    async def _look(self) -> list[_Held]:
        """Read the held span's stories other workers wrote since the last look; return those new or changed."""
        assert self.span is not None
        return await self._read({"bool": {"filter": [*_live_in(*self.span), self._recent()]}})

    def _evict(self) -> None:
        """Hold at most :data:`centroids.HORIZON` of article time behind the newest one placed."""
        assert self.span is not None
        lo, hi = self.span
        if hi - lo <= centroids.HORIZON:
            return
        lo = hi - centroids.HORIZON
        for sid in [sid for sid, h in self.held.items() if not centroids.live_in(h.story, lo, hi)]:
            self._drop(sid)
        self.span = (lo, hi)

    async def _reread(self, story_ids: Iterable[str]) -> None:
        ids = sorted(set(story_ids))
        if not ids:
            return
        got = await self.store.es.mget(index=self.alias, ids=ids, source_excludes=UNREAD)
        for d in got["docs"]:
            if d.get("found"):
                self._hold(_Held.read(d))
            else:
                self._drop(d["_id"])

    # -- placement -------------------------------------------------------------------------------------------

    async def place(self, a: centroids.Article, outlet: str | None) -> tuple[str, dict[str, str]]:
        """The story ``a`` joins, and the folds this caused (folded story id -> kept story id)."""
        placed, folds = await self.place_all([(a, outlet)])
        return placed[a.article_id], folds

    async def place_all(
        self, batch: Sequence[tuple[centroids.Article, str | None]]
    ) -> tuple[dict[str, str], dict[str, str]]:
        """Place a batch (articles with their outlet, in stream order): the story of each article id, and the
        folds this caused (folded story id -> kept story id)."""
        if not batch:
            return {}, {}
        try:
            return await self._place_all(batch)
        except BaseException:
            self._forget()
            raise

    async def _place_all(
        self, batch: Sequence[tuple[centroids.Article, str | None]]
    ) -> tuple[dict[str, str], dict[str, str]]:
        vocab = await self.vocabulary()
        await self._load(min(a.time for a, _ in batch), max(a.time for a, _ in batch))
        placed: dict[str, str] = {}
        created: dict[str, centroids.Article] = {}  # stories this batch started -> the article that started them
        grown: set[str] = set()  # stories that took a member (not as their first)
        counted: set[str] = set()  # articles added to the document frequencies
        todo = list(batch)
        for _ in range(MAX_ATTEMPTS):
            into: dict[str, list[tuple[centroids.Article, str | None]]] = {}
            for a, outlet in todo:
                known = self._member_of.get(a.article_id)
                if known is not None:  # redelivered after its story was written
                    placed[a.article_id] = known
                    continue
                if a.article_id not in counted:
                    vocab.add(a.terms())
                    counted.add(a.article_id)
                story_id, _reason, score = centroids.decide(a, [h.story for h in self.held.values()], vocab)
                if story_id is None:
                    h = self.held[a.article_id] = _Held(centroids.Story(a.article_id, a.time, a.time))
                    created[a.article_id] = a
                else:
                    h = self.held[story_id]
                    grown.add(story_id)
                h.story.add(a, score)
                h.take(outlet, a.article_id)
                self._member_of[a.article_id] = h.story.story_id
                placed[a.article_id] = h.story.story_id
                into.setdefault(h.story.story_id, []).append((a, outlet))
            refused = await self._write_all([self.held[sid] for sid in into])
            if not refused:
                break
            # Another worker wrote these stories since they were read: read them again and place only their
            # articles again (the other stories of the batch are written).
            self.conflicts += len(refused)
            todo = [x for sid in refused for x in into[sid]]
            log.info("stories %s changed meanwhile; placing %d articles again", refused, len(todo))
            for sid in refused:
                created.pop(sid, None)
                self._drop(sid)
            for a, _ in todo:
                placed.pop(a.article_id, None)
                self._member_of.pop(a.article_id, None)
            await self._reread(refused)
        else:
            raise RuntimeError(f"stories of a batch: {MAX_ATTEMPTS} concurrent updates in a row")
        folds = await self._settle(created, await self._look(), vocab) if created else {}
        folds.update(await self._merge(grown - set(folds), vocab))
        self._evict()
        return {aid: _follow(sid, folds) for aid, sid in placed.items()}, folds

    async def _write_all(self, stories: list[_Held]) -> list[str]:
        """Write ``stories`` in one bulk request with optimistic concurrency; the ids refused for a conflict.
        Nothing to write: no request (an empty bulk request is an error)."""
        if not stories:
            return []
        ops: list[dict[str, Any]] = []
        for h in stories:
            head: dict[str, Any] = {"_index": self.alias, "_id": h.story.story_id}
            if h.seq_no is None:
                ops.append({"create": head})
            else:
                ops.append({"index": {**head, "if_seq_no": h.seq_no, "if_primary_term": h.primary_term}})
            ops.append(h.document(self.writer))
        raw = await self.store.es.bulk(operations=ops, refresh=True)
        refused = []
        for h, item in zip(stories, raw["items"], strict=True):
            ((_op, result),) = item.items()
            status = int(result.get("status", 500))
            if status == 409:
                refused.append(h.story.story_id)
            elif status >= 300:
                raise RuntimeError(f"story {h.story.story_id} not written ({status}): {result.get('error')}")
            else:
                h.seq_no, h.primary_term = result["_seq_no"], result["_primary_term"]
        return refused

    async def _settle(
        self, created: dict[str, centroids.Article], fresh: list[_Held], vocab: centroids.Vocabulary
    ) -> dict[str, str]:
        """After creating stories: fold each into an earlier story, new to this worker, that its article joins,
        or fold later new one-member stories that would join it into it."""
        folds: dict[str, str] = {}
        for sid, a in created.items():
            mine = self.held.get(sid)
            others = [h.story for h in fresh if h.story.story_id != sid]
            if mine is None or not others:
                continue
            order = (mine.story.first, sid)
            earlier = [o for o in others if (o.first, o.story_id) < order and o.story_id in self.held]
            target, _reason, _score = centroids.decide(a, earlier, vocab)
            if target is not None and await self._fold(mine, self.held[target]):
                folds[sid] = target
                continue
            for o in others:
                later, mine = self.held.get(o.story_id), self.held.get(sid)
                if later is None or mine is None or (o.first, o.story_id) < order or o.size != 1:
                    continue
                joins, _r, _s = centroids.decide(_as_article(o), [mine.story], vocab)
                if joins == sid and await self._fold(later, mine):
                    folds[o.story_id] = sid
        return folds

    async def _merge(self, grown: Iterable[str], vocab: centroids.Vocabulary) -> dict[str, str]:
        """After stories took members: merge into the oldest story every held story whose centroid now meets
        theirs at :data:`centroids.MERGE`."""
        merges: dict[str, str] = {}
        for sid in sorted(grown):
            h = self.held.get(sid)
            if h is None:
                continue
            meet = centroids.merges_for(h.story, [o.story for o in self.held.values()], vocab)
            if not meet:
                continue
            keep_id = min([h.story, *meet], key=lambda st: (st.first, st.story_id)).story_id
            for story in [h.story, *meet]:
                keep, gone = self.held.get(keep_id), self.held.get(story.story_id)
                if story.story_id != keep_id and keep is not None and gone is not None and await self._fold(gone, keep):
                    merges[story.story_id] = keep_id
        return merges

    async def _write(self, held: _Held, doc: dict[str, Any]) -> bool:
        """Write ``doc`` over ``held`` if nobody wrote it since it was read; False on a conflict."""
        try:
            r = await self.store.es.index(
                index=self.alias,
                id=held.story.story_id,
                document=doc,
                if_seq_no=held.seq_no,
                if_primary_term=held.primary_term,
                refresh=True,
            )
        except ConflictError:
            self.conflicts += 1
            return False
        held.seq_no, held.primary_term = r["_seq_no"], r["_primary_term"]
        return True

    async def _get(self, story_id: str) -> _Held | None:
        got = await self.store.es.options(ignore_status=404).get(index=self.alias, id=story_id, source_excludes=UNREAD)
        if not got.body.get("found"):
            return None
        return _Held.read(got.body)

    async def _fold(self, gone: _Held, keep: _Held) -> bool:
        """Fold story ``gone`` into ``keep``: mark ``gone`` (as read; False if it changed meanwhile), then add it
        to ``keep``, reading ``keep`` again after a concurrent write."""
        marked = _Held(gone.story, gone.outlets, gone.members, keep.story.story_id, gone.seq_no, gone.primary_term)
        if not await self._write(marked, marked.document(self.writer)):
            await self._reread([gone.story.story_id])
            return False
        self._hold(marked)  # drops it
        current: _Held | None = keep
        for _ in range(MAX_ATTEMPTS):
            if current is None:
                break
            current.story.absorb(gone.story)
            current.outlets = sorted(set(current.outlets) | set(gone.outlets))
            current.members = (current.members + [m for m in gone.members if m not in current.members])[:MAX_MEMBERS]
            if await self._write(current, current.document(self.writer)):
                self._hold(current)
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


def _follow(story_id: str, folds: dict[str, str]) -> str:
    seen = {story_id}
    while story_id in folds and folds[story_id] not in seen:
        story_id = folds[story_id]
        seen.add(story_id)
    return story_id


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
