"""``claimstream up``: start the embedded stack, supervise it, keep the data, stop it on the user's signal.

The loop runs in the main thread (the children's parent-death signal is tied to the thread that started them).
It stops on SIGINT/SIGTERM (drain, snapshot, stop) or when the supervisor reports a crash loop (exit code 3).
Every minute it applies retention and samples the search server's memory against the budget.
"""

from __future__ import annotations

import json
import logging
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from claimstream.embedded import Stack
from claimstream.services.index.retention import apply_retention
from claimstream.supervisor import CrashLoop, Supervisor

log = logging.getLogger(__name__)
MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    retain_days: float | None
    max_articles: int | None
    memory_budget_mb: int
    interval: float = 60.0  # seconds between two retention runs / memory samples


def rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` (0 when it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def write_state(stack: Stack, supervisor: Supervisor, limits: Limits) -> None:
    """supervisor.json: children's pids, restart counts, the search server's memory and its budget (read by the
    index service's /readyz and /stats, and by the fault tests)."""
    if stack.data is None:
        return
    search_pid = stack.procs["elasticsearch"].popen.pid
    state = {
        "pids": {name: proc.popen.pid for name, proc in stack.procs.items()},
        "restarts": supervisor.counts,
        "urls": {"kafka": stack.kafka, "elasticsearch": stack.elasticsearch},
        "search_memory_bytes": rss_bytes(search_pid),
        "search_memory_budget_bytes": limits.memory_budget_mb * MB,
        "journal_verified": supervisor.watermark.verified,
        "snapshot_position": supervisor.snapshot_position,
    }
    tmp = stack.data.supervisor_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(state))
    tmp.replace(stack.data.supervisor_file)


def housekeeping(stack: Stack, limits: Limits) -> None:
    """Retention, then a warning when the search server is above 90 % of its memory budget."""
    if limits.retain_days is not None or limits.max_articles is not None:
        try:
            apply_retention(stack.elasticsearch, limits.retain_days, limits.max_articles)
        except httpx.HTTPError as exc:
            log.warning("retention failed, retried in %.0fs: %s", limits.interval, exc)
    rss = rss_bytes(stack.procs["elasticsearch"].popen.pid)
    if rss > 0.9 * limits.memory_budget_mb * MB:
        log.warning(
            "search server uses %d MB of its %d MB budget; lower --max-articles or --retain-days",
            rss // MB,
            limits.memory_budget_mb,
        )


def supervise(stack: Stack, supervisor: Supervisor, limits: Limits, echo: Callable[[str], None]) -> int:
    """Run until SIGINT/SIGTERM (returns 0) or a crash loop (returns 3); drain and snapshot before returning."""
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    supervisor.snapshot()  # a seed for a search-server restart, even before anything was verified
    write_state(stack, supervisor, limits)
    code, last_housekeeping = 0, time.monotonic()
    while not stop.wait(1.0):
        try:
            supervisor.tick()
        except CrashLoop as exc:
            echo(f"giving up: {exc}")
            code = 3
            break
        if time.monotonic() - last_housekeeping >= limits.interval and supervisor.search_answers():
            housekeeping(stack, limits)  # not while the search server does not answer: it would wait for it
            last_housekeeping = time.monotonic()
        write_state(stack, supervisor, limits)
    echo("stopping: draining the pipeline and taking a snapshot ..." if stack.data else "stopping ...")
    supervisor.drain_and_snapshot()
    return code
