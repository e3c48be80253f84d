"""Cost of placing articles into stories with thousands of articles stored: ``python bench/bench_stories_es.py
[SHARED_DIR] [--stored 2000,10000] [--probe M] [--batch B] [--out FILE]``.

For each stored size N: starts an osmem server, stores N articles (PolNeAR's 924 repeated in yearly copies, so
the stream keeps its real shape: about three articles a day, stories of one to a dozen) with their story
documents, clustered by the in-memory :class:`centroids.Clusterer`, then places M more articles (the next copy)
through :class:`story_state.StoryIndex` in batches of B, as an index worker does, and prints the median and 90th
percentile per article of: the article's vectors (:func:`centroids.article`), and the placement (a batch's wall
time, requests to the search server included, divided by its articles) and its part outside the requests (the
worker's own work), with the requests per article, the time of each request kind, and of each decision in memory
(:func:`centroids.decide`), and the mean size of a stored story document.
``--out`` writes the figures as JSON (bench/results/).

Without the PolNeAR texts (``SHARED_DIR/external/polnear``) it prints a "skipped" line and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from claimstream import embedded
from claimstream import evaluate_stories as ev
from claimstream.services.index import centroids
from claimstream.services.index.documents import Action
from claimstream.services.index.store import Store
from claimstream.services.index.story_state import StoryIndex, _source
from claimstream.shared.elastic import build_client
from claimstream.shared.settings import IndexSettings

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _copies(stream: list[ev.StreamArticle], n: int) -> list[tuple[str, ev.StreamArticle]]:
    out = []
    k = 0
    while len(out) < n:
        shift = timedelta(days=400 * k)
        for a in stream:
            out.append(
                (f"{k}-{a.article_id}", a.__class__(f"{k}-{a.article_id}", a.time + shift, a.title, a.text, a.outlet))
            )
            if len(out) == n:
                break
        k += 1
    return out


def _stats(xs: list[float]) -> dict[str, float]:
    xs = sorted(xs)
    return {"median": round(statistics.median(xs), 3), "p90": round(xs[int(0.9 * (len(xs) - 1))], 3)}


async def run(url: str, stream: list[ev.StreamArticle], stored: int, probe: int, batch: int) -> dict[str, object]:
    store = Store(build_client(IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=url)), "b-")
    await store.ensure()
    items = _copies(stream, stored + probe)
    print(f"vectors and in-memory clustering of {stored} stored articles ...", flush=True)
    clusterer = centroids.Clusterer()  # compares each article with the live window only: linear time
    actions: list[Action] = []
    for aid, a in items[:stored]:
        art = centroids.article(aid, a.text, a.title, a.time)
        d = clusterer.add(art)
        doc = {
            "article_id": aid,
            "story_id": d.story_id,
            "story_time": art.time.isoformat(),
            "story_terms": sorted(art.terms()),
        }
        actions.append(Action(store.alias("articles"), aid, doc))
    members: dict[str, list[str]] = {}
    for aid, sid in clusterer.assignment().items():
        members.setdefault(sid, []).append(aid)
    for sid, story in clusterer.stories.items():
        actions.append(
            Action(store.alias("stories"), sid, _source(story, {"members": members.get(sid, [])}, None, None))
        )
    sizes = [len(json.dumps(x.doc, separators=(",", ":"))) for x in actions if x.alias == store.alias("stories")]
    for i in range(0, len(actions), 1000):
        await store.bulk(actions[i : i + 1000])
    await store.es.indices.refresh(index=store.alias("articles"))
    await store.es.indices.refresh(index=store.alias("stories"))
    print(
        f"stored {stored} articles in {len(clusterer.stories)} stories; placing {probe} more ...",
        flush=True,
    )
    requests = 0
    transport = store.es.transport
    perform = transport.perform_request

    spent: dict[str, list[float]] = {}

    async def counted(*args: object, **kwargs: object) -> object:
        nonlocal requests
        requests += 1
        t = time.perf_counter()
        try:
            return await perform(*args, **kwargs)  # type: ignore[arg-type]
        finally:
            target = args[1] if len(args) > 1 else kwargs.get("target")
            kind = str(target).split("?")[0].rsplit("/", 1)[-1]  # _search, _bulk, _mget, ...
            spent.setdefault(kind, []).append((time.perf_counter() - t) * 1000)

    transport.perform_request = counted  # type: ignore[method-assign]
    decided: list[float] = []  # ms of each decision in memory (centroids.decide, as the worker calls it)
    decide = centroids.decide

    def timed(*args: Any, **kwargs: Any) -> Any:
        t = time.perf_counter()
        try:
            return decide(*args, **kwargs)
        finally:
            decided.append((time.perf_counter() - t) * 1000)

    centroids.decide = timed  # type: ignore[assignment]
    index = StoryIndex(store)
    await index.vocabulary()
    requests = 0
    spent.clear()
    decided.clear()
    vec_ms, place_ms, own_ms, held = [], [], [], []
    rest = items[stored:]
    for i in range(0, len(rest), batch):
        t0 = time.perf_counter()
        arts = [(centroids.article(aid, a.text, a.title, a.time), a.outlet) for aid, a in rest[i : i + batch]]
        waited = sum(map(sum, spent.values()))
        t1 = time.perf_counter()
        await index.place_all(arts)
        t2 = time.perf_counter()
        waited = sum(map(sum, spent.values())) - waited  # ms in requests to the search server
        vec_ms += [(t1 - t0) * 1000 / len(arts)] * len(arts)
        place_ms += [(t2 - t1) * 1000 / len(arts)] * len(arts)
        own_ms += [((t2 - t1) * 1000 - waited) / len(arts)] * len(arts)
        held.append(len(index.held))
    await store.es.close()
    centroids.decide = decide  # type: ignore[assignment]
    result = {
        "stored_articles": stored,
        "stored_stories": len(clusterer.stories),
        "story_document_bytes": {"mean": round(statistics.mean(sizes)), **_stats([float(n) for n in sizes])},
        "placed": len(rest),
        "batch": batch,
        "vectors_ms": _stats(vec_ms),
        "placement_ms": _stats(place_ms),
        "placement_own_ms": _stats(own_ms),
        "total_ms": _stats([a + b for a, b in zip(vec_ms, place_ms, strict=True)]),
        "requests_per_article": round(requests / len(rest), 3),
        "stories_held_max": max(held),
        "decision_ms": _stats(decided),
        "request_ms": {kind: {"count": len(xs), **_stats(xs)} for kind, xs in sorted(spent.items())},
        "conflicts": index.conflicts,
    }
    v, p, t, o = result["vectors_ms"], result["placement_ms"], result["total_ms"], result["placement_own_ms"]
    print(f"article vectors (centroids.article)   median {v['median']:6.2f} ms   p90 {v['p90']:6.2f} ms")  # type: ignore[index]
    print(f"placement (per article of a batch)    median {p['median']:6.2f} ms   p90 {p['p90']:6.2f} ms")  # type: ignore[index]
    print(f"  of which the worker's own (no request) median {o['median']:6.2f} ms   p90 {o['p90']:6.2f} ms")  # type: ignore[index]
    print(f"total per article                     median {t['median']:6.2f} ms   p90 {t['p90']:6.2f} ms")  # type: ignore[index]
    print(
        f"decision in memory (centroids.decide) median {_stats(decided)['median']:6.2f} ms   p90 {_stats(decided)['p90']:6.2f} ms"
    )
    print(f"requests per article {result['requests_per_article']}; at most {max(held)} stories held")
    print(f"story documents stored: mean {statistics.mean(sizes):.0f} bytes (compact JSON)")
    for kind, xs in sorted(spent.items()):
        print(f"  {kind:8} {len(xs):4} requests   {_stats(xs)}")
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", nargs="?", type=Path, default=SHARED)
    parser.add_argument("--stored", default="2000,10000", help="stored article counts, comma-separated")
    parser.add_argument("--probe", type=int, default=200, help="articles placed after them")
    parser.add_argument("--batch", type=int, default=20, help="articles per batch (an index worker's poll)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    args = parser.parse_args()
    polnear = args.shared / "external" / "polnear"
    if not (polnear / "train.json").is_file():
        print(f"stories (Elasticsearch): skipped ({polnear}/train.json absent)")
        return 0
    stream = sorted(ev.load_polnear(polnear), key=lambda a: (a.time, a.article_id))
    start = datetime.now(UTC)
    runs = []
    load = os.getloadavg()[0]
    for stored in (int(x) for x in args.stored.split(",")):
        proc, url = embedded.start_osmem(log_dir=Path(tempfile.mkdtemp(prefix="bench-stories-")))
        try:
            runs.append(asyncio.run(run(url, stream, stored, args.probe, args.batch)))
        finally:
            proc.stop()
    print(f"({(datetime.now(UTC) - start).total_seconds():.0f}s)")
    if args.out:
        env = {
            "cpus": os.cpu_count(),
            "load_average_start": round(load, 2),
            "load_average_end": round(os.getloadavg()[0], 2),
        }
        result = {"bench": "bench/bench_stories_es.py", "date": start.date().isoformat(), "env": env, "runs": runs}
        args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
