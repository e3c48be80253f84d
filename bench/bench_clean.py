"""Benchmark of the ingest cleaner on the shared real-page corpus.

Runs :func:`claimstream.services.ingest.clean.clean_html` over ``<repo>/../shared/corpus`` and reports
throughput (pages/s), the article-extraction-benchmark score (precision/recall/F1 over 4-gram shingles of
``\\w+`` tokens, normalised per document then averaged, as the benchmark's ``evaluate.py``) and the
trafilatura-eval snippet accuracy (``with`` found / ``without`` absent, whitespace collapsed).

Usage: ``.venv/bin/python bench/bench_clean.py [--corpus DIR] [--limit N] [--baseline]``.
``--baseline`` also scores plain ``trafilatura.extract`` (default settings) for comparison.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from claimstream.services.ingest.clean import CleaningError, clean_html

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")
Extractor = Callable[[bytes, str | None], str]


def ours(html: bytes, url: str | None) -> str:
    try:
        return clean_html(html, url).text
    except CleaningError:
        return ""


def baseline(html: bytes, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def tp_fp_fn(true: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp, fn = sum((p - t).values()), sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _share(tp: float, other: float, fp: float, fn: float) -> float:
    """evaluate.py's precision_score/recall_score: a perfect match scores 1 even when empty."""
    if fp == fn == 0:
        return 1.0
    return 0.0 if tp == other == 0 else tp / (tp + other)


def prf(scores: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Precision and recall averaged over documents, F1 of the two averages (as evaluate.py)."""
    precision = statistics.mean(_share(tp, fp, fp, fn) for tp, fp, fn in scores if tp + fp > 0)
    recall = statistics.mean(_share(tp, fn, fp, fn) for tp, fp, fn in scores if tp + fn > 0)
    return precision, recall, 2 * precision * recall / (precision + recall)


def bench_aeb(root: Path, extract: Extractor, limit: int | None) -> tuple[int, float, tuple[float, float, float]]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    keys = sorted(truth)[:limit]
    pages = {k: (root / "html" / f"{k}.html").read_bytes() for k in keys}
    start = time.perf_counter()
    preds = {k: extract(pages[k], truth[k]["url"]) for k in keys}
    elapsed = time.perf_counter() - start
    scores = [tp_fp_fn(truth[k]["articleBody"], preds[k]) for k in keys]
    return len(keys), elapsed, prf(scores)


def bench_trafilatura_eval(root: Path, extract: Extractor, limit: int | None) -> tuple[int, float, float, float, float]:
    data = json.loads((root / "evaldata.json").read_text(encoding="utf-8"))
    names = sorted(data)[:limit]
    found_with = total_with = absent_without = total_without = 0
    start = time.perf_counter()
    for name in names:
        entry = data[name]
        text = _SPACE.sub(" ", extract((root / "html" / f"{name}.html").read_bytes(), entry.get("url")))
        hits_with = [_SPACE.sub(" ", s) in text for s in entry.get("with", [])]
        hits_without = [_SPACE.sub(" ", s) not in text for s in entry.get("without", [])]
        found_with, total_with = found_with + sum(hits_with), total_with + len(hits_with)
        absent_without, total_without = absent_without + sum(hits_without), total_without + len(hits_without)
    elapsed = time.perf_counter() - start
    accuracy = (found_with + absent_without) / max(1, total_with + total_without)
    return len(names), elapsed, found_with / max(1, total_with), absent_without / max(1, total_without), accuracy


def report(label: str, extract: Extractor, corpus: Path, limit: int | None) -> None:
    n, secs, (p, r, f1) = bench_aeb(corpus / "article-extraction-benchmark", extract, limit)
    print(
        f"[{label}] article-extraction-benchmark: {n} pages in {secs:.1f}s = {n / secs:.1f} pages/s; "
        f"precision={p:.3f} recall={r:.3f} F1={f1:.3f}"
    )
    n, secs, with_rate, without_rate, acc = bench_trafilatura_eval(corpus / "trafilatura-eval", extract, limit)
    print(
        f"[{label}] trafilatura-eval: {n} pages in {secs:.1f}s = {n / secs:.1f} pages/s; "
        f"with found={with_rate:.3f} without absent={without_rate:.3f} accuracy={acc:.3f}"
    )


def main() -> int:
    default = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=default)
    parser.add_argument("--limit", type=int, default=None, help="pages per corpus part (default: all)")
    parser.add_argument("--baseline", action="store_true", help="also score plain trafilatura.extract")
    args = parser.parse_args()
    if not (args.corpus / "article-extraction-benchmark").is_dir():
        print(f"corpus not found at {args.corpus}; skipping benchmark")
        return 0
    ours(b"<html><body><p>warm up</p></body></html>", None)  # import/model loading is not throughput
    report("claimstream", ours, args.corpus, args.limit)
    if args.baseline:
        report("trafilatura.extract", baseline, args.corpus, args.limit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
