"""Nothing of the embedded stack outlives it: parent-death SIGKILL, a stop path that escalates, the pid file of a
data directory, and the supervisor's restart of a search server that stops answering while its process runs.

The last test is the issue's fault test: ``claimstream up`` with a data directory, its search server paused
(SIGSTOP), stopped with SIGTERM and, on the next run, killed -9: each time no process of the stack remains 30 s
later, and ``claimstream up`` on the same data directory starts again at once.
"""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from claimstream import embedded
from claimstream.datadir import DataDir, DataDirInUse, start_time

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl are Linux-only")

# The child handles SIGTERM (as osmem and tansu do): the kernel does not kill it for a SIGTERM it catches, and a
# paused one would not even run its handler.
PAUSED_CHILD = """
import os, signal, sys, time
from claimstream.embedded import spawn
code = "import signal, time; signal.signal(signal.SIGTERM, lambda *_: None); print(1, flush=True); time.sleep(120)"
proc = spawn("server", [sys.executable, "-c", code])
time.sleep(1.0)  # its handler is set
os.kill(proc.popen.pid, signal.SIGSTOP)
print(proc.popen.pid, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def _gone(pid: int) -> bool:
    return start_time(pid) is None  # no such process, or a zombie waiting to be reaped


def _wait_gone(pids: list[int], timeout: float) -> list[int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and not all(_gone(p) for p in pids):
        time.sleep(0.2)
    return [p for p in pids if not _gone(p)]


def test_a_paused_child_dies_with_its_killed_parent() -> None:
    # A paused (or busy) child never acts on SIGTERM; the parent-death signal is SIGKILL.
    out = subprocess.run([sys.executable, "-c", PAUSED_CHILD], capture_output=True, text=True, timeout=60)
    child = int(out.stdout.split()[0])
    left = _wait_gone([child], 10)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "a paused child outlived its killed parent"


LOADING_PARENT = """
import os, signal, sys, time
from claimstream.embedded import osmem_binary, spawn
port, seed = sys.argv[1], sys.argv[2]
argv = [osmem_binary(), "-addr", f"127.0.0.1:{port}", "-no-stdin-watch", "-parent-pid", str(os.getpid()), "-seed", seed]
print(spawn("elasticsearch", argv).popen.pid, flush=True)
time.sleep(0.5)
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.elasticsearch
def test_a_search_server_loading_its_snapshot_dies_with_its_killed_parent(tmp_path: Path) -> None:
    # What the servers found spinning after a stack died were loading their seed: osmem takes SIGTERM only once the
    # whole seed is loaded (signal.NotifyContext; 20,000 small documents take 5-20 s) and starts its -parent-pid
    # watch after that. SIGKILL on parent death does not wait for it.
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "t.index.json").write_text(json.dumps({"mappings": {"properties": {"text": {"type": "text"}}}}))
    with open(seed / "t.ndjson", "w") as f:
        for i in range(20_000):
            f.write(json.dumps({"index": {"_index": "t", "_id": str(i)}}) + "\n")
            f.write(json.dumps({"text": f"an official said {i} people were counted on day {i % 31}"}) + "\n")
    port = embedded.free_port()
    out = subprocess.run(
        [sys.executable, "-c", LOADING_PARENT, str(port), str(seed)], capture_output=True, text=True, timeout=60
    )
    server = int(out.stdout.split()[0])
    assert embedded.port_free(port), "the server had finished loading before its parent died: no proof"
    left = _wait_gone([server], 3)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "the search server kept loading its snapshot after its parent was killed"


def test_stop_escalates_to_sigkill_and_kills_a_paused_process_at_once(tmp_path: Path) -> None:
    deaf = embedded.spawn(
        "deaf", [sys.executable, "-c", "import signal, time; signal.signal(15, signal.SIG_IGN); time.sleep(120)"]
    )
    paused = embedded.spawn("paused", ["sleep", "120"])
    time.sleep(0.5)  # the deaf one has set its handler
    os.kill(paused.popen.pid, signal.SIGSTOP)
    started = time.monotonic()
    embedded.stop_all([paused], grace=30)
    assert not paused.alive() and time.monotonic() - started < 5
    started = time.monotonic()
    embedded.stop_all([deaf], grace=1.0)
    took = time.monotonic() - started
    assert not deaf.alive() and deaf.popen.returncode == -signal.SIGKILL and took < 5, took


def _record(data: DataDir, launcher: dict[str, int | None], children: dict[str, int]) -> None:
    data.root.mkdir(parents=True, exist_ok=True)
    entries = {name: {"pid": pid, "start": start_time(pid)} for name, pid in children.items()}
    data.pid_file.write_text(json.dumps({"launcher": launcher, "children": entries}))


def test_a_server_left_by_an_earlier_run_is_stopped_with_a_log_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = DataDir(tmp_path / "data")
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = embedded.spawn("elasticsearch", ["sleep", "120"])
    os.kill(left.popen.pid, signal.SIGSTOP)  # the state the issue found them in: not acting on SIGTERM
    _record(data, {"pid": dead.pid, "start": 1}, {"elasticsearch": left.popen.pid})
    with caplog.at_level(logging.WARNING, logger="claimstream.datadir"):
        assert data.stop_leftovers() == ["elasticsearch"]
    assert left.popen.wait(timeout=5) == -signal.SIGKILL
    assert f"stopping elasticsearch (pid {left.popen.pid}) left running by an earlier run" in caplog.text
    assert not data.pid_file.exists()


def test_a_reused_pid_is_not_killed_and_a_running_launcher_is_not_robbed(tmp_path: Path) -> None:
    data = DataDir(tmp_path / "data")
    other = embedded.spawn("other", ["sleep", "120"])
    try:
        record = {"pid": other.popen.pid, "start": (start_time(other.popen.pid) or 0) + 1}  # another process's pid
        data.root.mkdir(parents=True)
        data.pid_file.write_text(json.dumps({"launcher": {"pid": 1, "start": -1}, "children": {"kafka": record}}))
        assert data.stop_leftovers() == [] and other.alive()
        _record(data, {"pid": other.popen.pid, "start": start_time(other.popen.pid)}, {})
        with pytest.raises(DataDirInUse, match=f"pid {other.popen.pid}"):
            data.prepare()
        assert other.alive()
    finally:
        other.stop(grace=1)


@pytest.mark.elasticsearch
@pytest.mark.timeout(120)
def test_a_search_server_that_stops_answering_is_dumped_and_restarted(tmp_path: Path) -> None:
    from claimstream.supervisor import Policy, Supervisor

    proc, url = embedded.start_osmem(log_dir=tmp_path)
    stack = embedded.Stack("127.0.0.1:9", url, {}, {}, {"elasticsearch": proc}, tmp_path)
    said: list[str] = []
    policy = Policy(backoff_initial=0.1, probe_interval=0.5, probe_timeout=0.5, wedge_after=3.0)
    supervisor = Supervisor(stack, policy, said.append)
    try:
        supervisor.tick()
        assert supervisor.counts == {}  # an answering server is left alone
        os.kill(proc.popen.pid, signal.SIGSTOP)
        deadline = time.monotonic() + 60
        while not supervisor.counts and time.monotonic() < deadline:
            supervisor.tick()
            time.sleep(0.2)
        assert supervisor.counts == {"elasticsearch": 1}, said
        assert not proc.alive() and stack.procs["elasticsearch"] is not proc
        assert any("goroutine dump (SIGQUIT" in line for line in said), said
        log = (tmp_path / "elasticsearch.log").read_text(errors="replace")
        assert "goroutine " in log and "SIGQUIT" in log, log[-2000:]  # the dump is in the server's log
        assert httpx.get(url, timeout=10).status_code == 200  # the new one answers on the same port
    finally:
        os.kill(proc.popen.pid, signal.SIGCONT) if proc.alive() else None
        embedded.stop_stack(stack.procs)


def _stack_pids(launcher: object) -> list[int]:
    from tests.durability_helpers import Launcher

    assert isinstance(launcher, Launcher) and launcher.popen is not None
    return [launcher.popen.pid, *(int(p) for p in launcher.state()["pids"].values())]


@pytest.mark.e2e
@pytest.mark.kafka
@pytest.mark.elasticsearch
@pytest.mark.slow
@pytest.mark.timeout(600)
def test_stack_stopped_or_killed_while_its_search_server_is_paused_leaves_nothing(tmp_path: Path) -> None:
    from tests.durability_helpers import Launcher

    launcher = Launcher(tmp_path)
    try:
        for end in ("SIGTERM", "SIGKILL"):
            started = time.monotonic()
            launcher.start()
            print(f"\nclaimstream up #{launcher.starts} ready in {time.monotonic() - started:.0f}s")
            assert "left running by an earlier run" not in launcher.log_tail(200)
            pids = _stack_pids(launcher)
            os.kill(int(launcher.state()["pids"]["elasticsearch"]), signal.SIGSTOP)
            time.sleep(1)
            assert launcher.popen is not None
            os.kill(launcher.popen.pid, getattr(signal, end))
            started = time.monotonic()
            left = _wait_gone(pids, 30)
            took = time.monotonic() - started
            print(f"{end} with the search server paused: every process gone in {took:.1f}s")
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            assert not left, f"{end}: processes of the stack still there after 30 s: {left}"
            launcher.popen.wait(timeout=10)
        started = time.monotonic()
        launcher.start()  # at once: nothing holds a port or the data directory
        print(f"claimstream up #{launcher.starts} ready in {time.monotonic() - started:.0f}s")
    finally:
        launcher.stop()
