"""Near-duplicate articles (the same agency story on several sites) with MinHash LSH (datasketch).

Exact duplicates need nothing here: the same canonical URL gives the same ``article_id``. This module finds
*different* articles whose texts are nearly the same and names the first one seen as ``duplicate_of``. The
duplicate is still published and indexed; it is only marked.

Where the state lives: in this process, bounded by a count and a time window. ingest has no Elasticsearch
access by design, and syndicated copies of a story appear within hours or days of each other, so a window of
recent articles catches them. The limit, documented in docs/sources.md: each ingest replica has its own index,
so a copy that reaches another replica (or arrives after a restart or after the window) is not marked. That
is a missed mark, never a wrong one. With a data directory (``CLAIMSTREAM_INGEST_DATA_DIR``) the index is
rebuilt at start-up from the journal's articles within the window (:meth:`NearDuplicates.restore`).
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from claimstream.services.ingest.identity import normalize_for_id
from claimstream.shared.events import ArticleRef

NUM_PERM = 128
SHINGLE_WORDS = 3
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word ``size``-grams of the normalised text (the whole text when it is shorter)."""
    words = _WORD.findall(normalize_for_id(text))
    if len(words) <= size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    """The MinHash of ``text``'s shingles."""
    minhash = MinHash(num_perm=NUM_PERM)
    minhash.update_batch(list(shingles(text)))
    return minhash


@dataclass
class _Entry:
    minhash: MinHash
    added: float
    seq: int  # arrival order: ties in ``added`` still have a first
    duplicate_of: str | None
    outlet: str | None = None


class NearDuplicates:
    """A bounded, thread-safe index of recent articles' MinHashes.

    ``threshold`` is the estimated Jaccard similarity of word 3-gram sets above which two texts are the same
    story. At most ``max_articles`` are kept, none older than ``window_seconds``; the oldest go first.
    """

    def __init__(
        self,
        threshold: float = 0.6,
        max_articles: int = 100_000,
        window_seconds: float = 72 * 3600,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.threshold = threshold
        self.max_articles = max_articles
        self.window_seconds = window_seconds
        self._clock = clock
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self._seq = 0

    def __len__(self) -> int:
        return len(self._entries)

    def check(self, article_id: str, text: str, outlet: str | None = None) -> str | None:
        """Record the article (of ``outlet``) and return the id of the earlier article it duplicates, or None.

        The answer for one ``article_id`` is stable while it stays in the window: a re-posted article gets the
        same ``duplicate_of`` it got the first time, and an original never becomes a duplicate of its copy.
        """
        minhash = signature(text)  # the costly part, outside the lock
        with self._lock:
            self._evict(self._clock())
            known = self._entries.get(article_id)
            if known is not None:
                return known.duplicate_of
            original = self._original_of(minhash)
            self._lsh.insert(article_id, minhash)
            self._seq += 1
            self._entries[article_id] = _Entry(minhash, self._clock(), self._seq, original, outlet)
            return original

    def copy_of(self, article_id: str, text: str, outlet: str | None = None) -> ArticleRef | None:
        """:meth:`check`, answered as the article (id and outlet) this one is a copy of, or None. The outlet is
        the one the original was recorded with (None when unknown, e.g. restored from an older journal)."""
        original = self.check(article_id, text, outlet)
        if original is None:
            return None
        with self._lock:
            entry = self._entries.get(original)
            return ArticleRef(article_id=original, outlet=entry.outlet if entry else None)

    def restore(
        self, article_id: str, text: str, added: float, duplicate_of: str | None, outlet: str | None = None
    ) -> None:
        """Put back an article this index had seen (from ingest's journal after a restart, oldest first), with
        the ``duplicate_of`` it was given then, so a copy arriving after the restart is still marked."""
        minhash = signature(text)
        with self._lock:
            if article_id in self._entries:
                return
            self._lsh.insert(article_id, minhash)
            self._seq += 1
            self._entries[article_id] = _Entry(minhash, added, self._seq, duplicate_of, outlet)
            self._evict(self._clock())

    def _original_of(self, minhash: MinHash) -> str | None:
        candidates = [
            key for key in self._lsh.query(minhash) if minhash.jaccard(self._entries[key].minhash) >= self.threshold
        ]
        if not candidates:
            return None
        first = min(candidates, key=lambda key: self._entries[key].seq)
        return self._entries[first].duplicate_of or first

    def _evict(self, now: float) -> None:
        while self._entries:
            key, entry = next(iter(self._entries.items()))
            if len(self._entries) < self.max_articles and now - entry.added <= self.window_seconds:
                return
            self._lsh.remove(key)
            del self._entries[key]
