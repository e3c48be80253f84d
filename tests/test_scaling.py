"""claimstream/bench/scaling.py: the partition-scaling run of extract (docs/benchmark.md, "Scaling")."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimstream.bench.corpus import load_input
from claimstream.bench.scaling import ScalingOptions, main, run_scaling, table


@pytest.mark.parametrize("workers", ["0", "1,x", ""])
def test_worker_counts_are_checked_before_anything_starts(workers: str, tmp_path: Path) -> None:
    said: list[str] = []
    assert main(workers, 4, tmp_path / "no-corpus", tmp_path, said.append) == 2
    assert said and not (tmp_path / "scaling.json").exists()


@pytest.mark.slow
@pytest.mark.e2e
@pytest.mark.timeout(400)
def test_workers_drain_every_article_from_a_partitioned_topic(tmp_path: Path) -> None:
    """1 and 2 real extract processes on 2 partitions drain the demo articles; every article is committed and the
    table reports each run. (Speed is not asserted: this machine is shared.)"""
    opts = ScalingOptions(workers=(1, 2), partitions=2, articles=6)
    result = run_scaling(load_input(tmp_path / "no-corpus"), opts, tmp_path / "logs", print)
    runs = result["runs"]
    assert [r["workers"] for r in runs] == [1, 2]
    for r in runs:
        assert r["articles"] == 6 and sum(r["partition_spread"].values()) == 6
        assert set(r["partition_spread"]) <= {0, 1}
        assert 1 <= r["workers_active"] <= r["workers"]
        assert r["articles_per_s"] == pytest.approx(6 / r["seconds"])
        assert r["extract_cpu_ms_per_article"] > 0
    assert runs[1]["speedup"] == pytest.approx(runs[1]["articles_per_s"] / runs[0]["articles_per_s"])
    assert table(result).count("\n") == 3 and "| 2 | 2 |" in table(result)
