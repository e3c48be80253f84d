"""Fetching pages, feeds and sitemaps for ingest: SSRF guard, timeouts, size limit, bounded redirects, politeness.

The SSRF guard sits where connections are opened (an httpcore network backend), not in front of the request:
every connection, including each redirect hop, resolves the host itself, refuses the whole host when *any* of
its addresses is private, loopback, link-local, multicast, reserved or unspecified (unless it lies in an
explicitly allowed network), and then connects to the address it checked, so a DNS answer that changes between
check and connect (rebinding) cannot slip through. Proxies from the environment are ignored for the same reason.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from claimstream.services.ingest.politeness import HostPacer
from claimstream.shared.errors import InvalidEvent

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Awaitable[list[str]]]
ACCEPT = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5"


class FetchError(InvalidEvent):
    """A URL could not be fetched (bad URL, refused address, HTTP error, timeout, too large, too many redirects).

    ``str(exc)`` is a human-readable reason for the 4xx answer and the dead letter. ``refused`` is True when the
    SSRF guard refused it. The request that named the URL is poison (dead-lettered, answered 422); the client
    may post it again later, which may help for timeouts and 5xx answers, never for refusals.
    """

    def __init__(self, reason: str, *, refused: bool = False) -> None:
        super().__init__(reason)
        self.refused = refused


@dataclass(frozen=True)
class FetchPolicy:
    """How ingest fetches: built once from the settings (see ``IngestSettings.ingest_fetch_*``)."""

    user_agent: str = "claimstream-ingest/0.1 (news claim indexer)"
    timeout: float = 20.0  # seconds, for the whole fetch (connect, redirects, body)
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    host_delay: float = 2.0  # seconds between two requests to one host
    allowed_networks: tuple[IPNetwork, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Fetched:
    """A fetched resource. ``status`` is 200-299 or 304 (``not_modified``: only with a conditional request)."""

    url: str  # after redirects
    status: int
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def parse_networks(spec: str) -> tuple[IPNetwork, ...]:
    """``"127.0.0.0/8, ::1"`` -> networks. Raises ValueError naming the bad entry."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in spec.split(",") if part.strip())


def refused_reason(address: str, allowed: Iterable[IPNetwork] = ()) -> str | None:
    """Why connecting to ``address`` is refused ("loopback", "private", ...), or None when it is allowed."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    if any(ip.version == net.version and ip in net for net in allowed):
        return None
    checks = (("loopback", ip.is_loopback), ("link-local", ip.is_link_local), ("multicast", ip.is_multicast),
              ("unspecified", ip.is_unspecified), ("reserved", ip.is_reserved), ("private", ip.is_private),
              ("non-global", not ip.is_global))  # fmt: skip
    return next((name for name, hit in checks if hit), None)


async def system_resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IP literals resolve to themselves)."""
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """An httpcore backend that resolves, checks every address, and connects only to a checked one."""

    def __init__(self, resolve: Resolver, allowed: tuple[IPNetwork, ...]) -> None:
        self._resolve = resolve
        self._allowed = allowed
        self._inner = httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        try:
            addresses = await asyncio.wait_for(self._resolve(host, port), timeout)
        except (OSError, TimeoutError) as exc:
            raise FetchError(f"cannot resolve {host}: {exc or type(exc).__name__}") from exc
        if not addresses:
            raise FetchError(f"cannot resolve {host}: no addresses")
        for address in addresses:
            reason = refused_reason(address, self._allowed)
            if reason is not None:
                raise FetchError(
                    f"refused to fetch from {host}: it resolves to {address}, a {reason} address", refused=True
                )
        return await self._inner.connect_tcp(addresses[0], port, timeout, local_address, socket_options)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        raise FetchError("unix sockets are never fetched", refused=True)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class _GuardedTransport(httpx.AsyncHTTPTransport):
    def __init__(self, backend: GuardedBackend) -> None:
        super().__init__()
        # httpx has no public hook for the network backend; the pool it builds is replaced by an equal one
        # that connects through the guard.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=50,
            max_keepalive_connections=10,
            keepalive_expiry=5.0,
            network_backend=backend,
        )


class Fetcher:
    """Fetches one URL at a time under a :class:`FetchPolicy`. Call :meth:`aclose` when done."""

    def __init__(
        self, policy: FetchPolicy, *, resolve: Resolver = system_resolve, pacer: HostPacer | None = None
    ) -> None:
        self.policy = policy
        self.pacer = pacer or HostPacer(policy.host_delay)
        self._client = httpx.AsyncClient(
            transport=_GuardedTransport(GuardedBackend(resolve, policy.allowed_networks)),
            trust_env=False,
            follow_redirects=True,
            max_redirects=policy.max_redirects,
            timeout=httpx.Timeout(policy.timeout),
            headers={"User-Agent": policy.user_agent, "Accept": ACCEPT},
        )

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET ``url`` (conditionally when ``etag``/``last_modified`` are given). Raises FetchError with the reason."""
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise FetchError(f"only absolute http(s) URLs are fetched, not {url[:200]!r}", refused=True)
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        await self.pacer.wait(parts.hostname)
        try:
            async with asyncio.timeout(self.policy.timeout):
                return await self._get(url, headers)
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise FetchError(f"fetching {url} timed out after {self.policy.timeout:g} s") from exc
        except httpx.TooManyRedirects as exc:
            raise FetchError(f"fetching {url}: more than {self.policy.max_redirects} redirects") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch {url}: {exc or type(exc).__name__}") from exc

    async def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        async with self._client.stream("GET", url, headers=headers) as response:
            if response.status_code >= 400 or (response.status_code >= 300 and response.status_code != 304):
                raise FetchError(f"{url} answered HTTP {response.status_code}")
            content = await self._read_limited(response, url)
        return Fetched(
            str(response.url),
            response.status_code,
            content,
            response.headers.get("content-type", ""),
            response.headers.get("etag"),
            response.headers.get("last-modified"),
        )

    async def _read_limited(self, response: httpx.Response, url: str) -> bytes:
        limit = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(f"{url} is too large: {declared} bytes (limit {limit})")
        chunks, size = [], 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise FetchError(f"{url} is too large: over {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
