"""CPU cost of extraction, per article and per part, for the fast path and the full parse.

``python bench/bench_extract.py [--articles 100] [--rounds 3]`` cleans the benchmark's articles once (the
first usable corpus pages, as ``claimstream bench`` selects them; the gold texts without the corpus), then for
each path (``full``: the model as packaged; ``fast``: the default, services/extract/nlp.py) times
``ClaimExtractor.extract_many`` in the service's batches, each pipeline component on its own, and the reader
(claims from docs parsed beforehand) on its own. Times are process CPU time (``time.process_time``), which
other work on a shared machine distorts far less than wall time; the two paths run interleaved and the least
CPU of the rounds is reported (the first round warms the tokenizer, lemma and rule caches, as the long-running
service has them warm). Pin it to one core for single-core figures: ``taskset -c 0 ...``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from spacy.language import Language

from claimstream.bench.bare import select_events
from claimstream.bench.corpus import DEFAULT_CORPUS, corpus_sources
from claimstream.services.extract.claims import BATCH_SIZE, ClaimExtractor
from claimstream.services.extract.reader import ArticleReader, ParsedParagraph
from claimstream.services.extract.segments import paragraphs
from claimstream.shared.events import ArticleCleaned

GOLD = Path(__file__).resolve().parents[1] / "tests" / "gold" / "articles"
SERVICE_BATCH = 16  # articles per extract_many call, as the extract service's default batch


def load_articles(n: int) -> tuple[str, list[ArticleCleaned]]:
    """The benchmark's first ``n`` corpus articles, else the first ``n`` gold texts; with a description."""
    if DEFAULT_CORPUS.is_dir():
        return f"{n} corpus articles", select_events(corpus_sources(DEFAULT_CORPUS), n)
    now = datetime.now(UTC)
    texts = [
        ArticleCleaned(article_id=p.stem[:64], text=p.read_text(encoding="utf-8"), ingested_at=now)
        for p in sorted(GOLD.glob("*.txt"))[:n]
    ]
    return f"{len(texts)} gold texts (corpus not found)", texts


def extract_ms(extractor: ClaimExtractor, articles: Sequence[ArticleCleaned]) -> float:
    """CPU ms per article of ``extract_many`` over ``articles`` in the service's batches."""
    started = time.process_time()
    for start in range(0, len(articles), SERVICE_BATCH):
        extractor.extract_many(articles[start : start + SERVICE_BATCH])
    return 1000 * (time.process_time() - started) / len(articles)


def component_ms(nlp: Language, texts: Sequence[str], articles: int) -> dict[str, float]:
    """CPU ms per article of the tokenizer and each enabled component on fresh docs, as ``nlp.pipe`` runs
    them (batches of ``BATCH_SIZE`` paragraphs)."""
    costs: dict[str, float] = {}
    started = time.process_time()
    docs = [nlp.make_doc(t) for t in texts]
    costs["tokenizer"] = time.process_time() - started
    for name, component in nlp.pipeline:
        started = time.process_time()
        pipe = getattr(component, "pipe", None)
        docs = list(pipe(docs, batch_size=BATCH_SIZE)) if pipe else [component(d) for d in docs]
        costs[name] = time.process_time() - started
    return {name: 1000 * seconds / articles for name, seconds in costs.items()}


def reader_ms(nlp: Language, articles: Sequence[ArticleCleaned]) -> float:
    """CPU ms per article of the reader alone (claims from docs parsed beforehand, outside the timing)."""
    parsed = []
    for article in articles:
        plan = paragraphs(article.text, article.title)
        docs = nlp.pipe([p.text for p in plan], batch_size=BATCH_SIZE)
        parsed.append([ParsedParagraph(p.start, doc) for p, doc in zip(plan, docs, strict=True)])
    started = time.process_time()
    for article, paras in zip(articles, parsed, strict=True):
        ArticleReader(article).claims(paras)
    return 1000 * (time.process_time() - started) / len(articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of each path, interleaved; the least CPU counts")
    args = parser.parse_args()
    description, articles = load_articles(args.articles)
    words = sum(len(a.text.split()) for a in articles)
    texts = [p.text for a in articles for p in paragraphs(a.text, a.title)]
    extractors = {"full": ClaimExtractor(fast=False), "fast": ClaimExtractor(fast=True)}
    best: dict[str, dict[str, float]] = {path: {} for path in extractors}
    for _ in range(args.rounds):  # interleaved, so a burst of load on a shared machine hits both paths alike
        for path, extractor in extractors.items():
            measured = {
                "extract_many": extract_ms(extractor, articles),
                "reader": reader_ms(extractor.nlp, articles),
                **component_ms(extractor.nlp, texts, len(articles)),
            }
            best[path] = {k: min(v, best[path].get(k, v)) for k, v in measured.items()}
    print(f"{description}, {words} words; CPU ms per article, least of {args.rounds} rounds (warm caches)")
    for path, parts in best.items():
        total, reader = parts.pop("extract_many"), parts.pop("reader")
        spacy_ms = sum(parts.values())
        print(
            f"{path:5s} extract_many {total:6.1f} ms/article ({1000 * words / (total * len(articles)):,.0f} words per"
            f" CPU second) = spaCy {spacy_ms:.1f} + reader and the rest {total - spacy_ms:.1f}"
            f" (the reader alone, on parsed docs: {reader:.1f})"
        )
        print("      " + ", ".join(f"{name} {ms:.1f}" for name, ms in parts.items()))


if __name__ == "__main__":
    main()
