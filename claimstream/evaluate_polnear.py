"""Scoring attributions against PolNeAR (``polnear/dev.json``, ``train.json``: ``[{"id", "text", "attributions"}]``).

The metric of ``polnear/README.md``, with the positional word overlap of :mod:`claimstream.evaluate_spans`:

- each article's ``text`` goes to the extractor as it is (no cleaning), so claim spans and gold spans share
  offsets; predictions are the claims that carry a speaker (not ``unattributed``, not the outlet's own, a
  non-empty name); a prediction's content is its ``text``;
- overlap(gold, claim) = share of the gold content's words (the words inside its span, or its ``content_parts``)
  that the claim's text covers in place (a claim made of ``parts``, a statement interrupted by its attribution,
  covers the words inside its parts: PolNeAR joins such pieces into one content, so the claim is one
  prediction); a gold attribution is found at threshold T when the overlap is >= T;
  pairs are taken greedily per article, highest overlap first (ties: earlier gold, earlier claim), each side
  used once;
- precision = found / predictions, recall = found / gold, also split by gold contents with and without quote
  marks;
- on the found pairs, source right: the speaker's ``name`` or ``canonical`` shares a word that is not a stop
  word with the gold source; a gold source that is none or only pronouns ("he", "who") accepts any speaker.
  Cue right: the claim's cue shares such a word with the gold cue; a gold cue with no words (":", "―", the
  punctuation that opens a quote) accepts any cue.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimstream.evaluate import Extractor, _ratio, select_part
from claimstream.evaluate_ggt import MatchCounts, verb_key
from claimstream.evaluate_spans import ArticleWords, words
from claimstream.shared.events import ArticleCleaned, ClaimExtracted

THRESHOLDS = (0.3, 0.8)
PUBLISHED = {"content": 0.729, "source": 0.832, "cue": 0.753}  # BERT + CofeNet, PolNeAR test, exact spans (F1)
_QUOTE_MARKS = frozenset('"“”«»')
_PRONOUNS = frozenset(
    "he she they i we it you him her them us me his hers their theirs its our my your who whom which that "
    "this these those".split()
)
_STOP = _PRONOUNS | frozenset(
    "a an the of to in on for at by with from and or as is was be has have had also not about that than "
    "mr mrs ms dr".split()
)


# Kinds of attribution by the gold cue's words (verb keys, so "says"/"said" fall together), first match wins;
# a cue of punctuation only (":", "―") opens a quote. Recall per kind shows which kinds the extractor keeps.
_KINDS = {
    "according to": {"according"},
    "question": {verb_key(w) for w in "ask wonder question inquire".split()},
    "belief": {verb_key(w) for w in "think believe feel fear expect hope know doubt suspect assume worry view".split()},
    "intention": {verb_key(w) for w in "want plan intend seek aim wish try".split()},
    "evidence": {verb_key(w) for w in "show find indicate reveal poll survey".split()},
    "speech": {
        verb_key(w)
        for w in "say tell add note write report state announce claim argue explain insist tweet warn declare "
        "acknowledge admit deny respond reply recall suggest describe testify confirm predict promise pledge vow "
        "urge stress emphasize comment remark mention post email quip joke continue conclude statement".split()
    },
}
KINDS = (*_KINDS, "punctuation", "other")


def kind_of(cue: str) -> str:
    """The kind of attribution a gold cue makes (:data:`KINDS`): "said" -> speech, "believes" -> belief, "wants
    to" -> intention, "according to", a question, evidence ("the poll shows"), punctuation, else other (stances
    such as "supports", "criticized", "called for")."""
    said = words(cue)
    keys = {verb_key(w) for w in said} | set(said)
    if not keys:
        return "punctuation"
    return next((kind for kind, members in _KINDS.items() if keys & members), "other")


def _per_kind() -> dict[str, int]:
    return dict.fromkeys(KINDS, 0)


@dataclass(frozen=True)
class AttributionScore(MatchCounts):
    """Counts at one threshold; ``misses``: gold attributions not found, wrong sources and cues, extra claims."""

    source_right: int
    cue_right: int
    gold_quoted: int
    found_quoted: int
    misses: tuple[str, ...] = ()
    gold_kinds: dict[str, int] = field(default_factory=_per_kind)
    found_kinds: dict[str, int] = field(default_factory=_per_kind)

    @property
    def source(self) -> float:
        return _ratio(self.source_right, self.found)

    @property
    def cue(self) -> float:
        return _ratio(self.cue_right, self.found)

    @property
    def recall_quoted(self) -> float:
        return _ratio(self.found_quoted, self.gold_quoted)

    @property
    def recall_unquoted(self) -> float:
        return _ratio(self.found - self.found_quoted, self.gold - self.gold_quoted)


def carries_speaker(claim: ClaimExtracted) -> bool:
    """A claim that counts as a prediction: attributed to someone other than the outlet itself."""
    return claim.attribution != "unattributed" and claim.speaker.kind != "outlet" and bool(claim.speaker.name)


def quoted(gold: dict[str, Any]) -> bool:
    """True when the gold content holds a quote mark."""
    return any(c in _QUOTE_MARKS for c in gold["content"])


def source_ok(claim: ClaimExtracted, gold: dict[str, Any]) -> bool:
    """The speaker's name (or canonical name) shares a content word with the gold source; a source that is none
    or only pronouns accepts any speaker."""
    want = set(words(gold.get("source") or "")) - _STOP
    if not want:
        return True
    have = {w for n in (claim.speaker.name, claim.speaker.canonical or "") for w in words(n)}
    return bool(want & have)


def cue_ok(claim: ClaimExtracted, gold: dict[str, Any]) -> bool:
    """The claim's cue shares a content word with the gold cue; a gold cue of punctuation only accepts any."""
    want = set(words(gold.get("cue") or "")) - _STOP
    return not want or bool(want & set(words(claim.cue or "")))


def score_article(
    article_id: str, text: str, gold: Sequence[dict[str, Any]], claims: Sequence[ClaimExtracted], threshold: float
) -> AttributionScore:
    """Greedy matching, highest overlap first, of one article's gold attributions to its speaker claims."""
    article = ArticleWords(text)
    predicted = [c for c in claims if carries_speaker(c)]
    placed = [article.place(c) for c in predicted]
    spans = [article.within(g.get("content_parts") or [g["content_span"]]) for g in gold]
    pairs = sorted(
        ((len(g & p) / len(g), i, j) for i, g in enumerate(spans) if g for j, p in enumerate(placed) if g & p),
        key=lambda t: (-t[0], t[1], t[2]),
    )
    taken: dict[int, int] = {}
    used: set[int] = set()
    for share, i, j in pairs:
        if share >= threshold and i not in taken and j not in used:
            taken[i] = j
            used.add(j)
    counts = {"source_right": 0, "cue_right": 0, "found_quoted": 0}
    misses: list[str] = []
    for i, item in enumerate(gold):
        if i not in taken:
            misses.append(f"{article_id}: MISSING [{item.get('source')} | {item['cue']}] {item['content'][:100]!r}")
            continue
        claim = predicted[taken[i]]
        counts["found_quoted"] += quoted(item)
        for count, ok, got, want in (
            ("source_right", source_ok, claim.speaker.name, item.get("source")),
            ("cue_right", cue_ok, claim.cue, item["cue"]),
        ):
            if ok(claim, item):
                counts[count] += 1
            else:
                kind = count.split("_")[0].upper()
                misses.append(f"{article_id}: {kind} got {got!r} want {want!r} in {claim.text[:70]!r}")
    misses.extend(
        f"{article_id}: EXTRA [{c.speaker.name} | {c.cue}] {c.text[:100]!r}"
        for j, c in enumerate(predicted)
        if j not in used
    )
    gold_quoted = sum(quoted(g) for g in gold)
    gold_kinds, found_kinds = _per_kind(), _per_kind()
    for i, item in enumerate(gold):
        gold_kinds[kind_of(item["cue"])] += 1
        found_kinds[kind_of(item["cue"])] += i in taken
    return AttributionScore(
        threshold,
        len(gold),
        len(predicted),
        len(taken),
        **counts,
        gold_quoted=gold_quoted,
        misses=tuple(misses),
        gold_kinds=gold_kinds,
        found_kinds=found_kinds,
    )


def evaluate_polnear(
    path: Path | str,
    extractor: Extractor,
    thresholds: Sequence[float] = THRESHOLDS,
    *,
    part: str = "all",
    every: int = 1,
) -> list[AttributionScore]:
    """Scores at each threshold, summed over the articles of one part of a PolNeAR split (see
    :func:`claimstream.evaluate.select_part`)."""
    data: list[dict[str, Any]] = select_part(json.loads(Path(path).read_text(encoding="utf-8")), part, every)
    stamp = datetime(2000, 1, 1, tzinfo=UTC)
    articles = [
        ArticleCleaned(article_id=f"polnear-{i:04d}", outlet=a.get("outlet"), text=a["text"], ingested_at=stamp)
        for i, a in enumerate(data)
    ]
    results = extractor.extract_many(articles)
    totals = []
    for threshold in thresholds:
        parts = [
            score_article(a["id"], a["text"], a["attributions"], claims, threshold)
            for a, claims in zip(data, results, strict=True)
        ]
        fields = ("gold", "predicted", "found", "source_right", "cue_right", "gold_quoted", "found_quoted")
        sums = {f: sum(getattr(p, f) for p in parts) for f in fields}
        totals.append(
            AttributionScore(
                threshold,
                **sums,
                misses=tuple(m for p in parts for m in p.misses),
                gold_kinds={k: sum(p.gold_kinds[k] for p in parts) for k in KINDS},
                found_kinds={k: sum(p.found_kinds[k] for p in parts) for k in KINDS},
            )
        )
    return totals


def format_polnear(scores: Sequence[AttributionScore], label: str = "PolNeAR") -> str:
    """A table, one row per threshold, with recall on quoted and unquoted contents and the published F1s."""
    rows = [
        f"{label[:11]:<11} {'gold':>5} {'pred':>5} {'found':>5} {'P':>6} {'R':>6} {'F1':>6} {'source':>7} "
        f"{'cue':>6} {'R quoted':>13} {'R unquoted':>15}"
    ]
    for s in scores:
        rows.append(
            f"@{s.threshold:<10} {s.gold:>5} {s.predicted:>5} {s.found:>5} {s.precision:>6.3f} {s.recall:>6.3f} "
            f"{s.f1:>6.3f} {s.source:>7.3f} {s.cue:>6.3f} {s.recall_quoted:>5.3f} "
            f"{s.found_quoted:>3}/{s.gold_quoted:<3} {s.recall_unquoted:>5.3f} "
            f"{s.found - s.found_quoted:>4}/{s.gold - s.gold_quoted:<4}"
        )
    for s in scores[:1]:
        rows.append(
            f"recall by kind of cue @{s.threshold}: "
            + ", ".join(
                f"{k} {_ratio(s.found_kinds[k], n):.2f} ({s.found_kinds[k]}/{n})" for k, n in s.gold_kinds.items()
            )
        )
    published = ", ".join(f"{k} {v:.3f}" for k, v in PUBLISHED.items())
    rows.append(f"published (BERT + CofeNet, test split, exact spans, F1): {published}")
    return "\n".join(rows)
