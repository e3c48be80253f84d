"""Durability of ``claimstream up --data-dir``: kill -9 of every process in turn while 2,000 articles stream in.

ingest, extract, index, the broker (tansu, memory only), the search server (osmem, memory only) and finally the
launcher itself are killed with SIGKILL, one after another, while a client posts 2,000 short synthetic articles
and retries until each is answered 202. After the last recovery every accepted article must be searchable with
exactly the claims the in-process extractor finds in it (claim ids are deterministic), none missing, none twice.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests.durability_helpers import Launcher, PatientPoster, exact_state
from tests.test_faults import synthetic_article
from tests.waiting import wait_for_sync

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.elasticsearch, pytest.mark.slow, pytest.mark.timeout(600)]
ARTICLES = 2000
# The memory-only servers first, while the backlog is small: the search server while the broker still holds
# everything since the last snapshot (re-indexed from the topics), then the broker (the journal is replayed).
VICTIMS = ("elasticsearch", "kafka", "ingest", "extract", "index")


def test_kill_9_of_each_process_in_turn_loses_and_duplicates_nothing(tmp_path: Path, extractor: Any) -> None:
    started = time.monotonic()
    # Every article kept, none may go missing; room for the sentinels exact_state sends (partitions squared).
    launcher = Launcher(tmp_path, "--max-articles", str(ARTICLES + 100))
    launcher.start()
    # Paced so that the stream spans the kills (about 20 articles a second).
    poster = PatientPoster(
        launcher.url("ingest"), [synthetic_article("durable", i) for i in range(ARTICLES)], pause=0.25
    )
    poster.thread.start()
    try:
        for n, victim in enumerate(VICTIMS, start=1):
            want = n * ARTICLES // 7
            wait_for_sync(lambda: poster.accepted() >= want, 180, f"{want} articles accepted")  # noqa: B023 - called at once
            before = launcher.kill_child(victim)
            wait_for_sync(
                lambda: launcher.alive() and launcher.state()["restarts"].get(victim, 0) > before and launcher.ready(),  # noqa: B023
                180,
                f"{victim} restarted\n{launcher.log_tail()}",
            )
        wait_for_sync(
            lambda: poster.accepted() >= 6 * ARTICLES // 7, 180, "articles accepted before the launcher is killed"
        )
        accepted_at_kill = poster.accepted()
        restarts = launcher.state()["restarts"]
        assert set(restarts) == set(VICTIMS), f"not every process was killed and restarted: {restarts}"
        launcher.kill()
        launcher.start()
        poster.thread.join(timeout=240)
        assert not poster.thread.is_alive(), "posting did not finish"
        ids = set(poster.ids.values())
        assert len(ids) == ARTICLES
        articles, claims = exact_state(
            launcher.state()["urls"]["elasticsearch"], launcher.state()["urls"]["kafka"], extractor, ids
        )
    finally:
        launcher.stop()
    print(
        f"\nkill -9 of {', '.join(VICTIMS)} and the launcher (at {accepted_at_kill} accepted): {articles} articles, "
        f"{claims} claims, exact; {poster.retries} client retries; restarts {restarts}; "
        f"{time.monotonic() - started:.0f}s"
    )
