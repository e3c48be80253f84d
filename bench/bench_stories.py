"""Story assignment on the labelled PolNeAR weeks: ``python bench/bench_stories.py [SHARED_DIR] [--fit|--cost]``.

Prints, for the rules of before (any member sharing names or a band, chained), the centroid rules' first
calibration (:data:`FIRST`) and the centroid rules of now:
pairwise and B³ precision/recall/F1 on the tuning weeks and on the held-apart check weeks of
``bench/stories/polnear_events.json``, the story-size distribution over the whole 924-article stream, and its
largest stories with their titles; then a summary table and the five largest stories now with their titles.

Last, the agreement of two annotators on the check weeks (``polnear_events_second.json``, labelled blind to
the first): pairwise and B³ of one against the other, the ceiling a clusterer can be asked to reach there.

``--cost`` prints the milliseconds of the pure part per article (vectors, decision, story documents).

``--fit`` refits the similarity (logistic regression over :data:`centroids.FEATURES`, on the tuning weeks'
article-to-event decisions, plain numpy), prints the coefficients and the AUC on both parts, then clusters the
stream with them at each ``JOIN`` of :data:`JOINS` and prints the best on the tuning weeks (the check weeks are
printed alongside, for the record only); paste the three into ``centroids.COEF``/``BIAS``/``JOIN``. With
``--hard=N`` the fit sees, per article, its own event and only the N other live stories most similar to it.

The texts are PolNeAR's (``SHARED_DIR/external/polnear``, outside the repo); without them this prints a
"skipped" line and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from claimstream import evaluate_stories as ev
from claimstream.services.index import centroids

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
LABELS = ROOT / "bench" / "stories" / "polnear_events.json"
SECOND = ROOT / "bench" / "stories" / "polnear_events_second.json"


# The centroid rules' first calibration (four features; the title-to-body cosine weighed 0), kept to print the
# "before" of the recalibration (docs/stories.md).
FIRST = ((27.0, 35.7, 5.8, -1.13, 0.0), -2.04, 0.975)


@contextmanager
def calibration(coef: tuple[float, ...], bias: float, join: float) -> Iterator[None]:
    """Cluster with other ``centroids.COEF``/``BIAS``/``JOIN`` inside the block (restored after)."""
    kept = centroids.COEF, centroids.BIAS, centroids.JOIN
    centroids.COEF, centroids.BIAS, centroids.JOIN = coef, bias, join
    try:
        yield
    finally:
        centroids.COEF, centroids.BIAS, centroids.JOIN = kept


JOINS = (0.9, 0.92, 0.93, 0.94, 0.95, 0.955, 0.96, 0.965, 0.97, 0.975, 0.98, 0.99)
HARD_JOINS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95)


def fit(polnear: Path, hard: int = 0) -> None:
    """Refit the logistic similarity on the tuning weeks and choose ``JOIN`` on them (module docstring). ``hard``:
    fit (and score the AUC) on each article's decisions against its own event and only the ``hard`` other live
    stories most similar under the kept weights, the ones the threshold has to tell apart (0: all of them)."""
    stream = sorted(ev.load_polnear(polnear), key=lambda a: (a.time, a.article_id))
    arts = [centroids.article(a.article_id, a.text, a.title, a.time) for a in stream]
    data = json.loads(LABELS.read_text(encoding="utf-8"))

    def examples(part: str) -> tuple[np.ndarray, np.ndarray]:
        labels = {i: x["event"] for i, x in data["articles"].items() if x["week"] in data[f"{part}_weeks"]}
        vocab, gold, xs, ys = centroids.Vocabulary(), {}, [], []
        for a in arts:  # the whole stream feeds the IDF; labelled articles meet the gold stories live so far
            vocab.add(a.terms())
            if a.article_id not in labels:
                continue
            event = labels[a.article_id]
            live = [(name, story) for name, story in gold.items() if centroids.live(a.time, story)]
            if hard:  # the article's own event and the `hard` other stories the kept similarity ranks highest
                others = sorted((s for s in live if s[0] != event), key=lambda s: -centroids.similarity(a, s[1], vocab))
                live = [s for s in live if s[0] == event] + others[:hard]
            for name, story in live:
                xs.append(centroids.features(a, story, vocab))
                ys.append(name == event)
            gold.setdefault(event, centroids.Story(event, a.time, a.time)).add(a, 0.0)
        return np.array(xs), np.array(ys, float)

    x_tune, y_tune = examples("tune")
    mu, sd = x_tune.mean(0), x_tune.std(0)
    z = np.c_[np.ones(len(x_tune)), (x_tune - mu) / sd]
    w = np.zeros(z.shape[1])
    balance = np.where(y_tune > 0, (len(y_tune) - y_tune.sum()) / y_tune.sum(), 1.0)
    for _ in range(5000):
        p = 1 / (1 + np.exp(-z @ w))
        w -= 0.5 * (z.T @ ((p - y_tune) * balance) / len(y_tune) + 1e-2 * np.r_[0, w[1:]])
    coef, bias = w[1:] / sd, w[0] - (w[1:] * mu / sd).sum()
    coef_t, bias_f = tuple(float(c) for c in np.round(coef, 2)), round(float(bias), 2)
    print(f"COEF {centroids.FEATURES} = {coef_t}  BIAS = {bias_f}")
    for part in ("tune", "check"):
        x, y = examples(part)
        rank = np.argsort(np.argsort(x @ coef))
        auc = (rank[y > 0].sum() - y.sum() * (y.sum() - 1) / 2) / (y.sum() * (len(y) - y.sum()))
        print(f"{part}: {len(y)} article-story decisions, {int(y.sum())} joins, AUC {auc:.3f}")

    def assign(_stream: object) -> dict[str, str]:
        clusterer = centroids.Clusterer()
        for a in arts:
            clusterer.add(a)
        return clusterer.assignment()

    best: tuple[float, float] = (-1.0, 0.0)
    print("JOIN   tune pair P/R/F1  B3 F1 | check pair P/R/F1  B3 F1 (check reported, not used)")
    for join in HARD_JOINS if hard else JOINS:  # fewer negatives move the probabilities down
        with calibration(coef_t, bias_f, join):
            parts = ev.evaluate_file(LABELS, polnear, assign).parts
        t, c = parts["tune"], parts["check"]
        print(
            f"{join:<6} {t.pair_p:.2f} {t.pair_r:.2f} {t.pair_f1:.2f}  {t.b3_f1:.2f}  | "
            f"{c.pair_p:.2f} {c.pair_r:.2f} {c.pair_f1:.2f}  {c.b3_f1:.2f}"
        )
        best = max(best, (t.pair_f1, join))
    print(f"JOIN by tune pairwise F1: {best[1]}")


def cost(polnear: Path) -> None:
    """Milliseconds of the pure part per article: its vectors, the decision against 15 live stories, and 15
    story documents to and from JSON (what a placement reads)."""
    stream = sorted(ev.load_polnear(polnear), key=lambda a: (a.time, a.article_id))[:400]
    arts = [centroids.article(a.article_id, a.text, a.title, a.time) for a in stream]
    clusterer = centroids.Clusterer()
    for a in arts[:370]:
        clusterer.add(a)
    pool = list(clusterer.stories.values())[-15:]
    start = time.perf_counter()
    for a in stream[370:]:
        centroids.article(a.article_id, a.text, a.title, a.time)
    vectors = (time.perf_counter() - start) / 30 * 1000
    start = time.perf_counter()
    for a in arts[370:]:
        for s in pool:
            s.first = s.last = a.time
        centroids.decide(a, pool, clusterer.vocab)
    decide = (time.perf_counter() - start) / 30 * 1000
    start = time.perf_counter()
    docs = json.loads(json.dumps([s.to_source() for s in pool]))
    back = [centroids.Story.from_source(d) for d in docs]
    codec = (time.perf_counter() - start) * 1000
    print(
        f"article vectors {vectors:.2f} ms; decision against {len(back)} stories {decide:.2f} ms; "
        f"{len(back)} story documents to and from JSON {codec:.2f} ms"
    )


def polnear_dir(shared: Path, what: str) -> Path | None:
    """``SHARED/external/polnear``, or None after printing that ``what`` is skipped when its texts are absent."""
    polnear = shared / "external" / "polnear"
    if (polnear / "train.json").is_file():
        return polnear
    print(f"{what}: skipped ({polnear}/train.json absent)")
    return None


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", nargs="?", type=Path, default=SHARED, help="the shared data folder")
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--fit", action="store_true", help="refit the similarity on the tuning weeks")
    what.add_argument("--cost", action="store_true", help="milliseconds of the pure part per article")
    parser.add_argument("--hard", type=int, default=0, metavar="N", help="with --fit: N most similar negatives")
    args = parser.parse_args(argv)
    polnear = polnear_dir(args.shared, "stories")
    if polnear is None:
        return 0
    if args.fit:
        fit(polnear, args.hard)
        return 0
    if args.cost:
        cost(polnear)
        return 0

    def first_calibration(stream: list[ev.StreamArticle]) -> dict[str, str]:
        with calibration(*FIRST):
            return ev.centroid_assign(stream)

    rows = []
    for name, assign in (
        ("pairwise rules (shared names, chained)", ev.pairwise_rules_assign),
        ("centroids, first calibration", first_calibration),
        ("centroids, now", ev.centroid_assign),
    ):
        start = time.perf_counter()
        report = ev.evaluate_file(LABELS, polnear, assign)
        print(f"== {name} ({time.perf_counter() - start:.1f}s)")
        print(ev.format_report(report), "\n")
        rows.append((name, report))
    print("== summary (pairwise P / R / F1, B3 F1; whole stream: stories, largest)")
    for name, report in rows:
        t, c = report.parts["tune"], report.parts["check"]
        print(
            f"{name:40} tune {t.pair_p:.2f} / {t.pair_r:.2f} / {t.pair_f1:.2f}, B3 {t.b3_f1:.2f}   "
            f"check {c.pair_p:.2f} / {c.pair_r:.2f} / {c.pair_f1:.2f}, B3 {c.b3_f1:.2f}   "
            f"{sum(report.sizes.values())} stories, largest {max(report.sizes)}"
        )
    print("\n== the five largest stories now (title: the member closest to the centroid)")
    clusterer = centroids.Clusterer()
    for a in sorted(ev.load_polnear(polnear), key=lambda a: (a.time, a.article_id)):
        clusterer.add(centroids.article(a.article_id, a.text, a.title, a.time))
    for s in sorted(clusterer.stories.values(), key=lambda s: (-s.size, s.first))[:5]:
        print(f"{s.size:3d}  {s.first.date()} .. {s.last.date()}  {s.title}")
    print("\n== two annotators on the check weeks (second against first)")
    print(agreement(LABELS, SECOND))
    return 0


def agreement(first: Path, second: Path) -> str:
    """Pairwise and B³ of the second annotation against the first, over the articles both label."""
    one, two = (json.loads(p.read_text(encoding="utf-8"))["articles"] for p in (first, second))
    both = sorted(set(one) & set(two))
    s = ev.score({i: two[i]["event"] for i in both}, {i: one[i]["event"] for i in both})
    return (
        f"{s.articles} articles, {s.events} events (first) / {s.stories} (second): "
        f"pairwise P / R / F1 {s.pair_p:.2f} / {s.pair_r:.2f} / {s.pair_f1:.2f}, "
        f"B3 {s.b3_p:.2f} / {s.b3_r:.2f} / {s.b3_f1:.2f}"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
