"""scripts/memory_bench.py on a few real corpus articles: the documents it measures are the index service's,
retention removes exactly the oldest half with its claims, and it says so when the corpus is absent."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "memory_bench.py"


def load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("memory_bench", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["memory_bench"] = module
    spec.loader.exec_module(module)
    return module


def test_without_the_corpus_it_measures_nothing_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert load().main(["--corpus", str(tmp_path / "nowhere")]) == 2
    assert "no corpus at" in capsys.readouterr().out


@pytest.mark.elasticsearch
@pytest.mark.slow
def test_a_few_corpus_articles_indexed_measured_and_half_retained(tmp_path: Path) -> None:
    bench = load()
    if not bench.DEFAULT_CORPUS.is_dir():
        pytest.skip(f"{bench.DEFAULT_CORPUS} is not present")
    out = tmp_path / "result.json"
    assert bench.main(["--articles", "6", "--settle", "2", "--json", str(out)]) == 0
    r: dict[str, Any] = json.loads(out.read_text())
    assert r["indexed"] == {"articles": r["articles"], "claims": r["claims"]} and r["articles"] >= 5
    assert r["claims"] > 0, "English corpus articles yield claims"
    half = r["articles"] // 2
    assert r["removed"]["articles"] == half and r["retained"]["articles"] == r["articles"] - half
    assert r["removed"]["claims"] + r["retained"]["claims"] == r["claims"]
    for point in ("empty", "full", "full_restarted", "half", "half_merged", "half_restarted"):
        assert r["points"][point]["rss"] > 50, f"{point}: osmem's resident memory was not read"
    assert r["points"]["full"]["peak"] >= r["points"]["full"]["rss"] - 1
    assert 0 < r["half_snapshot_mb"] < r["snapshot_mb"]
