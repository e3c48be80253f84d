"""Stories (pure part): an article's fingerprint — MinHash LSH band keys and salient names — and the pairwise
rule that grouped stories before :mod:`claimstream.services.index.centroids` did.

- :func:`band_keys`: MinHash (datasketch) of word 3-shingles, split into LSH bands tuned for a Jaccard
  similarity of about :data:`NEAR_DUPLICATE`; two texts sharing one band key are near-duplicates (rewrites,
  syndication). Centroid clustering joins a near-duplicate to its original's story at once.
- :func:`salient_entities`: a cheap, NER-free heuristic (runs of capitalised words, counted, title words
  weighted), so story assignment does not wait for the extract service.
- :func:`same_story`: the earlier rule (within :data:`WINDOW`, a shared band key or enough shared names). Kept
  only as the "before" of the story evaluation (``claimstream.evaluate_stories.pairwise_rules_assign``): on a
  stream where every article names the same people it links unrelated events, and chained through single
  members it made topic-sized stories (docs/stories.md).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from datasketch import MinHash, MinHashLSH

NUM_PERM = 128
NEAR_DUPLICATE = 0.5  # Jaccard of 3-shingle sets above which two texts are the same report (rewrites, syndication)
MIN_SHARED = 2  # salient entities two reports of one event share at least ...
MIN_OVERLAP = 0.4  # ... and at least this share of the smaller list,
MANY_SHARED = 5  # ... or at least this many
MAX_ENTITIES = 15  # salient entities kept per article
WINDOW = timedelta(days=3)  # articles further apart in time are never one story
_BANDS = MinHashLSH(threshold=NEAR_DUPLICATE, num_perm=NUM_PERM).hashranges  # (start, end) of each band

_WORD = re.compile(r"\w+")
_CAPS = re.compile(r"(?:[A-Z][\w’'.-]*[\w’']|[A-Z])(?:[ \t]+(?:[A-Z][\w’'.-]*[\w’']|[A-Z]))*")
_POSSESSIVE = re.compile(r"[’']s$")
_OPENS_AFTER = frozenset('.!?:;"“”\n([-')  # a capitalised word after one of these (and blanks) opens a sentence
# Capitalised words that name nothing on their own: sentence openers, titles, days, months.
_NOT_NAMES = set(
    """
a an the this that these those it its he she they we i you his her their our my your there here
in on at of for from to by with after before during since as but and or if when while where what who how
why according however meanwhile despite also still yet so then now today yesterday tomorrow some many most
several all any every each no not one two three four five six seven eight nine ten first last new
mr mrs ms dr gen general col lt sgt president prime minister vice foreign interior defence defense deputy
governor secretary chief commander spokesperson spokesman spokeswoman officials official sen rep king queen
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december read related share sign comments photo video image
""".split()
)


@dataclass(frozen=True)
class Fingerprint:
    """What story assignment needs to know about an article."""

    article_id: str
    time: datetime
    bands: tuple[str, ...]
    entities: tuple[str, ...]


def band_keys(text: str) -> tuple[str, ...]:
    """LSH band keys of ``text``: ``"<band>:<digest of the band's MinHash values>"``. Equal keys in the same
    band mean the texts' MinHash signatures agree on that band (likely for Jaccard >= NEAR_DUPLICATE)."""
    words = [w.lower() for w in _WORD.findall(text)]
    shingles = {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}
    mh = MinHash(num_perm=NUM_PERM)
    mh.update_batch([s.encode() for s in shingles])
    return tuple(
        f"{i}:{hashlib.blake2b(mh.hashvalues[a:b].tobytes(), digest_size=8).hexdigest()}"
        for i, (a, b) in enumerate(_BANDS)
    )


def salient_entities(text: str, title: str | None = None) -> tuple[str, ...]:
    """Up to MAX_ENTITIES proper-noun phrases of the article, most mentioned first (title counts thrice)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    in_text: Counter[str] = Counter()
    # A lone capitalised word that only opens sentences counts if it is in the text twice, or in the title too.
    mid_sentence: set[str] = set()
    for weight, chunk in ((3, title or ""), (1, text)):
        for match in _CAPS.finditer(chunk):
            words = match.group().split()
            opens = _opens_sentence(chunk, match.start())
            while words and words[0].lower().rstrip(".") in _NOT_NAMES:
                words, opens = words[1:], False
            name = _POSSESSIVE.sub("", " ".join(words)).strip(".-’'")
            if len(name) < 2 or name.lower() in _NOT_NAMES:
                continue
            counts[name] += weight
            in_text[name] += weight == 1
            first.setdefault(name, len(first))
            if (not opens and weight == 1) or len(words) > 1:
                mid_sentence.add(name)
    ranked = sorted(
        (n for n in counts if n in mid_sentence or in_text[n] > 1 or (in_text[n] and counts[n] > in_text[n])),
        key=lambda n: (-counts[n], first[n]),
    )
    return tuple(ranked[:MAX_ENTITIES])


def _opens_sentence(chunk: str, start: int) -> bool:
    """True when only blanks stand between ``start`` and the chunk's start, a newline, or sentence punctuation.

    Looks back from ``start`` only as far as the blanks go: a regex over the whole prefix (as this was) made
    every capitalised word cost the length of the text before it, quadratic in the article (63 ms for a
    3,600-word article, on the index service's event loop)."""
    i = start
    while i > 0 and chunk[i - 1].isspace():
        if chunk[i - 1] == "\n":
            return True
        i -= 1
    return i == 0 or chunk[i - 1] in _OPENS_AFTER


def _utc(time: datetime) -> datetime:
    return time if time.tzinfo is not None else time.replace(tzinfo=UTC)


def fingerprint(article_id: str, text: str, title: str | None, time: datetime) -> Fingerprint:
    """The fingerprint of one article; ``time`` is when it was published (or ingested, if unknown)."""
    return Fingerprint(article_id, _utc(time), band_keys(text), salient_entities(text, title))


def same_story(a: Fingerprint, b: Fingerprint) -> bool:
    """True when ``a`` and ``b`` are reports of one event (see the module docstring)."""
    if abs(a.time - b.time) > WINDOW:
        return False
    if set(a.bands) & set(b.bands):
        return True
    shared = len(set(a.entities) & set(b.entities))
    smaller = min(len(a.entities), len(b.entities)) or 1
    return shared >= MANY_SHARED or (shared >= MIN_SHARED and shared / smaller >= MIN_OVERLAP)
