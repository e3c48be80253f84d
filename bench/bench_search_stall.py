"""Search API reads while the search server stalls: latency, 200/503/500/no answer, and how often each read was sent.

Starts tansu, osmem and the index service (its own process, reaching osmem through a counting proxy), sends
``--rate`` ``GET /claims?q=markNNNNNN`` a second for ``--warmup`` s, pauses osmem (SIGSTOP) for ``--pause`` s,
resumes it (SIGCONT) and reads ``--after`` s more (claimstream/bench/stall.py). A read the client gets no answer to
within 60 s counts as "no answer" (a hang). Prints one JSON summary.

Usage: ``.venv/bin/python bench/bench_search_stall.py [--rate 20] [--pause 30] [--ref 06fd4b6] [--env NAME=VALUE]``.
``--ref`` measures the index service of another commit (e.g. 06fd4b6, before the read budget): its tree is
exported with ``git archive`` into a temporary package root that the service process imports first.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import tarfile
import tempfile
from pathlib import Path

from claimstream.bench.stall import drive, stall_rig, summarize


def package_root(ref: str) -> Path:
    """``ref``'s tree laid out as the installed package (``claimstream.shared`` = ``shared/``, ...)."""
    root = Path(tempfile.mkdtemp(prefix=f"stall-{ref}-"))
    tree = subprocess.run(["git", "archive", ref], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(tree)) as tar:
        tar.extractall(root / "src", filter="data")
    package = root / "pkg" / "claimstream"
    package.mkdir(parents=True)
    for item in (root / "src" / "claimstream").iterdir():
        (package / item.name).symlink_to(item)
    for name in ("services", "shared"):
        (package / name).symlink_to(root / "src" / name)
    (root / "src" / "services" / "index" / "templates").symlink_to(root / "src" / "deploy" / "elasticsearch")
    return root / "pkg"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rate", type=float, default=20.0, help="Reads per second.")
    parser.add_argument("--warmup", type=float, default=3.0, help="Seconds of reads before the pause.")
    parser.add_argument("--pause", type=float, default=30.0, help="Seconds the search server is paused.")
    parser.add_argument("--after", type=float, default=10.0, help="Seconds of reads after the resume.")
    parser.add_argument("--env", action="append", default=[], help="NAME=VALUE for the index service (repeatable).")
    parser.add_argument("--ref", default=None, help="Measure the index service of this git commit instead.")
    parser.add_argument("--log-dir", type=Path, default=None, help="Where the processes log (default: a temp dir).")
    args = parser.parse_args()
    env = dict(item.split("=", 1) for item in args.env)
    if args.ref:
        env["PYTHONPATH"] = str(package_root(args.ref))
        os.chdir(env["PYTHONPATH"])  # the service runs here: no other claimstream/ directory on its path
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
