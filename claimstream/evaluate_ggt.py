"""Scoring attributed quotes against the Gender Gap Tracker evaluation set (``ggt-quotes/gold.json``).

Follows the published ``evaluate_quotes.py`` (sfu-discourse-lab/GenderGapTracker, NLP/evaluation) with words
in place of character offsets, since claims carry their content as text:

- predictions are the claims of an article whose speaker kind is not ``outlet``; a prediction's quote is its
  ``text``. GGT's annotators mark each piece of a quote interrupted by its attribution ("“A,” she said, “B.”")
  as a quote of its own, where a claim is one statement made of ``parts``: so each part of a claim with parts
  is a prediction of its own (the same claim's speaker and cue; its sentence, for the verb, the one holding the
  part), and counts in precision as one. A claim without parts is one prediction, exactly as before;
- overlap(gold, prediction) = share of the gold quote's word positions in the article that the prediction
  covers (its words placed inside its sentence ``span``), asymmetric and measured against the gold quote as
  theirs is (:mod:`claimstream.evaluate_spans`); a gold quote not found verbatim in the cleaned text falls back
  to the share of its words the prediction holds (multiset);
- greedy matching per article, gold quotes in order: each takes the still unmatched prediction with the highest
  overlap above the threshold (strictly greater, ties to the earlier prediction) and removes it;
- precision = found / predictions, recall = found / gold; speaker and verb accuracy over the found quotes.

Speaker right: a name of the claim's speaker (``name`` or ``canonical``) and a gold name (``speaker`` unless a
pronoun, or ``reference``) contain one another as whole words, case- and accent-insensitively. Verb right: the
claim's ``cue`` and the gold ``verb`` have the same lemma key (:func:`verb_key`); a gold quote without a verb
("floating" quotes, "according to") is right when the cue is not a verb (none, "according to", "as per") or is
carried over from an earlier sentence (:func:`verb_ok`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimstream.evaluate import Extractor, _article, _ratio, f1_score, select_part
from claimstream.evaluate_spans import ArticleWords, positional_overlap, words
from claimstream.shared.events import ClaimExtracted

THRESHOLDS = (0.3, 0.8)
PUBLISHED = {0.3: (0.846, 0.827, 0.837, 0.860, 0.918), 0.8: (0.770, 0.752, 0.761, 0.869, 0.931)}  # P R F1 spk verb
_PRONOUNS = frozenset("he she they i we it him her them you".split())
_NOT_VERBS = frozenset(("", "according to", "as per"))
_IRREGULAR = {
    "said": "say",
    "says": "say",
    "told": "tell",
    "tells": "tell",
    "wrote": "write",
    "written": "write",
    "writes": "write",
    "writing": "write",
    "read": "read",
    "saids": "say",
    "spoke": "speak",
    "thought": "think",
    "found": "find",
    "felt": "feel",
    "went": "go",
    "gave": "give",
}


def overlap(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of the gold quote's words that the prediction holds (0 for an empty gold quote)."""
    if not gold:
        return 0.0
    return sum((Counter(gold) & Counter(predicted)).values()) / len(gold)


def verb_key(verb: str | None) -> str:
    """A key equal for the inflections of one verb ("noted"/"notes"/"noting", "says"/"said"); "" for no verb."""
    v = (verb or "").lower().strip()
    if v in _NOT_VERBS or " " in v:
        return ""
    if v in _IRREGULAR:
        v = _IRREGULAR[v]  # then folded as the base form is, so "told" and "tell" share one key
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ing", ""), ("ed", ""), ("es", "e"), ("s", "")):
        if v.endswith(suffix) and len(v) - len(suffix) >= 3:
            v = v[: len(v) - len(suffix)] + repl
            break
    v = v.rstrip("e")
    return v[:-1] if len(v) > 3 and v[-1] == v[-2] and v[-1] not in "aeiou" else v


def speaker_ok(claim: ClaimExtracted, gold: dict[str, Any]) -> bool:
    """True when a name of the claim's speaker and a gold name contain one another (whole words)."""
    gold_names = [gold.get("reference") or ""]
    if (gold.get("speaker") or "").lower() not in _PRONOUNS:
        gold_names.append(gold.get("speaker") or "")
    have = [words(n) for n in (claim.speaker.name, claim.speaker.canonical or "") if n]
    want = [w for w in (words(n) for n in gold_names) if w and not (len(w) == 1 and w[0] in _PRONOUNS)]
    return any(_contains(a, b) or _contains(b, a) for a in have if a for b in want)


def verb_ok(claim: ClaimExtracted, gold: dict[str, Any]) -> bool:
    """The claim's cue and the gold verb have the same :func:`verb_key`. A gold quote without a verb (not
    attributed in its own sentence) is also right with a cue carried over from an earlier sentence, one that
    its sentence does not hold ("“…,” Roe said. “It costs too much.”": the second quote is said too)."""
    want = verb_key(gold.get("verb"))
    if not want and claim.cue and not _contains(words(claim.sentence), words(claim.cue)):
        return True
    return verb_key(claim.cue) == want


def _contains(outer: list[str], inner: list[str]) -> bool:
    n = len(inner)
    return any(outer[i : i + n] == inner for i in range(len(outer) - n + 1))


@dataclass(frozen=True)
class MatchCounts:
    """Gold items, predictions and found pairs at one overlap threshold, with precision, recall and F1."""

    threshold: float
    gold: int
    predicted: int
    found: int

    @property
    def precision(self) -> float:
        return _ratio(self.found, self.predicted)

    @property
    def recall(self) -> float:
        return _ratio(self.found, self.gold)

    @property
    def f1(self) -> float:
        return f1_score(self.precision, self.recall)


@dataclass(frozen=True)
class QuoteScore(MatchCounts):
    """Counts at one threshold; ``misses``: unmatched gold quotes and wrong speakers/verbs, for ``-v``."""

    speaker_right: int
    verb_right: int
    misses: tuple[str, ...] = ()

    @property
    def speaker(self) -> float:
        return _ratio(self.speaker_right, self.found)

    @property
    def verb(self) -> float:
        return _ratio(self.verb_right, self.found)


def score_article(
    name: str,
    gold: Sequence[dict[str, Any]],
    claims: Sequence[ClaimExtracted],
    threshold: float,
    article: ArticleWords | None = None,
) -> QuoteScore:
    """Greedy matching of one article's gold quotes to its (non-outlet) claims at ``threshold``; with the
    ``article``'s words the overlap is positional."""
    remaining = predictions([c for c in claims if c.speaker.kind != "outlet"], article)
    predicted, found, speaker_right, verb_right, misses = len(remaining), 0, 0, 0, []
    for item in gold:
        gold_words = words(item["quote"])
        where = article.occurrences(gold_words) if article is not None else []
        scored = [
            (positional_overlap(where, placed) if where else overlap(gold_words, said), i)
            for i, (_, placed, said) in enumerate(remaining)
        ]
        best = max((s for s in scored if s[0] > threshold), key=lambda s: (s[0], -s[1]), default=None)
        if best is None:
            misses.append(f"{name}: MISSING {item['quote'][:100]!r} ({item.get('reference')})")
            continue
        claim = remaining.pop(best[1])[0]
        found += 1
        if speaker_ok(claim, item):
            speaker_right += 1
        else:
            misses.append(
                f"{name}: SPEAKER got {claim.speaker.name!r} want {item.get('speaker')!r}/"
                f"{item.get('reference')!r} in {claim.text[:70]!r}"
            )
        if verb_ok(claim, item):
            verb_right += 1
        else:
            misses.append(f"{name}: VERB got {claim.cue!r} want {item.get('verb')!r} in {claim.text[:70]!r}")
    misses.extend(f"{name}: EXTRA [{c.speaker.name}] {' '.join(said)[:100]!r}" for c, _, said in remaining)
    return QuoteScore(threshold, len(gold), predicted, found, speaker_right, verb_right, tuple(misses))


def predictions(
    claims: Sequence[ClaimExtracted], article: ArticleWords | None
) -> list[tuple[ClaimExtracted, frozenset[int], list[str]]]:
    """The predicted quotes of ``claims``: (claim, word positions in the article, words), one per claim, or one
    per part of a claim made of ``parts`` when the article's words are known."""
    found: list[tuple[ClaimExtracted, frozenset[int], list[str]]] = []
    for claim in claims:
        if article is None:
            found.append((claim, frozenset(), words(claim.text)))
        elif len(claim.parts) > 1:
            for part in claim.parts:
                placed = article.within([part])
                own = claim.model_copy(update={"sentence": _sentence_of(article.text, claim, part)})
                found.append((own, placed, article.words_at(placed)))
        else:
            found.append((claim, article.place(claim), words(claim.text)))
    return found


_SENTENCE_END = re.compile(r"[.!?][\"”’']*\s+")


def _sentence_of(text: str, claim: ClaimExtracted, part: tuple[int, int]) -> str:
    """The sentence of ``claim`` holding ``part``: "“B.”" of "“A,” Roe said. “B.”", where "said" is not."""
    lo, hi = claim.span
    start = max((m.end() for m in _SENTENCE_END.finditer(text, lo, part[0])), default=lo)
    end = next((m.end() for m in _SENTENCE_END.finditer(text, max(part[1] - 1, start), hi)), hi)
    return text[start:end]


def evaluate_ggt(
    gold_path: Path | str,
    extractor: Extractor,
    articles_dir: Path | str | None = None,
    thresholds: Sequence[float] = THRESHOLDS,
    *,
    part: str = "all",
    every: int = 1,
) -> list[QuoteScore]:
    """Scores at each threshold, summed over the articles of ``gold.json`` (of one part of them, by file name
    order: :func:`claimstream.evaluate.select_part`); the articles are read from ``articles_dir`` (default:
    ``articles/`` beside the gold file) and cleaned as ingest cleans them. Raises ``FileNotFoundError`` for a
    missing article."""
    gold_path = Path(gold_path)
    gold: dict[str, Any] = json.loads(gold_path.read_text(encoding="utf-8"))
    folder = Path(articles_dir) if articles_dir is not None else gold_path.parent / "articles"
    names = select_part(sorted(gold), part, every)
    articles = [_article(n, folder / n, gold[n].get("outlet")) for n in names]
    results = extractor.extract_many(articles)
    texts = [ArticleWords(a.text) for a in articles]
    totals = []
    for threshold in thresholds:
        parts = [
            score_article(n, gold[n]["quotes"], claims, threshold, text)
            for n, claims, text in zip(names, results, texts, strict=True)
        ]
        sums = {
            f: sum(getattr(p, f) for p in parts) for f in ("gold", "predicted", "found", "speaker_right", "verb_right")
        }
        totals.append(QuoteScore(threshold, **sums, misses=tuple(m for p in parts for m in p.misses)))
    return totals


def format_ggt(scores: Sequence[QuoteScore]) -> str:
    """A table, one row per threshold, with the published figures of the GGT extractor beside ours."""
    rows = [
        f"{'GGT quotes':<11} {'gold':>5} {'pred':>5} {'found':>5} {'P':>6} {'R':>6} {'F1':>6} {'speaker':>8} "
        f"{'verb':>6}   published P/R/F1/speaker/verb"
    ]
    for s in scores:
        published = "/".join(f"{v:.3f}" for v in PUBLISHED.get(s.threshold, ()))
        rows.append(
            f"@{s.threshold:<10} {s.gold:>5} {s.predicted:>5} {s.found:>5} {s.precision:>6.3f} {s.recall:>6.3f} "
            f"{s.f1:>6.3f} {s.speaker:>8.3f} {s.verb:>6.3f}   {published}"
        )
    return "\n".join(rows)
