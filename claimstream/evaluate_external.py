"""One entry for every gold format ``claimstream evaluate`` takes, told apart by the file's JSON shape:

- a list of ``{"text", "quantities"}``: NewsQuant (:mod:`claimstream.evaluate_newsquant`);
- a list of ``{"text", "attributions"}``: PolNeAR (:mod:`claimstream.evaluate_polnear`);
- an object whose entries hold ``"quotes"``: GGT quotes (:mod:`claimstream.evaluate_ggt`);
- any other object: seeds-dev gold claims (:mod:`claimstream.evaluate`), which needs the articles folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from claimstream import evaluate as claims_scoring
from claimstream.evaluate import Extractor
from claimstream.evaluate_ggt import evaluate_ggt, format_ggt
from claimstream.evaluate_newsquant import evaluate_newsquant, format_newsquant
from claimstream.evaluate_polnear import evaluate_polnear, format_polnear


def gold_format(data: Any) -> str:
    """ "newsquant", "polnear", "ggt" or "claims" for a loaded gold file; raises ``ValueError`` for anything
    else."""
    if isinstance(data, list) and all(isinstance(s, dict) and "quantities" in s for s in data):
        return "newsquant"
    if isinstance(data, list) and all(isinstance(s, dict) and {"text", "attributions"} <= s.keys() for s in data):
        return "polnear"
    if isinstance(data, dict):
        entries = [v for k, v in data.items() if not k.startswith("_")]
        if entries and all(isinstance(v, dict) and "quotes" in v for v in entries):
            return "ggt"
        return "claims"
    raise ValueError("gold file is neither gold claims, GGT quotes, NewsQuant nor PolNeAR")


def score_any(
    gold: Path,
    articles_dir: Path | None,
    extractor: Extractor,
    *,
    clean: bool = True,
    part: str = "all",
    every: int = 1,
) -> tuple[str, list[str]]:
    """``(table, misses)`` for ``gold`` in whichever format it is, on one part of it (``part`` and ``every``:
    :func:`claimstream.evaluate.select_part`). Raises ``ValueError`` when gold claims come without
    ``articles_dir``, the format is unknown or the part is."""
    kind = gold_format(json.loads(Path(gold).read_text(encoding="utf-8")))
    if kind == "newsquant":
        quant = evaluate_newsquant(gold, extractor, part=part, every=every)
        return format_newsquant(quant), list(quant.misses)
    if kind == "polnear":
        attributions = evaluate_polnear(gold, extractor, part=part, every=every)
        return format_polnear(attributions), list(attributions[0].misses)
    if kind == "ggt":
        scores = evaluate_ggt(gold, extractor, articles_dir, part=part, every=every)
        return format_ggt(scores), list(scores[0].misses)
    if articles_dir is None:
        raise ValueError("gold claims need the folder of their articles: claimstream evaluate GOLD DIR")
    report = claims_scoring.evaluate(gold, articles_dir, extractor, clean=clean, part=part, every=every)
    return claims_scoring.format_report(report), [f"{a.name}: {m}" for a in report.articles for m in a.misses]
