"""The compute bound: the pipeline's work (cleaning + claim extraction) in this process, no broker, no search server.

Uses exactly the functions the services run: ingest's ``clean`` (``clean_html`` / ``clean_text``) and
``to_event``, then ``ClaimExtractor.extract_many`` in batches of the extract service's batch size. Selection
(:func:`select`) also records each article's word and claim counts, which tell the end-to-end runs when an
article is completely searchable.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from claimstream.bench.corpus import Input, Source
from claimstream.services.extract.batch import wants_extraction
from claimstream.services.extract.claims import ClaimExtractor
from claimstream.services.ingest.articles import ArticleIn, clean, to_event
from claimstream.services.ingest.clean import CleaningError
from claimstream.shared.events import ArticleCleaned


class BenchError(RuntimeError):
    """The benchmark cannot go on (no usable input, a service died, a run timed out); the message says why."""


@dataclass(frozen=True)
class Article:
    """A source that cleans into an English article, with its word and claim counts."""

    source: Source
    words: int
    claims: int


@dataclass(frozen=True)
class Workload:
    """The ``n`` articles every run posts (usable sources, cycled when there are fewer than ``n``)."""

    articles: list[Article]
    usable: int
    rejected: int
    skipped_language: int

    @property
    def words(self) -> int:
        return sum(a.words for a in self.articles)

    @property
    def claims(self) -> int:
        return sum(a.claims for a in self.articles)


def clean_event(source: Source, tag: str) -> ArticleCleaned:
    """What ingest publishes for ``source`` (raises CleaningError as ingest would answer 422)."""
    body = ArticleIn(**source.body(tag))
    return to_event(body, clean(body), datetime.now(UTC))


def usable(sources: Iterable[Source], counts: Counter[str] | None = None) -> Iterator[tuple[Source, ArticleCleaned]]:
    """Each source that cleans into an article extraction processes (English), with that article (run tag
    "select"); ``counts["rejected"]``/``counts["skipped_language"]`` count the others as they are passed."""
    counts = counts if counts is not None else Counter()
    for source in sources:
        try:
            event = clean_event(source, "select")
        except CleaningError:
            counts["rejected"] += 1
            continue
        if not wants_extraction(event):
            counts["skipped_language"] += 1
            continue
        yield source, event


def select_events(sources: Iterable[Source], n: int) -> list[ArticleCleaned]:
    """The articles of the first ``n`` usable sources (fewer if there are fewer), as ingest publishes them."""
    return [event for _, event in islice(usable(sources), n)]


def select(inp: Input, n: int, extractor: ClaimExtractor, echo: Callable[[str], Any] = print) -> Workload:
    """The first sources that clean into English articles, up to ``n``, cycled to ``n`` if fewer exist."""
    found: list[Article] = []
    counts: Counter[str] = Counter()
    for source, event in usable(inp.sources, counts):
        found.append(Article(source, len(event.text.split()), len(extractor.extract(event))))
        if len(found) % 20 == 0:
            echo(f"  selected {len(found)}/{n} articles ...")
        if len(found) >= n:
            break
    if not found:
        raise BenchError("no input article survives cleaning; nothing to benchmark")
    return Workload(
        [found[i % len(found)] for i in range(n)], len(found), counts["rejected"], counts["skipped_language"]
    )


def bare_once(workload: Workload, extractor: ClaimExtractor, batch_size: int, tag: str) -> dict[str, float]:
    """One timed pass over the workload: clean every article, then extract in service-sized batches."""
    started, cpu_started = time.perf_counter(), time.process_time()
    events = [clean_event(a.source, f"{tag}-{i}") for i, a in enumerate(workload.articles)]
    cleaned, cpu_cleaned = time.perf_counter(), time.process_time()
    claims = 0
    for start in range(0, len(events), batch_size):
        claims += sum(len(c) for c in extractor.extract_many(events[start : start + batch_size]))
    done, cpu_done = time.perf_counter(), time.process_time()
    seconds, n = done - started, len(events)
    return {
        "seconds": seconds,
        "clean_seconds": cleaned - started,
        "extract_seconds": done - cleaned,
        # CPU time is what a loaded machine does not distort much: compare it with the services' CPU time.
        "clean_cpu_ms_per_article": 1000 * (cpu_cleaned - cpu_started) / n,
        "extract_cpu_ms_per_article": 1000 * (cpu_done - cpu_cleaned) / n,
        "articles": n,
        "words": workload.words,
        "claims": claims,
        "articles_per_s": n / seconds,
        "words_per_s": workload.words / seconds,
        # With cleaning and extraction on different cores (as the services are), the slower stage bounds it.
        "pipelined_articles_per_s": n / max(cleaned - started, done - cleaned),
    }
