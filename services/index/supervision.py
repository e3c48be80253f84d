"""What the embedded launcher reports to the index service: restarts and the search server's memory.

``claimstream up`` writes ``supervisor.json`` in its data directory (claimstream/launcher.py) and points the index
service at it with ``CLAIMSTREAM_INDEX_SUPERVISOR_FILE``. This module reads it for ``/stats`` (``restarts``),
``/readyz`` (``search_memory``: false above 90 % of the budget) and the gauges ``claimstream_supervisor_restarts``
and ``claimstream_search_memory_bytes``. Without the file (production, tests) every answer is neutral: no
restarts, memory ok.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from claimstream.shared import metrics
from claimstream.shared.lag import every

log = logging.getLogger(__name__)
NEAR_BUDGET = 0.9  # fraction of the memory budget at which /readyz reports the search server as near it


class LauncherReport:
    """Reads the launcher's report; safe to call often (a missing or half-written file reads as empty)."""

    def __init__(self, path: str | None) -> None:
        self.path = Path(path) if path else None

    def read(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        try:
            return dict(json.loads(self.path.read_text()))
        except (OSError, ValueError):
            return {}

    def restarts(self) -> dict[str, int]:
        return {k: int(v) for k, v in self.read().get("restarts", {}).items()}

    def memory_fraction(self) -> float | None:
        """The search server's resident memory as a fraction of its budget, or None when unknown."""
        report = self.read()
        used, budget = report.get("search_memory_bytes"), report.get("search_memory_budget_bytes")
        return used / budget if used and budget else None

    async def memory_ok(self) -> bool:
        """Readiness: false when the search server is above 90 % of its memory budget."""
        fraction = self.memory_fraction()
        return fraction is None or fraction < NEAR_BUDGET

    def update_metrics(self) -> None:
        report = self.read()
        for process, count in self.restarts().items():
            metrics.SUPERVISOR_RESTARTS.labels(process).set(count)
        for kind, key in (("used", "search_memory_bytes"), ("budget", "search_memory_budget_bytes")):
            if key in report:
                metrics.SEARCH_MEMORY.labels(kind).set(report[key])

    async def refresh(self) -> None:
        self.update_metrics()

    async def run(self) -> None:
        """Background task: refresh the gauges every 10 s."""
        await every(10.0, self.refresh, "launcher report")
