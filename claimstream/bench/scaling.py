"""Partition scaling of extract: how many articles/s 1, 2, 4, ... extract workers drain from a partitioned topic.

extract is the pipeline's bottleneck (docs/benchmark.md), so its capacity per worker is the capacity-planning
number. Each run isolates it: a real tansu broker, a fresh ``articles.cleaned`` topic with ``partitions``
partitions (and a fresh claims topic), ``workers`` extract processes in one fresh consumer group, all ready and
assigned before anything is published. Then the run publishes the workload's ``ArticleCleaned`` events (cleaned
here, as ingest would, keyed by article id) and times until the group has committed every one of them, i.e.
until every claim is on the claims topic. No ingest, index or search server competes for the cores.

    claimstream bench --scaling-workers 1,2,4 --articles 100    # docs/benchmark.md, "Scaling"
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from claimstream.bench import probes
from claimstream.bench.bare import BenchError, clean_event
from claimstream.bench.corpus import Input
from claimstream.embedded import Proc, Stack, create_topics, free_port, start_tansu
from claimstream.services.extract.batch import wants_extraction
from claimstream.services.ingest.clean import CleaningError
from claimstream.shared.events import ArticleCleaned

Echo = Callable[[str], Any]
SETTLE_SECONDS = 5.0  # after the last worker is ready: the group's rebalance hands every worker its partitions


@dataclasses.dataclass(frozen=True)
class ScalingOptions:
    workers: tuple[int, ...] = (1, 2, 4)
    partitions: int = 4
    articles: int = 100
    timeout: float = 1800.0  # per run, seconds


def events_for(inp: Input, n: int, echo: Echo = print) -> list[ArticleCleaned]:
    """``n`` English articles as ingest publishes them, each under its own URL (so its own id and partition)."""
    usable = []
    for source in inp.sources:
        try:
            event = clean_event(source, "scaling")
        except CleaningError:
            continue
        if wants_extraction(event):
            usable.append(source)
        if len(usable) >= n:
            break
    if not usable:
        raise BenchError("no input article survives cleaning; nothing to benchmark")
    echo(f"scaling workload: {n} articles from {len(usable)} distinct pages")
    return [clean_event(usable[i % len(usable)], f"scale-{i}") for i in range(n)]


async def _publish(bootstrap: str, topic: str, events: list[ArticleCleaned]) -> Counter[int]:
    """Publish every event keyed by article id (as ingest does); return how many landed on each partition."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        sent = await asyncio.gather(
            *[await producer.send(topic, e.model_dump_json().encode(), key=e.article_id.encode()) for e in events]
        )
        return Counter(meta.partition for meta in sent)
    finally:
        await producer.stop()


async def _committed(reader: AIOKafkaConsumer, partitions: list[TopicPartition]) -> int:
    """Sum of the group's committed offsets (``reader`` is in the group's name but never joins it)."""
    return sum([int(await reader.committed(tp) or 0) for tp in partitions])


async def _drain(
    bootstrap: str, topic: str, group: str, events: list[ArticleCleaned], partitions: int, timeout: float
) -> dict[str, Any]:
    reader = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False)
    await reader.start()
    tps = [TopicPartition(topic, p) for p in range(partitions)]
    try:
        started = time.perf_counter()
        spread = await _publish(bootstrap, topic, events)
        published = time.perf_counter()
        while (done := await _committed(reader, tps)) < len(events):
            if time.perf_counter() - started > timeout:
                raise BenchError(f"extract committed {done} of {len(events)} articles in {timeout:.0f}s")
            await asyncio.sleep(0.2)
        seconds = time.perf_counter() - started
    finally:
        await reader.stop()
    return {
        "seconds": seconds,
        "publish_seconds": published - started,
        "articles": len(events),
        "partition_spread": dict(sorted(spread.items())),
    }


def _start_workers(stack: Stack, n: int, env: dict[str, str], echo: Echo) -> list[Proc]:
    procs = []
    for i in range(n):
        port = free_port()
        logs = stack.log_dir / f"extract-{i + 1}" if stack.log_dir else None
        if logs:
            logs.mkdir(parents=True, exist_ok=True)
        worker = dataclasses.replace(
            stack, ports={"extract": port}, procs={}, log_dir=logs, env={**env, "CLAIMSTREAM_EXTRACT_PORT": str(port)}
        )
        procs.append(worker.start_service("extract"))
        stack.procs[f"extract-{i + 1}"] = procs[-1]
        echo(f"  extract worker {i + 1}/{n} ready on port {port}")
    return procs


def run_once(
    stack: Stack, events: list[ArticleCleaned], workers: int, opts: ScalingOptions, echo: Echo
) -> dict[str, Any]:
    """One measurement: ``workers`` fresh extract processes drain ``events`` from a fresh topic."""
    run = uuid.uuid4().hex[:8]
    topic, claims, group = f"scale-{run}.articles", f"scale-{run}.claims", f"scale-{run}"
    create_topics(stack.kafka, [topic, claims], opts.partitions)
    env = {
        **stack.env,
        "CLAIMSTREAM_TOPIC_ARTICLES_CLEANED": topic,
        "CLAIMSTREAM_TOPIC_CLAIMS_EXTRACTED": claims,
        "CLAIMSTREAM_EXTRACT_GROUP_ID": group,
    }
    echo(f"{workers} extract worker(s) on {opts.partitions} partitions:")
    procs = _start_workers(stack, workers, env, echo)
    try:
        time.sleep(SETTLE_SECONDS)
        cpu_before = [probes.cpu_seconds(p.popen.pid) for p in procs]
        result = asyncio.run(_drain(stack.kafka, topic, group, events, opts.partitions, opts.timeout))
        cpu = [probes.cpu_seconds(p.popen.pid) - before for p, before in zip(procs, cpu_before, strict=True)]
    finally:
        for proc in procs:
            proc.stop()
    rate = result["articles"] / result["seconds"]
    result.update(
        workers=workers,
        partitions=opts.partitions,
        articles_per_s=rate,
        articles_per_s_per_worker=rate / workers,
        extract_cpu_ms_per_article=1000 * sum(cpu) / result["articles"],
        extract_cores_busy=sum(cpu) / result["seconds"],
        workers_active=sum(1 for c in cpu if c > 0.05 * max(cpu)),
    )
    echo(
        f"  {rate:.2f} articles/s ({rate / workers:.2f} per worker) in {result['seconds']:.1f}s; "
        f"{result['extract_cores_busy']:.2f} cores busy; spread over partitions {result['partition_spread']}"
    )
    return result


def run_scaling(inp: Input, opts: ScalingOptions, log_dir: Path, echo: Echo = print) -> dict[str, Any]:
    """Every worker count of ``opts`` in turn on one broker; the result for docs/benchmark.md's "Scaling" table."""
    if max(opts.workers) > opts.partitions:
        echo(f"note: {max(opts.workers)} workers on {opts.partitions} partitions: the extra workers will idle")
    events = events_for(inp, opts.articles, echo)
    log_dir.mkdir(parents=True, exist_ok=True)
    kafka_proc, bootstrap = start_tansu(log_dir=log_dir)
    stack = Stack(bootstrap, "", {}, {"CLAIMSTREAM_KAFKA_BOOTSTRAP_SERVERS": bootstrap}, {"kafka": kafka_proc}, log_dir)
    started = {"load_avg_start": os.getloadavg(), "cpus": os.cpu_count(), "python": sys.version.split()[0]}
    try:
        runs = [run_once(stack, events, w, opts, echo) for w in opts.workers]
    finally:
        kafka_proc.stop()
    base = runs[0]["articles_per_s"] / runs[0]["workers"]
    for r in runs:
        r["speedup"] = r["articles_per_s"] / runs[0]["articles_per_s"]
        r["efficiency"] = r["articles_per_s_per_worker"] / base
    return {
        "options": dataclasses.asdict(opts),
        "input": inp.description,
        "machine": {**started, "load_avg_end": os.getloadavg()},
        "runs": runs,
    }


def table(result: dict[str, Any]) -> str:
    """The Markdown table of docs/benchmark.md's "Scaling" section."""
    lines = [
        "| extract workers | partitions | articles/s | per worker | speedup | efficiency | extract cores busy | CPU ms/article |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in result["runs"]:
        lines.append(
            f"| {r['workers']} | {r['partitions']} | {r['articles_per_s']:.2f} | {r['articles_per_s_per_worker']:.2f} | "
            f"×{r['speedup']:.2f} | {r['efficiency']:.2f} | {r['extract_cores_busy']:.2f} | {r['extract_cpu_ms_per_article']:.0f} |"
        )
    return "\n".join(lines)


def main(workers: str, articles: int, corpus: Path, out: Path, echo: Echo = print) -> int:
    """``claimstream bench --scaling-workers 1,2,4``: run, print the table, write scaling.json and scaling.md to ``out``."""
    import json

    from claimstream.bench.corpus import load_input

    try:
        counts = tuple(sorted({int(w) for w in workers.split(",") if w.strip()}))
    except ValueError:
        echo(f"--scaling-workers takes worker counts such as 1,2,4, not {workers!r}")
        return 2
    if not counts or min(counts) < 1:
        echo("--scaling-workers needs at least one count of 1 or more")
        return 2
    opts = ScalingOptions(workers=counts, partitions=max(counts), articles=articles)
    inp = load_input(corpus)
    echo(f"input: {inp.description}")
    try:
        result = run_scaling(inp, opts, (out / "logs-scaling").resolve(), echo)
    except BenchError as exc:
        echo(f"scaling benchmark failed: {exc}")
        return 1
    out.mkdir(parents=True, exist_ok=True)
    (out / "scaling.json").write_text(json.dumps(result, indent=2))
    (out / "scaling.md").write_text(table(result) + "\n")
    echo("\n" + table(result))
    echo(f"wrote {out / 'scaling.json'} and {out / 'scaling.md'}")
    return 0
