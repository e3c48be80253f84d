"""docs/asyncapi.yaml: generated from the faststream app by faststream itself, in step with the code, and valid."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]

from claimstream.shared import topics

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "asyncapi.yaml"
FASTSTREAM = Path(sys.executable).parent / "faststream"


def generate(out: Path) -> dict[str, Any]:
    """What ``faststream docs gen`` makes of claimstream.asyncapi:app now (hash seed fixed: stable order)."""
    run = subprocess.run(
        [str(FASTSTREAM), "docs", "gen", "--yaml", "--out", str(out), "claimstream.asyncapi:app"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Overwrite channel" not in run.stderr, run.stderr  # two endpoints under one name: one would be lost
    return dict(yaml.safe_load(out.read_text()))


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    return dict(yaml.safe_load(DOC.read_text()))


def test_document_is_what_the_code_generates(committed: dict[str, Any], tmp_path: Path) -> None:
    assert generate(tmp_path / "asyncapi.yaml") == committed, (
        "docs/asyncapi.yaml is out of date: PYTHONHASHSEED=0 .venv/bin/faststream docs gen --yaml "
        "--out docs/asyncapi.yaml claimstream.asyncapi:app"
    )


def test_every_topic_has_its_model_and_its_consumers(committed: dict[str, Any]) -> None:
    channels = committed["channels"]
    schemas = committed["components"]["schemas"]
    for name, spec in topics.TOPICS.items():
        published = channels[f"{name}:publish"]
        assert published["address"] == name and spec.producer in published["description"]
        for consumer in spec.consumers:
            assert channels[f"{name}:{consumer}:consume"]["address"] == name
        model = spec.model.__name__
        fields = set(spec.model.model_fields)
        assert set(schemas[model]["properties"]) == fields, (model, fields ^ set(schemas[model]["properties"]))
        required = {n for n, f in spec.model.model_fields.items() if f.is_required()}
        assert set(schemas[model].get("required", [])) == required, model
    receives = {
        op["channel"]["$ref"].split("/")[-1] for op in committed["operations"].values() if op["action"] == "receive"
    }
    assert receives == {f"{n}:{c}:consume" for n, s in topics.TOPICS.items() for c in s.consumers}


def test_asyncapi_cli_validates_it(system_tool: Callable[[str, str], str], tmp_path: Path) -> None:
    """The AsyncAPI CLI (npm @asyncapi/cli, installed by scripts/system-deps.sh) finds no error; and it does find
    one in a broken copy, so this can fail. Its analytics are off: nothing leaves the machine."""
    asyncapi = system_tool("asyncapi", "npm install -g @asyncapi/cli (scripts/system-deps.sh does it where npm exists)")
    settings = tmp_path / "asyncapi-analytics.json"
    settings.write_text(
        json.dumps({"analyticsEnabled": "false", "infoMessageShown": "true", "userID": "claimstream-tests"})
    )
    env = {**os.environ, "ASYNCAPI_METRICS_CONFIG_PATH": str(settings)}

    def validate(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run([asyncapi, "validate", str(path)], capture_output=True, text=True, timeout=120, env=env)

    good = validate(DOC)
    assert good.returncode == 0 and "0 errors" in good.stdout + good.stderr, good.stdout + good.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text(DOC.read_text().replace("asyncapi: 3.0.0", "asyncapi: 3.0.0\nnot_a_field: true"))
    assert validate(broken).returncode != 0
