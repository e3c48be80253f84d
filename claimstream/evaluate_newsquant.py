"""Scoring quantities against NewsQuant (CQE paper; ``newsquant/dev.json``: ``[{"text", "quantities"}]``).

Each sentence goes through the extractor as a one-paragraph article (no cleaning); its predicted quantities are
the quantities of all its claims, identical ones (same surface text and value) counted once.

Matching, per sentence, gold quantities in order, each prediction used at most once:

- a value matches when equal within 0.1 %, also across a scale: gold 2.5e6 vs predicted 2.5 (or the reverse)
  when the other side is 1e3/1e6/1e9/1e12 times it ("$2.5 million" may be given either way);
- a range ``"a-b"`` is found when some prediction matches either end; it takes every unused prediction that
  matches an end (so a range read as two figures, or as one with its ``interval``, is right both ways);
- value + unit: also the unit agrees (:func:`unit_ok`); value + change: also the change, from ``approx``
  (about/around/nearly/approximately/roughly/almost/``~`` -> ``~``, more than/over/at least/above -> ``>``,
  up to/less than/at most/under/below -> ``<``, none -> ``=``; a stated change, ``Quantity.change``, gives gold
  ``up``/``down`` and takes precedence).

Precision = predictions matched / predictions; recall = gold found / gold. ``silent`` counts sentences with
gold quantities none of which any claim carries.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from claimstream.evaluate import Extractor, _ratio, f1_score, select_part
from claimstream.shared.events import ArticleCleaned, ClaimExtracted, Quantity

PUBLISHED = {"value": 0.920, "value+unit": 0.856, "value+change": 0.881}  # CQE on the full set (F1)
_NUMBER = r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_RANGE_RE = re.compile(rf"^\s*({_NUMBER})\s*-\s*({_NUMBER})\s*$")
_SCALES = (1e3, 1e6, 1e9, 1e12)
_UNIT_SYNONYMS = {
    "usd": "dollar $ us$",
    "percent": "% percent percentage pc per cent",
    "eur": "euro €",
    "gbp": "pound sterling £ ps",
    "jpy": "yen y",
    "cad": "dollar c$",
    "aud": "dollar $a a$",
    "mi": "mile",
    "ft": "foot feet",
    "yd": "yard",
    "m": "metre meter",
    "km": "kilometre kilometer",
    "kg": "kilogram",
    "g": "gram",
    "lb": "pound",
    "h": "hour",
    "min": "minute",
    "s": "second",
    "sq": "square",
    "fraction": "%",
}


def change_of(approx: str | None) -> str:
    """The NewsQuant change sign of an approximator ("about" -> "~"); "=" for none or an unknown one."""
    a = (approx or "").lower().strip()
    for sign, phrases in _PHRASES.items():
        if a in phrases:
            return sign
    return "="


_PHRASES = {
    sign: frozenset(text.split(","))
    for sign, text in {
        "~": "about,approximately,around,roughly,nearly,almost,close to,an estimated,estimated,~,≈",
        ">": "more than,over,at least,above,upwards of,in excess of,no fewer than,no less than,just over,+",
        "<": "up to,less than,fewer than,at most,under,below,no more than,just under",
    }.items()
}


def gold_values(value: str) -> tuple[float, ...]:
    """ "2.5" -> (2.5,), "252.0-287.0" -> (252.0, 287.0), "-130" -> (-130.0,); () when unreadable."""
    ranged = _RANGE_RE.match(value)
    try:
        return (float(ranged.group(1)), float(ranged.group(2))) if ranged else (float(value),)
    except ValueError:
        return ()


def value_ok(gold: float, predicted: float) -> bool:
    """Equal within 0.1 %, or equal once one side is taken at a scale (thousand ... trillion). Zero equals only
    zero: a scale never makes a figure vanish (8 / 1e12 is not the 0 of "0 to 80km/h")."""
    if gold == 0 or predicted == 0:
        return gold == predicted
    return any(
        math.isclose(gold, p, rel_tol=1e-3, abs_tol=1e-9)
        for p in (predicted, *(predicted * s for s in _SCALES), *(predicted / s for s in _SCALES))
    )


def unit_ok(gold: dict[str, Any], quantity: Quantity) -> bool:
    """Units agree: a gold unit without one ("-") wants none; else a word of the gold unit is a word of the
    quantity's ``unit`` or of what it ``counts`` (NewsQuant units include counted nouns: "12 users"), plural
    folded, with currency, percent and abbreviation synonyms ("usd" ~ "$"/"dollar", "mi" ~ "mile")."""
    want = {w for k in ("unit", "normalized_unit") for w in _unit_words(gold.get(k) or "") if w != "-"}
    have = {w for u in (quantity.unit, quantity.counts) if u for w in _unit_words(u)}
    for word in list(have):
        have.update(_UNIT_SYNONYMS.get(word, "").split())
    if not want:
        return not have
    return bool(want & have) or any(h.rstrip("s") == w.rstrip("s") for h in have for w in want)


def _unit_words(unit: str) -> set[str]:
    lowered = unit.lower()
    return {lowered, *re.findall(r"[a-z]+|[$€£%]", lowered)} - {"per", "of", "in", ""}


@dataclass(frozen=True)
class QuantScore:
    """Totals over the sentences; ``misses`` lists gold quantities not found and predictions not matched."""

    sentences: int
    gold: int
    predicted: int
    found: dict[str, int]
    matched: dict[str, int]
    silent: int
    misses: tuple[str, ...] = ()

    def precision(self, level: str = "value") -> float:
        return _ratio(self.matched[level], self.predicted)

    def recall(self, level: str = "value") -> float:
        return _ratio(self.found[level], self.gold)

    def f1(self, level: str = "value") -> float:
        return f1_score(self.precision(level), self.recall(level))


LEVELS = ("value", "value+unit", "value+change")


def predicted_quantities(claims: Sequence[ClaimExtracted]) -> list[Quantity]:
    """Quantities of all claims, each (surface text, value) once."""
    seen: dict[tuple[str, float], Quantity] = {}
    for claim in claims:
        for q in claim.quantities:
            seen.setdefault((q.text, q.value), q)
    return list(seen.values())


def score_sentence(
    gold: Sequence[dict[str, Any]], predicted: Sequence[Quantity]
) -> tuple[dict[str, int], dict[str, int], list[str]]:
    """``(gold found, predictions matched, misses)`` per level for one sentence."""
    found, matched, misses = {lv: 0 for lv in LEVELS}, {lv: 0 for lv in LEVELS}, []
    for level in LEVELS:
        unused = list(predicted)
        for item in gold:
            ends = gold_values(str(item.get("value", "")))
            hits = [q for q in unused if any(value_ok(e, q.value) for e in ends) and _level_ok(level, item, q)]
            hits = hits if len(ends) > 1 else hits[:1]
            if hits:
                found[level] += 1
                matched[level] += len(hits)
                unused = [q for q in unused if all(q is not h for h in hits)]
            elif level == "value":
                misses.append(f"MISSING {item.get('value')} {item.get('unit')!r} ({item.get('change')})")
        if level == "value":
            misses.extend(f"EXTRA {q.text!r}={q.value:g} {q.unit or ''}" for q in unused)
    return found, matched, misses


def _level_ok(level: str, gold: dict[str, Any], q: Quantity) -> bool:
    if level == "value+unit":
        return unit_ok(gold, q)
    if level == "value+change":
        return (q.change or change_of(q.approx)) == gold.get("change", "=")
    return True


def evaluate_newsquant(path: Path | str, extractor: Extractor, *, part: str = "all", every: int = 1) -> QuantScore:
    """Run every sentence of the NewsQuant file (of one part of it: :func:`claimstream.evaluate.select_part`)
    through ``extractor`` and score its quantities."""
    data: list[dict[str, Any]] = select_part(json.loads(Path(path).read_text(encoding="utf-8")), part, every)
    stamp = datetime(2000, 1, 1, tzinfo=UTC)
    articles = [
        ArticleCleaned(article_id=f"newsquant-{i:05d}", text=s["text"], ingested_at=stamp) for i, s in enumerate(data)
    ]
    results = extractor.extract_many(articles)
    found, matched = {lv: 0 for lv in LEVELS}, {lv: 0 for lv in LEVELS}
    gold_n = predicted_n = silent = 0
    misses: list[str] = []
    for i, (sentence, claims) in enumerate(zip(data, results, strict=True)):
        predicted = predicted_quantities(claims)
        f, m, miss = score_sentence(sentence["quantities"], predicted)
        for lv in LEVELS:
            found[lv] += f[lv]
            matched[lv] += m[lv]
        gold_n, predicted_n = gold_n + len(sentence["quantities"]), predicted_n + len(predicted)
        silent += bool(sentence["quantities"]) and f["value"] == 0
        misses.extend(f"{i}: {m_} in {sentence['text'][:90]!r}" for m_ in miss)
    return QuantScore(len(data), gold_n, predicted_n, found, matched, silent, tuple(misses))


def format_newsquant(score: QuantScore) -> str:
    """A table, one row per level, with the published CQE F1 beside ours."""
    rows = [
        f"NewsQuant: {score.sentences} sentences, {score.gold} gold quantities, {score.predicted} predicted, "
        f"{score.silent} sentences with none of their figures found",
        f"{'level':<13} {'P':>6} {'R':>6} {'F1':>6}   published CQE F1",
    ]
    rows += [
        f"{lv:<13} {score.precision(lv):>6.3f} {score.recall(lv):>6.3f} {score.f1(lv):>6.3f}   {PUBLISHED[lv]:.3f}"
        for lv in LEVELS
    ]
    return "\n".join(rows)
