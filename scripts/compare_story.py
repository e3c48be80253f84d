"""Post reports to a fresh embedded stack and print the comparison of their story, group by group.

    .venv/bin/python scripts/compare_story.py ../shared/seeds-dev/000_9cf027c18a6fb95f.txt='Euromaidan Press' \\
        ../shared/seeds-dev/002_61f1521eaff463c2.txt='Olomo Times' \\
        tests/invented/two_armies_harbor_post.txt='Harbor Post' tests/invented/two_armies_valley_courier.txt='Valley Courier'

Each argument is FILE=OUTLET. Starts tansu, osmem and the three services (``claimstream.embedded``), posts the
files, waits until every article is indexed with its claims and a story, then prints ``GET
/claims/compare?story_id=`` for each story: per group its side, measure, range, verdict, sources and stated
periods, the summary, and every reading (outlet, speaker, event, absolute figure, side, how it was placed,
period); then the unplaced readings with the reason.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from claimstream.embedded import embedded_stack


def show(res: dict[str, Any]) -> None:
    unplaced = res.get("unplaced", [])
    print(f"claims_compared={res['claims_compared']} groups={len(res['groups'])} unplaced={len(unplaced)}")
    for g in res["groups"]:
        print(
            f"- side={g.get('side')!r} measure={g['measure']!r} {g['min']:,.0f}–{g['max']:,.0f} "
            f"verdict={g['verdict']} n_sources={g['n_sources']} periods={g.get('periods')}"
        )
        print(f"  {g['summary']}")
        for r in g["readings"]:
            lo, hi = r["absolute"]
            figure = f"{lo:,.0f}" if lo == hi else f"{lo:,.0f}–{hi:,.0f}"
            print(
                f"  {r['outlet'] or '-':17} {r['speaker'][:30]:30} {r['event'] or '-':17} {figure:>12} "
                f"side={r.get('side')} placed={r.get('placed')} period={r.get('period')}"
            )
    for r in unplaced:
        print(f"  unplaced: {r['outlet']} / {r['speaker']} {r['text']!r}: {r['why']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="+", help="FILE=OUTLET")
    parser.add_argument("--timeout", type=float, default=120, help="seconds to wait for indexing")
    args = parser.parse_args()
    reports = [(Path(f), outlet) for f, outlet in (a.split("=", 1) for a in args.reports)]
    with embedded_stack(log_dir=Path(tempfile.mkdtemp(prefix="compare-story-"))) as s:
        ids = [
            httpx.post(f"{s.url('ingest')}/articles", json={"text": f.read_text(), "outlet": o}, timeout=30).json()[
                "article_id"
            ]
            for f, o in reports
        ]
        stories: set[str | None] = {None}
        deadline = time.monotonic() + args.timeout
        while None in stories and time.monotonic() < deadline:
            time.sleep(1)
            docs = [httpx.get(f"{s.url('index')}/articles/{a}", timeout=10) for a in ids]
            ready = all(d.status_code == 200 and d.json()["claims"] for d in docs)
            stories = {d.json().get("story_id") for d in docs} if ready else {None}
        if None in stories:
            raise SystemExit(f"not every article was indexed with claims and a story within {args.timeout:.0f} s")
        for story in sorted(str(x) for x in stories):
            print(f"## story {story}")
            show(httpx.get(f"{s.url('index')}/claims/compare", params={"story_id": story}, timeout=30).json())


if __name__ == "__main__":
    main()
