"""Extraction on the external evaluation sets: ``python bench/bench_external.py [SHARED_DIR]``.

Prints the GGT quotes table (P/R/F1 at overlap 0.3 and 0.8, speaker and verb accuracy) and the NewsQuant table
(value, value + unit, value + change), each with the published figures beside ours. Exits 0 with a "skipped"
line for a set whose data is absent (the sets live in ``../shared/external``, outside the repo).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from claimstream.evaluate_ggt import evaluate_ggt, format_ggt
from claimstream.evaluate_newsquant import evaluate_newsquant, format_newsquant
from claimstream.services.extract.claims import ClaimExtractor

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def main(argv: list[str]) -> int:
    external = (Path(argv[0]) if argv else SHARED) / "external"
    ggt, newsquant = external / "ggt-quotes" / "gold.json", external / "newsquant" / "dev.json"
    extractor = ClaimExtractor() if ggt.exists() or newsquant.exists() else None
    if extractor is not None and ggt.exists():
        start = time.perf_counter()
        print(format_ggt(evaluate_ggt(ggt, extractor)), f"\n({time.perf_counter() - start:.1f}s)\n")
    else:
        print(f"GGT quotes: skipped ({ggt} absent)")
    if extractor is not None and newsquant.exists():
        start = time.perf_counter()
        print(format_newsquant(evaluate_newsquant(newsquant, extractor)), f"\n({time.perf_counter() - start:.1f}s)")
    else:
        print(f"NewsQuant: skipped ({newsquant} absent)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
