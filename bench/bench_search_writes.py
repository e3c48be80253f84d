"""Pauses of the embedded search server (osmem) while documents are written.

Starts its own osmem, creates the claims index from the claims template, writes ``--docs`` claim documents
(the bundled example claim under new ids, with varied text) in bulks of ``--bulk`` with ``refresh=wait_for``,
as the index service does, while a second thread sends a tiny ``_count`` every 50 ms. Every probe slower than
``--stall-ms`` is a pause of the whole server: it prints each one with the documents written when it started,
then the bulk latencies, the documents written between two pauses, and osmem's own CPU time per bulk request and
per document over the writes (from ``/proc``; the probe's tiny requests cost a fraction of a millisecond each).

Usage: ``.venv/bin/python bench/bench_search_writes.py [--docs 6000] [--bulk 10] [--preload 0]``.
Needs no corpus. Measured on 2026-11-30: docs/benchmark.md ("Latency").
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import httpx

from claimstream.embedded import start_osmem
from claimstream.services.index.documents import claim_doc
from claimstream.services.index.store import template
from claimstream.shared import topics
from claimstream.shared.events import ClaimExtracted

EXAMPLE = Path(topics.__file__).parent / "examples" / topics.CLAIMS_EXTRACTED / "v1" / "direct_quote.json"
WORDS = "minister officials troops said reported figures city council budget percent rose fell".split()


def documents(n: int) -> list[tuple[str, str]]:
    """``n`` (id, NDJSON source line) pairs: the example claim with a new id and a varied sentence."""
    base = ClaimExtracted.model_validate_json(EXAMPLE.read_bytes())
    now = datetime.now(UTC)
    out = []
    for i in range(n):
        text = " ".join(WORDS[(i * k) % len(WORDS)] for k in range(1, 30)) + f" {i}."
        claim = base.model_copy(update={"claim_id": uuid.uuid4().hex, "text": text})
        out.append((claim.claim_id, json.dumps(claim_doc(claim, now))))
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def write(es: str, docs: list[tuple[str, str]], bulk: int, done: list[int]) -> list[float]:
    """Bulk-write ``docs`` (``refresh=wait_for``); ``done[0]`` counts the documents written so far."""
    latencies = []
    with httpx.Client(base_url=es, timeout=120) as client:
        for start in range(0, len(docs), bulk):
            body = "".join(
                f'{{"index":{{"_index":"claims","_id":"{i}"}}}}\n{line}\n' for i, line in docs[start : start + bulk]
            )
            began = time.perf_counter()
            response = client.post(
                "/_bulk", params={"refresh": "wait_for"}, content=body, headers={"content-type": "application/x-ndjson"}
            )
            response.raise_for_status()
            latencies.append(time.perf_counter() - began)
            done[0] = start + bulk
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=6000, help="claim documents to write while probing")
    parser.add_argument("--bulk", type=int, default=10, help="documents per bulk request")
    parser.add_argument("--preload", type=int, default=0, help="documents written (without probing) before")
    parser.add_argument("--stall-ms", type=float, default=200.0, help="a probe slower than this is a pause")
    args = parser.parse_args()

    proc, es = start_osmem()
    try:
        mappings = template("claims")["template"]["mappings"]
        httpx.put(f"{es}/claims", json={"mappings": mappings}, timeout=30).raise_for_status()
        if args.preload:
            print(f"preloading {args.preload} documents …", flush=True)
            write(es, documents(args.preload), 500, [0])
        docs = documents(args.docs)
        done = [0]
        stalls: list[tuple[int, float]] = []
        stop = threading.Event()

        def probe() -> None:
            with httpx.Client(base_url=es, timeout=120) as client:
                while not stop.is_set():
                    at, began = done[0], time.perf_counter()
                    client.post("/claims/_count", json={"query": {"match_all": {}}})
                    took = time.perf_counter() - began
                    if took * 1000 > args.stall_ms:
                        stalls.append((at, took))
                        print(f"  pause {took:.2f} s at {args.preload + at} documents", flush=True)
                    time.sleep(0.05)

        prober = threading.Thread(target=probe, daemon=True)
        prober.start()
        began, cpu_began = time.perf_counter(), cpu_seconds(proc.popen.pid)
        latencies = write(es, docs, args.bulk, done)
        seconds, cpu = time.perf_counter() - began, cpu_seconds(proc.popen.pid) - cpu_began
        stop.set()
        prober.join()
        cuts = statistics.quantiles(latencies, n=100)
        print(
            f"{args.docs} documents in bulks of {args.bulk} after {args.preload}: {args.docs / seconds:.0f} documents/s; "
            f"bulk p50 {1000 * cuts[49]:.0f} ms, p99 {1000 * cuts[98]:.0f} ms, max {1000 * max(latencies):.0f} ms"
        )
        print(
            f"osmem CPU: {1000 * cpu / len(latencies):.1f} ms per bulk request, {1000 * cpu / args.docs:.2f} ms per"
            " document"
        )
        if stalls:
            gaps = [b[0] - a[0] for a, b in zip(stalls, stalls[1:], strict=False)]
            print(
                f"{len(stalls)} pauses over {args.stall_ms:.0f} ms, longest {max(s for _, s in stalls):.2f} s, "
                f"total {sum(s for _, s in stalls):.1f} s"
                + (f"; documents between pauses: median {statistics.median(gaps):.0f}" if gaps else "")
            )
        else:
            print(f"no pause over {args.stall_ms:.0f} ms")
    finally:
        proc.stop()


if __name__ == "__main__":
    main()
