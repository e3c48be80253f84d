"""Evidence for "same event" tried for issue 22 and not kept: ``python bench/story_variants.py [SHARED] VARIANT``.

Each variant adds one feature to :data:`centroids.FEATURES` for the length of the run (the module is patched
here, never in the service), then ``bench_stories.fit`` refits the logistic similarity on the tuning weeks and
scans ``JOIN``, printing tune and check scores as for the kept features (docs/stories.md, "Variants tried").

Variants:

- ``quotes``: the share of the article's quotation shingles (:data:`QUOTE_N` words inside straight or curly
  quotation marks, hashed) that the story holds; ``quotes-count``: ``log(1 + shared shingles)``.
- ``figures``: the share of the article's figures (vote shares, delegate counts, sums of money, poll numbers:
  numbers with a unit, a decimal, or at least 100 and not a year) that the story holds; ``figures-idf``: the
  same with each figure weighed by its stream IDF.
- ``sentence``: the cosine (stream IDF) of the article's first sentence with the story's first-sentence centroid;
  ``title-sentence``: title and first sentence together; ``sentence-to-body``: the first sentence against the
  story's body centroid (as the kept title-to-body cosine; no new story state).

``--quote-words=N`` sets the shingle length (default :data:`QUOTE_N`). ``--cost`` times the three extractions
per article.

``--pairs`` prints, for the centroid rules of now, how many same-event pairs the clusterer misses (and how many
pairs of different events it joins, and how many pairs of different events within three days it keeps apart)
share a quotation shingle or a figure: the most these features could change.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import bench_stories as bs

from claimstream import evaluate_stories as ev
from claimstream.services.index import centroids as c

QUOTE_N = 5
_QUOTED = re.compile(r'"([^"\n]{12,}?)"|“([^”\n]{12,}?)”')
_QWORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_NUMBER = re.compile(
    r"(\$)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s*(%|percent|per cent|million|billion|trillion))?", re.IGNORECASE
)
_SENTENCE = re.compile(r".+?[.!?][\"”’)]?(?=\s+[\"“A-Z]|$)")


def quote_shingles(text: str, n: int | None = None) -> frozenset[int]:
    n = n or QUOTE_N
    out: set[int] = set()
    for m in _QUOTED.finditer(text):
        ws = _QWORD.findall((m.group(1) or m.group(2)).lower().replace("’", "'"))
        out.update(zlib.crc32(" ".join(ws[i : i + n]).encode()) for i in range(len(ws) - n + 1))
    return frozenset(sorted(out)[:400])


def figures(text: str) -> frozenset[str]:
    out = set()
    for m in _NUMBER.finditer(text):
        dollar, whole, dec, unit = m.groups()
        if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "-/:"):
            continue  # inside a token, a date or a time
        whole, unit = whole.replace(",", ""), (unit or "").lower()
        unit = "%" if unit in ("%", "percent", "per cent") else unit
        if not (dollar or dec or unit) and (int(whole) < 100 or 1900 <= int(whole) <= 2100):
            continue  # small counts and years
        out.add(f"{dollar or ''}{whole}{dec or ''}{unit}")
    return frozenset(out)


def first_sentence(body: str) -> str:
    for para in body.strip().split("\n"):
        if len(c.words(para)) >= 5:
            m = _SENTENCE.match(para.strip())
            return m.group(0) if m else para
    return body[:300]


@dataclass
class Extra:
    """What a variant knows of an article, or (summed) of a story."""

    quotes: set[int] = field(default_factory=set)
    figures: set[str] = field(default_factory=set)
    sentence: dict[str, float] = field(default_factory=dict)

    def add(self, other: Extra) -> None:
        self.quotes |= other.quotes
        self.figures |= other.figures
        for t, v in other.sentence.items():
            self.sentence[t] = self.sentence.get(t, 0.0) + v


def feature(variant: str, a: Extra, s: Extra, vocab: c.Vocabulary, story: c.Story) -> float:
    if variant == "quotes":
        return len(a.quotes & s.quotes) / len(a.quotes) if a.quotes else 0.0
    if variant == "quotes-count":
        return math.log1p(len(a.quotes & s.quotes))
    if variant == "figures":
        return len(a.figures & s.figures) / len(a.figures) if a.figures else 0.0
    if variant == "figures-idf":
        total = sum(vocab.idf("f:" + f) for f in a.figures)
        return sum(vocab.idf("f:" + f) for f in a.figures & s.figures) / total if total else 0.0
    if variant == "sentence-to-body":
        return c._cosine(a.sentence, story.body_vec, vocab.idf)
    return c._cosine(a.sentence, s.sentence, vocab.idf)  # sentence, title-sentence


VARIANTS = ("quotes", "quotes-count", "figures", "figures-idf", "sentence", "title-sentence", "sentence-to-body")


def patch(variant: str) -> None:
    """Add ``variant`` as a sixth feature to :mod:`centroids` for this process (weight 0 until refitted)."""
    of_article: dict[str, Extra] = {}
    of_story: dict[int, tuple[c.Story, Extra]] = {}  # id(story) -> (the story, kept alive), its sums
    article, story_add, terms, features = c.article, c.Story.add, c.Article.terms, c.features

    def new_article(article_id: str, text: str, title: str | None, time: Any) -> c.Article:
        a = article(article_id, text, title, time)
        first, _, rest = text.partition("\n")
        body = rest if a.title and first.strip().rstrip(".") == a.title.rstrip(".") else text
        sentence = c.words(first_sentence(body)) + (c.words(a.title) if variant == "title-sentence" else [])
        of_article[article_id] = Extra(set(quote_shingles(body)), set(figures(body)), c._unit(Counter(sentence)))
        return a

    def new_add(self: c.Story, a: c.Article, score: float = 0.0) -> None:
        story_add(self, a, score)
        of_story.setdefault(id(self), (self, Extra()))[1].add(of_article[a.article_id])

    def new_terms(self: c.Article) -> set[str]:
        return terms(self) | {f"f:{f}" for f in of_article[self.article_id].figures}

    def new_features(a: c.Article | c.Story, s: c.Story, vocab: c.Vocabulary) -> tuple[float, ...]:
        mine = of_story.get(id(a), (a, Extra()))[1] if isinstance(a, c.Story) else of_article[a.article_id]
        return (*features(a, s, vocab), feature(variant, mine, of_story.get(id(s), (s, Extra()))[1], vocab, s))

    c.article, c.Story.add, c.Article.terms, c.features = new_article, new_add, new_terms, new_features  # type: ignore[method-assign,assignment]
    c.FEATURES, c.COEF = (*c.FEATURES, variant), (*c.COEF, 0.0)


def pairs(polnear: Path) -> None:
    """How many missed / wrongly joined / rightly apart pairs share a quotation shingle or a figure."""
    stream = sorted(ev.load_polnear(polnear), key=lambda a: (a.time, a.article_id))
    predicted = ev.centroid_assign(stream)
    by_id = {a.article_id: a for a in stream}
    quotes = {a.article_id: quote_shingles(a.text) for a in stream}
    figs = {a.article_id: figures(a.text) for a in stream}
    data = json.loads(bs.LABELS.read_text(encoding="utf-8"))
    for part in ("tune", "check"):
        labels = {i: x["event"] for i, x in data["articles"].items() if x["week"] in data[f"{part}_weeks"]}
        n: Counter[Any] = Counter()
        for i, j in itertools.combinations(sorted(labels), 2):
            same, joined = labels[i] == labels[j], predicted[i] == predicted[j]
            if same:
                kind = "joined, one event" if joined else "missed (one event, apart)"
            elif joined:
                kind = "false (two events, joined)"
            elif abs(by_id[i].time - by_id[j].time).days <= 3:
                kind = "two events within 3 days, apart"
            else:
                continue
            n[kind] += 1
            n[kind, "q"] += bool(quotes[i] & quotes[j])
            n[kind, "f"] += bool(figs[i] & figs[j])
        for kind in sorted(k for k in n if isinstance(k, str)):
            print(
                f"{part:5} {kind:34} {n[kind]:5} pairs; sharing a quotation {n[kind, 'q']:3}, a figure {n[kind, 'f']:3}"
            )


def cost(polnear: Path) -> None:
    """Milliseconds per article of each extraction (30 PolNeAR articles, three rounds)."""
    texts = [a.text for a in sorted(ev.load_polnear(polnear), key=lambda a: (a.time, a.article_id))[370:400]]
    for name, fn in (("quotation shingles", quote_shingles), ("figures", figures), ("first sentence", first_sentence)):
        start = time.perf_counter()
        for _ in range(3):
            for text in texts:
                fn(text)
        print(f"{name}: {(time.perf_counter() - start) / (3 * len(texts)) * 1000:.2f} ms per article")


def main(argv: list[str]) -> int:
    global QUOTE_N
    QUOTE_N = int(next((a.split("=", 1)[1] for a in argv if a.startswith("--quote-words=")), QUOTE_N))
    args = [a for a in argv if not a.startswith("-")]
    variants, folders = [a for a in args if a in VARIANTS], [a for a in args if a not in VARIANTS]
    report = "--pairs" in argv or "--cost" in argv
    if len(folders) > 1 or len(variants) != (0 if report else 1):
        print(
            "usage: story_variants.py [SHARED] [--quote-words=N] VARIANT | --pairs | --cost; "
            f"VARIANT one of {', '.join(VARIANTS)}"
        )
        return 2
    polnear = bs.polnear_dir(Path(folders[0]) if folders else bs.SHARED, "story variants")
    if polnear is None:
        return 0
    if "--pairs" in argv:
        pairs(polnear)
    elif "--cost" in argv:
        cost(polnear)
    else:
        patch(variants[0])
        bs.fit(polnear)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
