"""What the embedded search server (osmem) keeps per real corpus article and claim, and what retention gives back.

    .venv/bin/python scripts/memory_bench.py [--articles 373] [--templates DIR] [--json OUT]

1. Cleans ``--articles`` real HTML pages of ``<repo>/../shared/corpus`` (claimstream/bench/corpus.py) as ingest
   does and extracts their claims in-process as extract does (English only), one article ingested a second
   after the other. Exits with status 2 and a message when the corpus is absent.
2. Starts an empty osmem, installs the templates as the index service does (``Store.ensure``), and writes the
   articles and claims as the index handlers do: story assignment and linking, one bulk request per batch
   (documents built by services/index/documents.py), articles of a batch first, then their claims.
3. Reports osmem's resident memory (``VmRSS``) empty, after indexing (settled: osmem has no GC endpoint, so
   RSS is sampled until it stops falling for 3 s, at most ``--settle`` seconds), its peak (``VmHWM``), the Go
   heap osmem marked live at its last GC (``GODEBUG=gctrace=1``; a GC happens when the heap doubles (GOGC=100)
   or after 2 idle minutes, so this figure can be stale), per article and per claim, and the snapshot size;
   then deletes the oldest half with services/index/retention.py and reports again, after ``_forcemerge``, and
   for a fresh osmem seeded from the snapshot (what a restart of the launcher's search server holds).

``--templates DIR`` measures other mappings: ``DIR/<kind>.json`` replaces deploy/elasticsearch/<kind>.json
for the kinds it has. ``--copies K`` indexes the articles K times under new ids (more articles than the
corpus has). ``--cache FILE`` keeps the cleaned articles and claims between runs (extraction takes a minute or
more); it is used only when it was made from the same ``--articles``. osmem inherits the environment, so
``GOGC=50 scripts/memory_bench.py`` measures another GC setting.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimstream.bench.corpus import DEFAULT_CORPUS, corpus_sources  # noqa: E402
from claimstream.datadir import DataDir, take_snapshot  # noqa: E402
from claimstream.embedded import start_osmem  # noqa: E402
from claimstream.services.index import store as store_module  # noqa: E402
from claimstream.services.index.documents import Action, article_doc, claim_doc  # noqa: E402
from claimstream.services.index.linking import Linker  # noqa: E402
from claimstream.services.index.retention import apply_retention  # noqa: E402
from claimstream.services.index.store import Store  # noqa: E402
from claimstream.shared.events import ArticleCleaned, ClaimExtracted  # noqa: E402

MB = 2**20
START = datetime(2026, 1, 1, tzinfo=UTC)  # ingested_at of the first article; one second apart


def say(message: str) -> None:
    print(f"[memory_bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def status_mb(pid: int, key: str) -> float:
    """``VmRSS`` / ``VmHWM`` (peak) of ``pid`` from /proc, MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{key}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {key} for pid {pid}")


def settled_rss(pid: int, quiet: float = 3.0, longest: float = 60.0) -> float:
    """RSS once it has not fallen for ``quiet`` seconds (the Go runtime returns freed pages gradually)."""
    deadline = time.monotonic() + longest
    low, low_since = status_mb(pid, "VmRSS"), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - low_since < quiet:
        time.sleep(0.5)
        if (rss := status_mb(pid, "VmRSS")) < low - 0.5:
            low, low_since = rss, time.monotonic()
    return status_mb(pid, "VmRSS")


_GC_LINE = re.compile(r"gc \d+ @.*?(\d+)->(\d+)->(\d+) MB")


def live_heap_mb(log: Path) -> float | None:
    """The Go heap osmem marked live at its last GC (``GODEBUG=gctrace=1`` lines in its log), MB."""
    found = _GC_LINE.findall(log.read_text(errors="replace")) if log.is_file() else []
    return float(found[-1][2]) if found else None


# --- input: cleaned articles and their claims -------------------------------------------------------------


def build_events(count: int, corpus: Path) -> tuple[list[ArticleCleaned], list[ClaimExtracted]]:
    """Clean ``count`` corpus pages (ingest's code) and extract their claims (extract's code)."""
    from claimstream.services.extract.batch import extract_batch
    from claimstream.services.extract.claims import ClaimExtractor
    from claimstream.services.ingest.articles import ArticleIn, clean, to_event
    from claimstream.services.ingest.clean import CleaningError

    articles: list[ArticleCleaned] = []
    sources = corpus_sources(corpus)[:count]
    for i, source in enumerate(sources):
        body = ArticleIn(url=source.url, html=source.html)
        try:
            articles.append(to_event(body, clean(body), START + timedelta(seconds=i)))
        except CleaningError as exc:
            say(f"{source.name}: rejected by cleaning ({exc})")
        if (i + 1) % 100 == 0:
            say(f"cleaned {i + 1}/{len(sources)} pages")
    say(f"{len(articles)} articles cleaned; extracting claims (spaCy, in-process) ...")
    extractor = ClaimExtractor()
    claims: list[ClaimExtracted] = []
    for start in range(0, len(articles), 50):
        claims += extract_batch(extractor, articles[start : start + 50]).claims
        say(f"extracted {min(start + 50, len(articles))}/{len(articles)} articles: {len(claims)} claims")
    return articles, claims


def load_events(args: argparse.Namespace) -> tuple[list[ArticleCleaned], list[ClaimExtracted]]:
    """The events for this run, from ``--cache`` when it matches, else built (and cached)."""
    cache: Path | None = args.cache
    if cache is not None and cache.is_file():
        data = json.loads(cache.read_text())
        if data["pages"] == args.articles:
            say(f"articles and claims from {cache}")
            return (
                [ArticleCleaned.model_validate(a) for a in data["articles"]],
                [ClaimExtracted.model_validate(c) for c in data["claims"]],
            )
    articles, claims = build_events(args.articles, args.corpus)
    if cache is not None:
        dump = {
            "pages": args.articles,
            "articles": [a.model_dump(mode="json") for a in articles],
            "claims": [c.model_dump(mode="json") for c in claims],
        }
        cache.write_text(json.dumps(dump))
    return articles, claims


def replicate(
    articles: list[ArticleCleaned], claims: list[ClaimExtracted], copies: int
) -> tuple[list[ArticleCleaned], list[ClaimExtracted]]:
    """``copies`` times the articles and claims, each copy under new ids (and ingested after the previous copy),
    for more articles than the corpus has. Copies share their texts, so they cost the index less than as many
    different articles would: a lower bound for the memory of that many real ones."""
    out_a, out_c = list(articles), list(claims)
    for copy in range(1, copies):
        shift = timedelta(seconds=copy * len(articles))
        out_a += [
            a.model_copy(update={"article_id": f"{a.article_id}-{copy}", "ingested_at": a.ingested_at + shift})
            for a in articles
        ]
        out_c += [
            c.model_copy(update={"article_id": f"{c.article_id}-{copy}", "claim_id": f"{c.claim_id}-{copy}"})
            for c in claims
        ]
    return out_a, out_c


# --- writing them as the index service does ---------------------------------------------------------------


def use_templates(directory: Path | None) -> None:
    """Make ``Store.ensure`` install ``directory/<kind>.json`` where it exists (a mapping variant)."""
    if directory is None:
        return
    packaged: Callable[[str], dict[str, Any]] = store_module.template

    def template(kind: str) -> dict[str, Any]:
        path = directory / f"{kind}.json"
        return json.loads(path.read_text()) if path.is_file() else packaged(kind)

    store_module.template = template


async def index_all(
    es_url: str, articles: Sequence[ArticleCleaned], claims: Sequence[ClaimExtracted], batch: int
) -> None:
    """Templates, then articles and claims in batches, with the index handlers' steps (handlers.py)."""
    from elasticsearch import AsyncElasticsearch

    from claimstream.shared.elastic import PlainJsonNode

    es = AsyncElasticsearch(es_url, node_class=PlainJsonNode, request_timeout=120)
    store = Store(es)
    by_article: dict[str, list[ClaimExtracted]] = {}
    for claim in claims:
        by_article.setdefault(claim.article_id, []).append(claim)
    try:
        await store.ensure()
        for start in range(0, len(articles), batch):
            part = articles[start : start + batch]
            await write_articles(store, part)
            await write_claims(store, [c for a in part for c in by_article.get(a.article_id, [])])
            say(f"indexed {start + len(part)}/{len(articles)} articles")
    finally:
        await es.close()


async def write_articles(store: Store, articles: Sequence[ArticleCleaned]) -> None:
    links = Linker(store)
    story, merges = await links.assign(articles)
    now = datetime.now(UTC)
    docs = [
        Action(store.alias("articles"), a.article_id, article_doc(a, now, story.get(a.article_id))) for a in articles
    ]
    await must_succeed(store, docs)
    await links.after_articles(articles, merges)


async def write_claims(store: Store, claims: Sequence[ClaimExtracted]) -> None:
    links = Linker(store)
    for start in range(0, len(claims), 500):  # the index service's batch size
        part = claims[start : start + 500]
        known = await links.claim_context(c.article_id for c in part)
        now = datetime.now(UTC)
        docs = [Action(store.alias("claims"), c.claim_id, claim_doc(c, now, known.get(c.article_id))) for c in part]
        await must_succeed(store, docs)
        await links.after_claims({c.article_id for c in part}, known)


async def must_succeed(store: Store, docs: list[Action]) -> None:
    refused = await store.bulk(docs, refresh=True)
    if refused:
        raise RuntimeError(f"{len(refused)} documents refused, e.g. {refused[0]}")


# --- measurements -----------------------------------------------------------------------------------------


def count(es_url: str, alias: str) -> int:
    return int(httpx.post(f"{es_url}/{alias}/_count", json={}, timeout=60).raise_for_status().json()["count"])


def snapshot_mb(es_url: str, root: Path) -> tuple[Path, float]:
    """A snapshot as the launcher takes it, and its size on disk, MB."""
    data = DataDir(root)
    shutil.rmtree(root, ignore_errors=True)
    data.prepare()
    take_snapshot(data, es_url, 0)
    return data.snapshot, sum(p.stat().st_size for p in data.snapshot.iterdir()) / MB


class Server:
    """One osmem process with its own log (for its GC trace)."""

    def __init__(self, work: Path, name: str, seed: Path | None = None) -> None:
        self.log_dir = work / name
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.proc, self.url = start_osmem(log_dir=self.log_dir, seed=seed)

    def sample(self, settle: float) -> dict[str, float | None]:
        """Settled RSS, the live heap of the last GC, and the peak RSS so far, MB."""
        pid = self.proc.popen.pid
        rss = settled_rss(pid, longest=settle)
        return {"rss": rss, "heap": live_heap_mb(self.log_dir / "elasticsearch.log"), "peak": status_mb(pid, "VmHWM")}


def measure(args: argparse.Namespace, articles: list[ArticleCleaned], claims: list[ClaimExtracted]) -> dict[str, Any]:
    """Every figure of the module docstring, as ``{"points": {name: sample}, ...}``."""
    work = Path(tempfile.mkdtemp(prefix="memory-bench-"))
    words = sum(len(a.text.split()) for a in articles)
    result: dict[str, Any] = {"articles": len(articles), "claims": len(claims), "words": words, "points": {}}
    result["templates"] = str(args.templates) if args.templates else "deploy/elasticsearch (packaged)"
    points = result["points"]
    os.environ.setdefault("GODEBUG", "gctrace=1")  # osmem's log then says the live heap after each GC
    server = Server(work, "live")
    try:
        asyncio.run(index_all(server.url, [], [], args.batch))  # templates and empty indices only
        points["empty"] = server.sample(args.settle)
        say(f"empty osmem: {points['empty']['rss']:.0f} MB; indexing {len(articles)} articles ...")
        started = time.monotonic()
        asyncio.run(index_all(server.url, articles, claims, args.batch))
        result["index_seconds"] = round(time.monotonic() - started, 1)
        result["indexed"] = {"articles": count(server.url, "articles"), "claims": count(server.url, "claims")}
        points["full"] = server.sample(args.settle)
        snap, result["snapshot_mb"] = snapshot_mb(server.url, work / "full")
        points["full_restarted"] = restarted(snap, work, "full-restarted", args.settle)
        say(f"after indexing: {points['full']['rss']:.0f} MB; restarted: {points['full_restarted']['rss']:.0f} MB")
        if not args.no_retention:
            retain(args, server, work, result)
    finally:
        server.proc.stop()
        shutil.rmtree(work, ignore_errors=True)
    return result


def retain(args: argparse.Namespace, server: Server, work: Path, result: dict[str, Any]) -> None:
    """Delete the oldest half (retention.py), then sample settled, after a force merge, and restarted."""
    removed = apply_retention(server.url, max_articles=result["articles"] - result["articles"] // 2)
    result["removed"] = {"articles": removed.articles, "claims": removed.claims}
    result["retained"] = {"articles": count(server.url, "articles"), "claims": count(server.url, "claims")}
    result["points"]["half"] = server.sample(args.settle)
    httpx.post(f"{server.url}/_forcemerge", params={"only_expunge_deletes": "true"}, timeout=300).raise_for_status()
    result["points"]["half_merged"] = server.sample(args.settle)
    snap, result["half_snapshot_mb"] = snapshot_mb(server.url, work / "half")
    result["points"]["half_restarted"] = restarted(snap, work, "half-restarted", args.settle)
    say(f"after retention: {result['points']['half']['rss']:.0f} MB")


def restarted(snapshot: Path, work: Path, name: str, settle: float) -> dict[str, float | None]:
    """A fresh osmem seeded from ``snapshot`` (what a restart of the launcher's search server holds)."""
    server = Server(work, name, seed=snapshot)
    try:
        return server.sample(settle)
    finally:
        server.proc.stop()


def table(r: dict[str, Any]) -> str:
    """The result as a plain-text table (RSS, live heap at the last GC), with per-article figures."""
    p = r["points"]
    rows = [
        ("empty", "empty (templates and indices)"),
        ("full", f"{r['articles']} articles + {r['claims']} claims, indexed"),
        ("full_restarted", "  the same, restarted from their snapshot"),
        ("half", f"after retention removed {r.get('removed', {}).get('articles')} articles (oldest half)"),
        ("half_merged", "  then _forcemerge"),
        ("half_restarted", "  the rest, restarted from their snapshot"),
    ]
    lines = [f"{'':<58} {'RSS MB':>8} {'heap MB':>8} {'peak MB':>8}"]
    for key, name in rows:
        if key in p:
            heap = p[key]["heap"]
            lines.append(
                f"{name:<58} {p[key]['rss']:8.0f} {'' if heap is None else f'{heap:8.0f}':>8} {p[key]['peak']:8.0f}"
            )
    n, grown = max(1, r["articles"]), p["full"]["rss"] - p["empty"]["rss"]
    again = p["full_restarted"]["rss"] - p["empty"]["rss"]
    lines.append(
        f"per article ({r['words'] / n:.0f} words, {r['claims'] / n:.1f} claims): {grown / n * 1024:.0f} KB indexed, "
        f"{again / n * 1024:.0f} KB restarted; per claim (as part of its article) {grown / max(1, r['claims']) * 1024:.0f} KB; "
        f"snapshot {r['snapshot_mb']:.1f} MB ({r['snapshot_mb'] / n * 1024:.0f} KB per article)"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=373, help="corpus pages to use (373: all of them)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="default: <repo>/../shared/corpus")
    parser.add_argument("--copies", type=int, default=1, help="index the articles this many times (new ids)")
    parser.add_argument("--templates", type=Path, help="directory of template variants (<kind>.json)")
    parser.add_argument("--batch", type=int, default=100, help="articles per batch (index handler batch)")
    parser.add_argument("--settle", type=float, default=60.0, help="longest wait for RSS to settle, seconds")
    parser.add_argument("--cache", type=Path, help="keep cleaned articles and claims in this JSON file")
    parser.add_argument("--json", type=Path, help="also write the result as JSON here")
    parser.add_argument("--no-claims", action="store_true", help="index the articles only (the claims' share)")
    parser.add_argument("--no-retention", action="store_true", help="stop after the indexed and restarted figures")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir() or not corpus_sources(args.corpus):
        print(f"memory_bench: no corpus at {args.corpus} (it comes from ../shared/corpus); nothing measured")
        return 2
    use_templates(args.templates)
    articles, claims = replicate(*load_events(args), args.copies)
    if args.no_claims:
        claims = []
    result = measure(args, articles, claims)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1))
    print(table(result))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
