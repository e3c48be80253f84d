"""Optional sampling profile (py-spy) of one service process during a full-load run, with a text summary.

py-spy attaches to the running process, so the service runs unmodified. The raw collapsed stacks are kept
next to the result (``profile-<service>.txt``, loadable in speedscope or flamegraph.pl); :func:`summarize`
turns them into the functions with the most samples, by own time and including callees.
"""

from __future__ import annotations

import collections
import contextlib
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path


def py_spy() -> str | None:
    """The py-spy executable of this venv (or on PATH), if installed."""
    beside = Path(sys.executable).with_name("py-spy")
    return str(beside) if beside.exists() else shutil.which("py-spy")


@contextlib.contextmanager
def recording(pid: int, out: Path, rate: int = 100) -> Iterator[Path]:
    """Sample ``pid`` while the block runs; yields the path the collapsed stacks are written to on exit."""
    exe = py_spy()
    if exe is None:
        raise RuntimeError("py-spy is not installed: .venv/bin/pip install py-spy==0.4.3")
    proc = subprocess.Popen(
        [
            exe,
            "record",
            "--pid",
            str(pid),
            "--format",
            "raw",
            "--rate",
            str(rate),
            "--nonblocking",
            "--output",
            str(out),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield out
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
        if not out.exists():
            raise RuntimeError(f"py-spy wrote no profile: {err.decode(errors='replace')[-500:]}")


def _frame(frame: str) -> str:
    """``func (path/to/module.py:123)`` -> ``func (module.py)``: lines vary, files and functions are what matter."""
    name, _, where = frame.partition(" (")
    return f"{name} ({Path(where.split(':')[0]).name})" if where else name


def summarize(collapsed: Path, top: int = 15) -> dict[str, list[tuple[str, float]]]:
    """Share of samples per function: ``own`` (leaf frame) and ``total`` (anywhere on the stack)."""
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in collapsed.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        frames = [_frame(f) for f in stack.split(";")]
        n = int(count)
        samples += n
        own[frames[-1]] += n
        for name in set(frames):
            total[name] += n
    share = (lambda c: [(name, round(n / samples, 3)) for name, n in c.most_common(top)]) if samples else (lambda c: [])
    return {"samples": [("all", float(samples))], "own": share(own), "total": share(total)}
