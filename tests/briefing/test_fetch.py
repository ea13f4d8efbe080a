"""Safe fetching: the address classifier (bare strings, no traffic) and the fetcher against loopback."""

from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.briefing.errors import (
    BadSource,
    Blocked,
    FetchTimeout,
    HttpError,
    InputTooLarge,
    NetworkError,
    NotArticle,
    Paywall,
)
from bot.briefing.fetch import (
    FetchedPage,
    Fetcher,
    HostPolicy,
    MemoryFetchCache,
    address_problem,
    canonical_url,
    decode_body,
    parse_ip,
)
from bot.briefing.pipeline import Briefer
from bot.briefing.sources import Source
from bot.settings import Settings
from tests.pageserver import Page, PageServer, StaticResolver, page, redirect

HTML = "<html><head><title>Quay notes</title></head><body><p>The tide came in at noon.</p></body></html>"


def make_settings(**changes: Any) -> Settings:
    values: dict[str, Any] = {"fetch_timeout": 5.0, "fetch_connect_timeout": 2.0}
    values.update(changes)
    return Settings(_env_file=None, **values)


LOOPBACK = ["127.0.0.1"]


@pytest.fixture
async def server() -> AsyncIterator[PageServer]:
    async with PageServer() as srv:
        yield srv


@pytest.fixture
async def open_fetcher() -> AsyncIterator[list[Fetcher]]:
    """Collects fetchers made in a test and closes them afterwards."""
    made: list[Fetcher] = []
    yield made
    for fetcher in made:
        await fetcher.close()


@pytest.fixture
def fetcher_for(open_fetcher: list[Fetcher]) -> Any:
    def make(resolver: StaticResolver | None = None, **changes: Any) -> Fetcher:
        fetcher = Fetcher(make_settings(**changes), resolver=resolver)
        open_fetcher.append(fetcher)
        return fetcher

    return make


# --- the address classifier: bare strings, no traffic ---------------------------------------------------


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("127.255.0.9", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.254", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("100.64.0.1", "shared (CGNAT)"),
        ("224.0.0.251", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "broadcast"),
        ("0.0.0.0", "unspecified"),
        ("192.0.2.10", "documentation"),
        ("198.18.0.1", "benchmarking"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("::ffff:127.0.0.1", "loopback"),
        ("::ffff:10.0.0.8", "private"),
        ("64:ff9b::7f00:1", "loopback"),
        ("64:ff9b::a9fe:a9fe", "link-local"),
        ("64:ff9b:1::1", "private"),
        ("2002:7f00:1::1", "loopback"),
        ("2002:c0a8:101::1", "private"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("ff02::1", "multicast"),
        ("2001:db8::1", "documentation"),
        ("::127.0.0.1", "reserved"),
    ],
)
def test_special_purpose_addresses_are_refused(address: str, reason: str) -> None:
    """Every IANA special-purpose range, and IPv6 wrappings of IPv4 ones, is classified as not public."""
    assert address_problem(address) == reason


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.4.4", "2606:4700::1111", "64:ff9b::808:808"])
def test_public_addresses_pass(address: str) -> None:
    """Ordinary public addresses (and NAT64 of a public IPv4) are allowed."""
    assert address_problem(address) is None


@pytest.mark.parametrize("spelling", ["2130706433", "0x7f.1", "127.1", "0177.0.0.1", "0x7f000001", "127.0.1"])
def test_legacy_ipv4_spellings_parse_like_inet_aton(spelling: str) -> None:
    """Decimal, hex, octal and short IPv4 forms are read as the address a socket would reach."""
    assert str(parse_ip(spelling)) == "127.0.0.1"


@pytest.mark.parametrize("host", ["example.com", "256.1.1.1", "1.2.3.4.5", "09.1.1.1", "1.2.3.x", ""])
def test_non_addresses_do_not_parse(host: str) -> None:
    """Host names and impossible numbers are not taken for addresses."""
    assert parse_ip(host) is None


# --- URL checks before any network use ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://2130706433/",
        "http://0x7f.1/",
        "http://127.1/",
        "http://0177.0.0.1/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::1]/",
        "http://127.0.0.53/latest/meta-data/",
        "http://[::ffff:7f00:1]/",
    ],
)
def test_private_and_oddly_spelled_addresses_are_blocked(url: str) -> None:
    """Literal loopback/private addresses in any spelling are refused before connecting."""
    with pytest.raises(Blocked):
        HostPolicy.from_settings(make_settings()).check_url(url)


@pytest.mark.parametrize(
    "url", ["ftp://files.example/a", "file:///etc/passwd", "javascript:alert(1)", "gopher://x.example/"]
)
def test_only_http_and_https(url: str) -> None:
    """Schemes other than http and https are refused."""
    with pytest.raises((Blocked, BadSource)):
        HostPolicy.from_settings(make_settings()).check_url(url)


def test_userinfo_is_refused() -> None:
    """user@host links are refused (they disguise the real host)."""
    policy = HostPolicy.from_settings(make_settings())
    for url in ("http://trusted.example@evil.example/", "https://u:p@news.example/a"):
        with pytest.raises(Blocked):
            policy.check_url(url)


@pytest.mark.parametrize("url", ["", "   ", "not a link", "news.example/story", "http:///path"])
def test_malformed_links_are_bad_sources(url: str) -> None:
    """Text that is not an absolute http(s) link raises BadSource."""
    with pytest.raises(BadSource):
        HostPolicy.from_settings(make_settings()).check_url(url)


def test_port_rule_and_allowed_hosts() -> None:
    """Only ports 80/443 by default; an allowed host name is exempt from the port rule."""
    strict = HostPolicy.from_settings(make_settings())
    with pytest.raises(Blocked):
        strict.check_url("http://news.example:8080/a")
    assert strict.check_url("https://news.example/a#top").fragment == ""
    relaxed = HostPolicy.from_settings(make_settings(fetch_allowed_hosts=["news.example", "127.8.0.0/16"]))
    assert relaxed.check_url("http://news.example:8080/a").port == 8080
    assert relaxed.check_url("http://127.8.3.4:81/").host == "127.8.3.4"
    with pytest.raises(Blocked):
        relaxed.check_url("http://127.9.0.1/")


def test_canonical_url_drops_tracking_and_fragment() -> None:
    """canonical_url lowercases the host and removes fragments, default ports and tracking parameters."""
    got = canonical_url("HTTPS://News.Example:443/a/B?id=7&utm_source=x&fbclid=y&gclid=z&page=2#comments")
    assert got == "https://news.example/a/B?id=7&page=2"
    assert canonical_url("http://news.example") == "http://news.example/"
    assert canonical_url("http://news.example:8080/x?utm_medium=m") == "http://news.example:8080/x"
    assert canonical_url("  not a url ") == "not a url"


# --- body decoding ------------------------------------------------------------------------------------------


def test_charset_sources_in_order() -> None:
    """BOM beats header, header beats <meta>, then UTF-8, then windows-1252; unknown labels are ignored."""
    text = "Café “quoted”"
    assert decode_body(b"\xef\xbb\xbf" + text.encode(), "iso-8859-2", html=False) == text
    assert decode_body(text.encode("cp1252"), "windows-1252", html=False) == text
    meta = b'<meta charset="windows-1252"><p>' + text.encode("cp1252")
    assert decode_body(meta, None, html=True).endswith(text)
    assert decode_body(text.encode(), "x-no-such-charset", html=True) == text
    assert decode_body(text.encode("cp1252"), None, html=False) == text
    assert "+ADw-" in decode_body(b"+ADw-script+AD4-", "utf-7", html=True)  # UTF-7 is never honoured


# --- the cache ---------------------------------------------------------------------------------------------


async def test_memory_cache_expires_and_stays_bounded() -> None:
    """Entries expire after the TTL and the oldest go first when the cache is full."""
    now = [0.0]
    cache = MemoryFetchCache(10, max_entries=2, clock=lambda: now[0])
    pages = [FetchedPage(f"http://n.example/{i}", 200, "text/html", "x" * 10) for i in range(3)]
    for i, item in enumerate(pages):
        await cache.put(str(i), item)
    assert await cache.get("0") is None
    assert await cache.get("2") == pages[2]
    now[0] = 11.0
    assert await cache.get("2") is None
    assert FetchedPage.from_dict(pages[1].to_dict()) == pages[1]


# --- the fetcher against loopback ---------------------------------------------------------------------------


async def test_loopback_refused_by_default_and_server_sees_nothing(
    server: PageServer, fetcher_for: Any
) -> None:
    """With default settings no spelling of the test server's address gets a request through."""
    server.add("/story", page(HTML))
    fetcher = fetcher_for()
    urls = [
        server.url("/story"),
        f"http://localhost:{server.port}/story",
        f"http://[::ffff:127.0.0.1]:{server.port}/story",
        f"http://2130706433:{server.port}/story",
        f"http://0x7f.1:{server.port}/story",
    ]
    for url in urls:
        with pytest.raises(Blocked):
            await fetcher.fetch(url)
    assert server.total_hits == 0


async def test_allowed_loopback_fetches_page(server: PageServer, fetcher_for: Any) -> None:
    """fetch_allowed_hosts admits loopback; the page comes back decoded with our User-Agent sent."""
    server.add("/story", page(HTML))
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK, fetch_user_agent="briefbot-test/1")
    got = await fetcher.fetch(server.url("/story"))
    assert got == FetchedPage(server.url("/story"), 200, "text/html", HTML)
    assert got.is_html
    assert server.headers_seen[0]["User-Agent"] == "briefbot-test/1"


async def test_name_resolving_to_loopback_is_refused(server: PageServer, fetcher_for: Any) -> None:
    """A host name is vetted by what it resolves to, and nothing is requested when that is loopback."""
    server.add("/story", page(HTML))
    resolver = StaticResolver({"news.example": ["127.0.0.1"]})
    fetcher = fetcher_for(resolver, fetch_allowed_ports=[80, 443, server.port])
    with pytest.raises(Blocked):
        await fetcher.fetch(f"http://news.example:{server.port}/story")
    assert resolver.lookups["news.example"] == 1
    assert server.total_hits == 0


async def test_any_bad_address_among_several_refuses(server: PageServer, fetcher_for: Any) -> None:
    """If any resolved address is refused the link is refused, even when another one is allowed."""
    server.add("/story", page(HTML))
    # Only 127.0.0.1 is allowed; 127.0.0.2 (loopback, refused) stands in for a private address, so even a
    # broken guard could never send traffic off this machine.
    resolver = StaticResolver({"mixed.example": ["127.0.0.1", "127.0.0.2"]})
    fetcher = fetcher_for(resolver, fetch_allowed_hosts=["127.0.0.1/32"])
    with pytest.raises(Blocked):
        await fetcher.fetch(f"http://mixed.example:{server.port}/story")
    assert server.total_hits == 0


async def test_allowed_host_name_reaches_server(server: PageServer, fetcher_for: Any) -> None:
    """An allowed host name may resolve to loopback and use any port."""
    server.add("/story", page(HTML))
    fetcher = fetcher_for(
        StaticResolver({"news.example": ["127.0.0.1"]}), fetch_allowed_hosts=["news.example"]
    )
    got = await fetcher.fetch(f"http://news.example:{server.port}/story")
    assert got.text == HTML
    assert server.hits["/story"] == 1


async def test_redirect_to_refused_address_is_blocked(server: PageServer, fetcher_for: Any) -> None:
    """Every redirect is re-checked: an allowed host cannot bounce the fetcher to a refused address."""
    server.add("/secret", page("internal"))
    server.add("/to-ip", redirect(server.url("/secret")))
    server.add("/to-v6", redirect(f"http://[::1]:{server.port}/secret"))
    server.add("/to-odd", redirect(f"http://2130706433:{server.port}/secret"))
    fetcher = fetcher_for(
        StaticResolver({"news.example": ["127.0.0.1"]}), fetch_allowed_hosts=["news.example"]
    )
    for path in ("/to-ip", "/to-v6", "/to-odd"):
        with pytest.raises(Blocked):
            await fetcher.fetch(f"http://news.example:{server.port}{path}")
    assert server.hits["/secret"] == 0


async def test_redirects_followed_up_to_the_limit(server: PageServer, fetcher_for: Any) -> None:
    """Relative redirects are followed; a loop stops after fetch_max_redirects hops."""
    server.add("/a", redirect("/b", status=301))
    server.add("/b", redirect("/c", status=307))
    server.add("/c", page(HTML))
    server.add("/loop", redirect("/loop"))
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK, fetch_max_redirects=3)
    got = await fetcher.fetch(server.url("/a"))
    assert got.url == server.url("/c")
    with pytest.raises(HttpError):
        await fetcher.fetch(server.url("/loop"))
    assert server.hits["/loop"] == 4


async def test_too_many_redirects_in_a_chain(server: PageServer, fetcher_for: Any) -> None:
    """A chain one hop longer than allowed fails even without a loop."""
    for i in range(3):
        server.add(f"/r{i}", redirect(f"/r{i + 1}"))
    server.add("/r3", page(HTML))
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK, fetch_max_redirects=2)
    with pytest.raises(HttpError):
        await fetcher.fetch(server.url("/r0"))
    assert server.hits["/r3"] == 0


@pytest.mark.parametrize(("status", "kind"), [(404, "http_error"), (500, "http_error"), (410, "http_error")])
async def test_error_statuses(server: PageServer, fetcher_for: Any, status: int, kind: str) -> None:
    """HTTP errors raise HttpError carrying the status and a friendly message."""
    server.add("/gone", Page(status=status, body=b"nope"))
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK)
    with pytest.raises(HttpError) as caught:
        await fetcher.fetch(server.url("/gone"))
    assert caught.value.status == status
    assert caught.value.kind == kind
    assert str(status) in caught.value.user_message


@pytest.mark.parametrize("content_type", ["image/png", "application/pdf", "application/json", "video/mp4"])
async def test_wrong_content_type_is_not_an_article(
    server: PageServer, fetcher_for: Any, content_type: str
) -> None:
    """Only HTML, XHTML and plain text are read; other types get a clear "not an article" message."""
    server.add("/file", page(b"\x89PNG\r\n" + b"\x00" * 100, content_type=content_type))
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK)
    with pytest.raises(NotArticle, match=r"not|PDF"):
        await fetcher.fetch(server.url("/file"))


async def test_plain_text_and_missing_type(server: PageServer, fetcher_for: Any) -> None:
    """text/plain is read as text; a page without Content-Type is sniffed."""
    server.add("/plain", page("Just words.", content_type="text/plain; charset=utf-8"))
    server.add("/untyped", Page(headers={}, body=b"<!DOCTYPE html><html><body>hi</body></html>"))
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK)
    plain = await fetcher.fetch(server.url("/plain"))
    assert (plain.text, plain.is_html) == ("Just words.", False)
    assert (await fetcher.fetch(server.url("/untyped"))).is_html


async def test_bad_and_missing_charsets(server: PageServer, fetcher_for: Any) -> None:
    """An unknown charset label falls back safely; a meta charset is honoured."""
    text = "Le café du port “rouvre”"
    server.add("/bogus", page(f"<p>{text}</p>".encode(), content_type="text/html; charset=x-made-up"))
    meta = f'<html><head><meta charset="windows-1252"></head><body><p>{text}</p></body></html>'.encode(
        "cp1252"
    )
    server.add("/meta", page(meta, content_type="text/html"))
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK)
    assert text in (await fetcher.fetch(server.url("/bogus"))).text
    assert text in (await fetcher.fetch(server.url("/meta"))).text


async def test_huge_bodies_are_refused(server: PageServer, fetcher_for: Any) -> None:
    """Bodies over fetch_max_bytes are refused, with or without a Content-Length."""

    async def streamed(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        await resp.prepare(request)
        try:
            for _ in range(100):
                await resp.write(b"<p>" + b"a" * 4096 + b"</p>")
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        return resp

    server.add("/declared", page(b"x" * 60_000))
    server.add("/streamed", streamed)
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK, fetch_max_bytes=20_000)
    for path in ("/declared", "/streamed"):
        with pytest.raises(InputTooLarge):
            await fetcher.fetch(server.url(path))


async def test_gzip_is_decoded_and_bombs_are_refused(server: PageServer, fetcher_for: Any) -> None:
    """Compressed pages are read; the size limit counts decompressed bytes, so a gzip bomb is refused."""
    bomb = gzip.compress(b"<p>" + b"\x20" * 5_000_000, compresslevel=9)
    assert len(bomb) < 20_000
    gz = {"Content-Type": "text/html", "Content-Encoding": "gzip"}
    server.add("/bomb", Page(headers=gz, body=bomb))
    server.add("/ok", Page(headers=gz, body=gzip.compress(HTML.encode())))
    server.add("/broken", Page(headers=gz, body=b"\x1f\x8b\x08\x00garbage-not-gzip"))
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK, fetch_max_bytes=100_000)
    assert (await fetcher.fetch(server.url("/ok"))).text == HTML
    with pytest.raises(InputTooLarge):
        await fetcher.fetch(server.url("/bomb"))
    with pytest.raises(NetworkError):
        await fetcher.fetch(server.url("/broken"))


async def test_slow_drip_times_out(server: PageServer, fetcher_for: Any) -> None:
    """A server that trickles its body slower than fetch_timeout allows gets a FetchTimeout."""

    async def drip(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html"})
        await resp.prepare(request)
        try:
            for _ in range(100):
                await resp.write(b"<p>.</p>")
                await asyncio.sleep(0.1)
        except (ConnectionResetError, asyncio.CancelledError):
            pass
        return resp

    server.add("/drip", drip)
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK, fetch_timeout=0.5)
    with pytest.raises(FetchTimeout):
        await fetcher.fetch(server.url("/drip"))


async def test_reset_connections_are_network_errors(server: PageServer, fetcher_for: Any) -> None:
    """A connection dropped mid-response or before it raises NetworkError."""

    async def cut_midway(request: web.Request) -> web.StreamResponse:
        resp = web.StreamResponse(headers={"Content-Type": "text/html", "Content-Length": "5000"})
        await resp.prepare(request)
        await resp.write(b"<html><body><p>Half a page")
        assert request.transport is not None
        request.transport.abort()
        return resp

    async def cut_at_once(request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        request.transport.abort()
        return web.Response(text="never sent")

    server.add("/midway", cut_midway)
    server.add("/at-once", cut_at_once)
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK)
    for path in ("/midway", "/at-once"):
        with pytest.raises(NetworkError):
            await fetcher.fetch(server.url(path))


async def test_connection_refused_is_network_error(fetcher_for: Any) -> None:
    """Nothing listening on the port gives a NetworkError."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK)
    with pytest.raises(NetworkError):
        await fetcher.fetch(f"http://127.0.0.1:{port}/")


async def test_results_are_cached_by_canonical_url(server: PageServer, fetcher_for: Any) -> None:
    """A second fetch of the same story (tracking parameters aside) is served from the cache."""
    server.add("/story", page(HTML))
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK)
    first = await fetcher.fetch(server.url("/story"))
    again = await fetcher.fetch(server.url("/story?utm_source=chat#top"))
    assert first == again
    assert server.hits["/story"] == 1
    uncached = fetcher_for(fetch_allowed_hosts=LOOPBACK, fetch_cache_seconds=0)
    await uncached.fetch(server.url("/story"))
    await uncached.fetch(server.url("/story"))
    assert server.hits["/story"] == 3


async def test_concurrent_fetches_of_one_url_are_coalesced(server: PageServer, fetcher_for: Any) -> None:
    """Many simultaneous requests for one URL make a single request upstream."""
    release = asyncio.Event()
    arrived = asyncio.Event()

    async def slow(request: web.Request) -> web.StreamResponse:
        arrived.set()
        await release.wait()
        return web.Response(text=HTML, content_type="text/html")

    server.add("/slow", slow)
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK, fetch_cache_seconds=0)
    tasks = [asyncio.create_task(fetcher.fetch(server.url("/slow"))) for _ in range(5)]
    await arrived.wait()
    await asyncio.sleep(0.05)  # let the other callers join the fetch in flight
    release.set()
    pages = await asyncio.gather(*tasks)
    assert {p.text for p in pages} == {HTML}
    assert server.hits["/slow"] == 1


async def test_concurrency_caps(server: PageServer, fetcher_for: Any) -> None:
    """No more than fetch_per_host_concurrency requests reach one host at once."""
    active = 0
    peak = 0

    async def counted(request: web.Request) -> web.StreamResponse:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.05)
        active -= 1
        return web.Response(text=HTML, content_type="text/html")

    for i in range(6):
        server.add(f"/p{i}", counted)
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK, fetch_per_host_concurrency=2)
    await asyncio.gather(*(fetcher.fetch(server.url(f"/p{i}")) for i in range(6)))
    assert server.total_hits == 6
    assert peak <= 2
    serial = fetcher_for(fetch_allowed_hosts=LOOPBACK, fetch_max_concurrency=1)
    peak = 0
    await asyncio.gather(*(serial.fetch(server.url(f"/p{i}?n=2")) for i in range(4)))
    assert peak == 1


async def test_briefer_briefs_a_fetched_page(server: PageServer, fetcher_for: Any) -> None:
    """Briefer.brief of a link fetches and extracts the article; a paywall refusal passes on."""
    pages = Path(__file__).parent / "pages"
    server.add("/mill", page((pages / "article.html").read_bytes()))
    server.add("/locked", page((pages / "paywall.html").read_bytes()))
    fetcher = fetcher_for(fetch_allowed_hosts=LOOPBACK)
    briefer = Briefer(make_settings(fetch_allowed_hosts=LOOPBACK), fetcher=fetcher)
    try:
        briefing = await briefer.brief(Source("url", server.url("/mill")))
        assert briefing.title == "Harbour town votes to rebuild its tidal mill"
        assert briefing.url == "https://gazette.example/news/2024/tidal-mill-vote"
        assert briefing.summary
        locked = server.url("/locked") + "?utm_source=chat"
        with pytest.raises(Paywall) as caught:
            await briefer.brief(Source("url", locked))
        # The answer offers the archived copy of the link (tracking parameters dropped), never fetched.
        archived = "https://web.archive.org/web/" + server.url("/locked")
        assert caught.value.archive_url == archived
        assert f"<{archived}>" in caught.value.user_message
        assert "paste the article's text" in caught.value.user_message
        assert "attach it as a .txt, .md or .html file" in caught.value.user_message
        assert server.hits["/locked"] == 1  # fetched once; only the page itself
        server.add("/402", page(b"Subscribe to read", status=402, content_type="text/html"))
        with pytest.raises(Paywall) as answered_402:
            await briefer.brief(Source("url", server.url("/402")))
        assert answered_402.value.archive_url == "https://web.archive.org/web/" + server.url("/402")
        assert "HTTP 402" in answered_402.value.user_message
    finally:
        await briefer.aclose()
