"""Extraction on the external evaluation sets, on a tuning part and a check part of each:
``python bench/bench_external.py [SHARED_DIR] [--sets ggt,newsquant,polnear] [--train-every 4]``.

Prints, each with the published figures beside ours:

- GGT quotes (P/R/F1 at overlap 0.3 and 0.8, speaker and verb accuracy): tune = the 1st, 3rd ... article by
  file name, check = the 2nd, 4th ..., and the whole set;
- NewsQuant (value, value + unit, value + change): tune = odd sentences, check = even ones, and the whole set;
- PolNeAR (P/R/F1 at 0.3 and 0.8, source and cue accuracy, recall on quoted and unquoted contents): tune =
  every ``--train-every``-th article of train.json (a fixed sample: 210 of 840 articles by default), check =
  all of dev.json.

Exits 0 with a "skipped" line for a set whose data is absent (the sets live in ``../shared/external``, outside
the repo).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from claimstream.evaluate_ggt import evaluate_ggt, format_ggt
from claimstream.evaluate_newsquant import evaluate_newsquant, format_newsquant
from claimstream.evaluate_polnear import evaluate_polnear, format_polnear
from claimstream.services.extract.claims import ClaimExtractor

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SETS = ("ggt", "newsquant", "polnear")
_S = TypeVar("_S")


def combined(a: _S, b: _S) -> _S:
    """Two parts' scores (frozen dataclasses) as one: counts summed, misses joined, the threshold kept."""
    values: dict[str, Any] = {}
    for field in dataclasses.fields(a):  # type: ignore[arg-type]
        x, y = getattr(a, field.name), getattr(b, field.name)
        if isinstance(x, dict):
            values[field.name] = {k: x[k] + y[k] for k in x}
        elif isinstance(x, int) or isinstance(x, tuple):
            values[field.name] = x + y
        else:
            values[field.name] = x
    return type(a)(**values)


def _timed(label: str, run: Callable[[], str]) -> None:
    start = time.perf_counter()
    table = run()
    print(f"[{label}]\n{table}\n({time.perf_counter() - start:.1f}s)\n", flush=True)


def _parts(score: Callable[[str], Any], fmt: Callable[[Any], str], name: str) -> None:
    """The tune and check tables, then the whole set's from their summed counts (no third extraction)."""
    results: dict[str, Any] = {}
    for part in ("tune", "check"):
        _timed(f"{name} {part}", lambda: fmt(results.setdefault(part, score(part))))  # noqa: B023 (called at once)
    tune, check = results["tune"], results["check"]
    whole = (
        [combined(a, b) for a, b in zip(tune, check, strict=True)] if isinstance(tune, list) else combined(tune, check)
    )
    print(f"[{name} all]\n{fmt(whole)}\n", flush=True)


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("shared", nargs="?", type=Path, default=SHARED, help="the shared data folder")
    parser.add_argument("--sets", default=",".join(SETS), help=f"comma-separated, of {', '.join(SETS)}")
    parser.add_argument("--train-every", type=int, default=4, help="PolNeAR tuning sample: every N-th train article")
    args = parser.parse_args(argv)
    external = args.shared / "external"
    wanted = [s.strip() for s in args.sets.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(SETS))
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}: choose from {', '.join(SETS)}")
    ggt, newsquant = external / "ggt-quotes" / "gold.json", external / "newsquant" / "dev.json"
    polnear = external / "polnear"
    extractor = ClaimExtractor()
    if "ggt" in wanted:
        if ggt.exists():
            _parts(lambda p: evaluate_ggt(ggt, extractor, part=p), format_ggt, "GGT quotes")
        else:
            print(f"GGT quotes: skipped ({ggt} absent)")
    if "newsquant" in wanted:
        if newsquant.exists():
            _parts(lambda p: evaluate_newsquant(newsquant, extractor, part=p), format_newsquant, "NewsQuant")
        else:
            print(f"NewsQuant: skipped ({newsquant} absent)")
    if "polnear" in wanted:
        if (polnear / "dev.json").exists():
            every = args.train_every
            _timed(
                f"PolNeAR tune: train.json, every {every}th article",
                lambda: format_polnear(evaluate_polnear(polnear / "train.json", extractor, every=every)),
            )
            _timed("PolNeAR check: dev.json", lambda: format_polnear(evaluate_polnear(polnear / "dev.json", extractor)))
        else:
            print(f"PolNeAR: skipped ({polnear} absent)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
