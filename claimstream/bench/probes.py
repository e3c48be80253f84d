"""What the benchmark reads off the running stack: Prometheus histograms per stage, CPU time and peak RSS per process.

Stage times are differences of ``/metrics`` scrapes taken just before and just after a run, so they cover
exactly that run. CPU time and peak RSS come from ``/proc/<pid>/`` (``utime+stime`` and ``VmHWM``), which
covers the broker and the search server too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import httpx
from prometheus_client.parser import text_string_to_metric_families

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@dataclass(frozen=True)
class Stage:
    """A per-stage timing: which histogram, on which services, with which labels."""

    name: str
    metric: str
    services: tuple[str, ...]
    labels: tuple[tuple[str, str], ...] = ()


STAGES = (
    Stage(
        "ingest (POST /articles)",
        "claimstream_http_request_seconds",
        ("ingest",),
        (("route", "/articles"), ("service", "ingest")),
    ),
    Stage("extract handler", "claimstream_handler_seconds", ("extract",), (("service", "extract"),)),
    Stage("index handler (all topics)", "claimstream_handler_seconds", ("index",), (("service", "index"),)),
    Stage("ES bulk", "claimstream_es_bulk_seconds", ("index",)),
)


def scrape(url: str) -> Samples:
    """Every sample of ``url``/metrics, keyed by sample name and sorted labels."""
    text = httpx.get(f"{url}/metrics", timeout=10.0).text
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def _total(samples: Samples, name: str, labels: tuple[tuple[str, str], ...]) -> float:
    return sum(v for (n, lab), v in samples.items() if n == name and set(labels) <= set(lab))


def stage_times(
    before: dict[str, Samples], after: dict[str, Samples], wall: float, articles: int
) -> dict[str, dict[str, float]]:
    """Per stage: handler seconds and deliveries in the run, per delivery, per article, and busy share of wall time.

    ``before``/``after`` map a process name (``ingest``, ``extract``, ``extract-2``, ``index``) to its scrape;
    a stage sums over every process whose name starts with one of its services. ``busy`` above 1 means
    overlapping deliveries (concurrent requests, or several workers).
    """
    result: dict[str, dict[str, float]] = {}
    for stage in STAGES:
        procs = [p for p in after if p.split("-")[0] in stage.services]
        seconds = sum(
            _total(after[p], f"{stage.metric}_sum", stage.labels)
            - _total(before.get(p, {}), f"{stage.metric}_sum", stage.labels)
            for p in procs
        )
        count = sum(
            _total(after[p], f"{stage.metric}_count", stage.labels)
            - _total(before.get(p, {}), f"{stage.metric}_count", stage.labels)
            for p in procs
        )
        result[stage.name] = {
            "seconds": seconds,
            "deliveries": count,
            "ms_per_delivery": 1000 * seconds / count if count else 0.0,
            "ms_per_article": 1000 * seconds / articles if articles else 0.0,
            "busy": seconds / wall if wall else 0.0,
        }
    return result


def handler_deliveries(samples: Samples, service: str) -> float:
    """Handler deliveries a service has counted so far (to see which extract workers took part)."""
    return _total(samples, "claimstream_handler_seconds_count", (("service", service),))


_TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` so far (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK  # utime, stime (fields 14 and 15 of stat(5))


def memory_mb(pid: int) -> dict[str, float]:
    """Peak (VmHWM) and current (VmRSS) resident set size of ``pid`` in MB (empty if it is gone)."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return {}
    values = {k: int(v.split()[0]) / 1024 for k, v in (line.split(":", 1) for line in lines) if k in {"VmHWM", "VmRSS"}}
    return {"peak_rss_mb": values.get("VmHWM", 0.0), "rss_mb": values.get("VmRSS", 0.0)}
