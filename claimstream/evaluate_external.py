"""One entry for every gold format ``claimstream evaluate`` takes, told apart by the file's JSON shape:

- a list of ``{"text", "quantities"}``: NewsQuant (:mod:`claimstream.evaluate_newsquant`);
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


def gold_format(data: Any) -> str:
    """ "newsquant", "ggt" or "claims" for a loaded gold file; raises ``ValueError`` for anything else."""
    if isinstance(data, list) and all(isinstance(s, dict) and "quantities" in s for s in data):
        return "newsquant"
    if isinstance(data, dict):
        entries = [v for k, v in data.items() if not k.startswith("_")]
        if entries and all(isinstance(v, dict) and "quotes" in v for v in entries):
            return "ggt"
        return "claims"
    raise ValueError("gold file is neither gold claims, GGT quotes nor NewsQuant")


def score_any(
    gold: Path, articles_dir: Path | None, extractor: Extractor, *, clean: bool = True
) -> tuple[str, list[str]]:
    """``(table, misses)`` for ``gold`` in whichever format it is. Raises ``ValueError`` when gold claims come
    without ``articles_dir`` or the format is unknown."""
    kind = gold_format(json.loads(Path(gold).read_text(encoding="utf-8")))
    if kind == "newsquant":
        quant = evaluate_newsquant(gold, extractor)
        return format_newsquant(quant), list(quant.misses)
    if kind == "ggt":
        scores = evaluate_ggt(gold, extractor, articles_dir)
        return format_ggt(scores), list(scores[0].misses)
    if articles_dir is None:
        raise ValueError("gold claims need the folder of their articles: claimstream evaluate GOLD DIR")
    report = claims_scoring.evaluate(gold, articles_dir, extractor, clean=clean)
    return claims_scoring.format_report(report), [f"{a.name}: {m}" for a in report.articles for m in a.misses]
