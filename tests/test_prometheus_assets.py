"""Prometheus config, alert rules and the Grafana dashboard: valid for promtool, and built only from metric names
that claimstream.shared.metrics really exports, so renaming a metric breaks this test rather than a dashboard.

promtool comes from the Debian package `prometheus`. Without it these tests skip locally and fail under CI."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from claimstream.shared.metrics import REGISTRY

ROOT = Path(__file__).resolve().parents[1]
PROM_DIR = ROOT / "deploy" / "prometheus"
PROMETHEUS_YML = PROM_DIR / "prometheus.yml"
ALERTS_YML = PROM_DIR / "alerts.yml"
ALERTS_TEST_YML = PROM_DIR / "alerts.test.yml"
GRAFANA_DIR = ROOT / "deploy" / "grafana"
DASHBOARD = GRAFANA_DIR / "dashboards" / "claimstream.json"
APP_PORTS = {"ingest": 8001, "extract": 8002, "index": 8003}

# A metric identifier in PromQL or in a series selector: not preceded by another identifier character.
_METRIC_REF = re.compile(r"(?<![A-Za-z0-9_:])claimstream_[A-Za-z0-9_]*")
# The suffixes under which each metric type's samples are exposed (OpenMetrics `_created` left out on purpose).
_SERIES_SUFFIXES = {
    "counter": ("_total",),
    "gauge": ("",),
    "histogram": ("_bucket", "_sum", "_count"),
    "summary": ("", "_sum", "_count"),
    "info": ("_info",),
}


@pytest.fixture(scope="module")
def promtool(system_tool) -> str:  # type: ignore[no-untyped-def]
    return system_tool("promtool", "install the Debian package `prometheus` (scripts/system-deps.sh)")


def run_promtool(promtool: str, *args: str) -> None:
    result = subprocess.run([promtool, *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"promtool {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"


def exported_series() -> dict[str, str]:
    """Every series name a claimstream_* metric exposes, mapped to its metric family name."""
    series: dict[str, str] = {}
    for family in REGISTRY.collect():
        if family.name.startswith("claimstream_"):
            for suffix in _SERIES_SUFFIXES[family.type]:
                series[family.name + suffix] = family.name
    return series


def metric_refs(text: str) -> set[str]:
    return set(_METRIC_REF.findall(text))


def alert_rules() -> list[dict[str, Any]]:
    groups = yaml.safe_load(ALERTS_YML.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"] if "alert" in rule]


def dashboard_exprs() -> list[str]:
    """Every PromQL expression of the Grafana dashboard: panel targets (rows included) and query variables."""
    dashboard = json.loads(DASHBOARD.read_text())
    exprs: list[str] = []

    def walk(panels: list[dict[str, Any]]) -> None:
        for panel in panels:
            exprs.extend(t["expr"] for t in panel.get("targets", []) if t.get("expr"))
            walk(panel.get("panels", []))

    walk(dashboard["panels"])
    for var in dashboard.get("templating", {}).get("list", []):
        query = var.get("query")
        exprs.append(query.get("query", "") if isinstance(query, dict) else str(query or ""))
    return [e for e in exprs if e]


def as_promql(expr: str) -> str:
    """A Grafana expression with its template variables replaced, so promtool can parse it."""
    expr = re.sub(r"\$__(rate_interval|interval|range)", "5m", expr)
    return re.sub(r"\$\{?\w+(:\w+)?\}?", ".*", expr)


def duration_seconds(text: str) -> float:
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
    return sum(float(n) * units[u] for n, u in re.findall(r"(\d+(?:\.\d+)?)(ms|s|m|h|d)", str(text)))


def test_promtool_check_config(promtool: str) -> None:
    run_promtool(promtool, "check", "config", str(PROMETHEUS_YML))


def test_promtool_check_rules(promtool: str) -> None:
    run_promtool(promtool, "check", "rules", str(ALERTS_YML))


def test_alert_unit_tests(promtool: str) -> None:
    """alerts.test.yml: each alert fires on a series that should trip it and not on one that should not."""
    run_promtool(promtool, "test", "rules", str(ALERTS_TEST_YML))


def test_dashboard_queries_are_valid_promql(promtool: str, tmp_path: Path) -> None:
    exprs = [e for e in dashboard_exprs() if not e.startswith("label_values(")]
    rules = {
        "groups": [
            {
                "name": "dashboard",
                "rules": [{"record": f"dashboard:expr_{i}", "expr": as_promql(e)} for i, e in enumerate(exprs)],
            }
        ]
    }
    path = tmp_path / "dashboard_rules.yml"
    path.write_text(yaml.safe_dump(rules))
    run_promtool(promtool, "check", "rules", str(path))


def alert_test_series() -> list[str]:
    tests = yaml.safe_load(ALERTS_TEST_YML.read_text())["tests"]
    return [series["series"] for test in tests for series in test.get("input_series", [])]


QUERY_SOURCES = {
    "alerts.yml": lambda: [rule["expr"] for rule in alert_rules()],
    "alerts.test.yml": alert_test_series,
    "claimstream.json": dashboard_exprs,
}


@pytest.mark.parametrize("source", QUERY_SOURCES)
def test_metric_names_exist(source: str) -> None:
    """Every claimstream_* name in a query (not in prose: descriptions may name a histogram's family) is a series
    that claimstream.shared.metrics exports, with the right suffix for its type (_total, _bucket/_sum/_count)."""
    series = exported_series()
    refs = {ref for query in QUERY_SOURCES[source]() for ref in metric_refs(query)}
    assert refs, f"{source} references no claimstream_ metric"
    unknown = sorted(refs - set(series))
    assert not unknown, (
        f"{source} uses metric names claimstream.shared.metrics does not export: {unknown}. "
        f"Exported series: {sorted(series)}"
    )


def test_dashboard_shows_every_metric() -> None:
    series = exported_series()
    shown = {series[name] for e in dashboard_exprs() for name in metric_refs(e) if name in series}
    missing = sorted(set(series.values()) - shown)
    assert not missing, f"metrics with no panel on the Grafana dashboard: {missing}"


REQUIRED_ALERTS = {
    # kind: (alert name, fragments its expression must contain, minimum `for`)
    "consumer lag growing": ("ClaimstreamConsumerLagGrowing", ["deriv(claimstream_consumer_lag[", "> 0"], 600),
    "error rate": ("ClaimstreamHighErrorRate", ['claimstream_events_total{outcome=~"failed|retried"}', "/"], 60),
    "dead-letter rate": ("ClaimstreamDeadLetterRate", ['claimstream_events_total{outcome="rejected"}'], 60),
    "accounting not closing": (
        "ClaimstreamAccountingNotClosing",
        ['claimstream_accounting_articles{kind="in_flight"}', "> 0"],
        600,
    ),
    "service down": ("ClaimstreamServiceDown", ["up{", "== 0"], 60),
}


@pytest.mark.parametrize("kind", REQUIRED_ALERTS)
def test_required_alert_kinds(kind: str) -> None:
    name, fragments, min_for = REQUIRED_ALERTS[kind]
    rules = {rule["alert"]: rule for rule in alert_rules()}
    assert name in rules, f"no alert for {kind}: expected {name} in alerts.yml, have {sorted(rules)}"
    expr = re.sub(r"\s+", " ", rules[name]["expr"])
    compact = re.sub(r"\s*([{}=~,])\s*", r"\1", expr)
    for fragment in fragments:
        assert fragment in expr or fragment in compact, f"{name}: expression lacks {fragment!r}: {expr}"
    assert duration_seconds(rules[name].get("for", "0s")) >= min_for, f"{name}: `for` shorter than {min_for}s"


def test_every_alert_has_severity_and_annotations() -> None:
    for rule in alert_rules():
        assert rule.get("labels", {}).get("severity") in {"critical", "warning", "info"}, rule["alert"]
        for key in ("summary", "description"):
            assert rule.get("annotations", {}).get(key, "").strip(), f"{rule['alert']}: no {key} annotation"


def test_scrape_config_matches_compose() -> None:
    config = yaml.safe_load(PROMETHEUS_YML.read_text())
    assert "alerts.yml" in config.get("rule_files", [])
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    for service, port in APP_PORTS.items():
        assert service in jobs, f"no scrape job {service}"
        targets = [t for sc in jobs[service]["static_configs"] for t in sc["targets"]]
        assert targets == [f"{service}:{port}"], f"job {service} scrapes {targets}"
        assert jobs[service].get("metrics_path", "/metrics") == "/metrics"
        assert f"{port}:{port}" in [str(p) for p in compose[service].get("ports", [])]
    mounts = [str(v) for v in compose["prometheus"].get("volumes", [])]
    assert any(v.startswith("./deploy/prometheus:/etc/prometheus") for v in mounts), mounts


def test_grafana_provisioning_matches_dashboard_and_compose() -> None:
    datasources = yaml.safe_load((GRAFANA_DIR / "provisioning" / "datasources" / "prometheus.yml").read_text())
    uids = {ds["uid"] for ds in datasources["datasources"] if ds["type"] == "prometheus"}
    assert any(ds["url"] == "http://prometheus:9090" for ds in datasources["datasources"])
    dashboard = json.loads(DASHBOARD.read_text())
    used = set(re.findall(r'"uid":\s*"([^"]+)"', json.dumps([dashboard["panels"], dashboard["templating"]])))
    assert used and used <= uids, f"dashboard uses datasource uids {used}, provisioned {uids}"
    providers = yaml.safe_load((GRAFANA_DIR / "provisioning" / "dashboards" / "claimstream.yml").read_text())
    paths = {p["options"]["path"] for p in providers["providers"]}
    mounts = [
        str(v).split(":")
        for v in yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["grafana"]["volumes"]
    ]
    assert any(src == "./deploy/grafana/dashboards" and dst in paths for src, dst, *_ in mounts), (paths, mounts)
    assert any(src == "./deploy/grafana/provisioning" and dst == "/etc/grafana/provisioning" for src, dst, *_ in mounts)
