"""Cost of placing one article into a story with 10,000 articles stored: ``python bench/bench_stories_es.py
[SHARED_DIR] [--stored N] [--probe M]``.

Starts an osmem server, stores N articles (PolNeAR's 924 repeated in yearly copies, so the stream keeps its
real shape: about three articles a day, stories of one to a dozen) with their story documents, clustered by the
in-memory :class:`centroids.Clusterer`, then places M more articles (the next copy) through
:class:`story_state.StoryIndex` one at a time, as an index worker does, and prints the median and 90th
percentile per article of: the article's vectors (:func:`centroids.article`; the MinHash and names were
already computed before this change), and the placement (candidate search, decision, story write).

Without the PolNeAR texts (``SHARED_DIR/external/polnear``) it prints a "skipped" line and exits 0.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

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


async def run(url: str, stream: list[ev.StreamArticle], stored: int, probe: int) -> None:
    store = Store(build_client(IndexSettings(kafka_bootstrap_servers="unused:1", elasticsearch_url=url)), "b-")
    await store.ensure()
    items = _copies(stream, stored + probe)
    print(f"vectors and in-memory clustering of {stored} stored articles ...", flush=True)
    clusterer = centroids.Clusterer()
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
    for i in range(0, len(actions), 1000):
        await store.bulk(actions[i : i + 1000])
    await store.es.indices.refresh(index=store.alias("articles"))
    await store.es.indices.refresh(index=store.alias("stories"))
    print(f"stored {stored} articles in {len(clusterer.stories)} stories; placing {probe} more ...", flush=True)
    index = StoryIndex(store)
    await index.vocabulary()
    vec_ms, place_ms = [], []
    for aid, a in items[stored:]:
        t0 = time.perf_counter()
        art = centroids.article(aid, a.text, a.title, a.time)
        t1 = time.perf_counter()
        await index.place(art, a.outlet)
        t2 = time.perf_counter()
        vec_ms.append((t1 - t0) * 1000)
        place_ms.append((t2 - t1) * 1000)
    await store.es.close()

    def stats(xs: list[float]) -> str:
        xs = sorted(xs)
        return f"median {statistics.median(xs):6.2f} ms   p90 {xs[int(0.9 * (len(xs) - 1))]:6.2f} ms"

    print(f"article vectors (centroids.article)   {stats(vec_ms)}")
    print(f"placement (search, decide, write)     {stats(place_ms)}")
    print(f"total per article                     {stats([a + b for a, b in zip(vec_ms, place_ms, strict=True)])}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", nargs="?", type=Path, default=SHARED)
    parser.add_argument("--stored", type=int, default=10_000)
    parser.add_argument("--probe", type=int, default=200)
    args = parser.parse_args()
    polnear = args.shared / "external" / "polnear"
    if not (polnear / "train.json").is_file():
        print(f"stories (Elasticsearch): skipped ({polnear}/train.json absent)")
        return 0
    stream = sorted(ev.load_polnear(polnear), key=lambda a: (a.time, a.article_id))
    start = datetime.now(UTC)
    proc, url = embedded.start_osmem(log_dir=Path(tempfile.mkdtemp(prefix="bench-stories-")))
    try:
        asyncio.run(run(url, stream, args.stored, args.probe))
    finally:
        proc.stop()
    print(f"({(datetime.now(UTC) - start).total_seconds():.0f}s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
