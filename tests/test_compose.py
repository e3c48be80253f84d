"""docker-compose.yml and the Dockerfile agree with the code: services, pinned images, KRaft Kafka, health-gated
start-up, and every CLAIMSTREAM_* variable a service is given is a real settings field (and every required
one is given). No Docker engine needed: the files are parsed, not run."""

from __future__ import annotations

import base64
import fnmatch
import os
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic_settings import BaseSettings

from claimstream.shared import topics
from claimstream.shared.settings import ExtractSettings, IndexSettings, IngestSettings

ROOT = Path(__file__).resolve().parents[1]
COMPOSE_FILE = ROOT / "docker-compose.yml"

APPS: dict[str, tuple[type[BaseSettings], int]] = {
    "ingest": (IngestSettings, 8001),
    "extract": (ExtractSettings, 8002),
    "index": (IndexSettings, 8003),
}
INFRA = ("kafka", "elasticsearch", "kibana", "prometheus", "grafana")
_VAR = re.compile(r"\$\{(\w+)(?::?[-?]([^}]*))?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(data, dict) and isinstance(data.get("services"), dict), "docker-compose.yml has no services"
    return data


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return compose["services"]


def environment(service: dict[str, Any]) -> dict[str, str]:
    """A service's `environment`, in either compose form (mapping or KEY=VALUE list), values as strings."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {str(k): "" if v is None else str(v) for k, v in env.items()}


def interpolate(value: str) -> str:
    """What compose makes of ${VAR:-default} with VAR unset (its default, or "set-by-env" when it has none)."""
    return _VAR.sub(lambda m: m.group(2) if m.group(2) is not None else "set-by-env", value).replace("$$", "$")


def env_name(settings_cls: type[BaseSettings], field: str) -> str:
    return f"{settings_cls.model_config.get('env_prefix', '')}{field}".upper()


def one_shot(service: dict[str, Any]) -> bool:
    """Init jobs, marked by an explicit `restart: "no"`: compose waits for them to complete, not to be healthy."""
    return service.get("restart") in ("no", False)  # unquoted `no` is YAML 1.1 false


def test_required_services_exist(services: dict[str, dict[str, Any]]) -> None:
    missing = sorted((set(INFRA) | set(APPS)) - set(services))
    assert not missing, f"docker-compose.yml lacks services: {missing}"


def test_images_are_pinned(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        if "image" not in service or "build" in service:
            continue
        image = str(service["image"])
        last = image.split("/")[-1]
        tag = last.split(":", 1)[1] if ":" in last else ""
        assert tag, f"{name}: image {image!r} has no tag"
        assert tag != "latest" and re.search(r"\d", tag), f"{name}: image {image!r} is not pinned to a version"


def test_elastic_stack_versions_match(services: dict[str, dict[str, Any]]) -> None:
    es = services["elasticsearch"]["image"]
    kibana = services["kibana"]["image"]
    assert es.startswith("docker.elastic.co/elasticsearch/elasticsearch:8."), es
    assert es.rsplit(":", 1)[1] == kibana.rsplit(":", 1)[1], f"Kibana {kibana} must match Elasticsearch {es}"


def test_kafka_runs_in_kraft_mode(services: dict[str, dict[str, Any]]) -> None:
    assert not [n for n, s in services.items() if "zookeeper" in n or "zookeeper" in str(s.get("image", ""))]
    env = environment(services["kafka"])
    assert {"broker", "controller"} <= set(env.get("KAFKA_PROCESS_ROLES", "").split(","))
    for key in (
        "KAFKA_NODE_ID",
        "KAFKA_CONTROLLER_QUORUM_VOTERS",
        "KAFKA_CONTROLLER_LISTENER_NAMES",
        "KAFKA_LISTENERS",
        "KAFKA_ADVERTISED_LISTENERS",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
    ):
        assert env.get(key), f"kafka: {key} is not set"
    assert not any(k.startswith("KAFKA_ZOOKEEPER") for k in env), "kafka: ZooKeeper settings in KRaft mode"
    assert "PLAINTEXT://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"], "containers reach Kafka as kafka:9092"
    controller = env["KAFKA_CONTROLLER_LISTENER_NAMES"]
    assert f"{controller}://" in env["KAFKA_LISTENERS"], "the controller listener must be in KAFKA_LISTENERS"
    if "CLUSTER_ID" in env:  # kafka-storage format wants a base64url-encoded UUID (16 bytes)
        assert len(base64.urlsafe_b64decode(env["CLUSTER_ID"] + "==")) == 16, "CLUSTER_ID is not a base64 UUID"


def test_every_topic_is_created(services: dict[str, dict[str, Any]]) -> None:
    if environment(services["kafka"]).get("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true").lower() == "true":
        return
    init = [n for n, s in services.items() if "kafka-topics.sh" in str(s.get("command", ""))]
    assert init, "auto topic creation is off but no service runs kafka-topics.sh --create"
    script = " ".join(str(services[n]["command"]) for n in init)
    missing = [t for t in topics.TOPICS if t not in script]
    assert not missing, f"topics never created: {missing}"
    for app in APPS:
        assert services[app]["depends_on"][init[0]]["condition"] == "service_completed_successfully"


def test_elasticsearch_is_single_node_with_security(services: dict[str, dict[str, Any]]) -> None:
    env = environment(services["elasticsearch"])
    assert env.get("discovery.type") == "single-node"
    assert env.get("xpack.security.enabled") == "true"
    assert env.get("ELASTIC_PASSWORD", "").startswith("${"), "ELASTIC_PASSWORD must come from the environment"
    heap = shlex.split(env.get("ES_JAVA_OPTS", ""))
    xms = [o[4:] for o in heap if o.startswith("-Xms")]
    xmx = [o[4:] for o in heap if o.startswith("-Xmx")]
    assert xms and xms == xmx, "ES_JAVA_OPTS must set -Xms and -Xmx to the same value"


def test_long_running_services_have_healthchecks(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        if one_shot(service):
            continue
        test = service.get("healthcheck", {}).get("test")
        assert test and test != ["NONE"], f"{name} has no healthcheck"


def test_dependencies_wait_for_health(services: dict[str, dict[str, Any]]) -> None:
    for name, service in services.items():
        depends = service.get("depends_on") or {}
        assert isinstance(depends, dict), f"{name}: depends_on must use the long form with a condition"
        for dep, spec in depends.items():
            assert dep in services, f"{name} depends on unknown service {dep}"
            expected = "service_completed_successfully" if one_shot(services[dep]) else "service_healthy"
            assert spec.get("condition") == expected, f"{name} -> {dep}: condition must be {expected}"


def test_app_services_share_one_dockerfile(services: dict[str, dict[str, Any]]) -> None:
    builds = {name: services[name].get("build") for name in APPS}
    assert all(builds.values()), f"every app service must be built from the Dockerfile: {builds}"
    normalised = {
        name: (b, "Dockerfile") if isinstance(b, str) else (b.get("context", "."), b.get("dockerfile", "Dockerfile"))
        for name, b in builds.items()
    }
    assert len(set(normalised.values())) == 1, f"app services build different images: {normalised}"
    context, dockerfile = next(iter(normalised.values()))
    assert (ROOT / context / dockerfile).resolve() == (ROOT / "Dockerfile").resolve()


@pytest.mark.parametrize("name", APPS)
def test_app_service_wiring(services: dict[str, dict[str, Any]], name: str) -> None:
    settings_cls, port = APPS[name]
    service = services[name]
    env = environment(service)
    module = f"claimstream.services.{name}.main"
    command = service.get("command")
    command = shlex.split(command) if isinstance(command, str) else command
    assert command == ["python", "-m", module], f"{name}: command must be python -m {module}"
    assert env.get(env_name(settings_cls, f"{name}_port")) == str(port)
    assert env.get(env_name(settings_cls, "host")) == "0.0.0.0", f"{name} must bind 0.0.0.0 in a container"
    assert env.get(env_name(settings_cls, "kafka_bootstrap_servers")) == "kafka:9092"
    published = {str(p) for p in service.get("ports", [])}
    assert f"{port}:{port}" in published, f"{name} must publish {port}:{port}, has {published}"
    health = " ".join(service["healthcheck"]["test"])
    assert f":{port}/healthz" in health, f"{name}: healthcheck must GET :{port}/healthz, is {health!r}"
    assert service["depends_on"]["kafka"]["condition"] == "service_healthy"
    if "elasticsearch_url" in settings_cls.model_fields:
        assert service["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
        assert interpolate(env[env_name(settings_cls, "elasticsearch_url")]).startswith("http://elasticsearch:9200")


@pytest.mark.parametrize("name", APPS)
def test_app_env_vars_are_settings_fields(services: dict[str, dict[str, Any]], name: str) -> None:
    settings_cls, _ = APPS[name]
    env = environment(services[name])
    prefix = settings_cls.model_config.get("env_prefix", "").upper()
    fields = {env_name(settings_cls, f): info for f, info in settings_cls.model_fields.items()}
    unknown = sorted(k for k in env if k.upper().startswith(prefix) and k.upper() not in fields)
    assert not unknown, f"{name} sets variables {settings_cls.__name__} does not read: {unknown}"
    required = sorted(k for k, info in fields.items() if info.is_required())
    missing = [k for k in required if k not in env]
    assert not missing, f"{name} lacks required settings: {missing}"
    secrets = [k for k in env if any(w in k for w in ("PASSWORD", "API_KEY", "SECRET"))]
    literal = [k for k in secrets if not env[k].startswith("${")]
    assert not literal, f"{name}: credentials must come from ${{VAR}} interpolation, not literals: {literal}"


@pytest.mark.parametrize("name", APPS)
def test_app_env_builds_valid_settings(
    services: dict[str, dict[str, Any]], name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The values as compose would pass them (defaults of ${VAR:-default}) parse into the settings class."""
    settings_cls, port = APPS[name]
    for key in list(os.environ):
        if key.upper().startswith("CLAIMSTREAM_"):
            monkeypatch.delenv(key)
    for key, value in environment(services[name]).items():
        monkeypatch.setenv(key, interpolate(value))
    settings = settings_cls()
    assert getattr(settings, f"{name}_port") == port


@pytest.mark.parametrize("name", APPS)
def test_app_entry_point_exists(name: str) -> None:
    main = ROOT / "services" / name / "main.py"
    if not main.exists():
        pytest.skip(f"services/{name}/main.py not written yet; compose runs python -m claimstream.services.{name}.main")
    assert main.is_file()


def test_dockerfile() -> None:
    lines = [ln.strip() for ln in (ROOT / "Dockerfile").read_text().splitlines()]
    instructions = [ln for ln in lines if ln and not ln.startswith("#")]
    froms = [ln.split()[1] for ln in instructions if ln.upper().startswith("FROM ")]
    assert froms and froms[-1].startswith("python:3.11"), f"the image must be based on python:3.11, is {froms}"
    copies = [ln.split() for ln in instructions if ln.upper().startswith("COPY ")]
    assert any(c[-2:] == [".", "/app"] or c[-2:] == [".", "/app/"] for c in copies), "the repo must be copied to /app"
    assert any(re.search(r"pip install .*-e \.", ln) for ln in instructions), "pip install -e . (editable) is missing"
    users = [ln.split()[1] for ln in instructions if ln.upper().startswith("USER ")]
    assert users and users[-1].split(":")[0] not in ("root", "0"), "the image must run as a non-root user"


def test_dockerignore_keeps_what_the_image_needs() -> None:
    patterns = [
        p.strip() for p in (ROOT / ".dockerignore").read_text().splitlines() if p.strip() and not p.startswith("#")
    ]
    needed = [
        "pyproject.toml",
        "README.md",
        "claimstream/__init__.py",
        "shared/settings.py",
        "services/__init__.py",
        "deploy/elasticsearch/articles.json",
        "services/index/templates/articles.json",
        "deploy/kibana/import.py",
        "deploy/kibana/saved_objects.ndjson",
    ]
    for path in needed:
        excluded = False
        for pattern in patterns:  # last match wins, like Docker; "!" re-includes
            negate = pattern.startswith("!")
            pat = pattern.lstrip("!").rstrip("/").removeprefix("**/")
            parts = Path(path).parts
            prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
            if any(fnmatch.fnmatch(p, pat) for p in prefixes) or fnmatch.fnmatch(Path(path).name, pat):
                excluded = not negate
        assert not excluded, f".dockerignore excludes {path}, which the image needs"
