"""A real Prometheus (Debian package `prometheus`) scrapes the embedded stack; after N articles its HTTP API must
show the claimstream series and counts equal to N.

The config is deploy/prometheus/prometheus.yml with the compose targets replaced by the stack's loopback ports
and a 1 s scrape interval, so the jobs, labels and alert rules are those of production."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from claimstream.embedded import Stack, embedded_stack, free_port, spawn, wait_http

pytestmark = [pytest.mark.e2e, pytest.mark.kafka, pytest.mark.elasticsearch, pytest.mark.slow, pytest.mark.timeout(300)]

ROOT = Path(__file__).resolve().parents[1]
N = 12
TEXT = (
    "Interior Minister Dana Korval said on Tuesday that {n} people had been evacuated from Selka. "
    '"We have counted {m} injured so far," Mayor Petra Novak told reporters. According to the Red Crescent, '
    "about {k} people have been displaced."
)


@pytest.fixture(scope="module")
def prometheus_bin(system_tool) -> str:  # type: ignore[no-untyped-def]
    return system_tool("prometheus", "install the Debian package `prometheus` (scripts/system-deps.sh)")


def scrape_config(stack: Stack) -> dict[str, Any]:
    """deploy/prometheus/prometheus.yml pointed at the stack's loopback ports, scraping every second."""
    config = yaml.safe_load((ROOT / "deploy" / "prometheus" / "prometheus.yml").read_text())
    config["global"].update(scrape_interval="1s", scrape_timeout="1s", evaluation_interval="1s")
    config["rule_files"] = [str(ROOT / "deploy" / "prometheus" / "alerts.yml")]
    jobs = [job for job in config["scrape_configs"] if job["job_name"] in stack.ports]
    for job in jobs:
        for static in job["static_configs"]:
            static["targets"] = [f"127.0.0.1:{stack.ports[job['job_name']]}"]
    config["scrape_configs"] = jobs
    return config


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    with embedded_stack(log_dir=tmp_path_factory.mktemp("prom-stack")) as s:
        yield s


@pytest.fixture(scope="module")
def prometheus(stack: Stack, prometheus_bin: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("prometheus")
    (work / "prometheus.yml").write_text(yaml.safe_dump(scrape_config(stack)))
    port = free_port()
    proc = spawn(
        "prometheus",
        [
            prometheus_bin,
            f"--config.file={work / 'prometheus.yml'}",
            f"--storage.tsdb.path={work / 'data'}",
            f"--web.listen-address=127.0.0.1:{port}",
        ],
        log_dir=work,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/-/ready", proc, timeout=60)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.stop()


def query(prometheus: str, promql: str) -> list[dict[str, Any]]:
    body = httpx.get(f"{prometheus}/api/v1/query", params={"query": promql}, timeout=10).json()
    assert body["status"] == "success", body
    return body["data"]["result"]


def scalar(prometheus: str, promql: str) -> float | None:
    result = query(prometheus, promql)
    return float(result[0]["value"][1]) if result else None


def eventually(prometheus: str, promql: str, want: float, timeout: float = 90.0) -> float:
    """Query until the single value equals ``want``; return it, or fail with the last value."""
    deadline = time.monotonic() + timeout
    value = None
    while time.monotonic() < deadline:
        value = scalar(prometheus, promql)
        if value == want:
            return value
        time.sleep(1)
    raise AssertionError(f"{promql} = {value}, want {want} (after {timeout:.0f}s)")


def test_prometheus_sees_every_article(stack: Stack, prometheus: str) -> None:
    eventually(prometheus, 'count(up{job=~"ingest|extract|index"} == 1)', 3)
    with httpx.Client(timeout=30) as client:
        for i in range(N):
            body = {"url": f"https://prom.example/{i}", "text": TEXT.format(n=100 + i, m=10 + i, k=1000 * (i + 1))}
            assert client.post(f"{stack.url('ingest')}/articles", json=body).status_code == 202
    checks = {  # query -> the value it must reach
        "sum(claimstream_articles_ingested_total)": N,
        'sum(claimstream_events_total{service="index", topic="articles.cleaned", outcome="ok"})': N,
        'sum(claimstream_events_total{service="extract", topic="articles.cleaned", outcome="ok"})': N,
        'claimstream_accounting_articles{kind="ingested"}': N,
        'claimstream_accounting_articles{kind="indexed"}': N,
        'claimstream_accounting_articles{kind="rejected"}': 0,
        'claimstream_accounting_articles{kind="in_flight"}': 0,
        "sum(claimstream_consumer_lag)": 0,
        'sum(claimstream_pipeline_seconds_count{kind="article"})': N,
    }
    results = {promql: eventually(prometheus, promql, want) for promql, want in checks.items()}
    claims = scalar(
        prometheus, 'sum(claimstream_events_total{service="index", topic="claims.extracted", outcome="ok"})'
    )
    assert claims is not None and claims >= N, claims  # each report has attributed figures
    results['sum(claimstream_events_total{service="index", topic="claims.extracted", outcome="ok"})'] = claims
    series = {  # every family the dashboards use has series from the right services
        "claimstream_consumer_lag": {"extract", "index"},
        "claimstream_handler_seconds_count": {"extract", "index"},
        "claimstream_http_requests_total": {"ingest", "extract", "index"},
        "claimstream_http_request_seconds_count": {"ingest", "extract", "index"},
    }
    for name, services in series.items():
        found = {r["metric"].get("service") for r in query(prometheus, name)}
        assert services <= found, f"{name}: series for {found}, want {services}"
        results[f"count({name}) by service"] = len(found)
    written = scalar(prometheus, 'sum(claimstream_es_bulk_docs_total{index="articles", outcome="ok"})')
    assert written is not None and written >= N, written  # N articles, plus the story links updated on them
    results['sum(claimstream_es_bulk_docs_total{index="articles", outcome="ok"})'] = written
    for name in (
        "claimstream_es_bulk_seconds_count",
        "process_resident_memory_bytes",
        "claimstream_pipeline_seconds_bucket",
    ):
        assert query(prometheus, name), f"no series {name}"
    assert not query(prometheus, 'ALERTS{alertname=~"Claimstream.*", alertstate="firing"}')
    print("\nPrometheus queries after", N, "articles:")
    for promql, value in results.items():
        print(f"  {promql} = {value:g}")
