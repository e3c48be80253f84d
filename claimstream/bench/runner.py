"""The benchmark's sequence: bare bound, then the embedded stack under full load, paced load, and two extract workers.

Every measured number comes from a real run; each kind of run is repeated ``repeats`` times and the
result keeps every run and their median. The stack is one ``embedded_stack(partitions=2)`` for all runs;
each run posts articles under fresh URLs (see :func:`claimstream.bench.corpus.tagged_url`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from claimstream.bench import probes
from claimstream.bench.bare import Workload, bare_once, select
from claimstream.bench.corpus import DEFAULT_CORPUS, load_input
from claimstream.bench.load import full_load, paced_load
from claimstream.embedded import Proc, Stack, embedded_stack, free_port
from claimstream.ingest_client import KEEPALIVE
from claimstream.shared.settings import ExtractSettings

Echo = Callable[[str], Any]
WARMUP_ARTICLES = 8  # enough to reach both partitions and to load every lazy part of each service


@dataclass(frozen=True)
class Options:
    articles: int = 100
    repeats: int = 3
    corpus: Path = DEFAULT_CORPUS
    concurrency: int = 8  # posters in flight at full load
    half_load: float = 0.5  # paced rate as a share of the measured 1-worker throughput
    scaling: bool = True
    profile: str | None = None  # service to sample with py-spy during the first full-load run
    out: Path = Path(".claimstream/bench")
    timeout: float = 1800.0  # per run, seconds


def median_of(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Key-wise median of the numeric fields of ``runs`` (nested dicts too)."""
    out: dict[str, Any] = {}
    for key, value in runs[0].items():
        if any(key not in r for r in runs):
            continue
        if isinstance(value, dict):
            out[key] = median_of([r[key] for r in runs])
        elif isinstance(value, int | float):
            out[key] = statistics.median(r[key] for r in runs)
    return out


class Bench:
    """One benchmark run; :meth:`run` returns the result dict (see docs/benchmark.md for its fields)."""

    def __init__(self, opts: Options, echo: Echo = print) -> None:
        self.opts = opts
        self.t0 = time.monotonic()
        self._echo = echo
        self.procs: dict[str, Proc] = {}
        self.urls: dict[str, str] = {}

    def echo(self, line: str) -> None:
        self._echo(f"[{time.monotonic() - self.t0:6.0f}s] {line}")

    def run(self) -> dict[str, Any]:
        from claimstream.services.extract.claims import ClaimExtractor

        opts = self.opts
        result: dict[str, Any] = {
            "started_at": datetime.now(UTC).isoformat(),
            "machine": _machine(),
            "options": {k: str(v) if isinstance(v, Path) else v for k, v in dataclasses.asdict(opts).items()},
        }
        inp = load_input(opts.corpus)
        self.echo(f"input: {inp.description}")
        self.echo("loading spaCy for the bare bound ...")
        extractor = ClaimExtractor()
        workload = select(inp, opts.articles, extractor, self.echo)
        result["input"] = {
            "kind": inp.kind,
            "description": inp.description,
            "articles": len(workload.articles),
            "distinct_articles": workload.usable,
            "words": workload.words,
            "claims": workload.claims,
            "rejected_by_cleaning": workload.rejected,
            "skipped_not_english": workload.skipped_language,
        }
        self.echo(
            f"workload: {len(workload.articles)} articles ({workload.usable} distinct), {workload.words} words, "
            f"{workload.claims} claims; {workload.rejected} pages rejected by cleaning, {workload.skipped_language} not English"
        )
        result["bare"] = self._bare(workload, extractor)
        del extractor
        log_dir = (opts.out / "logs").resolve()
        self.echo(f"starting the embedded stack (tansu, osmem, ingest, extract, index; logs in {log_dir}) ...")
        with embedded_stack(log_dir=log_dir, partitions=2) as stack:
            self.procs = dict(stack.procs)
            self.urls = {name: stack.url(name) for name in ("ingest", "extract", "index")}
            try:
                result.update(asyncio.run(self._pipeline(stack, workload)))
            finally:
                result["memory"] = {name: probes.memory_mb(p.popen.pid) for name, p in self.procs.items()}
                if "extract-2" in self.procs:
                    self.procs["extract-2"].stop()
        result["summary"] = _summary(result)
        result["machine"]["load_avg_end"] = os.getloadavg()
        return result

    def _bare(self, workload: Workload, extractor: Any) -> dict[str, Any]:
        batch = ExtractSettings.model_fields["extract_batch_size"].default
        bare_once(workload, extractor, batch, "warmup")
        runs = []
        for r in range(self.opts.repeats):
            runs.append(bare_once(workload, extractor, batch, f"bare{r}"))
            self.echo(
                f"bare bound run {r + 1}/{self.opts.repeats}: {runs[-1]['articles_per_s']:.2f} articles/s, "
                f"{runs[-1]['words_per_s']:.0f} words/s (clean {runs[-1]['clean_seconds']:.1f}s, extract {runs[-1]['extract_seconds']:.1f}s)"
            )
        return {"runs": runs, "median": median_of(runs), "batch_size": batch}

    async def _pipeline(self, stack: Stack, workload: Workload) -> dict[str, Any]:
        opts = self.opts
        async with (
            httpx.AsyncClient(base_url=self.urls["ingest"], timeout=120, limits=KEEPALIVE) as ingest,
            httpx.AsyncClient(base_url=self.urls["index"], timeout=120, limits=KEEPALIVE) as search,
        ):
            clients = (ingest, search)
            await self._warmup(clients, workload, "warmup1")
            one = [await self._throughput(clients, workload, f"w1r{r}", profile=r == 0) for r in range(opts.repeats)]
            e2e: dict[str, dict[str, Any]] = {"workers_1": {"runs": one, "median": median_of(one)}}
            rate = opts.half_load * e2e["workers_1"]["median"]["articles_per_s"]
            lat = []
            for r in range(opts.repeats):
                self.echo(
                    f"latency run {r + 1}/{opts.repeats}: {len(workload.articles)} articles paced at {rate:.2f}/s ..."
                )
                lat.append(await paced_load(ingest, search, workload, f"lat{r}", rate, opts.timeout, self.echo))
                self.echo(f"  p50 {lat[-1]['p50_s']:.2f}s  p95 {lat[-1]['p95_s']:.2f}s  p99 {lat[-1]['p99_s']:.2f}s")
            out: dict[str, Any] = {"end_to_end": e2e, "latency": {"runs": lat, "median": median_of(lat)}}
            if opts.scaling:
                await self._add_extract_worker(stack)
                await self._warmup(clients, workload, "warmup2")
                two = [await self._throughput(clients, workload, f"w2r{r}") for r in range(opts.repeats)]
                e2e["workers_2"] = {"runs": two, "median": median_of(two)}
            return out

    async def _warmup(self, clients: tuple[httpx.AsyncClient, httpx.AsyncClient], workload: Workload, tag: str) -> None:
        small = Workload(workload.articles[:WARMUP_ARTICLES], workload.usable, 0, 0)
        self.echo(f"warm-up: {len(small.articles)} articles ...")
        await full_load(*clients, small, tag, self.opts.concurrency, self.opts.timeout, self.echo)

    async def _throughput(
        self, clients: tuple[httpx.AsyncClient, httpx.AsyncClient], workload: Workload, tag: str, profile: bool = False
    ) -> dict[str, Any]:
        workers = sum(1 for name in self.procs if name.startswith("extract"))
        self.echo(
            f"full load, {workers} extract worker(s), run {tag}: {len(workload.articles)} articles, {self.opts.concurrency} posters ..."
        )
        service_urls = {name: url for name, url in self.urls.items()}
        before = {name: probes.scrape(url) for name, url in service_urls.items()}
        cpu_before = {name: probes.cpu_seconds(p.popen.pid) for name, p in self.procs.items()}
        run = await self._maybe_profiled(clients, workload, tag, profile)
        after = {name: probes.scrape(url) for name, url in service_urls.items()}
        wall, n = run["seconds"], len(workload.articles)
        run["stages"] = probes.stage_times(before, after, wall, n)
        run["cpu"] = {
            name: {
                "seconds": (s := probes.cpu_seconds(p.popen.pid) - cpu_before[name]),
                "ms_per_article": 1000 * s / n,
                "busy": s / wall,
            }
            for name, p in self.procs.items()
        }
        active = [
            name
            for name in service_urls
            if name.startswith("extract")
            and probes.handler_deliveries(after[name], "extract") > probes.handler_deliveries(before[name], "extract")
        ]
        run["extract_workers_active"] = len(active)
        self.echo(
            f"  {run['articles_per_s']:.2f} articles/s end to end ({wall:.1f}s; POSTs done after {run['post_seconds']:.1f}s); "
            f"extract workers active: {len(active)}"
        )
        return run

    async def _maybe_profiled(
        self, clients: tuple[httpx.AsyncClient, httpx.AsyncClient], workload: Workload, tag: str, profile: bool
    ) -> dict[str, Any]:
        service = self.opts.profile if profile else None
        if service is None:
            return await full_load(*clients, workload, tag, self.opts.concurrency, self.opts.timeout, self.echo)
        from claimstream.bench import profile as prof

        path = (self.opts.out / f"profile-{service}.txt").resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        self.echo(f"  sampling {service} (pid {self.procs[service].popen.pid}) with py-spy -> {path}")
        with prof.recording(self.procs[service].popen.pid, path):
            run = await full_load(*clients, workload, tag, self.opts.concurrency, self.opts.timeout, self.echo)
        run["profile"] = {"service": service, "collapsed_stacks": str(path), **prof.summarize(path)}
        return run

    async def _add_extract_worker(self, stack: Stack) -> None:
        port = free_port()
        log_dir = stack.log_dir / "extract-2" if stack.log_dir else None
        if log_dir:
            log_dir.mkdir(parents=True, exist_ok=True)
        replica = dataclasses.replace(
            stack,
            ports={**stack.ports, "extract": port},
            procs={},
            log_dir=log_dir,
            env={**stack.env, "CLAIMSTREAM_EXTRACT_PORT": str(port)},
        )
        self.echo(f"starting a second extract worker on port {port} (same consumer group, 2 partitions) ...")
        self.procs["extract-2"] = await asyncio.to_thread(replica.start_service, "extract")
        self.urls["extract-2"] = replica.url("extract")


def _machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_avg_start": os.getloadavg(),
    }


def _summary(result: dict[str, Any]) -> dict[str, Any]:
    """The headline numbers and the issue's targets."""
    bare = result["bare"]["median"]["articles_per_s"]
    e2e = result.get("end_to_end", {})
    one = e2e.get("workers_1", {}).get("median", {})
    two = e2e.get("workers_2", {}).get("median", {})
    lat = result.get("latency", {}).get("median", {})
    stages = one.get("stages", {})
    # The bottleneck: the service process with the highest CPU busy share at full load (the broker and the search
    # server are reported but are not pipeline stages).
    cpu = {k: v["busy"] for k, v in one.get("cpu", {}).items() if k in {"ingest", "extract", "index"}}
    peak = {k: v.get("peak_rss_mb", 0.0) for k, v in result.get("memory", {}).items()}
    service_peak = max((v for k, v in peak.items() if k in {"ingest", "extract", "extract-2", "index"}), default=0.0)
    summary = {
        "bare_articles_per_s": bare,
        "bare_words_per_s": result["bare"]["median"]["words_per_s"],
        "e2e_articles_per_s_1_worker": one.get("articles_per_s"),
        "e2e_articles_per_s_2_workers": two.get("articles_per_s"),
        "efficiency": one["articles_per_s"] / bare if one else None,
        "scaling_2_vs_1": two["articles_per_s"] / one["articles_per_s"] if one and two else None,
        "latency_p50_s": lat.get("p50_s"),
        "latency_p95_s": lat.get("p95_s"),
        "latency_p99_s": lat.get("p99_s"),
        "bottleneck_stage": max(cpu, key=lambda k: cpu[k]) if cpu else None,
        "stage_ms_per_article": {k: v["ms_per_article"] for k, v in stages.items()},
        "max_service_peak_rss_mb": service_peak,
    }
    if one:
        # Load-robust view: CPU per article of each service against the same work in the bare process, and the
        # share of all the stack's CPU (broker and search server included) that is cleaning + extraction.
        bare_cpu = result["bare"]["median"]
        useful = bare_cpu["clean_cpu_ms_per_article"] + bare_cpu["extract_cpu_ms_per_article"]
        spent = sum(v["ms_per_article"] for v in one["cpu"].values())
        summary["cpu_overhead"] = {
            "ingest_vs_bare_clean": one["cpu"]["ingest"]["ms_per_article"] / bare_cpu["clean_cpu_ms_per_article"],
            "extract_vs_bare_extract": one["cpu"]["extract"]["ms_per_article"] / bare_cpu["extract_cpu_ms_per_article"],
            "useful_share_of_stack_cpu": useful / spent if spent else None,
        }
    summary["targets"] = {  # issue 14
        "end to end >= 12 articles/s": (summary["e2e_articles_per_s_1_worker"] or 0.0) >= 12.0,
        "efficiency >= 0.9": summary["efficiency"] is not None and summary["efficiency"] >= 0.9,
        "p95 < 1 s at half load": summary["latency_p95_s"] is not None and summary["latency_p95_s"] < 1.0,
        "RSS < 500 MB per service": 0 < service_peak < 500,
    }
    return summary
