"""Benchmark of what enters through the sources: publication dates and dedup, on the shared real-page corpus.

- **Dates**: pages whose URL carries the publication day (``/2019/11/19/``, ``/2019-11-19/``) are cleaned with
  :func:`clean_html` *without* the URL (htmldate would otherwise read the day from the URL itself) and, for
  reference, with it; the found day is compared with the URL's (exact day, and within one day for time zones).
- **URL dedup**: every corpus URL in common variants (tracking parameters, fragment, AMP forms, case, port,
  trailing slash) must give the article id of the plain URL.
- **Near-duplicates**: every cleaned corpus text goes into a :class:`NearDuplicates` index; then simulated
  syndicated copies (other boilerplate and headline, last paragraph cut, an editor's line added, 5 % of words
  changed) must be marked ``duplicate_of`` their original (recall), while the distinct originals must not be
  marked (false positives, listed so they can be checked by hand).

Usage: ``.venv/bin/python bench/bench_sources.py [--corpus DIR] [--limit N] [--threshold 0.6]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

from claimstream.services.ingest.clean import CleaningError, article_id_for, clean_html
from claimstream.services.ingest.dedup import NearDuplicates

_PAGE_URLS = re.compile(
    rb"<link[^>]+rel=[\"']?(?:canonical|amphtml|alternate|shortlink)[^>]*>|<meta[^>]+(?:og:url|twitter:url)[^>]*>", re.I
)
_URL_DAY = re.compile(r"/((?:19|20)\d\d)[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?=[/\-._]|$)")


def corpus_pages(corpus: Path) -> list[tuple[str, str | None, Path]]:
    """(name, url, html path) of every corpus page."""
    pages = []
    aeb = corpus / "article-extraction-benchmark"
    if aeb.is_dir():
        for key, entry in sorted(json.loads((aeb / "ground-truth.json").read_text()).items()):
            pages.append((f"aeb/{key[:12]}", entry.get("url"), aeb / "html" / f"{key}.html"))
    tev = corpus / "trafilatura-eval"
    if tev.is_dir():
        for name, entry in sorted(json.loads((tev / "evaldata.json").read_text()).items()):
            pages.append((f"te/{name}", entry.get("url"), tev / "html" / f"{name}.html"))
    return [p for p in pages if p[2].is_file()]


def url_day(url: str | None) -> date | None:
    match = _URL_DAY.search(url or "")
    if match is None:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def bench_dates(pages: list[tuple[str, str | None, Path]]) -> dict[str, object]:
    dated = [(name, url, path, day) for name, url, path in pages if (day := url_day(url)) is not None]
    report: dict[str, object] = {"pages_with_url_date": len(dated)}
    for mode in ("with_url", "without_url", "without_any_url"):
        found = exact = near = 0
        rules: Counter[str] = Counter()
        misses = []
        for name, url, path, day in dated:
            html = path.read_bytes()
            if mode == "without_any_url":  # the page's own canonical/og:url links would give the day away too
                html = _PAGE_URLS.sub(b"", html)
            try:
                result = clean_html(html, url if mode == "with_url" else None)
            except CleaningError:
                continue
            if result.published_at is None:
                continue
            found += 1
            got = result.published_at.date()
            exact += got == day
            near += abs((got - day).days) <= 1
            rules[f"{result.date_rule}:{'ok' if abs((got - day).days) <= 1 else 'wrong'}"] += 1
            if abs((got - day).days) > 1:
                misses.append(f"{name}: url {day} found {got} ({result.date_rule})")
        n = len(dated) or 1
        report[mode] = {
            "found": found,
            "exact_day": exact,
            "within_1_day": near,
            "exact_accuracy": round(exact / n, 3),
            "within_1_day_accuracy": round(near / n, 3),
            "precision_within_1_day": round(near / (found or 1), 3),
            "by_rule": dict(sorted(rules.items())),
            "wrong": misses,
        }
    return report


def bench_date_coverage(pages: list[tuple[str, str | None, Path]]) -> dict[str, int]:
    """How every corpus page got its date (rule), or none."""
    rules: Counter[str] = Counter()
    for _, url, path in pages:
        try:
            rules[clean_html(path.read_bytes(), url).date_rule or "no date"] += 1
        except CleaningError:
            rules["rejected"] += 1
    return dict(sorted(rules.items()))


def variants(url: str) -> dict[str, tuple[str, str]]:
    """Variant name -> (variant, the plain URL it must match)."""
    base = url.split("#")[0]
    join = "&" if "?" in base else "?"
    scheme, rest = base.split("://", 1)
    host, _, path = rest.partition("/")
    bare = f"{scheme}://{host.removeprefix('www.')}/{path}"
    return {
        "utm": (f"{base}{join}utm_source=twitter&utm_medium=social&utm_campaign=x", base),
        "fbclid+gclid": (f"{base}{join}fbclid=IwAR0abc&gclid=Cj0KC", base),
        "fragment": (f"{base}#comments", base),
        "host case + port": (f"{scheme}://{host.upper()}:{443 if scheme == 'https' else 80}/{path}", base),
        "trailing slash": (base.rstrip("/") + "/" if "?" not in base else base, base),
        "amp suffix /amp": (base.rstrip("/") + "/amp" if "?" not in base else base, base),
        "amp query ?amp=1": (f"{base}{join}amp=1", base),
        "amp prefix /amp/": (f"{scheme}://{host}/amp/{path}", base),
        "amp host": (f"{scheme}://amp.{host.removeprefix('www.')}/{path}", bare),
    }


def bench_url_dedup(pages: list[tuple[str, str | None, Path]]) -> dict[str, object]:
    ok: Counter[str] = Counter()
    total: Counter[str] = Counter()
    failed: list[str] = []
    for _, url, _ in pages:
        if not url or article_id_for(url, "") == article_id_for(None, ""):
            continue
        for kind, (variant, plain) in variants(url).items():
            total[kind] += 1
            same = article_id_for(variant, "a") == article_id_for(plain, "b")
            ok[kind] += same
            if not same:
                failed.append(f"{kind}: {variant}")
    return {kind: f"{ok[kind]}/{total[kind]}" for kind in total} | {
        "all": round(sum(ok.values()) / (sum(total.values()) or 1), 4),
        "failed": failed,
    }


def syndicated(text: str, rng: random.Random) -> dict[str, str]:
    lines = text.split("\n")
    words = text.split(" ")
    edited = [w if rng.random() > 0.05 else rng.choice(["officials", "said", "the", "on", "Tuesday"]) for w in words]
    return {
        "boilerplate+headline": "\n".join(["Breaking news from our partners", *lines, "Read more stories like this"]),
        "last paragraph cut": "\n".join(lines[:-1]) if len(lines) > 3 else text,
        "editor's line added": "\n".join([lines[0], "(Adds comment from the ministry)", *lines[1:]]),
        "5% words changed": " ".join(edited),
    }


def bench_near_duplicates(pages: list[tuple[str, str | None, Path]], threshold: float) -> dict[str, object]:
    texts: dict[str, str] = {}
    for name, url, path in pages:
        try:
            texts[name] = clean_html(path.read_bytes(), url).text
        except CleaningError:
            continue
    index = NearDuplicates(threshold=threshold)
    false_pos = [f"{name} ~ {dup}" for name, text in texts.items() if (dup := index.check(name, text)) is not None]
    rng = random.Random(7)
    hits: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for name, text in texts.items():
        if len(text.split()) < 150:  # a short text's copy changes too large a share of it to be a fair test
            continue
        for kind, copy in syndicated(text, rng).items():
            total[kind] += 1
            hits[kind] += index.check(f"{name}#{kind}", copy) == name
    return {
        "originals": len(texts),
        "threshold": threshold,
        "originals_marked_duplicate": len(false_pos),
        "false_positive_pairs": false_pos,
        "copies_marked": {kind: f"{hits[kind]}/{total[kind]}" for kind in total},
        "recall": round(sum(hits.values()) / (sum(total.values()) or 1), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "corpus")
    parser.add_argument("--limit", type=int, default=0, help="pages to use (0: all)")
    parser.add_argument("--threshold", type=float, default=0.6)
    args = parser.parse_args()
    pages = corpus_pages(args.corpus)
    if not pages:
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    pages = pages[: args.limit] if args.limit else pages
    report = {
        "pages": len(pages),
        "dates": bench_dates(pages),
        "date_rules_all_pages": bench_date_coverage(pages),
        "url_dedup": bench_url_dedup(pages),
        "near_duplicates": bench_near_duplicates(pages, args.threshold),
    }
    print(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
