"""Elasticsearch client construction, and the one transport adapter claimstream needs.

elasticsearch-py 8/9 always sends ``application/vnd.elasticsearch+json; compatible-with=N``. Real
Elasticsearch also accepts plain ``application/json``; OpenSearch-compatible servers (the embedded osmem
server) answer 406 to the vendor type. :class:`PlainJsonNode` rewrites those two headers to the plain media
types, which serves both. Nothing else in the code base touches transport details.

Reads on a budget. Inside :func:`read_budget` (the search API wraps each request in one,
services/index/read_budget.py) every request of the client is a *read on a deadline*: its timeout is what is left
of the budget, a timeout is never retried and a connection error at most once (no read reaches the server more than
twice), and :class:`ReadGuard` admits it first: at most ``max_concurrent`` reads in flight per process, and a
circuit breaker that, after ``failures`` consecutive timed-out or refused requests, answers every read at once for
``cooldown`` seconds, then lets one read through as a probe (closed again on its answer, open again on its failure).
A read that cannot be served raises :class:`SearchUnavailable` (the API answers 503 with Retry-After). Outside a
budget (the index service's writes, background work) requests keep the client's timeout, retries and backoff; their
outcomes still move the breaker (a write answered closes it).
"""

from __future__ import annotations

import contextlib
import logging
import math
import re
import time
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any, Literal, cast

from elastic_transport import (
    AsyncTransport,
    ConnectionError,
    ConnectionTimeout,
    HttpHeaders,
    HttpxAsyncHttpNode,
    TransportApiResponse,
)
from elastic_transport._node import NodeApiResponse
from elasticsearch import AsyncElasticsearch

from claimstream.shared import metrics
from claimstream.shared.settings import IndexSettings

log = logging.getLogger(__name__)

_VENDOR = re.compile(r"application/vnd\.elasticsearch\+(json|x-ndjson)(;\s*compatible-with=\d+)?")


def plain_media_types(headers: HttpHeaders | dict[str, str] | None) -> HttpHeaders:
    """A copy of ``headers`` with vendor media types replaced by ``application/json`` / ``application/x-ndjson``."""
    out = HttpHeaders(headers or {})
    for name in ("accept", "content-type"):
        if name in out:
            out[name] = _VENDOR.sub(lambda m: f"application/{m.group(1)}", out[name])
    return out


class PlainJsonNode(HttpxAsyncHttpNode):
    """An httpx transport node that sends plain JSON media types (see module docstring)."""

    async def perform_request(  # type: ignore[override]
        self, method: str, target: str, body: bytes | None = None, headers: Any = None, **kw: Any
    ) -> NodeApiResponse:
        return await super().perform_request(method, target, body=body, headers=plain_media_types(headers), **kw)


Reason = Literal["overloaded", "circuit_open", "timeout", "unavailable"]
_DEADLINE: ContextVar[float | None] = ContextVar("claimstream_read_deadline", default=None)


class SearchUnavailable(Exception):
    """A read on a budget the search server cannot serve now: ``reason`` says why, ``retry_after`` (seconds) when
    to try again."""

    def __init__(self, reason: Reason, detail: str, retry_after: int = 1) -> None:
        super().__init__(detail)
        self.reason, self.detail, self.retry_after = reason, detail, max(1, retry_after)


@contextlib.contextmanager
def read_budget(seconds: float) -> Iterator[float]:
    """Within this block (this task and what it awaits) the client's requests are reads due in ``seconds``;
    yields the deadline (``time.monotonic()``)."""
    deadline = time.monotonic() + seconds
    token = _DEADLINE.set(deadline)
    try:
        yield deadline
    finally:
        _DEADLINE.reset(token)


class ReadGuard:
    """Load shedding and the circuit breaker of one process's reads (see the module docstring). Single event loop:
    no locks, every state change happens between awaits."""

    def __init__(self, max_concurrent: int = 16, failures: int = 5, cooldown: float = 3.0) -> None:
        self.max_concurrent, self.failures, self.cooldown = max_concurrent, failures, cooldown
        self.in_flight = 0
        self.consecutive_failures = 0
        self.opened_at: float | None = None  # None: closed
        self.probing = False
        metrics.SEARCH_CIRCUIT_OPEN.set(0)

    @property
    def state(self) -> Literal["closed", "open", "half_open"]:
        if self.opened_at is None:
            return "closed"
        return "half_open" if self.probing else "open"

    def closed(self) -> bool:
        return self.opened_at is None

    def admit(self) -> bool:
        """Take a slot for one read, or raise :class:`SearchUnavailable`. Returns True when this read is the probe
        of an open circuit (its caller passes that to :meth:`release`)."""
        probe = False
        if self.opened_at is not None:
            wait = self.opened_at + self.cooldown - time.monotonic()
            if self.probing or wait > 0:
                metrics.SEARCH_READS_REFUSED.labels("circuit_open").inc()
                raise SearchUnavailable(
                    "circuit_open",
                    f"the search server failed {self.failures} requests in a row; reads are paused while it recovers",
                    math.ceil(max(wait, 1.0)),
                )
            probe = self.probing = True
            log.info("search circuit half-open: one read probes the search server")
        if self.in_flight >= self.max_concurrent:
            if probe:
                self.probing = False
            metrics.SEARCH_READS_REFUSED.labels("overloaded").inc()
            raise SearchUnavailable(
                "overloaded", f"{self.in_flight} search-server reads in flight, the most this process sends", 1
            )
        self.in_flight += 1
        metrics.SEARCH_READS_IN_FLIGHT.set(self.in_flight)
        return probe

    def release(self, probe: bool) -> None:
        self.in_flight -= 1
        metrics.SEARCH_READS_IN_FLIGHT.set(self.in_flight)
        if probe and self.probing:  # the probe ended without a verdict (cancelled): the next read probes again
            self.probing = False

    def succeeded(self) -> None:
        """The search server answered (any status): close the circuit."""
        self.consecutive_failures = 0
        if self.opened_at is not None:
            log.warning("search circuit closed: the search server answers again")
            self.opened_at, self.probing = None, False
            metrics.SEARCH_CIRCUIT_OPEN.set(0)

    def failed(self) -> None:
        """A request timed out or could not connect: count it; open the circuit (again) at the threshold."""
        self.consecutive_failures += 1
        if self.opened_at is not None or self.consecutive_failures >= self.failures:
            if self.opened_at is None:
                log.warning(
                    "search circuit open: %d search-server requests in a row failed; reads get 503 for %.0fs",
                    self.consecutive_failures,
                    self.cooldown,
                )
            self.opened_at, self.probing = time.monotonic(), False
            metrics.SEARCH_CIRCUIT_OPEN.set(1)


class GuardedTransport(AsyncTransport):
    """The client's transport: budgeted reads inside :func:`read_budget`, every outcome reported to the guard."""

    guard: ReadGuard  # set by build_client

    async def perform_request(self, method: str, target: str, **kw: Any) -> TransportApiResponse:  # type: ignore[override]
        deadline = _DEADLINE.get()
        if deadline is None:
            return await self._observed(method, target, **kw)
        left = deadline - time.monotonic()
        if left <= 0:
            metrics.SEARCH_READS_REFUSED.labels("timeout").inc()
            raise SearchUnavailable("timeout", "the request's read budget was spent before the search server answered")
        probe = self.guard.admit()
        try:
            return await self._observed(
                method, target, **{**kw, "request_timeout": left, "max_retries": 1, "retry_on_timeout": False}
            )
        except ConnectionTimeout as exc:
            metrics.SEARCH_READS_REFUSED.labels("timeout").inc()
            raise SearchUnavailable(
                "timeout", "the search server did not answer within the read budget", math.ceil(self.guard.cooldown)
            ) from exc
        except ConnectionError as exc:
            metrics.SEARCH_READS_REFUSED.labels("unavailable").inc()
            raise SearchUnavailable(
                "unavailable", f"the search server cannot be reached: {exc.message}", math.ceil(self.guard.cooldown)
            ) from exc
        finally:
            self.guard.release(probe)

    async def _observed(self, method: str, target: str, **kw: Any) -> TransportApiResponse:
        try:
            response = await super().perform_request(method, target, **kw)
        except (ConnectionTimeout, ConnectionError):
            self.guard.failed()
            raise
        self.guard.succeeded()
        return response


def read_guard(client: AsyncElasticsearch) -> ReadGuard:
    """The :class:`ReadGuard` of a client made by :func:`build_client`."""
    return cast(GuardedTransport, client.transport).guard


def build_client(settings: IndexSettings) -> AsyncElasticsearch:
    """An AsyncElasticsearch client for the configured URL and credentials (basic auth or API key, TLS CA), with
    its own :class:`ReadGuard` (``index_max_concurrent_reads``, ``index_circuit_*`` settings)."""
    auth: dict[str, Any] = {}
    if settings.elasticsearch_api_key:
        auth["api_key"] = settings.elasticsearch_api_key.get_secret_value()
    elif settings.elasticsearch_username:
        password = settings.elasticsearch_password.get_secret_value() if settings.elasticsearch_password else ""
        auth["basic_auth"] = (settings.elasticsearch_username, password)
    if settings.elasticsearch_ca_certs:
        auth["ca_certs"] = settings.elasticsearch_ca_certs
    client = AsyncElasticsearch(
        settings.elasticsearch_url,
        node_class=PlainJsonNode,
        transport_class=GuardedTransport,
        request_timeout=settings.elasticsearch_timeout,
        retry_on_timeout=True,
        max_retries=3,
        # Reads never wait for a pooled connection (a wait would come on top of their timeout): room for every read
        # in flight, and as many again for the writes and background work.
        connections_per_node=2 * settings.index_max_concurrent_reads,
        **auth,
    )
    cast(GuardedTransport, client.transport).guard = ReadGuard(
        settings.index_max_concurrent_reads, settings.index_circuit_failures, settings.index_circuit_cooldown_seconds
    )
    return client
