"""Fixture locations for the ingest cleaning tests."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
# The shared data dir sits beside the repository root: <root>/../shared (never a hard-coded path).
SHARED = Path(__file__).resolve().parents[3].parent / "shared"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
