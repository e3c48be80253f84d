"""The pieces of durability that need no servers: the journal, the watermark, feeds and near-duplicates kept on
disk, the port check."""

from __future__ import annotations

import asyncio
import socket
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from claimstream import offsets
from claimstream.embedded import port_free
from claimstream.services.ingest import journal
from claimstream.services.ingest.dedup import NearDuplicates
from claimstream.shared.events import ArticleCleaned

TEXT = "Officials said on Tuesday that {n} homes had been destroyed in the valley, according to the fire brigade."


def event(i: int, at: datetime | None = None, duplicate_of: str | None = None) -> ArticleCleaned:
    return ArticleCleaned(
        article_id=f"a{i}",
        text=TEXT.format(n=i * 7 + 3),
        ingested_at=at or datetime.now(UTC),
        duplicate_of=duplicate_of,
    )


def test_journal_appends_reads_since_a_position_across_segments_and_survives_a_torn_tail(tmp_path: Path) -> None:
    j = journal.Journal(tmp_path, segment_bytes=600)
    seqs = [j.append_sync(event(i)) for i in range(10)]
    assert seqs == list(range(1, 11))
    assert len(journal.segments(tmp_path)) > 2, "segments did not roll over"
    assert [e.seq for e in journal.read(tmp_path, since=6)] == [7, 8, 9, 10]
    assert [e.event.article_id for e in journal.read(tmp_path)] == [f"a{i}" for i in range(10)]
    j.close()
    with open(journal.segments(tmp_path)[-1][1], "ab") as f:
        f.write(b'{"seq": 11, "event": {"article_')  # a crash in the middle of a write
    assert journal.position(tmp_path) == 10
    reopened = journal.Journal(tmp_path, segment_bytes=600)
    assert reopened.append_sync(event(10)) == 11
    assert [e.seq for e in journal.read(tmp_path, since=9)] == [10, 11]
    reopened.close()


def test_near_duplicates_come_back_from_the_journal(tmp_path: Path) -> None:
    j = journal.Journal(tmp_path)
    old = datetime.now(UTC) - timedelta(days=10)
    j.append_sync(event(1, at=old))  # outside the 72 h window: not restored
    j.append_sync(event(2))
    j.append_sync(event(3, duplicate_of="a2"))
    j.close()
    near = NearDuplicates(window_seconds=72 * 3600)
    assert journal.restore_near_duplicates(near, tmp_path, datetime.now(UTC).timestamp()) == 2
    assert len(near) == 2
    copy = TEXT.format(n=2 * 7 + 3)
    assert near.check("a-copy", copy) == "a2", "a copy arriving after the restart is not marked"
    assert near.check("a3", "whatever") == "a2", "a restored article lost the duplicate_of it was published with"


def test_watermark_advances_only_after_extract_and_index_committed_past_the_offsets_read_with_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ends = {"articles.cleaned": {0: 10, 1: 4}, "claims.extracted": {0: 30, 1: 0}}
    committed: dict[str, dict[int, int]] = {
        "claimstream-extract": {},
        "claimstream-index.articles": {},
        "claimstream-index.claims": {},
    }

    async def end_offsets(bootstrap: str, topic: str) -> dict[int, int]:
        return dict(ends[topic])

    async def group_offsets(bootstrap: str, group: str, topic: str) -> dict[int, int]:
        return dict(committed[group])

    monkeypatch.setattr(offsets, "_end_offsets", end_offsets)
    monkeypatch.setattr(offsets, "_committed", group_offsets)
    mark = offsets.Watermark("unused:9092", offsets.Names(), verified=5)
    mark.observe(9)  # position 9 read with articles.cleaned at {0: 10, 1: 4}
    ends["articles.cleaned"] = {0: 50, 1: 50}  # more arrives later: not needed for position 9
    committed["claimstream-extract"] = {0: 10, 1: 3}
    committed["claimstream-index.articles"] = {0: 10, 1: 4}
    mark.observe(12)
    mark.observe(12)
    assert mark.verified == 5, "verified while extract had not committed partition 1"
    committed["claimstream-extract"] = {0: 10, 1: 4}
    mark.observe(12)  # extract and index caught up with the articles: claims.extracted read now ({0: 30, 1: 0})
    committed["claimstream-index.claims"] = {0: 29}
    mark.observe(12)
    assert mark.verified == 5, "verified while the index had not committed every claim"
    committed["claimstream-index.claims"] = {0: 30}
    mark.observe(12)
    assert mark.verified == 9, "the position read with the offsets is the one verified, not a later one"


def test_port_check_accepts_time_wait_and_refuses_a_listener() -> None:
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 0))
    server.listen()
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port))
    accepted, _ = server.accept()
    assert not port_free(port)
    accepted.close()  # the server side closes first: its socket stays in TIME_WAIT
    client.close()
    server.close()
    assert port_free(port), "a port whose only socket is in TIME_WAIT was reported busy"


def test_feeds_added_through_the_api_survive_a_restart(tmp_path: Path) -> None:
    from typing import Any, cast

    from claimstream.services.ingest.scheduler import FeedPoller

    state = tmp_path / "feeds.json"
    first = FeedPoller(cast(Any, None), interval=0, max_entries=5, state_path=state)
    feed, new = first.add("https://example.com/rss.xml")
    first.add("https://example.com/sitemap.xml")
    feed.remember("https://example.com/a")
    feed.etag = '"v1"'
    first.save()
    assert first.remove(first.add("https://example.com/sitemap.xml")[0].feed_id)
    again = FeedPoller(cast(Any, None), interval=0, max_entries=5, state_path=state)
    assert list(again.feeds) == [feed.feed_id]
    restored = again.feeds[feed.feed_id]
    assert (restored.url, restored.origin, restored.etag, list(restored.seen)) == (
        feed.url,
        "api",
        '"v1"',
        ["https://example.com/a"],
    )
    assert again.add(feed.url) == (restored, False)


def test_supervisor_restarts_a_dead_service_with_backoff_and_reports_a_crash_loop() -> None:
    import pytest

    from claimstream.supervisor import CrashLoop, Policy, Supervisor

    class DeadProc:
        popen = type("P", (), {"returncode": -9, "pid": 1})()

        def alive(self) -> bool:
            return False

    started: list[str] = []

    class FakeStack:
        data = None
        kafka = "unused:9092"
        env: dict[str, str] = {}
        log_dir = Path("/tmp")
        procs = {"extract": DeadProc()}

        def start_service(self, name: str) -> None:
            started.append(name)  # the restarted process dies again at once

    said: list[str] = []
    supervisor = Supervisor(FakeStack(), Policy(backoff_initial=0.0, crash_loop_restarts=3), said.append)  # type: ignore[arg-type]
    for _ in range(3):
        supervisor.tick()
    assert started == ["extract"] * 3 and supervisor.counts == {"extract": 3}
    assert "extract stopped unexpectedly (exit code -9)" in said[0]
    with pytest.raises(CrashLoop, match="extract died 4 times"):
        supervisor.tick()


def test_the_durability_wait_allows_slow_progress_and_fails_when_it_stops() -> None:
    from tests.durability_helpers import wait_advancing

    counts = iter(range(100))
    # Slow but steady: ten steps, each within the stall limit, take longer than the limit in all.
    took = wait_advancing(lambda: next(counts), 10, stall=0.3, what="slow", every=0.05)
    assert took > 0.3
    stuck = iter([0, 1, 2] + [3] * 1000)  # three of five, then nothing more (what a lost item looks like)
    with pytest.raises(AssertionError, match=r"stuck: 3 of 5, no progress for 0s"):
        wait_advancing(lambda: next(stuck), 5, stall=0.2, what="stuck", every=0.02)


class _ClosingWhileRetrying:
    """A consumer of one topic of two partitions whose ``stop()`` lets out the ``CancelledError`` of the fetch
    it was retrying, as aiokafka's does when the broker went away mid-read (aio-libs/aiokafka#647)."""

    def __init__(self, **_: object) -> None:
        self.stopped = False

    async def start(self) -> None: ...

    async def topics(self) -> set[str]:
        return {"articles.cleaned"}

    def partitions_for_topic(self, topic: str) -> set[int]:
        return {0, 1}

    def assign(self, parts: object) -> None: ...

    async def end_offsets(self, parts: list[Any]) -> dict[Any, int]:
        return {tp: 7 + tp.partition for tp in parts}

    def seek(self, tp: object, offset: int) -> None: ...

    async def getmany(self, timeout_ms: int) -> dict[Any, Any]:
        return {}

    def highwater(self, tp: object) -> None:
        return None

    async def stop(self) -> None:
        self.stopped = True
        raise asyncio.CancelledError


def test_offsets_read_survive_a_consumer_that_stops_with_a_stray_cancellation(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(offsets, "AIOKafkaConsumer", _ClosingWhileRetrying)
    assert asyncio.run(offsets._end_offsets("unused:9092", "articles.cleaned")) == {0: 7, 1: 8}
    mark = offsets.Watermark("unused:9092", offsets.Names(), verified=5)
    mark.observe(9)  # the launcher's tick: must not raise (it killed the whole embedded stack)

    async def cancelled_while_stopping() -> None:  # a real cancellation of the task still goes through
        task = asyncio.current_task()
        assert task is not None
        task.cancel()
        await offsets._stopped(_ClosingWhileRetrying())  # type: ignore[arg-type]

    with pytest.raises(asyncio.CancelledError):
        asyncio.run(cancelled_while_stopping())
