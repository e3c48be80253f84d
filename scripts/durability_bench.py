"""Restart time with N stored articles, and the search server's memory per article (docs/operations.md).

    .venv/bin/python scripts/durability_bench.py --articles 10000 [--sample 200] [--root /tmp/cs-bench]

1. Extracts claims in-process from ``--sample`` synthetic articles (tests/test_faults.synthetic_article) and
   clones them (new ids, their own URLs and outlets) up to ``--articles``; writes them as a data directory: a
   journal of every article and a snapshot (osmem seed format) covering it, as ``claimstream up`` leaves it.
2. Starts ``claimstream up --data-dir`` and times until the search API finds all articles; prints the search
   server's resident memory then (and empty, for the baseline) and the memory per article.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from claimstream.datadir import DataDir, take_snapshot  # noqa: E402
from claimstream.embedded import free_port  # noqa: E402
from claimstream.launcher import rss_bytes  # noqa: E402
from claimstream.services.index.documents import article_doc, claim_doc  # noqa: E402
from claimstream.services.ingest.journal import Journal  # noqa: E402
from claimstream.shared.events import ArticleCleaned  # noqa: E402


def build(root: Path, articles: int, sample: int) -> tuple[int, int]:
    """A data directory with ``articles`` journaled and snapshotted articles; returns (articles, claims)."""
    from claimstream.services.extract.claims import ClaimExtractor
    from tests.test_faults import synthetic_article

    extractor = ClaimExtractor()
    now = datetime.now(UTC)
    base = [
        ArticleCleaned(
            article_id=f"s{i:06d}",
            text=b["text"],
            url=b["url"],
            outlet=b["outlet"],
            title=b["title"],
            ingested_at=now,
            language="en",
        )
        for i, b in enumerate(synthetic_article("bench", i) for i in range(sample))
    ]
    claims = extractor.extract_many(base)
    data = DataDir(root / "data")
    shutil.rmtree(data.root, ignore_errors=True)
    data.prepare()
    journal = Journal(data.journal)
    seed = root / "seed"
    shutil.rmtree(seed, ignore_errors=True)
    seed.mkdir(parents=True)
    n_claims = 0
    with open(seed / "articles-v1.ndjson", "w") as fa, open(seed / "claims-v1.ndjson", "w") as fc:
        for i in range(articles):
            src = base[i % sample]
            event = src.model_copy(
                update={"article_id": f"a{i:07d}", "url": f"https://bench.example/{i}", "outlet": f"Wire {i % 50}"}
            )
            journal.append_sync(event)
            fa.write(json.dumps({"index": {"_index": "articles-v1", "_id": event.article_id}}) + "\n")
            fa.write(json.dumps(article_doc(event, now)) + "\n")
            for claim in claims[i % sample]:
                c = claim.model_copy(
                    update={
                        "article_id": event.article_id,
                        "claim_id": f"{event.article_id}-{claim.claim_id}",
                        "outlet": event.outlet,
                        "url": event.url,
                    }
                )
                fc.write(json.dumps({"index": {"_index": "claims-v1", "_id": c.claim_id}}) + "\n")
                fc.write(json.dumps(claim_doc(c, now)) + "\n")
                n_claims += 1
    journal.close()
    return articles, n_claims


def empty_snapshot(root: Path) -> tuple[Path, float]:
    """Templates and empty indices as the index service creates them (a throw-away stack), and the search
    server's resident memory, MB, while empty."""
    from claimstream.embedded import embedded_stack

    with embedded_stack(log_dir=root / "logs-empty", services=("index",)) as stack:
        tmp = DataDir(root / "empty")
        shutil.rmtree(tmp.root, ignore_errors=True)
        tmp.prepare()
        take_snapshot(tmp, stack.elasticsearch, 0)
        return tmp.snapshot, rss_bytes(stack.procs["elasticsearch"].popen.pid) / 2**20


def timed_start(root: Path, expected: int) -> dict[str, float]:
    ports = {name: free_port() for name in ("ingest", "extract", "index")}
    argv = [
        sys.executable,
        "-m",
        "claimstream.cli",
        "up",
        "--data-dir",
        str(root / "data"),
        "--log-dir",
        str(root / "logs"),
        "--ingest-port",
        str(ports["ingest"]),
        "--extract-port",
        str(ports["extract"]),
        "--search-port",
        str(ports["index"]),
        "--max-articles",
        str(expected * 2),
    ]
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdout=open(root / "up.log", "wb"), stderr=subprocess.STDOUT, start_new_session=True)
    try:
        while True:
            assert proc.poll() is None, (root / "up.log").read_text()[-3000:]
            try:
                found = httpx.get(f"http://127.0.0.1:{ports['index']}/articles", params={"size": 1}, timeout=5).json()
                if found.get("total", 0) >= expected:
                    break
            except (httpx.HTTPError, ValueError):
                pass
            time.sleep(0.5)
        searchable = time.monotonic() - started
        time.sleep(2)
        state = json.loads((root / "data" / "supervisor.json").read_text())
        return {
            "searchable_seconds": round(searchable, 1),
            "search_rss_mb": round(rss_bytes(state["pids"]["elasticsearch"]) / 2**20, 1),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=200, help="articles really extracted (the rest are clones)")
    parser.add_argument("--root", type=Path, default=Path("/tmp/claimstream-durability-bench"))
    args = parser.parse_args()
    args.root.mkdir(parents=True, exist_ok=True)
    empty, empty_mb = empty_snapshot(args.root)
    n_articles, n_claims = build(args.root, args.articles, args.sample)
    snapshot = DataDir(args.root / "data").snapshot
    shutil.copytree(empty, snapshot)
    for name in ("articles-v1", "claims-v1"):
        shutil.copy(args.root / "seed" / f"{name}.ndjson", snapshot / f"{name}.ndjson")
    (snapshot / "meta.json").write_text(json.dumps({"journal_position": n_articles, "documents": {}}))
    result: dict[str, float] = {
        "articles": n_articles,
        "claims": n_claims,
        "empty_rss_mb": round(empty_mb, 1),
        **timed_start(args.root, n_articles),
    }
    result["kb_per_article"] = round((result["search_rss_mb"] - empty_mb) * 1024 / n_articles, 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
