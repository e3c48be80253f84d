"""Load generators: closed-loop full load (throughput) and open-loop paced load (latency), both until searchable.

"Searchable" means the search API shows the article and all the claims the bare run found in it. For the
throughput run that is read from ``GET /stats`` (articles and claims indexed, compared with the counts
before the run); for the latency run each article is polled at ``GET /articles/{id}`` until its claims are
all there, so latencies have a resolution of :data:`POLL_SECONDS`.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Callable
from typing import Any

import httpx

from claimstream.bench.bare import BenchError, Workload

POLL_SECONDS = 0.1  # latency poll interval per article in flight
STATS_POLL_SECONDS = 0.5  # /stats poll interval of the throughput run (each call also samples Kafka offsets)
# If fewer articles or claims than expected arrive (two posts that identify one article, or services running
# other code than this process, e.g. during development), a run ends after the counts stood still this long,
# timed at the last change, and reports the shortfall instead of hanging.
STALL_SECONDS = 10.0
SLOWEST = 5  # slowest articles of a latency run kept in result.json, with their words and claims
Echo = Callable[[str], Any]


async def _stats(search: httpx.AsyncClient) -> tuple[int, int]:
    """(article documents, claim documents) in the index."""
    response = await search.get("/stats")
    response.raise_for_status()
    stats = response.json()
    return int(stats["articles"] if "articles" in stats else stats["indexed"]), int(stats["claims"])


async def _post(ingest: httpx.AsyncClient, body: dict[str, str]) -> str:
    response = await ingest.post("/articles", json=body)
    if response.status_code != 202:
        raise BenchError(f"POST /articles answered {response.status_code}: {response.text[:300]}")
    return str(response.json()["article_id"])


async def full_load(
    ingest: httpx.AsyncClient,
    search: httpx.AsyncClient,
    workload: Workload,
    tag: str,
    concurrency: int,
    timeout: float,
    echo: Echo,
) -> dict[str, Any]:
    """Post every article with ``concurrency`` posters (each posts its next one as soon as the last got 202);
    return wall time from the first POST until ``/stats`` shows every article and claim indexed."""
    before = await _stats(search)
    want = (before[0] + len(workload.articles), before[1] + workload.claims)
    todo = iter(enumerate(workload.articles))
    started = time.perf_counter()

    async def poster() -> None:
        for i, article in todo:
            await _post(ingest, article.source.body(f"{tag}-{i}"))

    await asyncio.gather(*(poster() for _ in range(concurrency)))
    posted = time.perf_counter()
    last_echo = changed = posted
    seen = before
    while True:
        stats = await _stats(search)
        now = time.perf_counter()
        if stats != seen:
            seen, changed = stats, now
        if stats[0] >= want[0] and stats[1] >= want[1]:
            break
        if now - changed > STALL_SECONDS:
            echo(
                f"    WARNING: {want[0] - stats[0]} articles and {want[1] - stats[1]} claims fewer than expected stood "
                "still; timing up to the last one indexed"
            )
            now = changed
            break
        if now - started > timeout:
            raise BenchError(
                f"run {tag}: not searchable after {timeout:.0f}s (have {stats}, want {want} articles/claims)"
            )
        if now - last_echo > 5:
            echo(
                f"    indexed {stats[0] - before[0]}/{len(workload.articles)} articles, "
                f"{stats[1] - before[1]}/{workload.claims} claims ({now - started:.0f}s)"
            )
            last_echo = now
        await asyncio.sleep(STATS_POLL_SECONDS)
    seconds = now - started
    n = len(workload.articles)
    return {
        "seconds": seconds,
        "articles_per_s": n / seconds,
        "words_per_s": workload.words / seconds,
        "claims_per_s": workload.claims / seconds,
        "post_seconds": posted - started,
        "ingest_articles_per_s": n / (posted - started),
        "claims_missing": max(0, want[1] - stats[1]),
        "articles_missing": max(0, want[0] - stats[0]),
    }


async def paced_load(
    ingest: httpx.AsyncClient,
    search: httpx.AsyncClient,
    workload: Workload,
    tag: str,
    rate: float,
    timeout: float,
    echo: Echo,
) -> dict[str, Any]:
    """Open loop: start POST ``i`` at ``i / rate`` seconds whatever the earlier ones are doing; return the
    percentiles of POST-to-searchable latency (and of POST to the article document alone), and the slowest
    articles with their size."""

    async def one(i: int, expected: int, body: dict[str, str]) -> tuple[float, float]:
        """(POST -> article and all its claims searchable, POST -> article document searchable)."""
        started = time.perf_counter()
        article_id = await _post(ingest, body)
        seen, changed, article_at = -1, started, None
        while time.perf_counter() - started < timeout:
            await asyncio.sleep(POLL_SECONDS)
            response = await search.get(f"/articles/{article_id}")
            now = time.perf_counter()
            claims = len(response.json()["claims"]) if response.status_code == 200 else -1
            if claims >= 0 and article_at is None:
                article_at = now - started
            if claims != seen:
                seen, changed = claims, now
            if claims >= expected:
                return now - started, article_at if article_at is not None else now - started
            if claims >= 0 and now - changed > STALL_SECONDS:  # fewer claims than the bare run: see STALL_SECONDS
                return changed - started, article_at if article_at is not None else changed - started
        raise BenchError(f"run {tag}: article {i} not searchable after {timeout:.0f}s")

    t0 = time.perf_counter()
    tasks = []
    for i, article in enumerate(workload.articles):
        await asyncio.sleep(max(0.0, t0 + i / rate - time.perf_counter()))
        tasks.append(asyncio.create_task(one(i, article.claims, article.source.body(f"{tag}-{i}"))))
        if i and i % 25 == 0:
            echo(f"    posted {i}/{len(workload.articles)} at {rate:.2f} articles/s")
    offered = time.perf_counter() - t0
    results = await asyncio.gather(*tasks)
    latencies = sorted(r[0] for r in results)
    cuts = _percentiles(latencies)
    article_cuts = _percentiles(sorted(r[1] for r in results))
    slowest = sorted(range(len(results)), key=lambda i: -results[i][0])[:SLOWEST]
    return {
        "rate_per_s": rate,
        "offered_per_s": (len(tasks) - 1) / offered if offered else rate,
        "p50_s": cuts[49],
        "p95_s": cuts[94],
        "p99_s": cuts[98],
        "max_s": latencies[-1],
        "mean_s": statistics.fmean(latencies),
        "samples": len(latencies),
        # when the article document itself was searchable (its claims come later, after extraction)
        "article_p50_s": article_cuts[49],
        "article_p95_s": article_cuts[94],
        "slowest": [
            {
                "index": i,
                "seconds": round(results[i][0], 3),
                "article_seconds": round(results[i][1], 3),
                "words": workload.articles[i].words,
                "claims": workload.articles[i].claims,
            }
            for i in slowest
        ],
    }


def _percentiles(values: list[float]) -> list[float]:
    return statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
