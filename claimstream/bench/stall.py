"""A search server that stalls under reads: the rig of tests/test_read_budget.py and bench/bench_search_stall.py.

The index service runs as its own process against tansu and osmem, and reaches osmem through
:class:`CountingProxy`, a loopback TCP proxy that counts how often each read's marker (``q=mark000123``) was sent
to the search server: a retried read is sent twice, a read retried three times four times. :func:`drive` sends reads
at a fixed rate while it pauses the search server (SIGSTOP: what a long GC pause or a wedged node looks like from
outside) and resumes it (SIGCONT), and records each read's status, 503 reason and time.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import statistics
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from claimstream.embedded import Stack, free_port, service_env

MARK = re.compile(rb"mark\d{6}")
_MARK_LEN = len(b"mark000000")


class CountingProxy:
    """TCP proxy 127.0.0.1:<port> -> 127.0.0.1:<upstream>, counting markers in what goes upstream."""

    def __init__(self, upstream: int) -> None:
        self.upstream = upstream
        self.port = free_port()
        self.sent: Counter[str] = Counter()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="counting-proxy", daemon=True)
        self._server: asyncio.Server | None = None

    def start(self) -> CountingProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", self.port), self._loop
        ).result(10)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.upstream)
        except OSError:
            writer.close()
            return
        await asyncio.gather(
            self._pump(reader, up_writer, count=True),
            self._pump(up_reader, writer, count=False),
            return_exceptions=True,
        )

    async def _pump(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, count: bool) -> None:
        tail = b""  # shorter than a marker: a marker split between two reads is counted once
        try:
            while data := await src.read(65536):
                if count:
                    window = tail + data
                    self.sent.update(m.decode() for m in MARK.findall(window))
                    tail = window[-(_MARK_LEN - 1) :]
                dst.write(data)
                await dst.drain()
        finally:
            with contextlib.suppress(Exception):
                dst.close()


@dataclass
class Rig:
    stack: Stack
    proxy: CountingProxy

    @property
    def index_url(self) -> str:
        return self.stack.url("index")

    @property
    def search_pid(self) -> int:
        return self.stack.procs["elasticsearch"].popen.pid


@contextlib.contextmanager
def stall_rig(log_dir: Path, env: Mapping[str, str] | None = None) -> Iterator[Rig]:
    """tansu, osmem, the proxy and the index service (its ``CLAIMSTREAM_ELASTICSEARCH_URL`` the proxy's)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    osmem_port = free_port()
    proxy = CountingProxy(osmem_port).start()
    ports = {"index": free_port()}
    service = service_env(f"127.0.0.1:{free_port()}", f"http://127.0.0.1:{proxy.port}", ports, env)
    stack = Stack(service["CLAIMSTREAM_KAFKA_BOOTSTRAP_SERVERS"], f"http://127.0.0.1:{osmem_port}", ports, service)
    stack.log_dir = log_dir
    try:
        stack.start_kafka()
        stack.start_search()
        stack.start_service("index")
        yield Rig(stack, proxy)
    finally:
        with contextlib.suppress(ProcessLookupError, KeyError):  # a paused server cannot act on SIGTERM
            os.kill(stack.procs["elasticsearch"].popen.pid, signal.SIGCONT)
        stack.stop()
        proxy.stop()


@dataclass
class Read:
    mark: str
    started: float  # seconds since the drive began
    seconds: float
    status: int | None  # None: no answer within the client's timeout (a hang) or a connection error
    reason: str | None = None  # a 503's reason
    error: str | None = None


@dataclass
class Drive:
    reads: list[Read] = field(default_factory=list)
    paused_at: float = 0.0
    resumed_at: float = 0.0


async def _read(client: httpx.AsyncClient, url: str, mark: str, t0: float, out: list[Read]) -> None:
    started = time.monotonic()
    try:
        response = await client.get(f"{url}/claims", params={"q": mark, "size": 5})
        reason = response.json().get("reason") if response.status_code == 503 else None
        out.append(Read(mark, started - t0, time.monotonic() - started, response.status_code, reason))
    except httpx.HTTPError as exc:
        out.append(Read(mark, started - t0, time.monotonic() - started, None, error=type(exc).__name__))


async def _drive(
    url: str, rate: float, warmup: float, pause: float, after: float, stop: Callable[[], None], cont: Callable[[], None]
) -> Drive:
    result = Drive()
    limits = httpx.Limits(max_connections=2000, max_keepalive_connections=100)
    async with httpx.AsyncClient(timeout=httpx.Timeout(connect=5, read=60, write=5, pool=60), limits=limits) as client:
        t0, tasks, n = time.monotonic(), [], 0
        paused = resumed = False
        end = warmup + pause + after
        while (now := time.monotonic() - t0) < end:
            if not paused and now >= warmup:
                stop()
                paused, result.paused_at = True, now
            if paused and not resumed and now >= warmup + pause:
                cont()
                resumed, result.resumed_at = True, now
            tasks.append(asyncio.create_task(_read(client, url, f"mark{n:06d}", t0, result.reads)))
            n += 1
            await asyncio.sleep(max(0.0, n / rate - (time.monotonic() - t0)))
        await asyncio.gather(*tasks)
    result.reads.sort(key=lambda r: r.started)
    return result


def drive(
    url: str, rate: float, warmup: float, pause: float, after: float, stop: Callable[[], None], cont: Callable[[], None]
) -> Drive:
    """``rate`` reads a second for ``warmup`` s, then ``stop()`` and ``pause`` s more, then ``cont()`` and ``after``
    s more; waits for every read (a client gives up after 60 s: a hang)."""
    return asyncio.run(_drive(url, rate, warmup, pause, after, stop, cont))


def summarize(result: Drive, sent: Mapping[str, int]) -> dict[str, Any]:
    """Counts by outcome, latency of the reads started during the pause, the first success after the resume, and
    how often each read was sent to the search server."""
    during = [r for r in result.reads if result.paused_at <= r.started < result.resumed_at]
    seconds = sorted(r.seconds for r in during) or [0.0]
    ok_after = [r for r in result.reads if r.status == 200 and r.started + r.seconds >= result.resumed_at]
    first_ok = min((r.started + r.seconds for r in ok_after), default=None)
    outcomes = Counter(
        f"503 {r.reason}" if r.status == 503 else str(r.status) if r.status else f"no answer ({r.error})"
        for r in result.reads
    )
    return {
        "reads": len(result.reads),
        "outcomes": dict(sorted(outcomes.items())),
        "pause_seconds": round(result.resumed_at - result.paused_at, 1),
        "during_pause": {
            "reads": len(during),
            "p50_seconds": round(statistics.median(seconds), 2),
            "p95_seconds": round(seconds[int(0.95 * (len(seconds) - 1))], 2),
            "max_seconds": round(seconds[-1], 2),
            "no_answer": sum(r.status is None for r in during),
            "5xx_not_503": sum(r.status is not None and r.status >= 500 and r.status != 503 for r in during),
        },
        "first_success_after_resume_seconds": None if first_ok is None else round(first_ok - result.resumed_at, 2),
        "max_sends_per_read": max(sent.values(), default=0),
        "reads_sent_more_than_twice": sum(v > 2 for v in sent.values()),
        "reads_sent": len(sent),
    }
