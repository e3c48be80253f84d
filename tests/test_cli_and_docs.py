"""The CLI a user meets first, and the README that documents it."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from claimstream import demo
from claimstream.cli import app
from claimstream.shared import settings

REPO = Path(__file__).resolve().parents[1]
runner = CliRunner()


def test_help_lists_every_command() -> None:
    out = runner.invoke(app, ["--help"]).output
    for command in ("up", "extract", "ingest", "evaluate"):
        assert re.search(rf"\b{command}\b", out), command


def test_extract_prints_claim_events_with_speakers_and_quantities(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(demo.articles()[0]["text"])
    result = runner.invoke(app, ["extract", str(article)])
    assert result.exit_code == 0, result.output
    claims = [json.loads(line) for line in result.stdout.splitlines()]
    assert claims and all(c["article_id"] == claims[0]["article_id"] for c in claims)
    assert any("Korval" in c["speaker"]["name"] and 112 in [q["value"] for q in c["quantities"]] for c in claims)


def test_extract_reports_unusable_files_and_exits_nonzero(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body></body></html>")
    result = runner.invoke(app, ["extract", str(empty)])
    assert result.exit_code == 1 and "rejected" in result.output


def test_ingest_reports_an_unreachable_api(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(demo.articles()[0]["text"])
    result = runner.invoke(app, ["ingest", str(tmp_path), "--api", "http://127.0.0.1:9"])
    assert result.exit_code == 1 and "cannot reach" in result.output


def test_readme_documents_every_setting_and_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text()
    for cls in (settings.IngestSettings, settings.ExtractSettings, settings.IndexSettings):
        for name in cls.model_fields:
            assert f"`CLAIMSTREAM_{name.upper()}`" in readme, name
    assert "scripts/up.sh" in readme and "scripts/test.sh" in readme
    assert "scripts/test.sh" in (REPO / ".ci" / "run").read_text()
