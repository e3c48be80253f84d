"""Helpers for the durability tests: ``claimstream up --data-dir`` as a real process, a client that retries until
it gets its 202, and the exact-state check (every accepted article, exactly its claims, none twice)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import httpx

from claimstream.embedded import Stack, _die_with_parent, free_port
from claimstream.shared import topics
from tests.test_faults import all_docs, expected_claim_ids
from tests.waiting import send_markers, wait_for_sync


class Launcher:
    """One ``claimstream up`` process on free ports with a data directory; restartable after a kill."""

    def __init__(self, root: Path, *extra: str) -> None:
        self.root, self.extra = root, extra
        self.ports = {name: free_port() for name in ("ingest", "extract", "index")}
        self.data = root / "data"
        self.popen: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def start(self, timeout: float = 240.0) -> None:
        """Start the launcher and wait until ingest and index are ready."""
        self.starts += 1
        argv = [
            sys.executable,
            "-m",
            "claimstream.cli",
            "up",
            "--ingest-port",
            str(self.ports["ingest"]),
            "--extract-port",
            str(self.ports["extract"]),
            "--search-port",
            str(self.ports["index"]),
            "--data-dir",
            str(self.data),
            "--log-dir",
            str(self.root / "logs"),
            "--snapshot-interval",
            "5",
            *self.extra,
        ]
        out = open(self.root / f"up-{self.starts}.log", "wb")  # noqa: SIM115 - the child owns it
        self.popen = subprocess.Popen(
            argv,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env={**os.environ, "CLAIMSTREAM_EXTRACT_BATCH_SIZE": "8"},
            preexec_fn=_die_with_parent,
        )  # a killed test run leaves no stack behind
        wait_for_sync(
            lambda: self.alive() and self.ready(), timeout, f"claimstream up #{self.starts} ready\n{self.log_tail()}"
        )

    def alive(self) -> bool:
        if self.popen is None or self.popen.poll() is not None:
            raise AssertionError(f"the launcher exited\n{self.log_tail()}")
        return True

    def ready(self) -> bool:
        return (
            all(httpx.get(f"{self.url(s)}/readyz", timeout=5).status_code == 200 for s in ("ingest", "index"))
            and (self.data / "supervisor.json").is_file()
        )

    def state(self) -> dict[str, Any]:
        return dict(json.loads((self.data / "supervisor.json").read_text()))

    def log_tail(self, lines: int = 40) -> str:
        path = self.root / f"up-{self.starts}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def kill_child(self, name: str) -> int:
        """SIGKILL one child; return how often the supervisor had restarted it before."""
        before = int(self.state()["restarts"].get(name, 0))
        os.kill(int(self.state()["pids"][name]), signal.SIGKILL)
        return before

    def kill(self) -> None:
        """SIGKILL the launcher itself and wait until its children are gone too (parent-death signal)."""
        assert self.popen is not None
        children = list(self.state()["pids"].values())
        os.kill(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)
        wait_for_sync(
            lambda: not any(Path(f"/proc/{pid}").exists() and _not_zombie(pid) for pid in children),
            60,
            "children gone after the launcher was killed",
        )

    def stop(self) -> None:
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)


def _not_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


class PatientPoster:
    """Posts every body until it is answered 202, retrying through outages (as a client of a restarting API
    should); keeps the article id of each."""

    def __init__(self, url: str, bodies: list[dict[str, str]], workers: int = 4, pause: float = 0.0) -> None:
        self.url, self.bodies, self.workers, self.pause = url, bodies, workers, pause
        self.ids: dict[int, str] = {}
        self.retries = 0
        self._lock = threading.Lock()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _post(self, client: httpx.Client, index: int) -> None:
        while True:
            try:
                r = client.post(f"{self.url}/articles", json=self.bodies[index], timeout=30)
                if r.status_code == 202:
                    with self._lock:
                        self.ids[index] = r.json()["article_id"]
                    time.sleep(self.pause)
                    return
                assert r.status_code >= 500, f"article {index} refused: {r.status_code} {r.text[:300]}"
            except httpx.HTTPError:
                pass
            with self._lock:
                self.retries += 1
            time.sleep(0.5)

    def _run(self) -> None:
        with httpx.Client() as client, ThreadPoolExecutor(self.workers) as pool:
            list(pool.map(lambda i: self._post(client, i), range(len(self.bodies))))

    def accepted(self) -> int:
        with self._lock:
            return len(self.ids)


def exact_state(
    es_url: str, kafka: str, extractor: Any, article_ids: set[str], timeout: float = 240.0
) -> tuple[int, int]:
    """Wait until the search server holds every accepted article and the claims the in-process extractor finds in
    them, then until sentinels sent behind everything on every partition are indexed (so nothing published before
    them is still on its way); then assert exactly those, none missing, none extra. Returns (articles, claims)."""
    seen: set[str] = set()

    def all_articles() -> list[dict[str, Any]] | None:
        docs = _docs(es_url, "articles")
        seen.update(a["_id"] for a in docs)
        return docs if seen >= article_ids else None

    docs = wait_for_sync(
        all_articles,
        timeout,
        lambda: (
            f"all {len(article_ids)} articles searchable ({len(article_ids - seen)} missing, e.g. "
            f"{sorted(article_ids - seen)[:3]})"
        ),
        every=1.0,
    )
    want = expected_claim_ids(extractor, [d for d in docs if d["_id"] in article_ids])
    wait_for_sync(
        lambda: {c["_id"] for c in _docs(es_url, "claims")} >= set(want), timeout, f"all {len(want)} claims", every=1.0
    )
    markers = set(send_markers(kafka, topics.ARTICLES_CLEANED, topics.CLAIMS_EXTRACTED, uuid.uuid4().hex[:8]))
    wait_for_sync(
        lambda: {c["article_id"] for c in _docs(es_url, "claims")} >= markers,
        timeout,
        f"{len(markers)} sentinels",
        every=1.0,
    )
    articles = [a for a in _docs(es_url, "articles") if a["_id"] not in markers]
    claims = [c for c in _docs(es_url, "claims") if c["article_id"] not in markers]
    assert sorted(a["_id"] for a in articles) == sorted(article_ids), "articles missing or unexpected"
    assert len(want) == len(set(want)), "the extractor itself produced a duplicate claim id"
    got = [c["_id"] for c in claims]
    assert sorted(got) == sorted(want), (
        f"claims: {len(set(want) - set(got))} missing, {len(set(got) - set(want))} extra"
    )
    return len(articles), len(claims)


def _docs(es_url: str, alias: str) -> list[dict[str, Any]]:
    """``test_faults.all_docs`` against a search server given by URL (it reads only ``stack.elasticsearch``)."""
    return all_docs(cast(Stack, SimpleNamespace(elasticsearch=es_url)), alias)
