"""Stories as online clustering against story centroids (pure; no I/O).

An article becomes three sparse term vectors: its title words, its body words (the lead counts most) and its
salient names (:func:`stories.salient_entities`). A story keeps the sum of its members' unit vectors (its
*centroid*) for each of the three, its time span, its most representative title and the LSH band keys of its
members. Weights are applied at comparison time with the inverse document frequency *of the stream seen so
far* (:class:`Vocabulary`), so a word or a name in every article ("Trump", "campaign") weighs about nothing,
and the centroids never need recomputing when the IDF moves.

An article joins (in this order, see :class:`Clusterer`):

1. the story holding a near-duplicate of it (a shared MinHash band key, :func:`stories.band_keys`), at once;
2. else the live story whose centroid is most similar (:func:`similarity`) if that reaches :data:`JOIN`;
3. else a new story.

A story is *live* while the article is within :data:`WINDOW` of the story's last member and :data:`SPAN` of its
first. Similarity is a logistic model over the title, body and names cosines, the article's title against the
story's body, and the gap in days (:func:`features`); the weights and thresholds were calibrated on labelled
PolNeAR weeks (docs/stories.md). Two stories merge only when their *centroids* reach
:data:`MERGE`; single members never chain stories together.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from claimstream.services.index import stories

Vector = dict[str, float]

WINDOW = timedelta(days=3)  # a story takes no member this long after its last one ...
SPAN = timedelta(days=4)  # ... nor this long after its first one
HORIZON = timedelta(days=1)  # article time a placer keeps stories for behind the newest article (see live_in)
# Logistic model over FEATURES (see features()): fitted on the tuning weeks' article-to-event decisions and JOIN
# chosen on the tuning weeks by `python bench/bench_stories.py SHARED --fit` (docs/stories.md): on the six tuning
# weeks of the first twelve labelled; the refit on all ten tuning weeks scored worse on the check weeks, not kept.
FEATURES = ("title", "body", "names", "days", "title_to_body")
COEF = (14.25, 27.85, 4.86, -1.24, 18.87)
BIAS = -1.59
JOIN = 0.955  # probability at or above which an article joins a story
MERGE = 0.9999  # probability at or above which two stories' centroids merge (near-identical centroids only)
PRIOR = 5  # pseudo-documents in the IDF (see Vocabulary)
LEAD_WORDS = 250  # body words kept (the lead carries the event)
MAX_TERMS = 200  # terms kept per centroid vector (the heaviest)
REP_TERMS = 40  # terms kept of the title holder's vectors
MAX_BANDS = 20 * 9  # near-duplicate keys kept per story (those of its first members)
HISTORY = 64  # vocabulary steps whose terms are kept to bring weighted lengths up to date (see _Lengths)
DECIMALS = 6  # every vector weight is a multiple of 10**-DECIMALS, in memory and in a story document (see _q)
_SCALE = 10.0**DECIMALS

_WORD = re.compile(r"[a-z][a-z0-9'’-]*[a-z0-9]|[a-z]")
_STOP = frozenset(
    """
a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers
herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once
only or other our ours ourselves out over own same she should so some such than that the their theirs them
themselves then there these they this those through to too under until up very was we were what when where which
while who whom why will with would you your yours yourself yourselves said says say told tell according mr mrs ms
one two three new also like just get got going go went make made many much may might must us via per week
monday tuesday wednesday thursday friday saturday sunday year years day days time people last first next
""".split()
)


def words(text: str) -> list[str]:
    """Lower-cased content words of ``text`` with a light plural/possessive strip (no lemmatiser needed)."""
    out = []
    for w in _WORD.findall(text.lower()):
        w = w.replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
        if len(w) > 2 and w not in _STOP:
            out.append(w)
    return out


def _q(x: float) -> float:
    """``x`` rounded to a multiple of ``10**-DECIMALS`` (the nearest float to it). Every weight of an article's
    or a story's vectors is kept so, as the story document stores it (an integer count of that quantum,
    :func:`_pairs`): a story read back from the index equals the one its worker holds, and the document is a
    third lighter than with 17-digit floats. A unit vector's components are at least about 0.005 (a name of fifty,
    :func:`article`), so the relative error is at most 1e-4, in the body about 1e-5 (decisions on the labelled
    weeks: docs/stories.md). Idempotent; a multiplication and ``round`` (``round(x, n)`` and a ``%g`` format
    cost ten times more)."""
    return round(x * _SCALE) / _SCALE


def _unit(counts: Mapping[str, float]) -> Vector:
    """Sublinear term frequency (1 + log tf), scaled to unit length (weights rounded, :func:`_q`)."""
    vec = {t: 1.0 + math.log(c) for t, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: _q(v / norm) for t, v in vec.items()}


@dataclass(frozen=True)
class Article:
    """What clustering knows about one article."""

    article_id: str
    time: datetime
    title: str
    title_vec: Vector
    body_vec: Vector
    names_vec: Vector
    bands: tuple[str, ...]
    lengths: dict[str, _Lengths] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def terms(self) -> set[str]:
        """Every term of the article (names prefixed ``n:``), for the document frequencies."""
        return set(self.title_vec) | set(self.body_vec) | {f"n:{n}" for n in self.names_vec}


def article(article_id: str, text: str, title: str | None, time: datetime) -> Article:
    """The vectors of one article. A first line equal to the title is not counted twice."""
    title = (title or "").strip()
    body = text
    first, _, rest = text.partition("\n")
    if title and first.strip().rstrip(".") == title.rstrip("."):
        body = rest
    if not title:
        title = first.strip()[:300]
    lead = words(body)[:LEAD_WORDS]
    names = stories.salient_entities(body, title)
    time = time if time.tzinfo is not None else time.replace(tzinfo=UTC)
    return Article(
        article_id,
        time,
        title,
        _unit(Counter(words(title))),
        _unit(Counter(lead)),
        _unit({n: float(len(names) - i) for i, n in enumerate(names)}),
        stories.band_keys(text),
    )


_TOKENS = itertools.count()  # one per Vocabulary: a length measured under one never serves another


@dataclass
class Vocabulary:
    """Document frequencies of the stream seen so far; IDF ``log((n + PRIOR) / (df + 1))``: :data:`PRIOR`
    pseudo-documents without the term keep a young stream (two reports of one event, nothing else yet) from
    weighing every shared word at zero.

    Every :meth:`add` is a *step*; the terms of the last :data:`HISTORY` steps are kept, so a vector's weighted
    length measured some steps ago is brought up to date from the terms whose document frequency moved since
    (:class:`_Lengths`) instead of measured again. ``n`` and ``df`` change only through :meth:`add`."""

    n: int = 0
    df: Counter[str] = field(default_factory=Counter)

    token: int = field(default_factory=lambda: next(_TOKENS), init=False, compare=False)
    step: int = field(default=0, init=False, compare=False)
    # per step: (its terms, its names without the "n:" prefix), the last HISTORY steps
    changed: deque[tuple[set[str], set[str]]] = field(
        default_factory=lambda: deque(maxlen=HISTORY), init=False, repr=False, compare=False
    )
    _logdf: dict[str, float] = field(default_factory=dict, init=False, repr=False, compare=False)
    _logn: float = field(default=0.0, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._logn = math.log(self.n + PRIOR)

    def add(self, terms: Iterable[str]) -> None:
        new = set(terms)
        self.n += 1
        self.df.update(new)
        self.step += 1
        self.changed.append((new, {t[2:] for t in new if t.startswith("n:")}))
        forget = self._logdf.pop
        for t in new:
            forget(t, None)
        self._logn = math.log(self.n + PRIOR)

    def logdfs(self, terms: Iterable[str], prefix: str = "") -> list[float]:
        """:meth:`logdf` of each of ``terms`` (``prefix`` + term), in order."""
        memo = self._logdf
        if prefix:
            terms = [prefix + t for t in terms]
        got = list(map(memo.get, terms))
        if None in got:
            got = [self.logdf(t) if x is None else x for t, x in zip(terms, got, strict=True)]
        return got  # type: ignore[return-value]

    def logdf(self, term: str) -> float:
        """``log(df + 1)`` of ``term`` (kept until the term's document frequency moves)."""
        got = self._logdf.get(term)
        if got is None:
            got = self._logdf[term] = math.log(self.df.get(term, 0) + 1)
        return got

    def idf(self, term: str) -> float:
        got = self._logdf.get(term)
        return self._logn - (self.logdf(term) if got is None else got)


def _norm(vec: Mapping[str, float], idf: Any, prefix: str = "") -> float:
    """Length of ``vec`` with every term weighed by its IDF (``idf(prefix + term)``)."""
    return math.sqrt(sum((v * idf(prefix + t)) ** 2 for t, v in vec.items()))


def _cosine(a: Mapping[str, float], b: Mapping[str, float], idf: Any, prefix: str = "") -> float:
    """Cosine of ``a`` and ``b`` with every term weighed by its IDF (``idf(prefix + term)``); the lengths are
    only measured when they share a term. (Comparisons of articles and stories use :func:`_cos`, which keeps the
    lengths across comparisons.)"""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(v * large[t] * idf(prefix + t) ** 2 for t, v in small.items() if t in large)
    if dot <= 0:  # no shared term: no lengths needed
        return 0.0
    na, nb = _norm(a, idf, prefix), _norm(b, idf, prefix)
    return dot / (na * nb) if na and nb else 0.0


def _plain_cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """:func:`_cosine` with every weight 1, the same arithmetic in the same order (so a tie between two title
    holders is broken as before) without a call per term."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    dot = sum(v * large[t] for t, v in small.items() if t in large)
    if dot <= 0:
        return 0.0
    na, nb = math.sqrt(sum(v**2 for v in a.values())), math.sqrt(sum(v**2 for v in b.values()))
    return dot / (na * nb) if na and nb else 0.0


@dataclass
class _Lengths:
    """A vector's IDF-weighted length, kept across comparisons and brought up to date as the IDF moves.

    With ``L = log(n + PRIOR)`` the IDF of term ``t`` is ``L - log(df_t + 1)``. Measured at ``L0`` the sums
    ``a = Σ v²``, ``b = Σ v² m``, ``c = Σ v² m²`` over ``m_t = L0 - log(df_t + 1)`` give the length at any later
    ``L`` as ``sqrt(a δ² + 2 δ b + c)``, ``δ = L - L0`` (no cancellation: every part is non-negative while the
    stream grows). A step that moves ``df_t`` of a term in the vector changes ``m_t``: ``b`` and ``c`` are
    corrected for those terms alone, found by a set intersection with the step's terms. Exact up to rounding
    (the unit tests hold it to the length measured afresh); lengths older than :data:`HISTORY` steps, or of
    another vocabulary, are measured afresh."""

    token: int
    step: int
    base: float  # L0
    a: float
    b: float
    c: float

    @classmethod
    def measure(cls, vec: Mapping[str, float], vocab: Vocabulary, prefix: str) -> _Lengths:
        base = vocab._logn
        sq = [v * v for v in vec.values()]
        m = [base - x for x in vocab.logdfs(vec, prefix)]
        return cls(
            vocab.token,
            vocab.step,
            base,
            math.fsum(sq),
            math.fsum(x * y for x, y in zip(sq, m, strict=True)),
            math.fsum(x * y * y for x, y in zip(sq, m, strict=True)),
        )

    def catch_up(self, vec: Mapping[str, float], vocab: Vocabulary, prefix: str) -> None:
        """Correct for the steps since this was measured (at most :data:`HISTORY`)."""
        keys, side, behind = vec.keys(), 1 if prefix else 0, vocab.step - self.step
        moved: Mapping[str, int]
        if behind == 1:  # the common case: compared at every article
            moved = dict.fromkeys(keys & vocab.changed[-1][side], 1)
        else:
            moved = Counter()
            for back in range(behind, 0, -1):
                moved.update(keys & vocab.changed[-back][side])
        self.step = vocab.step
        if not moved:
            return
        db, dc = [self.b], [self.c]
        for t, k in moved.items():
            df = vocab.df.get(prefix + t, 0)
            was, now = self.base - math.log(df - k + 1), self.base - vocab.logdf(prefix + t)
            w = vec[t] * vec[t]
            db.append(w * (now - was))
            dc.append(w * (now * now - was * was))
        self.b, self.c = math.fsum(db), math.fsum(dc)

    def value(self, vocab: Vocabulary) -> float:
        d = vocab._logn - self.base
        return math.sqrt(max(0.0, self.a * d * d + 2 * d * self.b + self.c))


VECTORS = {"title": ("title_vec", ""), "body": ("body_vec", ""), "names": ("names_vec", "n:")}


def _length(owner: Article | Story, which: str, vocab: Vocabulary) -> float:
    """IDF-weighted length of ``owner``'s ``which`` vector (``title``, ``body``, ``names``) under ``vocab``, kept
    on ``owner`` across comparisons (:class:`_Lengths`): a live story's centroid is not measured again for every
    article. A story forgets its lengths when its vectors change (:meth:`Story.add`, ``absorb``, ``trim``)."""
    attr, prefix = VECTORS[which]
    vec = getattr(owner, attr)
    got = owner.lengths.get(which)
    if got is None or got.token != vocab.token or vocab.step - got.step > len(vocab.changed):
        got = owner.lengths[which] = _Lengths.measure(vec, vocab, prefix)
    elif got.step != vocab.step:
        got.catch_up(vec, vocab, prefix)
    return got.value(vocab)


def _cos(a: Article | Story, which: str, s: Story, of: str, vocab: Vocabulary) -> float:
    """Cosine of ``a``'s ``which`` vector and ``s``'s ``of`` vector, IDF-weighted, lengths from :func:`_length`.
    The dot product runs over the shared terms only (found in C), summed exactly (``math.fsum``: the same
    whatever order the set yields them)."""
    attr, prefix = VECTORS[which]
    x, y = getattr(a, attr), getattr(s, VECTORS[of][0])
    shared = x.keys() & y.keys()
    if not shared:  # no shared term: no lengths needed
        return 0.0
    logn = vocab._logn
    dot = math.fsum(x[t] * y[t] * (logn - w) ** 2 for t, w in zip(shared, vocab.logdfs(shared, prefix), strict=True))
    if dot <= 0:
        return 0.0
    na, nb = _length(a, which, vocab), _length(s, of, vocab)
    return dot / (na * nb) if na and nb else 0.0


@dataclass
class Story:
    """A story's state: centroid sums, time span, outlets-free summary (the index adds outlets)."""

    story_id: str
    first: datetime
    last: datetime
    size: int = 0
    title: str = ""
    title_article: str = ""
    title_score: float = -1.0
    title_vec: Vector = field(default_factory=dict)
    body_vec: Vector = field(default_factory=dict)
    names_vec: Vector = field(default_factory=dict)
    bands: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)  # ids of stories merged into this one
    rep_title: Vector = field(default_factory=dict)  # the title holder's vectors (cut)
    rep_body: Vector = field(default_factory=dict)
    # weighted lengths of the three vectors (see _length), forgotten whenever the vectors change
    lengths: dict[str, _Lengths] = field(default_factory=dict, init=False, repr=False, compare=False)

    def add(self, a: Article, score: float = 0.0) -> None:
        """Take ``a`` as a member (``score``: its similarity to the story, kept for the caller's logs)."""
        self.lengths.clear()
        first = self.size == 0
        for mine, theirs in ((self.title_vec, a.title_vec), (self.body_vec, a.body_vec), (self.names_vec, a.names_vec)):
            for t, v in theirs.items():
                mine[t] = _q(mine.get(t, 0.0) + v)
        self.size += 1
        self.first, self.last = min(self.first, a.time), max(self.last, a.time)
        self.bands.extend(b for b in a.bands if len(self.bands) < MAX_BANDS)
        self.trim()
        if first:  # a new story's vectors are its article's, term for term: so are their lengths (where not cut)
            for which, (attr, _prefix) in VECTORS.items():
                got = a.lengths.get(which)
                if got is not None and len(getattr(self, attr)) == len(getattr(a, attr)):
                    self.lengths[which] = replace(got)
        # The title is the member closest to the centroid: the new member against the current holder, both
        # scored against the centroid as it is now (the holder's vectors are kept, cut to REP_TERMS).
        new = self._central(a.title_vec, a.body_vec)
        if not self.title_article or new > self._central(self.rep_title, self.rep_body):
            self.title, self.title_article, self.title_score = a.title, a.article_id, _q(new)
            self.rep_title, self.rep_body = _top(a.title_vec, REP_TERMS), _top(a.body_vec, REP_TERMS)

    def _central(self, title_vec: Vector, body_vec: Vector) -> float:
        return 0.5 * _plain_cosine(title_vec, self.title_vec) + 0.5 * _plain_cosine(body_vec, self.body_vec)

    def absorb(self, other: Story) -> None:
        """Merge ``other`` into this story."""
        self.lengths.clear()
        for mine, theirs in (
            (self.title_vec, other.title_vec),
            (self.body_vec, other.body_vec),
            (self.names_vec, other.names_vec),
        ):
            for t, v in theirs.items():
                mine[t] = _q(mine.get(t, 0.0) + v)
        self.size += other.size
        self.first, self.last = min(self.first, other.first), max(self.last, other.last)
        self.bands.extend(b for b in other.bands if len(self.bands) < MAX_BANDS)
        self.merged.extend([other.story_id, *other.merged])
        if other.size > self.size - other.size:  # the bigger side's title stands
            self.title, self.title_article = other.title, other.title_article
            self.rep_title, self.rep_body = other.rep_title, other.rep_body
        self.trim()

    def trim(self) -> None:
        self.lengths.clear()
        for name in ("title_vec", "body_vec", "names_vec"):
            vec = getattr(self, name)
            if len(vec) > MAX_TERMS:
                keep = sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
                setattr(self, name, dict(keep))

    def to_source(self) -> dict[str, Any]:
        """The story as a JSON-able document (see deploy/elasticsearch/stories.json)."""
        return {
            "story_id": self.story_id,
            "first": self.first.isoformat(),
            "last": self.last.isoformat(),
            "size": self.size,
            "title": self.title,
            "title_article": self.title_article,
            "title_score": self.title_score,
            "centroid": {
                "title": _pairs(self.title_vec),
                "body": _pairs(self.body_vec),
                "names": _pairs(self.names_vec),
            },
            "terms": sorted(self.body_vec, key=lambda t: -self.body_vec[t])[:50],
            "entities": sorted(self.names_vec, key=lambda t: -self.names_vec[t])[:30],
            "lsh_bands": _pack(self.bands, " "),
            "merged": list(self.merged),
            "rep": {"title": _pairs(self.rep_title), "body": _pairs(self.rep_body)},
        }

    @classmethod
    def from_source(cls, src: Mapping[str, Any]) -> Story:
        c = src.get("centroid") or {}
        return cls(
            story_id=src["story_id"],
            first=_time(src["first"]),
            last=_time(src["last"]),
            size=int(src.get("size") or 0),
            title=src.get("title") or "",
            title_article=src.get("title_article") or "",
            title_score=float(src.get("title_score", -1.0)),
            title_vec=_unpairs(c.get("title")),
            body_vec=_unpairs(c.get("body")),
            names_vec=_unpairs(c.get("names")),
            bands=_unpack(src.get("lsh_bands"), " "),
            merged=list(src.get("merged") or ()),
            rep_title=_unpairs((src.get("rep") or {}).get("title")),
            rep_body=_unpairs((src.get("rep") or {}).get("body")),
        )


def _top(vec: Vector, n: int) -> Vector:
    return dict(sorted(vec.items(), key=lambda kv: (-kv[1], kv[0]))[:n])


def _pack(items: list[str], sep: str) -> str | list[str]:
    """``items`` joined by ``sep`` (a list if one holds ``sep``): one JSON string costs the client's encoder and
    the server's parser a fraction of a list of hundreds (see :func:`_pairs`)."""
    joined = sep.join(items)
    return joined if not items or joined.count(sep) == len(items) - 1 else list(items)


def _unpack(packed: Any, sep: str) -> list[Any]:
    """The items of :func:`_pack` (a list as it is; None or empty: none)."""
    if isinstance(packed, str):
        return packed.split(sep) if packed else []
    return list(packed or ())


def _pairs(vec: Vector) -> dict[str, Any]:
    """A vector as two parallel lists packed in strings (terms may hold dots, which object keys in
    Elasticsearch may not): ``t`` the terms joined by tabs (a list if a term holds a tab), ``w`` the weights as
    comma-joined integer counts of ``10**-d`` (``d`` = :data:`DECIMALS`). One string for 200 terms or weights
    costs the client's JSON encoder (and the server's parser) a fraction of a 200-element list, and a weight
    takes 5-7 characters where a 17-digit float takes 20."""
    return {
        "t": _pack(list(vec), "\t"),
        "w": ",".join([str(round(v * _SCALE)) for v in vec.values()]),
        "d": DECIMALS,
    }


def _unpairs(pairs: Any) -> Vector:
    """The vector of :func:`_pairs`. Also reads the earlier forms: lists of terms and of integer counts, and
    (written before weights were rounded: float weights, no ``d``) float weights, read rounded (:func:`_q`) as a
    worker would hold them."""
    if not pairs:
        return {}
    terms, weights = _unpack(pairs["t"], "\t"), _unpack(pairs["w"], ",")
    if "d" not in pairs:
        return dict(zip(terms, (_q(float(w)) for w in weights), strict=True))
    scale = 10.0 ** int(pairs["d"])
    return dict(zip(terms, (int(w) / scale for w in weights), strict=True))


def _time(value: str) -> datetime:
    t = datetime.fromisoformat(value)
    return t if t.tzinfo is not None else t.replace(tzinfo=UTC)


def features(a: Article | Story, s: Story, vocab: Vocabulary) -> tuple[float, float, float, float, float]:
    """``(title cosine, body cosine, names cosine, gap in days, title-to-body cosine)`` of ``a`` (an article or a
    story) and ``s``. The last is ``a``'s title against ``s``'s body centroid: a headline from another angle
    (an opinion on a debate, an analysis of a result) still names what the reports' bodies are about.
    The vectors' weighted lengths are kept on ``a`` and ``s`` across comparisons (:func:`_length`)."""
    if isinstance(a, Story):
        gap = max(timedelta(0), max(a.first, s.first) - min(a.last, s.last))
    else:
        gap = max(timedelta(0), s.first - a.time, a.time - s.last)
    return (
        _cos(a, "title", s, "title", vocab),
        _cos(a, "body", s, "body", vocab),
        _cos(a, "names", s, "names", vocab),
        gap.total_seconds() / 86400,
        _cos(a, "title", s, "body", vocab),
    )


def similarity(a: Article | Story, s: Story, vocab: Vocabulary) -> float:
    """How likely ``a`` (an article, or another story's centroid) reports the event of story ``s``: a logistic
    model over :func:`features` (:data:`COEF`, :data:`BIAS`), in (0, 1)."""
    z = BIAS + sum(w * f for w, f in zip(COEF, features(a, s, vocab), strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def live(a_time: datetime, s: Story) -> bool:
    """True while ``s`` still takes members at ``a_time``: within :data:`WINDOW` of its members and no more
    than :data:`SPAN` after its first one (an event ends; a story never rolls on through a campaign)."""
    return s.first - WINDOW <= a_time <= min(s.last + WINDOW, s.first + SPAN)


def live_in(s: Story, lo: datetime, hi: datetime) -> bool:
    """True when ``s`` is :func:`live` at some article time in ``[lo, hi]``. A placer (an index worker,
    :class:`Clusterer`) keeps the stories live in ``[newest - HORIZON, newest]``, ``newest`` the newest article
    time it placed: the few stories of the last days, whatever the stream's length; an article older than that
    window (out of order by more than :data:`HORIZON`) makes it look at the older stories again."""
    return s.last >= lo - WINDOW and lo - SPAN <= s.first <= hi + WINDOW


@dataclass(frozen=True)
class Decision:
    """Where an article went: its story, why (``duplicate``, ``similar`` or ``new``), the similarity, and the
    stories merged into it as a consequence."""

    story_id: str
    reason: str
    score: float
    merged: tuple[str, ...] = ()


def decide(a: Article, candidates: Iterable[Story], vocab: Vocabulary) -> tuple[str | None, str, float]:
    """``(story id or None, reason, score)`` for ``a`` among ``candidates`` (stories near it in time)."""
    pool = [s for s in candidates if live(a.time, s)]
    bands = set(a.bands)
    dups = [s for s in pool if not bands.isdisjoint(s.bands)]
    if dups:
        best = min(dups, key=lambda s: (s.first, s.story_id))
        return best.story_id, "duplicate", 1.0
    scored = sorted(((similarity(a, s, vocab), s.story_id) for s in pool), key=lambda x: (-x[0], x[1]))
    if scored and scored[0][0] >= JOIN:
        return scored[0][1], "similar", scored[0][0]
    return None, "new", scored[0][0] if scored else 0.0


def merges_for(s: Story, candidates: Iterable[Story], vocab: Vocabulary) -> list[Story]:
    """Live stories other than ``s`` whose centroid meets ``s``'s at :data:`MERGE`, oldest first. Both must hold
    at least two articles: a lone article is placed by :func:`decide`, and one that reads like two stories must
    not fuse them (no chaining through a single member)."""
    if s.size < 2:
        return []
    out = [
        o
        for o in candidates
        if o.story_id != s.story_id
        and o.size >= 2
        and (live(s.last, o) or live(o.last, s))
        and similarity(o, s, vocab) >= MERGE
    ]
    return sorted(out, key=lambda o: (o.first, o.story_id))


class Clusterer:
    """The whole algorithm in memory, for evaluation and benchmarks: feed articles in time order.

    Like an index worker it compares an article with the stories live in the window of :func:`live_in` only (in
    linear time on a long stream); ``stories`` keeps every story."""

    def __init__(self) -> None:
        self.vocab = Vocabulary()
        self.stories: dict[str, Story] = {}
        self.story_of: dict[str, str] = {}
        self.merges: list[tuple[str, str]] = []  # (merged story, into story)
        self.live: dict[str, Story] = {}  # the stories live_in(newest - HORIZON, newest)
        self.newest: datetime | None = None

    def _pool(self, t: datetime) -> list[Story]:
        """The stories live at article time ``t``, from the window (all stories for an article older than it)."""
        if self.newest is None or t > self.newest:
            self.newest = t
            lo = t - HORIZON
            for sid in [sid for sid, s in self.live.items() if not live_in(s, lo, t)]:
                del self.live[sid]
        if t < self.newest - HORIZON:
            return [s for s in self.stories.values() if live(t, s)]
        return [s for s in self.live.values() if live(t, s)]

    def add(self, a: Article) -> Decision:
        self.vocab.add(a.terms())
        pool = self._pool(a.time)
        story_id, reason, score = decide(a, pool, self.vocab)
        if story_id is None:
            story = self.stories[a.article_id] = Story(a.article_id, a.time, a.time)
        else:
            story = self.stories[story_id]
        story.add(a, score)
        merged = []
        for other in merges_for(story, pool, self.vocab):
            keep, gone = (
                (other, story) if (other.first, other.story_id) < (story.first, story.story_id) else (story, other)
            )
            keep.absorb(gone)
            del self.stories[gone.story_id]
            self.live.pop(gone.story_id, None)
            self.merges.append((gone.story_id, keep.story_id))
            merged.append(gone.story_id)
            story = keep
        assert self.newest is not None
        if live_in(story, self.newest - HORIZON, self.newest):
            self.live[story.story_id] = story
        self.story_of[a.article_id] = story.story_id
        return Decision(story.story_id, reason, score, tuple(merged))

    def assignment(self) -> dict[str, str]:
        """Article id -> final story id (following merges)."""
        final: dict[str, str] = {}
        into = dict(self.merges)
        for aid, sid in self.story_of.items():
            while sid in into:
                sid = into[sid]
            final[aid] = sid
        return final
