"""Search API reads while the search server stalls: latency, 200/503/500/no answer, and how often each read was sent.

Starts tansu, osmem and the index service (its own process, reaching osmem through a counting proxy), sends
``--rate`` ``GET /claims?q=markNNNNNN`` a second for ``--warmup`` s, pauses osmem (SIGSTOP) for ``--pause`` s,
resumes it (SIGCONT) and reads ``--after`` s more (claimstream/bench/stall.py). A read the client gets no answer to
within 60 s counts as "no answer" (a hang). Prints one JSON summary.

Usage: ``.venv/bin/python bench/bench_search_stall.py [--rate 20] [--pause 30] [--env NAME=VALUE ...]``.
To measure another checkout's index service (e.g. the code before the read budget), put its import root first:
``--env PYTHONPATH=/path/to/pkg-root`` (a directory holding a ``claimstream`` package).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import tempfile
from pathlib import Path

from claimstream.bench.stall import drive, stall_rig, summarize


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20.0, help="Reads per second.")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of reads before the pause.")
    parser.add_argument("--pause", type=float, default=30.0, help="Seconds the search server is paused.")
    parser.add_argument("--after", type=float, default=10.0, help="Seconds of reads after the resume.")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the index service (repeatable).")
    parser.add_argument("--log-dir", type=Path, default=None, help="Where the processes log (default: a temp dir).")
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    log_dir = args.log_dir or Path(tempfile.mkdtemp(prefix="stall-"))
    with stall_rig(log_dir, env) as rig:
        pid = rig.search_pid
        result = drive(
            rig.index_url,
            args.rate,
            args.warmup,
            args.pause,
            args.after,
            lambda: os.kill(pid, signal.SIGSTOP),
            lambda: os.kill(pid, signal.SIGCONT),
        )
        summary = summarize(result, rig.proxy.sent)
    print(json.dumps({"rate": args.rate, "env": env, "logs": str(log_dir), **summary}, indent=1))


if __name__ == "__main__":
    main()
