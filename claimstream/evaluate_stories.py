"""Scoring story assignment against a labelled stream (``claimstream evaluate`` on a stories file).

Two input shapes, told apart by :func:`is_stories_file`:

- a *labelled stream*: a JSON list of ``{"id", "date", "title", "text", "event"}`` (``outlet`` optional);
  the whole list is clustered in date order and scored;
- *event labels* (``bench/stories/polnear_events.json``): ``{"source": "polnear/train.json", "tune_weeks",
  "check_weeks", "articles": {id: {"week", "event"}}}``; the texts are read from a PolNeAR folder (its
  ``train.json`` and ``dev.json``), the *whole* stream is clustered in date order (as a live index would see
  it) and the labelled articles are scored, tuning weeks and check weeks apart.

An event label starting with ``single:`` is an article alone in its event.

Metrics (on the labelled articles only): pairwise precision/recall/F1 as in Miranda et al. (EMNLP 2018) —
over all pairs of articles, a pair is positive when both share a story — and B³ (per-article precision and
recall of its story against its event, averaged).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimstream.services.index import centroids, stories


@dataclass(frozen=True)
class StreamArticle:
    """One article of a stream."""

    article_id: str
    time: datetime
    title: str
    text: str
    outlet: str = ""


@dataclass(frozen=True)
class Scores:
    """Pairwise and B³ precision/recall/F1 of one clustering against labels."""

    articles: int
    events: int
    stories: int
    pair_p: float
    pair_r: float
    pair_f1: float
    b3_p: float
    b3_r: float
    b3_f1: float


Assign = Callable[[Sequence[StreamArticle]], dict[str, str]]


def is_stories_file(data: Any) -> bool:
    """True for a labelled stream or an event-labels file."""
    if isinstance(data, dict):
        return isinstance(data.get("articles"), dict) and "tune_weeks" in data
    return isinstance(data, list) and bool(data) and all(isinstance(x, dict) and "event" in x for x in data)


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(predicted: Mapping[str, str], events: Mapping[str, str]) -> Scores:
    """Scores of ``predicted`` (article -> story) against ``events`` (article -> event), on ``events``' keys."""
    ids = sorted(events)
    by_story: dict[str, set[str]] = defaultdict(set)
    by_event: dict[str, set[str]] = defaultdict(set)
    for i in ids:
        by_story[predicted[i]].add(i)
        by_event[events[i]].add(i)
    both = Counter((predicted[i], events[i]) for i in ids)
    tp = sum(n * (n - 1) // 2 for n in both.values())
    pred_pairs = sum(len(s) * (len(s) - 1) // 2 for s in by_story.values())
    gold_pairs = sum(len(s) * (len(s) - 1) // 2 for s in by_event.values())
    p = tp / pred_pairs if pred_pairs else 1.0
    r = tp / gold_pairs if gold_pairs else 1.0
    b3p = sum(both[(predicted[i], events[i])] / len(by_story[predicted[i]]) for i in ids) / len(ids)
    b3r = sum(both[(predicted[i], events[i])] / len(by_event[events[i]]) for i in ids) / len(ids)
    return Scores(len(ids), len(by_event), len(by_story), p, r, _f1(p, r), b3p, b3r, _f1(b3p, b3r))


def centroid_assign(stream: Sequence[StreamArticle]) -> dict[str, str]:
    """Article -> story under the centroid rules (:mod:`claimstream.services.index.centroids`)."""
    clusterer = centroids.Clusterer()
    for a in sorted(stream, key=lambda a: (a.time, a.article_id)):
        clusterer.add(centroids.article(a.article_id, a.text, a.title, a.time))
    return clusterer.assignment()


def pairwise_rules_assign(stream: Sequence[StreamArticle]) -> dict[str, str]:
    """Article -> story under the earlier rules (any one member within the window sharing a band or enough
    names links two stories, and links chain): the "before" of docs/stories.md."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    seen: list[stories.Fingerprint] = []
    for a in sorted(stream, key=lambda a: (a.time, a.article_id)):
        fp = stories.fingerprint(a.article_id, a.text, a.title, a.time)
        parent[a.article_id] = a.article_id
        for other in seen:
            if stories.same_story(fp, other):
                ra, rb = root(fp.article_id), root(other.article_id)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
        seen.append(fp)
    return {aid: root(aid) for aid in parent}


def _time(date: str) -> datetime:
    t = datetime.fromisoformat(date)
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)


def load_polnear(folder: Path) -> list[StreamArticle]:
    """Every article of PolNeAR's ``train.json`` and ``dev.json`` in ``folder`` (those that exist)."""
    out = []
    for name in ("train.json", "dev.json"):
        path = folder / name
        if path.is_file():
            for x in json.loads(path.read_text(encoding="utf-8")):
                out.append(
                    StreamArticle(x["id"], _time(x["date"]), x.get("title") or "", x["text"], x.get("outlet", ""))
                )
    if not out:
        raise ValueError(f"no train.json or dev.json in {folder}")
    return out


@dataclass(frozen=True)
class Report:
    """Scores per part (``all``, or ``tune`` and ``check``) and the stream's story sizes."""

    parts: dict[str, Scores]
    sizes: Counter[int]
    largest: list[tuple[int, str, str, str]]  # (size, first date, last date, titles)


def evaluate_file(
    gold: Path, polnear_dir: Path | None = None, assign: Assign = centroid_assign, largest: int = 5
) -> Report:
    """Cluster the stream of ``gold`` with ``assign`` and score it (see the module docstring)."""
    data = json.loads(Path(gold).read_text(encoding="utf-8"))
    if not is_stories_file(data):
        raise ValueError(f"{gold} is neither a labelled stream nor an event-labels file")
    if isinstance(data, list):
        for i, x in enumerate(data):
            missing = [k for k in ("id", "date", "text", "event") if not isinstance(x.get(k), str) or not x.get(k)]
            if missing:
                raise ValueError(
                    f"{gold}: entry {i} lacks {', '.join(missing)} (a labelled stream needs id, date, text, event)"
                )
            try:
                _time(x["date"])
            except ValueError as exc:
                raise ValueError(f"{gold}: entry {i}: date {x['date']!r} is not ISO 8601") from exc
        stream = [
            StreamArticle(x["id"], _time(x["date"]), x.get("title") or "", x["text"], x.get("outlet", "")) for x in data
        ]
        labels = {"all": {x["id"]: x["event"] for x in data}}
    else:
        if polnear_dir is None:
            raise ValueError("event labels need the folder of their texts: claimstream evaluate LABELS POLNEAR_DIR")
        stream = load_polnear(polnear_dir)
        known = {a.article_id for a in stream}
        missing = sorted(set(data["articles"]) - known)
        if missing:
            raise ValueError(f"{len(missing)} labelled articles are not in {polnear_dir}, e.g. {missing[0]}")
        labels = {
            part: {i: v["event"] for i, v in data["articles"].items() if v["week"] in data[f"{part}_weeks"]}
            for part in ("tune", "check")
        }
    predicted = assign(stream)
    parts = {part: score(predicted, events) for part, events in labels.items()}
    return Report(parts, *_sizes(predicted, stream, largest))


def _sizes(
    predicted: Mapping[str, str], stream: Iterable[StreamArticle], largest: int
) -> tuple[Counter[int], list[tuple[int, str, str, str]]]:
    members: dict[str, list[StreamArticle]] = defaultdict(list)
    for a in stream:
        members[predicted[a.article_id]].append(a)
    sizes = Counter(len(m) for m in members.values())
    top = sorted(members.values(), key=lambda m: (-len(m), min(a.time for a in m)))[:largest]
    out = []
    for m in top:
        m = sorted(m, key=lambda a: a.time)
        titles = " | ".join(a.title[:70] for a in m[:6]) + (" | …" if len(m) > 6 else "")
        out.append((len(m), m[0].time.date().isoformat(), m[-1].time.date().isoformat(), titles))
    return sizes, out


def size_buckets(sizes: Counter[int]) -> str:
    """``1: n, 2: n, 3-4: n, 5-9: n, 10+: n`` stories (and the largest size)."""
    buckets = [("1", 1, 1), ("2", 2, 2), ("3-4", 3, 4), ("5-9", 5, 9), ("10+", 10, 10**9)]
    counts = [f"{name}: {sum(n for s, n in sizes.items() if lo <= s <= hi)}" for name, lo, hi in buckets]
    return f"{sum(sizes.values())} stories; sizes " + ", ".join(counts) + f"; largest {max(sizes, default=0)}"


def format_report(report: Report) -> str:
    lines = [f"{'part':6} {'arts':>5} {'events':>6} {'stories':>7}  pair P   R    F1  |  B3 P   R    F1"]
    for part, s in report.parts.items():
        lines.append(
            f"{part:6} {s.articles:5d} {s.events:6d} {s.stories:7d}  {s.pair_p:.2f} {s.pair_r:.2f} {s.pair_f1:.2f}"
            f"  | {s.b3_p:.2f} {s.b3_r:.2f} {s.b3_f1:.2f}"
        )
    lines.append("whole stream: " + size_buckets(report.sizes))
    for size, first, last, titles in report.largest:
        lines.append(f"  {size:3d} articles {first} .. {last}: {titles}")
    return "\n".join(lines)
