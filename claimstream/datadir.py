"""The embedded stack's data directory (``claimstream up --data-dir DIR``) and snapshots of the search server.

Layout of ``DIR``::

    journal/              ingest's journal of accepted articles (services/ingest/journal.py), the source of truth
    ingest/               feeds added through the API, the near-duplicate index (ingest's own state)
    snapshot/             the last complete snapshot of osmem, in osmem's ``-seed`` directory format:
      <name>.template.json    an index template (as PUT /_index_template takes it)
      <index>.index.json      settings, mappings and aliases of one index
      <index>.ndjson          its documents as bulk lines ({"index": {"_index", "_id"}} + source)
      meta.json               {"journal_position": n, "offsets": {...}, "broker": pid, "documents": {...}}
    supervisor.json       restart counts of the launcher's children
    pids.json             the running launcher's pid and its children's (name -> pid), with their start times

Contract: a snapshot is written to ``snapshot.tmp/`` (every file fsync'd) and then renamed into place, so
``snapshot/`` is always complete; ``meta.json``'s ``journal_position`` is a journal position every entry up to
which is in the snapshot with its claims (the supervisor decides which position is safe; see supervisor.py).
After a crash between the two renames, ``snapshot.old/`` is the one to use.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

log = logging.getLogger(__name__)
_SETTINGS_KEPT = ("number_of_shards", "number_of_replicas", "refresh_interval", "analysis")


@dataclass(frozen=True)
class DataDir:
    """Paths inside one data directory."""

    root: Path

    @property
    def journal(self) -> Path:
        return self.root / "journal"

    @property
    def ingest(self) -> Path:
        return self.root

    @property
    def snapshot(self) -> Path:
        return self.root / "snapshot"

    @property
    def supervisor_file(self) -> Path:
        return self.root / "supervisor.json"

    @property
    def pid_file(self) -> Path:
        return self.root / "pids.json"

    def record_pids(self, children: dict[str, int]) -> None:
        """Write ``pids.json``: this process (the launcher) and ``children``, each with its start time (so a pid the
        kernel gave to another process since is never taken for ours)."""
        self.root.mkdir(parents=True, exist_ok=True)
        record = {
            "launcher": {"pid": os.getpid(), "start": start_time(os.getpid())},
            "children": {name: {"pid": pid, "start": start_time(pid)} for name, pid in children.items()},
        }
        tmp = self.pid_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(record))
        tmp.replace(self.pid_file)

    def forget_pids(self) -> None:
        self.pid_file.unlink(missing_ok=True)

    def stop_leftovers(self, grace: float = 5.0) -> list[str]:
        """Stop (SIGKILL) the children an earlier run of this data directory left running, each with a log line;
        return their names. Raises :class:`DataDirInUse` when that run's launcher is still running."""
        try:
            record = json.loads(self.pid_file.read_text())
        except (OSError, ValueError):
            return []
        launcher = record.get("launcher", {})
        if launcher.get("pid") != os.getpid() and _same_process(launcher):
            raise DataDirInUse(
                f"{self.root} is in use by a running claimstream up (pid {launcher['pid']}); stop it first"
            )
        stopped: list[str] = []
        for name, child in record.get("children", {}).items():
            if not _same_process(child):
                continue
            pid = int(child["pid"])
            log.warning("stopping %s (pid %d) left running by an earlier run of %s", name, pid, self.root)
            for kill in (os.killpg, os.kill):  # its process group (it leads one), or the process alone
                try:
                    kill(pid, signal.SIGKILL)
                    break
                except (ProcessLookupError, PermissionError):
                    continue
            stopped.append(name)
        deadline = time.monotonic() + grace
        while any(_same_process(c) for c in record.get("children", {}).values()) and time.monotonic() < deadline:
            time.sleep(0.1)
        self.forget_pids()
        return stopped

    def prepare(self) -> None:
        """Create the directory; stop what an earlier run left running; recover a snapshot left half-renamed by a
        crash."""
        self.root.mkdir(parents=True, exist_ok=True)
        self.stop_leftovers()
        old = self.root / "snapshot.old"
        if old.is_dir() and not self.snapshot.is_dir():
            old.rename(self.snapshot)
        shutil.rmtree(self.root / "snapshot.tmp", ignore_errors=True)
        self.supervisor_file.unlink(missing_ok=True)  # a previous run's pids and addresses

    def snapshot_meta(self) -> dict[str, Any] | None:
        """``meta.json`` of the current snapshot, or None when there is none."""
        path = self.snapshot / "meta.json"
        return json.loads(path.read_text()) if path.is_file() else None

    def restored_position(self) -> int:
        """The journal position the current snapshot covers (0 without one)."""
        meta = self.snapshot_meta()
        return int(meta["journal_position"]) if meta else 0


class DataDirInUse(RuntimeError):
    """Another launcher, still running, uses the data directory."""


def proc_stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name (state first, start time at index 19); [] when there
    is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return []


def start_time(pid: int) -> int | None:
    """When ``pid`` started (clock ticks since boot), or None when there is no such process or it has exited (a
    zombie)."""
    fields = proc_stat(pid)
    return None if not fields or fields[0] == "Z" else int(fields[19])


def _same_process(entry: dict[str, Any]) -> bool:
    """The process recorded as ``{"pid", "start"}`` still runs (same pid, same start time)."""
    pid, start = entry.get("pid"), entry.get("start")
    return isinstance(pid, int) and start is not None and start_time(pid) == start


def _write(path: Path, lines: Iterator[bytes] | bytes) -> None:
    with open(path, "wb") as f:
        if isinstance(lines, bytes):
            f.write(lines)
        else:
            for line in lines:
                f.write(line)
        f.flush()
        os.fsync(f.fileno())


def _documents(client: httpx.Client, index: str, counts: dict[str, int], page: int = 1000) -> Iterator[bytes]:
    """Every document of ``index`` as two bulk lines, by scrolling."""
    answer = (
        client.post(
            f"/{index}/_search",
            params={"scroll": "2m"},
            json={"size": page, "sort": ["_doc"], "query": {"match_all": {}}},
        )
        .raise_for_status()
        .json()
    )
    scroll_id = answer.get("_scroll_id")
    try:
        while hits := answer["hits"]["hits"]:
            for hit in hits:
                counts[index] = counts.get(index, 0) + 1
                yield json.dumps({"index": {"_index": index, "_id": hit["_id"]}}).encode() + b"\n"
                yield json.dumps(hit["_source"], ensure_ascii=False).encode() + b"\n"
            if not scroll_id:
                break
            answer = (
                client.post("/_search/scroll", json={"scroll": "2m", "scroll_id": scroll_id}).raise_for_status().json()
            )
            scroll_id = answer.get("_scroll_id", scroll_id)
    finally:
        if scroll_id:
            client.request("DELETE", "/_search/scroll", json={"scroll_id": scroll_id})


def _index_body(client: httpx.Client, index: str) -> dict[str, Any]:
    info = client.get(f"/{index}").raise_for_status().json()[index]
    settings = info.get("settings", {}).get("index", {})
    return {
        "settings": {k: settings[k] for k in _SETTINGS_KEPT if k in settings},
        "mappings": info.get("mappings", {}),
        "aliases": info.get("aliases", {}),
    }


def take_snapshot(
    data: DataDir, es_url: str, journal_position: int, timeout: float = 60.0, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Export templates, indices and documents of the search server at ``es_url`` into ``data.snapshot``,
    atomically, recording ``journal_position``. Returns the meta record. Raises httpx.HTTPError when the
    server does not answer (the previous snapshot is then left as it was)."""
    started = time.monotonic()
    tmp, old = data.root / "snapshot.tmp", data.root / "snapshot.old"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    counts: dict[str, int] = {}
    with httpx.Client(base_url=es_url, timeout=timeout) as client:
        for item in client.get("/_index_template").raise_for_status().json().get("index_templates", []):
            _write(tmp / f"{item['name']}.template.json", json.dumps(item["index_template"]).encode())
        indices = [
            row["index"]
            for row in client.get("/_cat/indices", params={"format": "json"}).raise_for_status().json()
            if not row["index"].startswith(".")
        ]
        for index in sorted(indices):
            _write(tmp / f"{index}.index.json", json.dumps(_index_body(client, index)).encode())
            counts[index] = 0
            _write(tmp / f"{index}.ndjson", _documents(client, index, counts))
            if not counts[index]:
                (tmp / f"{index}.ndjson").unlink()  # osmem refuses an empty seed file
    meta = {
        **(extra or {}),
        "journal_position": journal_position,
        "taken_at": time.time(),
        "documents": counts,
        "seconds": round(time.monotonic() - started, 3),
    }
    _write(tmp / "meta.json", json.dumps(meta, indent=1).encode())
    shutil.rmtree(old, ignore_errors=True)
    if data.snapshot.is_dir():
        data.snapshot.rename(old)
    tmp.rename(data.snapshot)
    shutil.rmtree(old, ignore_errors=True)
    log.info("snapshot taken: %s documents, journal position %d, %.1fs", counts, journal_position, meta["seconds"])
    return meta
