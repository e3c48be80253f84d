"""The wheel is whole and builds quietly: a non-editable install finds the index templates (package data under
services/index/templates, linked from deploy/elasticsearch; no package of their own), the schema examples and the explorer assets, and setuptools
prints no warning about package data (what a newcomer's ``scripts/up.sh`` would otherwise show first)."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def tracked_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return [f for f in listed if (REPO / f).is_file()]


@pytest.mark.slow
def test_wheel_ships_its_data_and_builds_without_warnings(tmp_path: Path) -> None:
    source = tmp_path / "src"  # a copy, so the build leaves no build/ or egg-info in the work tree
    for name in tracked_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes((REPO / name).read_bytes())
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    log = build.stdout + build.stderr
    assert "BuildBackendWarning" not in log and "absent from" not in log, log[-3000:]
    [wheel] = (tmp_path / "dist").glob("claimstream-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = {
        f"claimstream/services/index/templates/{p.name}" for p in (REPO / "deploy" / "elasticsearch").glob("*.json")
    }
    assert {p.name for p in (REPO / "deploy" / "elasticsearch").glob("*.json")} == {
        "articles.json",
        "claims.json",
        "rejected.json",
        "stories.json",
    }
    shadows = [f for f in tracked_files() if f.endswith("elasticsearch/__init__.py")]
    assert not shadows, f"a package named like the elasticsearch client: {shadows}"
    examples = {
        f"claimstream/shared/examples/{p.relative_to(REPO / 'shared' / 'examples')}"
        for p in (REPO / "shared" / "examples").glob("*/v*/*.json")
    }
    assert templates and templates <= names, sorted(templates - names)
    assert examples and examples <= names, sorted(examples - names)
    assert "claimstream/services/index/static/index.html" in names
    assert "claimstream/services/index/store.py" in names and not any(n.startswith("deploy/") for n in names)
    # Installed from the wheel (unpacked, first on the path), the index service reads its templates.
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = "from claimstream.services.index import store; print(store.__file__, store.template('claims')['version'])"
    run = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site")},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    where, version = run.stdout.split()
    assert Path(where).is_relative_to(tmp_path / "site") and int(version) >= 1
