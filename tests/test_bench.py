"""The benchmark harness (claimstream/bench/): pure helpers, and one tiny end-to-end smoke run (structure, not speed)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from claimstream.bench import probes, report
from claimstream.bench.corpus import demo_sources, load_input, tagged_url
from claimstream.bench.profile import summarize
from claimstream.bench.runner import median_of
from claimstream.services.ingest.clean import article_id_for, canonical_url


def test_tagged_urls_give_new_article_ids_on_the_same_host() -> None:
    url = "https://www.example.com/news/story.html?id=7"
    a, b = canonical_url(tagged_url(url, "r0-1")), canonical_url(tagged_url(url, "r1-1"))
    assert a and b and a != b and a.startswith("https://www.example.com/news/story.html")
    assert article_id_for(a, "text") != article_id_for(b, "text")


def test_missing_corpus_falls_back_to_the_demo_and_says_so(tmp_path: Path) -> None:
    inp = load_input(tmp_path / "nowhere")
    assert inp.kind == "demo" and "CORPUS NOT FOUND" in inp.description and len(inp.sources) == len(demo_sources())


def test_stage_times_diff_histograms_over_workers() -> None:
    key: tuple[str, tuple[tuple[str, str], ...]] = (
        "claimstream_handler_seconds_sum",
        (("service", "extract"), ("topic", "articles.cleaned")),
    )
    count = ("claimstream_handler_seconds_count", key[1])
    before: dict[str, probes.Samples] = {"extract": {key: 1.0, count: 2.0}, "extract-2": {}}
    after: dict[str, probes.Samples] = {"extract": {key: 3.0, count: 4.0}, "extract-2": {key: 1.0, count: 1.0}}
    stage = probes.stage_times(before, after, wall=2.0, articles=10)["extract handler"]
    assert stage == {"seconds": 3.0, "deliveries": 3.0, "ms_per_delivery": 1000.0, "ms_per_article": 300.0, "busy": 1.5}


def test_median_of_nested_runs_skips_keys_missing_in_some() -> None:
    runs = [{"a": 1.0, "n": {"b": 2}, "profile": {"x": 1}}, {"a": 3.0, "n": {"b": 4}}, {"a": 2.0, "n": {"b": 9}}]
    assert median_of(runs) == {"a": 2.0, "n": {"b": 4}}


def test_profile_summary_shares(tmp_path: Path) -> None:
    raw = tmp_path / "p.txt"
    raw.write_text("main (a.py:1);work (b.py:2) 3\nmain (a.py:1);idle (c.py:9) 1\n")
    summary = summarize(raw)
    assert summary["own"][0] == ("work (b.py)", 0.75) and ("main (a.py)", 1.0) in summary["total"]


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.timeout(900)
def test_bench_smoke_run_on_demo_input(tmp_path: Path) -> None:
    """Three demo articles through every phase; checks the result's shape and that every number is positive."""
    from claimstream.bench.runner import Bench, Options

    opts = Options(articles=3, repeats=1, corpus=tmp_path / "no-corpus", concurrency=2, out=tmp_path)
    json_path, md_path = report.write(Bench(opts, echo=lambda _: None).run(), tmp_path)
    result = json.loads(json_path.read_text())
    assert result["input"]["kind"] == "demo" and result["input"]["articles"] == 3
    summary = result["summary"]
    for key in (
        "bare_articles_per_s",
        "bare_words_per_s",
        "e2e_articles_per_s_1_worker",
        "e2e_articles_per_s_2_workers",
        "efficiency",
        "scaling_2_vs_1",
        "latency_p50_s",
        "latency_p95_s",
        "latency_p99_s",
        "max_service_peak_rss_mb",
    ):
        assert summary[key] > 0, key
    assert summary["bottleneck_stage"] in {"ingest", "extract", "index"}
    assert set(summary["targets"]) == {
        "end to end >= 12 articles/s",
        "efficiency >= 0.9",
        "p95 < 1 s at half load",
        "RSS < 500 MB per service",
    }
    one = result["end_to_end"]["workers_1"]["median"]
    assert {"ingest (POST /articles)", "extract handler", "index handler (all topics)", "ES bulk"} <= set(one["stages"])
    assert all(s["deliveries"] > 0 and s["seconds"] > 0 for s in one["stages"].values())
    assert result["end_to_end"]["workers_2"]["median"]["extract_workers_active"] >= 1
    assert {"kafka", "elasticsearch", "ingest", "extract", "extract-2", "index"} <= set(result["memory"])
    assert all(m["peak_rss_mb"] > 0 for m in result["memory"].values())
    latency = result["latency"]["runs"][0]
    assert 0 < latency["article_p50_s"] <= latency["p95_s"] + 0.2  # the article shows before or with its claims
    slowest = latency["slowest"]
    assert len(slowest) == 3 and slowest[0]["seconds"] == max(s["seconds"] for s in slowest)
    assert all(s["words"] > 0 and 0 < s["article_seconds"] <= s["seconds"] for s in slowest)
    assert "pipeline efficiency" in md_path.read_text()


def _bench_script(name: str, *args: str) -> str:
    """Standard output of ``bench/<name>`` run with ``args`` (it must exit 0)."""
    script = Path(__file__).resolve().parent.parent / "bench" / name
    return subprocess.run(
        [sys.executable, str(script), *args], capture_output=True, text=True, timeout=600, check=True
    ).stdout


@pytest.mark.elasticsearch
def test_search_write_pause_probe_runs_and_reports(tmp_path: Path) -> None:
    """bench/bench_search_writes.py on its own osmem: writes every document it says and prints its summary."""
    out = _bench_script("bench_search_writes.py", "--docs", "300", "--bulk", "50")
    assert "300 documents in bulks of 50 after 0:" in out
    assert "pauses over" in out or "no pause over" in out
    assert re.search(r"osmem CPU: [0-9.]+ ms per bulk request, [0-9.]+ ms per document", out), out


def test_extract_micro_benchmark_reports_every_part() -> None:
    """bench/bench_extract.py on three articles: both paths, the spaCy components, and the reader on its own."""
    out = _bench_script("bench_extract.py", "--articles", "3", "--rounds", "1")
    for path in ("full", "fast"):
        line = next(line for line in out.splitlines() if line.startswith(path))
        match = re.search(
            r"spaCy ([0-9.]+) \+ reader and the rest [-0-9.]+ \(the reader alone, on parsed docs: ([0-9.]+)\)", line
        )
        assert match and float(match[1]) > 0 and float(match[2]) > 0, line
    assert "ner" in out and "tok2vec" in out
