"""Fixtures shared by every test directory: real servers on loopback (tansu, osmem), paths, ids."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from faststream.kafka import KafkaBroker

from claimstream import embedded

REPO = Path(__file__).resolve().parent
SHARED = REPO.parent / "shared"  # the workplace's read-only material; tests that need it skip without it


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


async def _wait_for(predicate: Callable[[], bool], timeout: float = 30.0, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(interval)


@pytest.fixture
def wait_for() -> Callable[..., Awaitable[None]]:
    """``await wait_for(predicate, timeout)``: poll until true, fail the test after ``timeout`` seconds."""
    return _wait_for


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
