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

# The slowest modules and what each took in a serial run (seconds, --durations, 2026-11-30). scripts/test.sh runs the
# suite on every core with pytest-xdist, one module per worker at a time (--dist loadfile, so a module's stack starts
# once); starting the longest first keeps one worker from getting a long module last while the other sits idle.
# Only the order depends on these numbers: a module missing here runs after them, in collection order.
SLOW_MODULES = {
    "tests/test_durability.py": 356,
    "tests/test_faults.py": 212,
    "tests/test_fuzz.py": 73,
    "tests/test_contracts.py": 69,
    "tests/test_bench.py": 63,
    "tests/test_fast_path.py": 52,
    "tests/test_prometheus_scrape.py": 47,
    "tests/test_explorer_browser.py": 45,
    "tests/test_scaling.py": 43,
    "tests/test_compare_seed.py": 41,
    "tests/test_e2e.py": 40,
    "tests/test_durability_ops.py": 36,
    "tests/test_broker_contract.py": 29,
    "tests/test_faults_guards.py": 28,
    "tests/test_extraction_quality.py": 21,
    "tests/test_stories_es.py": 18,
    "services/extract/tests/test_claims.py": 18,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest modules first (see ``SLOW_MODULES``); a stable sort, so each module's tests keep their order."""
    items.sort(key=lambda item: -SLOW_MODULES.get(item.nodeid.split("::", 1)[0], 0))


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
