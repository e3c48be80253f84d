"""deploy/kubernetes/: renders with kustomize, validates against the Kubernetes schemas, passes checkov, and stays
in step with the code it deploys (settings, consumer groups, partitions, alerts, measured memory)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from claimstream.shared.settings import ExtractSettings, IndexSettings, IngestSettings, TopicSettings

REPO = Path(__file__).resolve().parent.parent
KUBE = REPO / "deploy" / "kubernetes"
RENDERINGS = {"default": KUBE, "small-cluster": KUBE / "overlays" / "small-cluster"}
CORE_KINDS = {
    "Namespace",
    "ConfigMap",
    "Secret",
    "Service",
    "Deployment",
    "PodDisruptionBudget",
    "Job",
    "NetworkPolicy",
}
SERVICES = {"ingest": IngestSettings, "extract": ExtractSettings, "index": IndexSettings}
# checkov findings accepted on purpose, with the reason; every other check must pass.
CHECKOV_ACCEPTED = {
    "CKV_K8S_43": "image by digest: the digest exists only once the image is built; pin it in your overlay (images: digest:)",
    "CKV_K8S_35": "secrets as env vars: settings are read from the environment (pydantic-settings) and masked in every "
    "log line (shared/logs.py); files would need a secrets_dir in every service",
}
sys.path.insert(0, str(KUBE))
import sync_alerts  # noqa: E402  (deploy/kubernetes/sync_alerts.py, not a package)


def kustomize(kubectl: str, path: Path) -> list[dict[str, Any]]:
    """``kubectl kustomize path`` (offline), as a list of objects."""
    out = subprocess.run([kubectl, "kustomize", str(path)], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return [doc for doc in yaml.safe_load_all(out.stdout) if doc]


def tool(name: str, system_tool: Callable[[str, str], str]) -> str:
    """``name`` from its own venv under .claimstream/tools (scripts/system-deps.sh makes those), else from PATH;
    missing, the test skips, or fails under CI."""
    isolated = REPO / ".claimstream" / "tools" / name / "bin" / name
    return str(isolated) if isolated.exists() else system_tool(name, "scripts/system-deps.sh installs it")


@pytest.fixture(scope="module")
def kubectl(system_tool: Callable[[str, str], str]) -> str:
    return tool("kubectl", system_tool)


@pytest.fixture(scope="module", params=sorted(RENDERINGS))
def rendered(request: pytest.FixtureRequest, kubectl: str) -> Iterator[list[dict[str, Any]]]:
    yield kustomize(kubectl, RENDERINGS[request.param])


def of_kind(docs: list[dict[str, Any]], kind: str) -> dict[str, dict[str, Any]]:
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == kind}


def settings_data(docs: list[dict[str, Any]]) -> dict[str, str]:
    (config,) = of_kind(docs, "ConfigMap").values()
    return dict(config["data"])


def test_renders_every_part(rendered: list[dict[str, Any]]) -> None:
    kinds = {d["kind"] for d in rendered}
    assert CORE_KINDS | {"ScaledObject", "ServiceMonitor", "PrometheusRule"} <= kinds, kinds
    assert set(of_kind(rendered, "Deployment")) == set(SERVICES)
    assert {d["metadata"].get("namespace") for d in rendered if d["kind"] != "Namespace"} == {"claimstream"}


def test_core_kinds_are_valid_kubernetes(rendered: list[dict[str, Any]]) -> None:
    import kubernetes_validate

    checked = 0
    for doc in rendered:
        if doc["kind"] in CORE_KINDS:
            kubernetes_validate.validate(doc, kubernetes_validate.latest_version(), strict=True)
            checked += 1
    assert checked >= 14


def test_a_broken_manifest_is_caught(kubectl: str) -> None:
    """The validator rejects what it should (a typo'd field), so the test above can fail."""
    import kubernetes_validate

    deployment = of_kind(kustomize(kubectl, KUBE / "base"), "Deployment")["extract"]
    deployment["spec"]["template"]["spec"]["containers"][0]["livenessProbes"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, kubernetes_validate.latest_version(), strict=True)


def _container(deployment: dict[str, Any]) -> dict[str, Any]:
    (container,) = deployment["spec"]["template"]["spec"]["containers"]
    return container


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_probes_security_and_command(rendered: list[dict[str, Any]], service: str) -> None:
    deployment = of_kind(rendered, "Deployment")[service]
    pod = deployment["spec"]["template"]["spec"]
    c = _container(deployment)
    assert c["command"] == ["python", "-m", f"claimstream.services.{service}.main"]
    port = SERVICES[service].model_fields[f"{service}_port"].default
    assert c["ports"] == [{"name": "http", "containerPort": port}]
    assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] >= 10000
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    assert c["securityContext"]["allowPrivilegeEscalation"] is False
    assert c["securityContext"]["capabilities"]["drop"] == ["ALL"]
    assert pod["automountServiceAccountToken"] is False
    # SIGTERM drains: uvicorn's 30 s for requests plus the broker's 20 s for the handler in flight.
    assert pod["terminationGracePeriodSeconds"] >= 50


def test_pods_run_as_the_images_user(rendered: list[dict[str, Any]]) -> None:
    """runAsUser is the uid the Dockerfile creates, so the read-only image's files are readable as that user."""
    uid = int(re.search(r"--uid (\d+)", (REPO / "Dockerfile").read_text()).group(1))  # type: ignore[union-attr]
    pods = [d["spec"]["template"]["spec"] for d in rendered if d["kind"] in {"Deployment", "Job"}]
    assert pods and {pod["securityContext"]["runAsUser"] for pod in pods} == {uid}


def _mib(quantity: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)(Mi|Gi|M|G)", quantity).groups()  # type: ignore[union-attr]
    return float(number) * {"Mi": 1, "Gi": 1024, "M": 1e6 / 2**20, "G": 1e9 / 2**20}[unit]


def measured_peak_rss_mb() -> dict[str, float]:
    """The highest peak RSS of each service over the committed benchmark results (bench/results/*.json), MiB."""
    results = [json.loads(p.read_text()) for p in sorted((REPO / "bench" / "results").glob("*.json"))]
    memories = [r["memory"] for r in results if "memory" in r]
    assert memories, "no benchmark result with memory figures in bench/results"
    return {name: max(m[name]["peak_rss_mb"] for m in memories if name in m) * 1e6 / 2**20 for name in SERVICES}


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_memory_follows_the_measured_peak(rendered: list[dict[str, Any]], service: str) -> None:
    """request >= measured peak RSS (the scheduler reserves what the service really uses), limit >= 1.5 x peak
    (headroom before the OOM killer)."""
    resources = _container(of_kind(rendered, "Deployment")[service])["resources"]
    peak = measured_peak_rss_mb()[service]
    assert _mib(resources["requests"]["memory"]) >= peak, (service, resources, peak)
    assert _mib(resources["limits"]["memory"]) >= 1.5 * peak, (service, resources, peak)
    assert resources["requests"]["cpu"] and resources["limits"]["cpu"]


def test_every_setting_is_a_real_one(rendered: list[dict[str, Any]]) -> None:
    known = {f"CLAIMSTREAM_{name.upper()}" for cls in (*SERVICES.values(), TopicSettings) for name in cls.model_fields}
    secrets = of_kind(rendered, "Secret")
    (secret,) = secrets.values()
    names = set(settings_data(rendered)) | set(secret["data"])
    assert names <= known, sorted(names - known)
    required = {
        f"CLAIMSTREAM_{n.upper()}" for cls in SERVICES.values() for n, f in cls.model_fields.items() if f.is_required()
    }
    assert required <= names, sorted(required - names)
    secret_fields = {
        f"CLAIMSTREAM_{n.upper()}"
        for cls in SERVICES.values()
        for n, f in cls.model_fields.items()
        if "SecretStr" in str(f.annotation)
    }
    assert not secret_fields & set(settings_data(rendered)), "a secret setting is in the ConfigMap"


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_each_pod_builds_its_settings(
    rendered: list[dict[str, Any]], service: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ConfigMap and Secret values, as the pod's environment, parse into the service's settings class."""
    import base64

    for key in [k for k in os.environ if k.startswith("CLAIMSTREAM_")]:
        monkeypatch.delenv(key)
    (secret,) = of_kind(rendered, "Secret").values()
    env = {**settings_data(rendered), **{k: base64.b64decode(v).decode() for k, v in secret["data"].items()}}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    built = SERVICES[service]()
    assert built.host == "0.0.0.0"
    assert (
        getattr(built, f"{service}_port")
        == _container(of_kind(rendered, "Deployment")[service])["ports"][0]["containerPort"]
    )


def test_scaling_is_bounded_by_partitions(rendered: list[dict[str, Any]]) -> None:
    """KEDA scales extract and index on lag up to the partitions of the topic they consume, never beyond."""
    data = settings_data(rendered)
    partitions = {
        data[f"CLAIMSTREAM_TOPIC_{key}"]: int(data[f"CLAIMSTREAM_TOPIC_{key}_PARTITIONS"])
        for key in ("ARTICLES_CLEANED", "CLAIMS_EXTRACTED", "ARTICLES_REJECTED")
    }
    scaled = of_kind(rendered, "ScaledObject")
    assert set(scaled) == {"extract", "index"}
    groups = {
        "extract": {data["CLAIMSTREAM_EXTRACT_GROUP_ID"]},
        "index": {f"{data['CLAIMSTREAM_INDEX_GROUP_ID']}.{g}" for g in ("articles", "claims", "rejected")},
    }
    for name, obj in scaled.items():
        spec = obj["spec"]
        assert spec["scaleTargetRef"]["name"] == name
        triggers = [t["metadata"] for t in spec["triggers"] if t["type"] == "kafka"]
        assert triggers
        for t in triggers:
            assert t["bootstrapServers"] == data["CLAIMSTREAM_KAFKA_BOOTSTRAP_SERVERS"]
            assert t["consumerGroup"] in groups[name] and t["topic"] in partitions
            assert t["allowIdleConsumers"] == "false"
        assert spec["maxReplicaCount"] == max(partitions[t["topic"]] for t in triggers), name
        assert 1 <= spec["minReplicaCount"] <= spec["maxReplicaCount"]


def test_topics_job_creates_the_configured_topics(
    rendered: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimstream.shared.topic_admin import plan

    job = of_kind(rendered, "Job")["claimstream-topics"]
    assert job["spec"]["template"]["spec"]["containers"][0]["command"] == [
        "python",
        "-m",
        "claimstream.shared.topic_admin",
    ]
    data = settings_data(rendered)
    for key, value in data.items():
        monkeypatch.setenv(key, value)
    topics = {t.name: t for t in plan(TopicSettings())}
    assert topics[data["CLAIMSTREAM_TOPIC_ARTICLES_CLEANED"]].config["cleanup.policy"] == "compact"
    assert topics[data["CLAIMSTREAM_TOPIC_CLAIMS_EXTRACTED"]].config["cleanup.policy"] == "delete"
    assert topics[data["CLAIMSTREAM_TOPIC_ARTICLES_REJECTED"]].config["cleanup.policy"] == "delete"
    assert topics[data["CLAIMSTREAM_TOPIC_ARTICLES_CLEANED"]].partitions == int(
        data["CLAIMSTREAM_TOPIC_ARTICLES_CLEANED_PARTITIONS"]
    )
    assert {t.replication_factor for t in topics.values()} == {int(data["CLAIMSTREAM_TOPIC_REPLICATION_FACTOR"])}


def test_services_budgets_and_monitors_select_the_pods(rendered: list[dict[str, Any]]) -> None:
    pods = {name: d["spec"]["template"]["metadata"]["labels"] for name, d in of_kind(rendered, "Deployment").items()}

    def selects(selector: dict[str, str]) -> set[str]:
        return {name for name, labels in pods.items() if selector.items() <= labels.items()}

    for name, service in of_kind(rendered, "Service").items():
        assert selects(service["spec"]["selector"]) == {name}
        assert [p["name"] for p in service["spec"]["ports"]] == ["http"]
    for name, pdb in of_kind(rendered, "PodDisruptionBudget").items():
        assert selects(pdb["spec"]["selector"]["matchLabels"]) == {name}
    (monitor,) = of_kind(rendered, "ServiceMonitor").values()
    labelled = {
        n
        for n, s in of_kind(rendered, "Service").items()
        if monitor["spec"]["selector"]["matchLabels"].items() <= s["metadata"]["labels"].items()
    }
    assert labelled == set(SERVICES)
    assert [e["port"] for e in monitor["spec"]["endpoints"]] == ["http"]
    # The alerts match on job="ingest|extract|index": the job label comes from the component label.
    job_label = monitor["spec"]["jobLabel"]
    assert {s["metadata"]["labels"][job_label] for n, s in of_kind(rendered, "Service").items()} == set(SERVICES)


def test_prometheus_rule_is_alerts_yml(rendered: list[dict[str, Any]]) -> None:
    """One source of truth: the PrometheusRule's groups are deploy/prometheus/alerts.yml's, and the committed file is
    what sync_alerts.py generates (run it after editing alerts.yml)."""
    (rule,) = of_kind(rendered, "PrometheusRule").values()
    assert rule["spec"] == yaml.safe_load(sync_alerts.ALERTS.read_text())
    assert sync_alerts.main(["--check"]) == 0, "run python deploy/kubernetes/sync_alerts.py"
    drifted = sync_alerts.render(sync_alerts.ALERTS.read_text().replace("for: 1m", "for: 2m"))
    assert drifted != sync_alerts.RULE.read_text()


@pytest.mark.timeout(180)
def test_checkov_finds_nothing(tmp_path: Path, kubectl: str, system_tool: Callable[[str, str], str]) -> None:
    """checkov's Kubernetes checks on the full rendering, offline (--skip-download), once, bounded in time. checkov
    lives in its own venv (scripts/system-deps.sh makes it: its pins conflict with ours), or on PATH."""
    checkov = tool("checkov", system_tool)
    manifest = tmp_path / "claimstream.yaml"
    manifest.write_text(yaml.safe_dump_all(kustomize(kubectl, KUBE)))
    out = subprocess.run(
        [
            checkov,
            "-f",
            str(manifest),
            "--framework",
            "kubernetes",
            "--skip-download",
            "--quiet",
            "-o",
            "json",
            "--skip-check",
            ",".join(CHECKOV_ACCEPTED),
        ],
        capture_output=True,
        text=True,
        timeout=150,
        env={**os.environ, "BC_SKIP_MAPPING": "TRUE"},
    )
    report = json.loads(out.stdout)
    summary = report["summary"]
    failed = [(c["check_id"], c["resource"]) for c in report["results"].get("failed_checks", [])]
    assert summary["failed"] == 0 and not failed, failed
    assert summary["passed"] >= 100 and summary["parsing_errors"] == 0, summary


@pytest.mark.kafka
def test_topic_admin_creates_then_leaves_alone(kafka_bootstrap: str, uid: str) -> None:
    """On a real broker: the first run creates the three topics with their partitions, the second finds them."""
    from claimstream.shared.topic_admin import ensure_topics

    topic_settings = TopicSettings(
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_replication_factor=1,
        topic_articles_cleaned=f"cleaned-{uid}",
        topic_claims_extracted=f"claims-{uid}",
        topic_articles_rejected=f"rejected-{uid}",
        topic_articles_cleaned_partitions=3,
        topic_claims_extracted_partitions=2,
        topic_articles_rejected_partitions=1,
    )
    assert set(asyncio.run(ensure_topics(topic_settings)).values()) == {"created"}
    assert set(asyncio.run(ensure_topics(topic_settings)).values()) == {"exists"}
    from aiokafka.admin import AIOKafkaAdminClient

    async def partitions() -> dict[str, int]:
        admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
        await admin.start()
        try:
            return {
                d["topic"]: len(d["partitions"])
                for d in await admin.describe_topics([f"cleaned-{uid}", f"claims-{uid}"])
            }
        finally:
            await admin.close()

    assert asyncio.run(partitions()) == {f"cleaned-{uid}": 3, f"claims-{uid}": 2}


def test_topic_admin_raises_what_the_broker_refused() -> None:
    """CreateTopics answers per topic and aiokafka does not raise: topic_admin does, except for a topic that
    exists already (two Job runs racing), so the Job fails and retries instead of reporting "created"."""
    from types import SimpleNamespace

    from aiokafka import errors

    from claimstream.shared.topic_admin import _raise_errors

    _raise_errors(SimpleNamespace(topic_errors=[("a", 0, None), ("b", errors.TopicAlreadyExistsError.errno, "exists")]))
    refused = SimpleNamespace(topic_errors=[("a", 0, None), ("c", 38, "Replication factor: 3 larger than brokers: 1")])
    with pytest.raises(errors.InvalidReplicationFactorError, match="could not create topic c"):
        _raise_errors(refused)
