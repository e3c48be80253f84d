"""The embedded launcher: servers from the wheels start, and nothing outlives a killed parent."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from claimstream import embedded

PARENT = """
import os, signal, sys
from claimstream.embedded import spawn
proc = spawn("sleeper", ["sleep", "120"])
print(proc.popen.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"  # a zombie has exited, it only waits to be reaped
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux-only")
def test_children_stop_when_the_parent_is_killed() -> None:
    out = subprocess.run([sys.executable, "-c", PARENT], capture_output=True, text=True, timeout=60)
    child = int(out.stdout.split()[0])
    deadline = time.monotonic() + 10
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    alive = _running(child)
    if alive:
        os.kill(child, 9)
    assert not alive, "the child outlived its killed parent"


def test_binaries_come_from_the_wheels() -> None:
    for path in (embedded.tansu_binary(), embedded.osmem_binary()):
        assert os.access(path, os.X_OK), path


def test_a_dead_process_fails_start_up_with_its_log(tmp_path) -> None:  # type: ignore[no-untyped-def]
    proc = embedded.spawn(
        "broken", [sys.executable, "-c", "print('boom: bad config'); raise SystemExit(3)"], log_dir=tmp_path
    )
    with pytest.raises(embedded.StartupError, match="boom: bad config"):
        embedded.wait_http("http://127.0.0.1:9/readyz", proc, timeout=20)
