"""Fixtures shared by every test directory: real servers on loopback (tansu, osmem), paths, ids."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from faststream.kafka import KafkaBroker

from claimstream import embedded
from tests import waiting

REPO = Path(__file__).resolve().parent
SHARED = REPO.parent / "shared"  # the workplace's read-only material; tests that need it skip without it

# scripts/test.sh runs the suite on every core with pytest-xdist, one module per worker at a time (--dist loadfile,
# so a module's stack starts once). Starting the longest modules first keeps a worker from getting a long module last
# while the others sit idle. What that buys depends on the durations: with those of 2026-11-30 (test_durability
# 356 s, test_faults 212 s, 15 more of 18-73 s, the rest a few seconds) a greedy schedule ends at 445 s in collection
# order and 444 s longest-first on 3 workers, 385 s and 356 s on 4: little today, more when a long module is added
# late in collection order.
# The order comes from pytest itself: each run records every test's duration (setup + call + teardown) in the
# pytest cache, and the next run sorts modules by the sum of their collected tests' last durations. On a fresh clone
# the cache is empty and the suite runs in collection order. (After a partial run, a module-scoped fixture's start-up
# may count in two tests' durations until the next full run: only the order is affected.)
DURATIONS_KEY = "claimstream/test_seconds"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Longest modules first, by the durations the last runs recorded; a stable sort, so each module's tests keep
    their order (and every module keeps its place when nothing was recorded)."""
    cache = getattr(config, "cache", None)  # None with -p no:cacheprovider
    seconds: dict[str, float] = cache.get(DURATIONS_KEY, {}) if cache is not None else {}
    module: dict[str, float] = {}
    for item in items:
        name = item.nodeid.split("::", 1)[0]
        module[name] = module.get(name, 0.0) + seconds.get(item.nodeid, 0.0)
    items.sort(key=lambda item: -module[item.nodeid.split("::", 1)[0]])


class DurationRecorder:
    """Sums each test's phases as the reports arrive (on the xdist controller: from every worker) and merges them
    into the cache at the end of the session (tests that did not run keep their last duration)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.seconds[report.nodeid] = self.seconds.get(report.nodeid, 0.0) + report.duration

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        cache = getattr(session.config, "cache", None)
        if cache is not None and self.seconds:
            cache.set(
                DURATIONS_KEY, {**cache.get(DURATIONS_KEY, {}), **{k: round(v, 3) for k, v in self.seconds.items()}}
            )


def pytest_configure(config: pytest.Config) -> None:
    if not hasattr(config, "workerinput"):  # the controller (or a run without xdist) writes the cache, not workers
        config.pluginmanager.register(DurationRecorder(), "claimstream-durations")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "seeds-dev").is_dir():
        pytest.skip(f"{SHARED} (seeds-dev, corpus) is not present")
    return SHARED


@pytest.fixture(scope="session")
def kafka_bootstrap(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real tansu broker for the session."""
    proc, bootstrap = embedded.start_tansu(log_dir=tmp_path_factory.mktemp("tansu"))
    yield bootstrap
    proc.stop()


@pytest.fixture(scope="session")
def es_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real osmem (Elasticsearch API) server for the session."""
    proc, url = embedded.start_osmem(log_dir=tmp_path_factory.mktemp("osmem"))
    yield url
    proc.stop()


@pytest.fixture
def uid() -> str:
    """A fresh id for topic names, index prefixes and groups, so tests never share state."""
    return uuid.uuid4().hex[:10]


@pytest.fixture
def wait_for() -> Callable[..., Awaitable[Any]]:
    """``await wait_for(check, timeout, what)``: the one polling helper (tests/waiting.py), for every test directory."""
    return waiting.wait_for


def publisher_to(broker: KafkaBroker, topic: str) -> Any:
    """The broker's (first) publisher to ``topic``. Under ``TestKafkaBroker`` its ``mock`` records each published
    body and ``assert_called_with(body, context={"message.raw_message.key": key})`` checks the last one."""
    return next(p for p in broker.publishers if getattr(p, "topic", None) == topic)


def published_to(broker: KafkaBroker, topic: str) -> list[Any]:
    """Under ``TestKafkaBroker``: the bodies (decoded JSON) published to ``topic`` so far, in order. The mock is
    reset when the test broker exits, so call it inside the ``async with`` block."""
    return [call.args[0] for call in publisher_to(broker, topic).mock.call_args_list]


@pytest.fixture(scope="session")
def published() -> Callable[[KafkaBroker, str], list[Any]]:
    """``published(broker, topic)``: see :func:`published_to`."""
    return published_to


@pytest.fixture(scope="session")
def publisher() -> Callable[[KafkaBroker, str], Any]:
    """``publisher(broker, topic)``: see :func:`publisher_to`."""
    return publisher_to


def require_tool(name: str, hint: str) -> str:
    """Path of the system tool ``name``; without it the test skips, or fails under CI (where the test setup,
    scripts/system-deps.sh, must have installed it)."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} not found: {hint}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def system_tool() -> Callable[[str, str], str]:
    """``system_tool(name, hint)``: see :func:`require_tool`."""
    return require_tool


@pytest.fixture(scope="session")
def extractor():  # type: ignore[no-untyped-def]
    """One loaded ClaimExtractor for the session (loading spaCy takes a few seconds)."""
    from claimstream.services.extract.claims import ClaimExtractor

    return ClaimExtractor()
