"""Scoring the claim extractor against a gold file in the seeds-dev format.

Gold format (``gold_claims.json``): ``{file name: {"claims": [{"key", "speaker", "values"}], "not_claims": [...]}}``
(keys starting with ``_`` are comments; an entry may add ``"outlet"``). A claim matches a gold claim when the
key occurs in its ``sentence`` or ``text``; its speaker is right when ``speaker.name`` contains one of the
accepted names or is contained in one; its values are right when every gold value is among its quantities.

Scores: recall = matched / gold, attribution = right speaker / gold with a speaker, values = right values /
gold with values, boilerplate = emitted claims containing a ``not_claims`` string.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from claimstream.shared.events import ArticleCleaned, ClaimExtracted

_INGESTED_AT = datetime(2000, 1, 1, tzinfo=UTC)  # fixed, so evaluation runs are reproducible
PARTS = ("all", "tune", "check")
_T = TypeVar("_T")


class Extractor(Protocol):
    """Anything with ``extract_many`` (e.g. ``ClaimExtractor``)."""

    def extract_many(self, articles: Sequence[ArticleCleaned]) -> list[list[ClaimExtracted]]: ...


@dataclass(frozen=True)
class ArticleScore:
    """Counts for one gold article; ``misses`` describes each failed check, for debugging."""

    name: str
    gold: int
    matched: int
    with_speaker: int
    speaker_right: int
    with_values: int
    values_right: int
    emitted: int
    boilerplate: int
    misses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Report:
    """Per-article scores and their totals."""

    articles: tuple[ArticleScore, ...]
    total: ArticleScore = field(init=False)

    def __post_init__(self) -> None:
        fields = (
            "gold",
            "matched",
            "with_speaker",
            "speaker_right",
            "with_values",
            "values_right",
            "emitted",
            "boilerplate",
        )
        sums = {f: sum(getattr(a, f) for a in self.articles) for f in fields}
        object.__setattr__(self, "total", ArticleScore(name="TOTAL", **sums))

    @property
    def recall(self) -> float:
        return _ratio(self.total.matched, self.total.gold)

    @property
    def attribution(self) -> float:
        return _ratio(self.total.speaker_right, self.total.with_speaker)

    @property
    def values(self) -> float:
        return _ratio(self.total.values_right, self.total.with_values)

    @property
    def boilerplate(self) -> int:
        return self.total.boilerplate


def evaluate(
    gold_path: Path | str,
    texts_dir: Path | str,
    extractor: Extractor,
    *,
    clean: bool = True,
    part: str = "all",
    every: int = 1,
) -> Report:
    """Run ``extractor`` on every article named in the gold file (read from ``texts_dir``; of one part of them,
    by name order: :func:`select_part`) and score it.

    With ``clean`` (the default, and what the pipeline does) every article first goes through the ingest
    cleaner (``.html``: clean_html, ``.txt``: clean_text); without it ``.txt`` files are used as they are. Raises
    ``FileNotFoundError`` for a missing article and ``ValueError`` for a malformed gold file.
    """
    gold = _load_gold(Path(gold_path))
    names = select_part(sorted(gold), part, every)
    articles = [_article(name, Path(texts_dir) / name, gold[name].get("outlet"), clean) for name in names]
    results = extractor.extract_many(articles)
    return Report(tuple(score_article(name, gold[name], claims) for name, claims in zip(names, results, strict=True)))


def score_article(name: str, gold: dict[str, Any], claims: Sequence[ClaimExtracted]) -> ArticleScore:
    """Score one article's claims against its gold entry."""
    counts = {"matched": 0, "with_speaker": 0, "speaker_right": 0, "with_values": 0, "values_right": 0}
    misses: list[str] = []
    for item in gold.get("claims", []):
        key, names, values = item["key"], item.get("speaker"), item.get("values") or []
        hits = [c for c in claims if key in c.sentence or key in c.text]
        counts["matched"] += bool(hits)
        if not hits:
            misses.append(f"MISSING {key!r}")
        if names:
            counts["with_speaker"] += 1
            right = any(_speaker_ok(c, names) for c in hits)
            counts["speaker_right"] += right
            if hits and not right:
                misses.append(f"SPEAKER {key!r}: got {[c.speaker.name for c in hits]}, want {names}")
        if values:
            counts["with_values"] += 1
            right = any(_values_ok(c, values) for c in hits)
            counts["values_right"] += right
            if hits and not right:
                misses.append(f"VALUES {key!r}: got {[[q.value for q in c.quantities] for c in hits]}, want {values}")
    bad = [c for c in claims if any(b in c.sentence or b in c.text for b in gold.get("not_claims", []))]
    misses.extend(f"BOILERPLATE {c.sentence[:80]!r}" for c in bad)
    return ArticleScore(
        name=name,
        gold=len(gold.get("claims", [])),
        emitted=len(claims),
        boilerplate=len(bad),
        misses=tuple(misses),
        **counts,
    )


def format_report(report: Report) -> str:
    """A plain-text table: one row per article and a TOTAL row."""
    header = f"{'article':<44} {'gold':>4} {'recall':>7} {'attrib':>7} {'values':>7} {'emitted':>7} {'boiler':>6}"
    rows = [header, "-" * len(header)]
    for score in (*report.articles, report.total):
        rows.append(
            f"{score.name[:44]:<44} {score.gold:>4} {_ratio(score.matched, score.gold):>7.2f} "
            f"{_ratio(score.speaker_right, score.with_speaker):>7.2f} {_ratio(score.values_right, score.with_values):>7.2f} "
            f"{score.emitted:>7} {score.boilerplate:>6}"
        )
    return "\n".join(rows)


def _load_gold(path: Path) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: gold file must be a JSON object")
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _article(name: str, path: Path, outlet: str | None, clean: bool = True) -> ArticleCleaned:
    from claimstream.services.ingest.clean import clean_html, clean_text  # the pipeline's cleaner, as ingest runs it

    if path.suffix.lower() in (".html", ".htm"):
        text = clean_html(path.read_bytes(), url=None).text
    else:
        text = path.read_text(encoding="utf-8")
        text = clean_text(text).text if clean else text
    article_id = hashlib.sha256(name.encode()).hexdigest()[:16]
    return ArticleCleaned(article_id=article_id, outlet=outlet, text=text, ingested_at=_INGESTED_AT)


def _speaker_ok(claim: ClaimExtracted, names: Sequence[str]) -> bool:
    got = claim.speaker.name
    return any(n in got or got in n for n in names if got)


def _values_ok(claim: ClaimExtracted, values: Sequence[float]) -> bool:
    have = [q.value for q in claim.quantities]
    return all(any(math.isclose(v, h, rel_tol=1e-3) for h in have) for v in values)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def select_part(items: Sequence[_T], part: str = "all", every: int = 1) -> list[_T]:
    """One part of an evaluation set, in the set's order: ``tune`` the 1st, 3rd, 5th ... item (odd positions,
    counted from 1), ``check`` the 2nd, 4th ..., ``all`` every item; of those, every ``every``-th (1st,
    1+every-th, ...), a fixed sample for a quicker run. Rules are tuned on one part and kept only when the other
    improves too. Raises ``ValueError`` for an unknown part or ``every`` < 1."""
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}: one of {', '.join(PARTS)}")
    if every < 1:
        raise ValueError(f"--every must be 1 or more, not {every}")
    chosen = list(items) if part == "all" else list(items)[part == "check" :: 2]
    return chosen[::every]


def f1_score(precision: float, recall: float) -> float:
    """Harmonic mean of precision and recall (0 when both are 0)."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def main(argv: Sequence[str] | None = None) -> None:
    """``python -m claimstream.evaluate GOLD DIR [-v]``: print the table (and misses with ``-v``)."""
    import sys

    from claimstream.services.extract.claims import ClaimExtractor

    args = list(sys.argv[1:] if argv is None else argv)
    verbose = "-v" in args
    gold_path, texts_dir = [a for a in args if a != "-v"][:2]
    report = evaluate(gold_path, texts_dir, ClaimExtractor())
    print(format_report(report))
    if verbose:
        for score in report.articles:
            for miss in score.misses:
                print(f"{score.name}: {miss}")


if __name__ == "__main__":
    main()
