"""The launcher's supervisor: restarts what dies, takes snapshots, knows which journal entries are indexed.

Called from the launcher's main thread (``claimstream up``) once a second through :meth:`Supervisor.tick`:

- **Restarts.** A dead child is restarted after a backoff (1 s doubling, at most 30 s) and the rest keep
  serving. A service restarts alone. The broker (tansu, memory only) restarts empty: the services are stopped,
  the topics created again, the journal entries not known to be indexed republished, and the services started
  (fresh consumer groups read the new topics from the start). The search server restarts from the last
  snapshot; the index service's consumer groups are set back to the offsets the snapshot covers, so it indexes
  again what came after it (or, when the broker restarted since, the journal entries after the snapshot's
  position are republished). More than
  ``crash_loop_restarts`` restarts of one process within ``crash_loop_window`` seconds raise :class:`CrashLoop`.
- **Watermark.** The highest journal position whose entries are all indexed with their claims, from the consumer
  groups' committed offsets (claimstream/offsets.py); it advances while articles keep streaming in.
- **Snapshots** (with a data directory): every ``snapshot_interval`` seconds when something changed, and at
  stop after draining; each records the verified position at its start. None while the search server does not
  answer (nor the drain at stop: the journal entries after the last snapshot are replayed at the next start).
- **A search server that stops answering** while its process runs (paused, spinning, deadlocked) is probed every
  ``probe_interval`` s; after ``wedge_after`` s without an answer it is sent SIGQUIT (osmem is a Go program: it
  writes every goroutine's stack to its log, elasticsearch.log, and exits), killed if it is still there 5 s later,
  and restarted from the snapshot and the journal as a crashed one is.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx
from aiokafka.errors import KafkaError

from claimstream.embedded import SERVICES, Stack, StartupError
from claimstream.offsets import Names, Watermark, rewind_index
from claimstream.services.ingest import journal

log = logging.getLogger(__name__)


class CrashLoop(RuntimeError):
    """A process died too often within the window; the message names it."""


@dataclass(frozen=True)
class Policy:
    backoff_initial: float = 1.0  # seconds before the first restart
    backoff_max: float = 30.0
    crash_loop_restarts: int = 5
    crash_loop_window: float = 300.0  # seconds
    snapshot_interval: float = 60.0  # seconds; 0 disables periodic snapshots
    probe_interval: float = 5.0  # seconds between two probes of the search server
    probe_timeout: float = 2.0  # seconds a probe waits for an answer
    wedge_after: float = 60.0  # seconds without an answer before the search server is restarted; 0: never


@dataclass
class Supervisor:
    stack: Stack
    policy: Policy = field(default_factory=Policy)
    echo: Callable[[str], None] = print
    restarts: dict[str, list[float]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        data = self.stack.data
        self.watermark = Watermark(
            self.stack.kafka, Names.from_env(self.stack.env), data.restored_position() if data else 0
        )
        self.snapshot_position = self.watermark.verified
        self.last_snapshot = time.monotonic()
        self.search_answered = self.last_probe = time.monotonic()

    def search_answers(self, attempts: int = 1) -> bool:
        """True when the search server answers a request (any status) within ``probe_timeout``, in at most
        ``attempts`` tries (a busy server may miss one)."""
        for _ in range(attempts):
            try:
                httpx.get(f"{self.stack.elasticsearch}/", timeout=self.policy.probe_timeout)
            except httpx.HTTPError:
                continue
            self.search_answered = time.monotonic()
            return True
        return False

    def watch_search(self) -> None:
        """Probe the search server when due; restart it after ``wedge_after`` s of silence (module docstring)."""
        proc = self.stack.procs.get("elasticsearch")
        if proc is None or not proc.alive() or self.policy.wedge_after <= 0:
            return
        if time.monotonic() - self.last_probe < self.policy.probe_interval:
            return
        self.last_probe = time.monotonic()
        if self.search_answers():
            return
        silent = time.monotonic() - self.search_answered
        if silent < self.policy.wedge_after:
            return
        pid = proc.popen.pid
        self.echo(
            f"the search server (pid {pid}) has not answered for {silent:.0f}s while its process runs; asking it "
            f"for its goroutine dump (SIGQUIT, into {self.stack.log_dir}/elasticsearch.log) and restarting it"
        )
        proc.popen.send_signal(signal.SIGQUIT)
        os.kill(pid, signal.SIGCONT)  # a paused process acts on SIGQUIT only once it runs
        try:
            proc.popen.wait(timeout=5.0)
        except subprocess.TimeoutExpired:  # still there: it does not even act on SIGQUIT
            proc.stop(grace=0.0, sig=signal.SIGKILL)
        self.restart("elasticsearch")

    def journal_position(self) -> int:
        return journal.position(self.stack.data.journal) if self.stack.data else 0

    def tick(self) -> None:
        """Restart dead children, advance the watermark, take a snapshot when due. Raises CrashLoop."""
        for name in list(self.stack.procs):
            if not self.stack.procs[name].alive():
                self.restart(name)
        self.watch_search()
        if self.stack.data is None:
            return
        self.watermark.observe(self.journal_position())
        due = (
            self.policy.snapshot_interval > 0 and time.monotonic() - self.last_snapshot >= self.policy.snapshot_interval
        )
        if due and self.watermark.verified > self.snapshot_position:
            self.snapshot()

    def restart(self, name: str) -> None:
        code = self.stack.procs[name].popen.returncode
        now = time.monotonic()
        recent = [t for t in self.restarts.get(name, []) if now - t < self.policy.crash_loop_window] + [now]
        self.restarts[name] = recent
        if len(recent) > self.policy.crash_loop_restarts:
            raise CrashLoop(
                f"{name} died {len(recent)} times within {self.policy.crash_loop_window:.0f}s (last exit "
                f"code {code}); see {self.stack.log_dir}/{name}.log"
            )
        delay = min(self.policy.backoff_max, self.policy.backoff_initial * 2 ** (len(recent) - 1))
        self.echo(f"{name} stopped unexpectedly (exit code {code}); restarting it in {delay:.0f}s")
        time.sleep(delay)
        self.counts[name] = self.counts.get(name, 0) + 1
        try:
            {"kafka": self._restart_broker, "elasticsearch": self._restart_search}.get(
                name, lambda: self._restart_service(name)
            )()
        except StartupError as exc:  # tried again at the next tick, with a longer backoff, up to the crash-loop limit
            self.echo(f"restarting {name} failed: {exc}")
            return
        self.echo(f"{name} restarted ({self.counts[name]} restart(s) so far)")

    def _restart_service(self, name: str) -> None:
        self.stack.start_service(name)

    def _restart_broker(self) -> None:
        for name in reversed(SERVICES):  # their groups and offsets are gone with the broker
            if name in self.stack.procs:
                self.stack.procs[name].stop(grace=10.0)
        self.stack.start_kafka()
        self.watermark.reset(self.watermark.verified)
        self._replay(self.watermark.verified)
        for name in SERVICES:
            if name in self.stack.procs:
                self.stack.start_service(name)

    def _restart_search(self) -> None:
        meta = (self.stack.data.snapshot_meta() if self.stack.data else None) or {}
        self.stack.start_search()
        self.search_answered = time.monotonic()
        restored = int(meta.get("journal_position", 0))
        self.watermark.reset(restored)
        if (
            meta.get("offsets")
            and meta.get("broker") == self.stack.procs["kafka"].popen.pid
            and "index" in self.stack.procs
        ):
            self._reindex_from(meta["offsets"], restored)
        else:
            self._replay(restored)

    def _reindex_from(self, offsets: dict[str, dict[str, int]], restored: int) -> None:
        """The broker still holds every message since the snapshot: restart the index service under fresh consumer
        groups that start at the snapshot's offsets, so it indexes them again without extracting anything again.
        (tansu keeps a stopped member in a group, so the old groups cannot be rewound.)"""
        self.stack.procs["index"].stop(grace=10.0)
        base = self.stack.env.get("CLAIMSTREAM_INDEX_GROUP_ID", Names().index_group).split("~")[0]
        self.stack.env["CLAIMSTREAM_INDEX_GROUP_ID"] = f"{base}~{time.time_ns()}"
        names = Names.from_env(self.stack.env)
        self.watermark.names = names
        try:
            rewind_index(
                self.stack.kafka, names, {t: {int(p): o for p, o in parts.items()} for t, parts in offsets.items()}
            )
            self.echo(f"index reads the topics again from the snapshot's offsets (groups {names.index_group}.*)")
        except KafkaError as exc:
            self.echo(f"could not set the index's offsets ({exc!r}); republishing the journal instead")
            self._replay(restored)
        self.stack.start_service("index")

    def _replay(self, since: int) -> None:
        if self.stack.data is not None:
            from claimstream.reprocess import replay_journal

            count = replay_journal(self.stack.kafka, self.stack.env, self.stack.data, since)
            self.echo(f"republished {count} journal entries after position {since}")

    def snapshot(self) -> None:
        """Snapshot the search server at the verified position; a failure is logged, the old one kept."""
        from claimstream.datadir import take_snapshot

        if self.stack.data is None:
            return
        if not self.search_answers(attempts=2):
            log.warning("no snapshot: the search server does not answer; the previous one is kept")
            return
        position, offsets = self.watermark.verified, self.watermark.verified_offsets
        self.last_snapshot = time.monotonic()
        extra = {"offsets": offsets, "broker": self.stack.procs["kafka"].popen.pid} if offsets else {}
        try:
            take_snapshot(self.stack.data, self.stack.elasticsearch, position, extra=extra)
            self.snapshot_position = position
        except (httpx.HTTPError, OSError) as exc:
            log.warning("snapshot failed, the previous one is kept: %s", exc)

    def drain_and_snapshot(self, timeout: float = 60.0) -> None:
        """At stop: stop ingest (nothing new is accepted), wait until every journal entry is verified (at most
        ``timeout`` s), then snapshot."""
        if self.stack.data is None:
            return
        if not self.search_answers(attempts=3):
            self.echo(
                "the search server does not answer: no drain and no snapshot; the journal entries after the last "
                f"snapshot (position {self.snapshot_position}) are replayed at the next start"
            )
            return
        if "ingest" in self.stack.procs:
            self.stack.procs["ingest"].stop()
        target, deadline = self.journal_position(), time.monotonic() + timeout
        while self.watermark.verified < target and time.monotonic() < deadline:
            self.watermark.observe(target)
            time.sleep(0.5)
        if self.watermark.verified < target:
            self.echo(
                f"not drained within {timeout:.0f}s; the snapshot covers position {self.watermark.verified} "
                f"of {target}, the rest is replayed at the next start"
            )
        self.snapshot()
