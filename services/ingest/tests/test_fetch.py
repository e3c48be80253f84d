"""Fetching: SSRF guard (every address, every redirect), limits, conditional GET, user agent, politeness."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from claimstream.services.ingest.fetch import Fetcher, FetchError, FetchPolicy, parse_networks, refused_reason
from claimstream.services.ingest.politeness import HostPacer
from claimstream.services.ingest.tests.local_web import LOOPBACK, LocalWeb, NoSleep, Page, serve, to_loopback

HTML = b"<html><body><p>hello</p></body></html>"


@pytest.fixture
def web() -> Iterator[LocalWeb]:
    with serve() as web:
        web.routes["/page"] = Page(HTML, etag='"v1"', last_modified="Wed, 22 May 2024 10:00:00 GMT")
        yield web


def fetcher(**policy: object) -> Fetcher:
    values = {"host_delay": 0.0, "timeout": 5.0, "allowed_networks": parse_networks(LOOPBACK)} | policy
    return Fetcher(FetchPolicy(**values), resolve=to_loopback)  # type: ignore[arg-type]


@pytest.mark.parametrize("address, reason", [
    ("127.0.0.1", "loopback"), ("::1", "loopback"), ("::ffff:127.0.0.1", "loopback"), ("10.1.2.3", "private"),
    ("192.168.0.10", "private"), ("169.254.169.254", "link-local"), ("fe80::1", "link-local"), ("224.0.0.251", "multicast"),
    ("0.0.0.0", "unspecified"), ("240.0.0.1", "reserved"), ("100.64.0.1", "non-global"), ("93.184.215.14", None),
    ("2606:4700::6810:85e5", None),
])  # fmt: skip
def test_refused_reason_by_address_class(address: str, reason: str | None) -> None:
    assert refused_reason(address) == reason


def test_allowed_networks_open_only_what_they_name() -> None:
    allowed = parse_networks("127.0.0.0/8, 10.9.0.0/16")
    assert refused_reason("127.0.0.1", allowed) is None and refused_reason("10.9.1.1", allowed) is None
    assert refused_reason("10.8.1.1", allowed) == "private" and refused_reason("::1", allowed) == "loopback"
    with pytest.raises(ValueError):
        parse_networks("not-a-network")


async def test_loopback_is_refused_unless_allowed(web: LocalWeb) -> None:
    guarded = Fetcher(FetchPolicy(host_delay=0.0))  # the default: public addresses only
    with pytest.raises(FetchError, match="loopback") as refused:
        await guarded.fetch(web.url("/page"))
    assert refused.value.refused and web.requests == []
    allowed = fetcher()
    assert (await allowed.fetch(web.url("/page"))).content == HTML
    await guarded.aclose()
    await allowed.aclose()


async def test_a_host_with_any_refused_address_is_refused(web: LocalWeb) -> None:
    async def mixed(host: str, port: int) -> list[str]:
        return ["127.0.0.1", "169.254.169.254"]

    client = Fetcher(FetchPolicy(host_delay=0.0, allowed_networks=parse_networks(LOOPBACK)), resolve=mixed)
    with pytest.raises(FetchError, match="169.254.169.254, a link-local address"):
        await client.fetch(web.url("/page", host="news.test"))
    assert web.requests == []
    await client.aclose()


async def test_redirects_are_rechecked_and_bounded(web: LocalWeb) -> None:
    async def split_horizon(host: str, port: int) -> list[str]:
        return ["10.0.0.7"] if host == "intranet.test" else ["127.0.0.1"]

    web.routes["/to-intranet"] = Page(status=302, location="http://intranet.test/admin")
    web.routes["/loop"] = Page(status=301, location="/loop")
    web.routes["/moved"] = Page(status=301, location="/page")
    client = Fetcher(
        FetchPolicy(host_delay=0.0, max_redirects=3, allowed_networks=parse_networks(LOOPBACK)), resolve=split_horizon
    )
    with pytest.raises(FetchError, match="10.0.0.7, a private address"):
        await client.fetch(web.url("/to-intranet", host="news.test"))
    with pytest.raises(FetchError, match="more than 3 redirects"):
        await client.fetch(web.url("/loop"))
    assert len(web.hits("/loop")) == 4
    moved = await client.fetch(web.url("/moved", host="news.test"))
    assert moved.url == web.url("/page", host="news.test") and moved.content == HTML
    await client.aclose()


async def test_conditional_get_answers_not_modified(web: LocalWeb) -> None:
    client = fetcher()
    first = await client.fetch(web.url("/page"))
    assert first.etag == '"v1"' and not first.not_modified
    by_etag = await client.fetch(web.url("/page"), etag=first.etag)
    by_date = await client.fetch(web.url("/page"), last_modified=first.last_modified)
    assert by_etag.not_modified and by_date.not_modified and by_etag.content == b""
    assert web.hits("/page")[1].headers["if-none-match"] == '"v1"'
    await client.aclose()


async def test_errors_have_clear_reasons(web: LocalWeb) -> None:
    web.routes["/big"] = Page(b"x" * 5000)
    client = fetcher(max_bytes=1000)
    with pytest.raises(FetchError, match="answered HTTP 404"):
        await client.fetch(web.url("/missing"))
    with pytest.raises(FetchError, match="too large"):
        await client.fetch(web.url("/big"))
    for bad in ("file:///etc/passwd", "ftp://example.com/x", "/relative", "http://"):
        with pytest.raises(FetchError, match="only absolute http"):
            await client.fetch(bad)
    await client.aclose()


async def test_timeout_is_a_fetch_error() -> None:
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        client = fetcher(timeout=0.3)
        with pytest.raises(FetchError, match="timed out"):
            await client.fetch(f"http://127.0.0.1:{silent.getsockname()[1]}/slow")
        await client.aclose()


async def test_sends_a_clear_user_agent(web: LocalWeb) -> None:
    client = fetcher(user_agent="claimstream-test/1.0 (+ops@example.org)")
    await client.fetch(web.url("/page"))
    assert web.requests[-1].headers["user-agent"] == "claimstream-test/1.0 (+ops@example.org)"
    await client.aclose()


async def test_pacer_spaces_requests_per_host() -> None:
    clock = NoSleep()
    pacer = HostPacer(2.0, clock=clock.clock, sleep=clock.sleep)
    for host in ("a.test", "b.test", "A.test", "a.test"):
        await pacer.wait(host)
    assert clock.slept == [2.0, 2.0]  # the second and third a.test requests; b.test never waits
    clock.now += 10.0
    await pacer.wait("a.test")
    assert clock.slept == [2.0, 2.0]  # an idle host is due at once


async def test_fetcher_waits_for_the_pacer(web: LocalWeb) -> None:
    clock = NoSleep()
    client = Fetcher(
        FetchPolicy(host_delay=1.5, allowed_networks=parse_networks(LOOPBACK)),
        resolve=to_loopback,
        pacer=HostPacer(1.5, clock=clock.clock, sleep=clock.sleep),
    )
    for host in ("one.test", "one.test", "two.test", "one.test"):
        await client.fetch(web.url("/page", host=host))
    assert clock.slept == [1.5, 1.5] and len(web.requests) == 4
    await client.aclose()
