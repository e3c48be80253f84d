"""Throughput of ClaimExtractor on the gold texts: ``python bench/bench_extract.py [ROUNDS]``. Prints words/s."""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from claimstream.services.extract.claims import ClaimExtractor
from claimstream.shared.events import ArticleCleaned

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "gold" / "articles"


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    now = datetime.now(timezone.utc)
    articles = [
        ArticleCleaned(article_id=p.stem[:64], text=p.read_text(encoding="utf-8"), ingested_at=now)
        for p in sorted(ARTICLES.glob("*.txt"))
    ]
    words = sum(len(a.text.split()) for a in articles) * rounds
    extractor = ClaimExtractor()
    extractor.extract_many(articles[:2])  # warm-up
    start = time.perf_counter()
    claims = sum(len(c) for _ in range(rounds) for c in extractor.extract_many(articles))
    elapsed = time.perf_counter() - start
    print(f"{len(articles)} articles x {rounds} rounds: {words} words, {claims} claims in {elapsed:.2f}s "
          f"-> {words / elapsed:,.0f} words/s")


if __name__ == "__main__":
    main()
