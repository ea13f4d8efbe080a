"""Safe fetching of strangers' links: SSRF guard, redirect checks, size/time/type limits, cache, coalescing.

The guard works the way Mastodon, Discourse and Synapse do it: we resolve the host name ourselves, refuse
the link when *any* resolved address is special-purpose (loopback, private, link-local, CGNAT, multicast,
reserved, documentation, ... or an IPv6 wrapping of those), and connect only to the addresses we vetted. With
aiohttp that is a resolver (`VettingResolver`): the connector connects to exactly what the resolver returns,
so a second lookup (DNS rebinding) cannot happen. Addresses written literally in a URL never reach a
resolver in aiohttp, so `HostPolicy.check_url` vets those itself, catching legacy IPv4 spellings
(``2130706433``, ``0x7f.1``, ``127.1``, ``0177.0.0.1``) and IPv4-mapped IPv6.
Every redirect goes through the same checks.

No proxy support, on purpose: a proxy resolves names itself and would bypass the guard
(matrix-org/synapse#9812), so the session ignores HTTP(S)_PROXY (``trust_env=False``) and never passes
``proxy=``.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import re
import socket
import time
import zlib
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from bot.briefing.charset import decode_body
from bot.briefing.errors import (
    BadSource,
    Blocked,
    BriefingError,
    FetchTimeout,
    HttpError,
    InputTooLarge,
    NetworkError,
    NotArticle,
    Paywall,
)

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_URL_LENGTH = 8192
_CHUNK = 64 * 1024
# Closing the fetcher waits this long for pages still being written to the cache.
CLOSE_STORE_SECONDS = 5.0

# IANA special-purpose registries (IPv4 and IPv6), as Discourse's SSRF detector uses them, plus the IPv6
# deprecated site-local range, SRv6 SIDs and the 2024 documentation prefix. Order matters only for the reason.
_BLOCKED_V4: tuple[tuple[ipaddress.IPv4Network, str], ...] = tuple(
    (ipaddress.IPv4Network(net), reason)
    for net, reason in (
        ("0.0.0.0/8", "unspecified"),
        ("10.0.0.0/8", "private"),
        ("100.64.0.0/10", "shared (CGNAT)"),
        ("127.0.0.0/8", "loopback"),
        ("169.254.0.0/16", "link-local"),
        ("172.16.0.0/12", "private"),
        ("192.0.0.0/24", "reserved"),
        ("192.0.2.0/24", "documentation"),
        ("192.88.99.0/24", "reserved"),
        ("192.168.0.0/16", "private"),
        ("198.18.0.0/15", "benchmarking"),
        ("198.51.100.0/24", "documentation"),
        ("203.0.113.0/24", "documentation"),
        ("224.0.0.0/4", "multicast"),
        ("255.255.255.255/32", "broadcast"),
        ("240.0.0.0/4", "reserved"),
    )
)
_BLOCKED_V6: tuple[tuple[ipaddress.IPv6Network, str], ...] = tuple(
    (ipaddress.IPv6Network(net), reason)
    for net, reason in (
        ("::/128", "unspecified"),
        ("::1/128", "loopback"),
        ("::/96", "reserved"),  # deprecated IPv4-compatible addresses (::a.b.c.d)
        ("64:ff9b:1::/48", "private"),  # local-use NAT64
        ("100::/64", "reserved"),  # discard-only
        ("2001::/23", "reserved"),  # IETF protocol assignments, Teredo, benchmarking, ORCHID
        ("2001:db8::/32", "documentation"),
        ("3fff::/20", "documentation"),
        ("5f00::/16", "reserved"),  # SRv6 SIDs
        ("fc00::/7", "private"),  # unique-local
        ("fe80::/10", "link-local"),
        ("fec0::/10", "private"),  # deprecated site-local
        ("ff00::/8", "multicast"),
        ("::/8", "reserved"),
    )
)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_HOST_NAME = re.compile(r"^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$")

# Query parameters that only track the click: dropped by canonical_url so one story is one cache/dedupe key.
_TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid", "igshid",
        "mc_cid", "mc_eid", "_hsenc", "_hsmi", "mkt_tok", "ref_src", "ref_url", "cmpid", "ocid", "smid",
        "__twitter_impression", "_ga", "_gl", "spm", "share", "sharing", "s_cid",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "at_")


# --- addresses ----------------------------------------------------------------------------------------------


def parse_ip(text: str) -> IPAddress | None:
    """Read a URL host as an IP address, accepting legacy IPv4 spellings (decimal, hex, octal, short forms).

    ``inet_aton`` semantics: one to four parts, each decimal, ``0x`` hex or ``0`` octal; the last part fills
    the remaining bytes. So ``2130706433``, ``0x7f.1``, ``127.1`` and ``0177.0.0.1`` are all 127.0.0.1.
    """
    host = text.strip().strip("[]").lower().replace("%25", "%")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host)
        except ValueError:
            return None
    host = host.removesuffix(".")
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        try:
            if part.startswith("0x"):
                numbers.append(int(part[2:] or "0", 16))
            elif len(part) > 1 and part.startswith("0"):
                numbers.append(int(part, 8))
            elif part.isdigit() and part.isascii():
                numbers.append(int(part))
            else:
                return None
        except ValueError:
            return None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (4 - len(head)):
        return None
    value = last
    for index, number in enumerate(head):
        value += number << (8 * (3 - index))
    return ipaddress.IPv4Address(value)


def address_problem(address: str | IPAddress) -> str | None:
    """Return why briefbot must not connect to an address ("loopback", "private", ...); None if public."""
    ip = parse_ip(address) if isinstance(address, str) else address
    if ip is None:
        return "unreadable"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return address_problem(ip.ipv4_mapped)
        if ip in _NAT64:  # well-known NAT64 prefix: the IPv4 address inside decides
            return address_problem(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour is not None:
            return address_problem(ip.sixtofour)
        for net6, reason in _BLOCKED_V6:
            if ip in net6:
                return reason
        if not ip.is_global:
            return "reserved"
        return None
    for net4, reason in _BLOCKED_V4:
        if ip in net4:
            return reason
    if not ip.is_global:
        return "reserved"
    return None


@dataclass(frozen=True, slots=True)
class HostPolicy:
    """Which hosts and ports a fetch may reach; exempt hosts skip the address and port rules."""

    allowed_names: frozenset[str]
    allowed_networks: tuple[IPNetwork, ...]
    ports: frozenset[int]

    @classmethod
    def from_settings(cls, settings: Settings) -> HostPolicy:
        """Read fetch_allowed_hosts (names, addresses, CIDR ranges) and fetch_allowed_ports."""
        names: set[str] = set()
        networks: list[IPNetwork] = []
        for entry in settings.fetch_allowed_hosts:
            value = entry.strip().strip("[]").lower()
            try:
                networks.append(ipaddress.ip_network(value, strict=False))
            except ValueError:
                names.add(value.removesuffix("."))
        return cls(frozenset(names), tuple(networks), frozenset(settings.fetch_allowed_ports))

    def name_exempt(self, host: str) -> bool:
        return host.lower().removesuffix(".") in self.allowed_names

    def address_exempt(self, ip: IPAddress) -> bool:
        candidates: list[IPAddress] = [ip]
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            candidates.append(ip.ipv4_mapped)
        return any(c.version == net.version and c in net for c in candidates for net in self.allowed_networks)

    def vet_address(self, host: str, ip: IPAddress) -> None:
        """Raise Blocked when ``host`` resolved to (or is) an address briefbot must not visit."""
        if self.name_exempt(host) or self.address_exempt(ip):
            return
        problem = address_problem(ip)
        if problem is not None:
            log.info("refused %s: resolves to %s address %s", host, problem, ip)
            raise Blocked(
                "briefbot only visits public web pages, and that link points to a "
                f"{problem} network address. Paste the article's text instead."
            )

    def vet_port(self, host: str, port: int, addresses: list[IPAddress]) -> None:
        """Refuse a port outside fetch_allowed_ports unless the host or its addresses are exempt."""
        if port in self.ports or self.name_exempt(host):
            return
        if addresses and all(self.address_exempt(ip) for ip in addresses):
            return
        raise Blocked(f"briefbot only opens links on the usual web ports, not port {port}.")

    def check_url(self, url: str) -> URL:
        """Validate a link before any network use and return it parsed, without its fragment."""
        raw = url.strip()
        if not raw:
            raise BadSource("That link is empty.")
        if len(raw) > MAX_URL_LENGTH:
            raise BadSource("That link is too long.")
        try:
            parsed = URL(raw)
        except (ValueError, TypeError):
            raise BadSource("That doesn't look like a valid web link.") from None
        scheme = (parsed.scheme or "").lower()
        if not parsed.absolute or not scheme:
            raise BadSource("That doesn't look like a full web link; it should start with https://.")
        if scheme not in ("http", "https"):
            raise Blocked("briefbot only opens http:// and https:// links.")
        if (
            parsed.raw_user is not None
            or parsed.raw_password is not None
            or "@" in (parsed.raw_authority or "")
        ):
            raise Blocked("Links with a user name or password in them (user@host) are refused.")
        host = (parsed.raw_host or "").lower()
        if not host:
            raise BadSource("That link has no host name.")
        try:
            port = parsed.port
        except ValueError:
            raise BadSource("That link has an invalid port.") from None
        if port is None:
            raise BadSource("That link has an invalid port.")
        ip = parse_ip(host)
        if ip is not None:
            if isinstance(ip, ipaddress.IPv4Address) and host.removesuffix(".") != str(ip):
                # Legacy spellings are how SSRF filters get bypassed; no real article link uses them.
                log.info("refused %s: unusual address spelling of %s", host, ip)
                raise Blocked("That link writes its address in an unusual way, so briefbot won't open it.")
            self.vet_address(host, ip)
            self.vet_port(host, port, [ip])
        else:
            if not _HOST_NAME.match(host.removesuffix(".")):
                raise BadSource("That link's host name is not valid.")
            # A host name may resolve into an exempt range, so only refuse early when none is configured.
            if not self.allowed_networks:
                self.vet_port(host, port, [])
        return parsed.with_fragment(None)


class VettingResolver(AbstractResolver):
    """Resolve with an inner resolver, then return the addresses only if every one of them may be visited."""

    def __init__(self, policy: HostPolicy, inner: AbstractResolver) -> None:
        self._policy = policy
        self._inner = inner

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        addresses: list[IPAddress] = []
        for result in results:
            ip = parse_ip(result["host"])
            if ip is None:
                raise Blocked("briefbot could not check where that link points, so it won't open it.")
            self._policy.vet_address(host, ip)
            addresses.append(ip)
        if not addresses:
            raise NetworkError("briefbot couldn't find that website (its name does not resolve).")
        self._policy.vet_port(host, port, addresses)
        return results

    async def close(self) -> None:
        await self._inner.close()


# --- canonical URLs -----------------------------------------------------------------------------------------


def canonical_url(url: str) -> str:
    """Return a link's cache/dedupe key: lowercase scheme/host, no default port, fragment, tracking params.

    Best effort and never raises: text that is not a URL comes back stripped.
    """
    raw = url.strip()
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError:
        return raw
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return raw
    host = parts.hostname.lower().removesuffix(".")
    if ":" in host:
        host = f"[{host}]"
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    if parts.username is not None or parts.password is not None:
        userinfo = parts.netloc.rsplit("@", 1)[0]
        host = f"{userinfo}@{host}"
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in _TRACKING_PARAMS and not key.lower().startswith(_TRACKING_PREFIXES)
    ]
    return urlunsplit((scheme, host, parts.path or "/", urlencode(query, doseq=True), ""))


# --- fetched pages and their cache --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """A fetched web page: final URL after redirects, status, media type and decoded text."""

    url: str
    status: int
    content_type: str
    text: str

    @property
    def is_html(self) -> bool:
        return self.content_type in HTML_TYPES

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (for a persistent cache)."""
        return {"url": self.url, "status": self.status, "content_type": self.content_type, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FetchedPage:
        """Rebuild a page from `to_dict` output."""
        return cls(str(data["url"]), int(data["status"]), str(data["content_type"]), str(data["text"]))


class FetchCache(Protocol):
    """Where fetched pages are kept for a while, keyed by canonical URL. A database may back it later."""

    async def get(self, key: str) -> FetchedPage | None: ...

    async def put(self, key: str, page: FetchedPage) -> None: ...


class MemoryFetchCache:
    """An in-memory LRU of pages expiring after ``ttl_seconds``, bounded in entries and characters."""

    def __init__(
        self,
        ttl_seconds: float,
        *,
        max_entries: int = 128,
        max_chars: int = 40_000_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ttl = ttl_seconds
        self._max_entries = max_entries
        self._max_chars = max_chars
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, FetchedPage]] = OrderedDict()
        self._chars = 0

    def __len__(self) -> int:
        return len(self._items)

    async def get(self, key: str) -> FetchedPage | None:
        item = self._items.get(key)
        if item is None:
            return None
        expires, page = item
        if expires <= self._clock():
            self._drop(key)
            return None
        self._items.move_to_end(key)
        return page

    async def put(self, key: str, page: FetchedPage) -> None:
        if self._ttl <= 0 or len(page.text) > self._max_chars:
            return
        if key in self._items:
            self._drop(key)
        self._items[key] = (self._clock() + self._ttl, page)
        self._chars += len(page.text)
        while len(self._items) > self._max_entries or self._chars > self._max_chars:
            self._drop(next(iter(self._items)))

    def _drop(self, key: str) -> None:
        _, page = self._items.pop(key)
        self._chars -= len(page.text)


# --- body decoding ------------------------------------------------------------------------------------------


class _TooLarge(Exception):
    pass


class _Decompressor:
    """Undo Content-Encoding while streaming, never producing more than the room left (stops gzip bombs)."""

    def __init__(self, encoding: str) -> None:
        self._encoding = encoding
        self._zlib: Any = None
        if encoding in ("gzip", "x-gzip"):
            self._zlib = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding not in ("", "identity", "deflate"):
            raise NotArticle(f"That site sent its page in an encoding briefbot can't read ({encoding}).")

    def feed(self, data: bytes, room: int) -> bytes:
        if self._encoding == "deflate" and self._zlib is None:
            # "deflate" is zlib-wrapped by the standard, raw deflate by some servers: the first byte tells.
            raw = not data or (data[0] & 0x0F) != 8
            self._zlib = zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)
        out = data if self._zlib is None else self._zlib.decompress(data, room + 1)
        if len(out) > room:
            raise _TooLarge
        return bytes(out)


# Bodies up to this size are decoded on the event loop (well under a millisecond); bigger ones on a thread.
_DECODE_ON_LOOP_BYTES = 64_000


def _sniff_type(body: bytes) -> str:
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<meta", b"<title")):
        return "text/html"
    if b"\x00" in body[:1024]:
        return "application/octet-stream"
    return "text/plain"


def _status_error(status: int) -> BriefingError:
    if status == 402:
        return Paywall("That page is behind a paywall (HTTP 402).")
    if status in (401, 403):
        message = f"The site refused to show that page to briefbot (HTTP {status}). Paste the text instead."
    elif status in (404, 410):
        message = f"That page doesn't exist (HTTP {status}). Check the link."
    elif status == 429:
        message = "That site is limiting requests right now (HTTP 429). Try again later."
    elif status >= 500:
        message = f"That site had an error (HTTP {status}). Try again later."
    else:
        message = f"That site answered with HTTP {status}, not a page."
    return HttpError(message, status=status)


# --- the fetcher --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _HostSlot:
    semaphore: asyncio.Semaphore
    users: int = 0


class Fetcher:
    """Fetch web pages safely (see the module docstring). One per process; call `close` when done."""

    def __init__(
        self,
        settings: Settings,
        *,
        resolver: AbstractResolver | None = None,
        cache: FetchCache | None = None,
    ) -> None:
        """``resolver`` replaces the system resolver (tests map fictional names); its answers are vetted."""
        self._settings = settings
        self._policy = HostPolicy.from_settings(settings)
        self._inner_resolver = resolver
        self._cache: FetchCache = (
            cache if cache is not None else MemoryFetchCache(settings.fetch_cache_seconds)
        )
        self._session: aiohttp.ClientSession | None = None
        self._inflight: dict[str, asyncio.Task[FetchedPage]] = {}
        self._storing: set[asyncio.Task[None]] = set()  # pages being written to the cache
        self._slots = asyncio.Semaphore(settings.fetch_max_concurrency)
        self._hosts: dict[str, _HostSlot] = {}
        self._closed = False

    def _get_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            inner = self._inner_resolver if self._inner_resolver is not None else aiohttp.ThreadedResolver()
            connector = aiohttp.TCPConnector(
                resolver=VettingResolver(self._policy, inner),
                use_dns_cache=False,  # every connection is resolved and vetted afresh
                limit=self._settings.fetch_max_concurrency,
                limit_per_host=self._settings.fetch_per_host_concurrency,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                trust_env=False,  # no proxies: see the module docstring
                auto_decompress=False,  # we decompress ourselves, counting the bytes
                cookie_jar=aiohttp.DummyCookieJar(),
                headers={
                    "User-Agent": self._settings.fetch_user_agent,
                    "Accept": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.1",
                    "Accept-Encoding": "gzip, deflate",
                    "Accept-Language": "en;q=0.9,*;q=0.5",
                },
                timeout=aiohttp.ClientTimeout(
                    total=None, sock_connect=self._settings.fetch_connect_timeout, sock_read=None
                ),
            )
        return self._session

    async def fetch(self, url: str) -> FetchedPage:
        """Fetch a link, following vetted redirects; raise a BriefingError subclass on expected failures."""
        if self._closed:
            raise RuntimeError("Fetcher is closed")
        target = self._policy.check_url(url)
        key = canonical_url(str(target))
        cached = await self._cache.get(key)
        if cached is not None:
            log.debug("fetch cache hit for %s", key)
            return cached
        task = self._inflight.get(key)
        if task is None:
            task = asyncio.create_task(self._fetch_and_store(key, target), name=f"fetch {key}")
            self._inflight[key] = task
            task.add_done_callback(lambda done: self._forget(key, done))
        # shield: one caller giving up must not cancel the fetch the others are waiting for
        return await asyncio.shield(task)

    def _forget(self, key: str, task: asyncio.Task[FetchedPage]) -> None:
        if self._inflight.get(key) is task:
            del self._inflight[key]
        if not task.cancelled():
            task.exception()  # mark it retrieved even if every waiter went away

    async def _fetch_and_store(self, key: str, target: URL) -> FetchedPage:
        async with self._slots:
            try:
                async with asyncio.timeout(self._settings.fetch_timeout):
                    page = await self._follow(target)
            except TimeoutError:
                log.info("fetch of %s timed out", key)
                raise FetchTimeout(
                    f"That site took too long to answer (over {self._settings.fetch_timeout:g} s). "
                    "Try again later."
                ) from None
        # The briefing goes on while the page is cached: writing it (JSON, a database row) is for later links.
        storing = asyncio.create_task(self._cache.put(key, page), name=f"cache {key}")
        self._storing.add(storing)
        storing.add_done_callback(partial(self._stored, key))
        return page

    def _stored(self, key: str, task: asyncio.Task[None]) -> None:
        self._storing.discard(task)
        if not task.cancelled() and (exc := task.exception()) is not None:
            log.warning("could not cache the page of %s: %r", key, exc)

    async def _follow(self, target: URL) -> FetchedPage:
        current = target
        for _ in range(self._settings.fetch_max_redirects + 1):
            result = await self._request(current)
            if isinstance(result, FetchedPage):
                return result
            current = self._policy.check_url(str(result))
        raise HttpError("That link redirects too many times.", status=None)

    @contextlib.asynccontextmanager
    async def _host_slot(self, host: str) -> AsyncIterator[None]:
        slot = self._hosts.get(host)
        if slot is None:
            slot = self._hosts[host] = _HostSlot(asyncio.Semaphore(self._settings.fetch_per_host_concurrency))
        slot.users += 1
        try:
            async with slot.semaphore:
                yield
        finally:
            slot.users -= 1
            if slot.users == 0:
                del self._hosts[host]

    async def _request(self, url: URL) -> FetchedPage | URL:
        """Make one GET: return the page, or the next URL when redirected."""
        session = self._get_session()
        try:
            async with (
                self._host_slot(url.raw_host or ""),
                session.get(url, allow_redirects=False) as resp,
            ):
                if resp.status in REDIRECT_STATUSES:
                    location = resp.headers.get("Location", "").strip()
                    try:
                        next_url = url.join(URL(location)).with_fragment(None) if location else None
                    except (ValueError, TypeError):
                        next_url = None
                    if next_url is None:
                        raise HttpError("That site sent a broken redirect.", status=resp.status)
                    log.debug("redirect %s -> %s", url, next_url)
                    return next_url
                if resp.status >= 300 or resp.status == 204:
                    raise _status_error(resp.status)
                return await self._read_page(url, resp)
        except BriefingError:
            raise
        except aiohttp.ClientConnectorDNSError:
            raise NetworkError("briefbot couldn't find that website (its name does not resolve).") from None
        except (aiohttp.ConnectionTimeoutError, aiohttp.SocketTimeoutError, TimeoutError):
            raise FetchTimeout("That site took too long to answer. Try again later.") from None
        except aiohttp.ClientConnectorError:
            raise NetworkError("briefbot couldn't connect to that website.") from None
        except aiohttp.InvalidURL:
            raise BadSource("That doesn't look like a valid web link.") from None
        except (aiohttp.ClientPayloadError, aiohttp.ServerDisconnectedError, aiohttp.ClientOSError):
            raise NetworkError("The connection to that website broke off. Try again later.") from None
        except aiohttp.ClientResponseError:
            raise NetworkError("That website sent a response briefbot couldn't read.") from None
        except aiohttp.ClientError:
            raise NetworkError("briefbot couldn't load that page.") from None

    async def _read_page(self, url: URL, resp: aiohttp.ClientResponse) -> FetchedPage:
        limit = self._settings.fetch_max_bytes
        declared = resp.headers.get("Content-Type")
        media = resp.content_type.lower() if declared else ""
        if media in ("application/octet-stream", "binary/octet-stream"):
            media = ""  # misconfigured servers label pages so: sniff the body instead
        if media and media not in HTML_TYPES and media not in TEXT_TYPES:
            raise _not_article_type(media)
        encoding = resp.headers.get("Content-Encoding", "").strip().lower()
        decompressor = _Decompressor(encoding)
        too_large = InputTooLarge(
            f"That page is too large to brief (over {limit // 1_000_000 or 1} MB). "
            "Paste the article's text instead."
        )
        if resp.content_length is not None and resp.content_length > limit:
            raise too_large
        body = bytearray()
        received = 0
        try:
            async for chunk in resp.content.iter_chunked(_CHUNK):
                received += len(chunk)
                if received > limit:
                    raise _TooLarge
                body += decompressor.feed(chunk, limit - len(body))
        except _TooLarge:
            log.info("refused %s: body over %d bytes", url, limit)
            raise too_large from None
        except zlib.error:
            raise NetworkError("That website sent a damaged (badly compressed) page.") from None
        data = bytes(body)
        if not media:
            media = _sniff_type(data)
            if media not in HTML_TYPES and media not in TEXT_TYPES:
                raise _not_article_type(media)
        if len(data) > _DECODE_ON_LOOP_BYTES:  # megabytes of decoding would hold up every other server
            text = await asyncio.to_thread(decode_body, data, resp.charset, html=media in HTML_TYPES)
        else:
            text = decode_body(data, resp.charset, html=media in HTML_TYPES)
        return FetchedPage(url=str(url), status=resp.status, content_type=media, text=text)

    async def close(self) -> None:
        """Cancel fetches in flight and close the HTTP session."""
        self._closed = True
        for task in list(self._inflight.values()):
            task.cancel()
        if self._inflight:
            await asyncio.gather(*self._inflight.values(), return_exceptions=True)
        if self._storing:  # pages being cached: let them land (the cache's store closes after us)
            await asyncio.wait(list(self._storing), timeout=CLOSE_STORE_SECONDS)
        if self._session is not None:
            await self._session.close()
            self._session = None


def _not_article_type(media: str) -> NotArticle:
    if media == "application/pdf":
        return NotArticle(
            "That link is a PDF, not a web article; briefbot can't read PDFs. Paste the text instead."
        )
    kind = media.split("/")[0]
    if kind in ("image", "video", "audio"):
        return NotArticle(f"That link is {'an' if kind == 'image' else 'a'} {kind} file, not an article.")
    return NotArticle(
        f"That link is not an article (it is {media}); briefbot reads web pages and plain text."
    )
