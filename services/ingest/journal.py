"""The ingest journal: every article ingest accepted, on disk (fsync'd) before the 202.

Layout: ``DIR/<first_seq:012d>.ndjson`` segment files, one JSON line per accepted article
(``{"seq": n, "event": <ArticleCleaned>}``), sequence numbers from 1 without gaps. A segment is closed when it
passes ``segment_bytes``; a new one is named after its first sequence number, so the position of any entry is
known from the file names alone.

Contract:

- :meth:`Journal.append` returns only once the line is on disk (``os.fsync``); the caller answers 202 after it.
  Appends are serialised by a lock; concurrent requests each wait for their own fsync.
- A crash can leave a torn last line; opening the journal cuts it off (that request never got its 202).
- :func:`read` yields entries with ``seq > since`` in order, from any process, while the writer appends
  (it stops at the last complete line).

The embedded launcher replays the journal tail into ``articles.cleaned`` after a restart (claimstream/reprocess.py
and claimstream/supervisor.py); ids are deterministic, so a replayed article overwrites itself downstream.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, NamedTuple

from claimstream.services.ingest.dedup import NearDuplicates
from claimstream.shared.events import ArticleCleaned

log = logging.getLogger(__name__)
SEGMENT_BYTES = 64 * 1024 * 1024


class Entry(NamedTuple):
    seq: int
    event: ArticleCleaned


def segments(directory: Path) -> list[tuple[int, Path]]:
    """The segment files of ``directory`` as (first sequence number, path), oldest first."""
    found = [(int(p.stem), p) for p in directory.glob("*.ndjson") if p.stem.isdigit()] if directory.is_dir() else []
    return sorted(found)


def _complete_lines(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as f:
        for line in f:
            if line.endswith(b"\n"):
                yield line


def read(directory: Path, since: int = 0) -> Iterator[Entry]:
    """Entries with ``seq > since``, oldest first (complete lines only)."""
    found = segments(directory)
    for index, (_first, path) in enumerate(found):
        following = found[index + 1][0] if index + 1 < len(found) else None
        if following is not None and following <= since + 1:
            continue  # every entry of this segment is at or before ``since``
        for line in _complete_lines(path):
            record = json.loads(line)
            if record["seq"] > since:
                yield Entry(record["seq"], ArticleCleaned.model_validate(record["event"]))


def position(directory: Path) -> int:
    """The sequence number of the last complete entry (0 for an empty journal)."""
    found = segments(directory)
    if not found:
        return 0
    first, path = found[-1]
    return first - 1 + sum(1 for _ in _complete_lines(path))


class Journal:
    """The writer side; one per ingest process (one process per data directory)."""

    def __init__(self, directory: Path, segment_bytes: int = SEGMENT_BYTES) -> None:
        self.directory = directory
        self.segment_bytes = segment_bytes
        directory.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._cut_torn_tail()
        self.seq = position(directory)
        self._file = (
            self._open_segment(self.seq + 1) if not segments(directory) else open(segments(directory)[-1][1], "ab")
        )
        log.info("journal %s opened at position %d", directory, self.seq)

    def _cut_torn_tail(self) -> None:
        found = segments(self.directory)
        if not found:
            return
        path = found[-1][1]
        data = path.read_bytes()
        keep = data.rfind(b"\n") + 1
        if keep < len(data):
            log.warning("journal %s: cutting a torn last line (%d bytes) left by a crash", path, len(data) - keep)
            with open(path, "r+b") as f:
                f.truncate(keep)
                os.fsync(f.fileno())

    def _open_segment(self, first: int) -> BinaryIO:
        path = self.directory / f"{first:012d}.ndjson"
        handle = open(path, "ab")  # noqa: SIM115 - kept open for appends
        dir_fd = os.open(self.directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)  # the new file's name is durable too
        finally:
            os.close(dir_fd)
        return handle

    def append_sync(self, event: ArticleCleaned) -> int:
        """Write one entry and fsync it; return its sequence number."""
        with self._lock:
            if self._file.tell() >= self.segment_bytes:
                self._file.close()
                self._file = self._open_segment(self.seq + 1)
            seq = self.seq + 1
            line = b'{"seq":%d,"event":%s}\n' % (seq, event.model_dump_json().encode())
            self._file.write(line)
            self._file.flush()
            os.fsync(self._file.fileno())
            self.seq = seq
            return seq

    async def append(self, event: ArticleCleaned) -> int:
        """:meth:`append_sync` on a worker thread, so the event loop keeps serving while the disk syncs."""
        return await asyncio.to_thread(self.append_sync, event)

    def close(self) -> None:
        with self._lock:
            self._file.close()


def restore_near_duplicates(near: NearDuplicates, directory: Path, now: float) -> int:
    """Rebuild ``near`` from the journal: the last ``near.max_articles`` entries ingested within its window,
    oldest first, each with the ``duplicate_of`` it was published with. Returns how many were restored."""
    recent: deque[Entry] = deque(maxlen=near.max_articles)
    for entry in read(directory):
        if entry.event.ingested_at.timestamp() >= now - near.window_seconds:
            recent.append(entry)
    for entry in recent:
        event = entry.event
        near.restore(event.article_id, event.text, event.ingested_at.timestamp(), event.duplicate_of, event.outlet)
    log.info("near-duplicate index restored from the journal: %d articles", len(recent))
    return len(recent)
