"""A loopback web server for tests: serves given paths and counts the requests each path receives.

Use it as an async context manager; fetch from it with
``Settings(_env_file=None, fetch_allowed_hosts=["127.0.0.1"])`` (loopback is refused otherwise)::

    async with PageServer({"/story": page(ARTICLE_HTML)}) as server:
        got = await fetcher.fetch(server.url("/story"))
        assert server.hits["/story"] == 1

A route is either a static ``Page(status, headers, body)`` or an aiohttp handler for misbehaving endpoints
(slow drips, resets, streamed bombs). Unknown paths answer 404. Only ever binds 127.0.0.1.
"""

from __future__ import annotations

import socket
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import TracebackType

from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class Page:
    """A canned response."""

    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


def page(body: str | bytes, *, content_type: str = "text/html; charset=utf-8", status: int = 200) -> Page:
    """Build a Page from text (UTF-8) or bytes with the given Content-Type."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    return Page(status=status, headers={"Content-Type": content_type}, body=data)


def redirect(location: str, *, status: int = 302) -> Page:
    """Build a redirect to ``location``."""
    return Page(status=status, headers={"Location": location})


class PageServer:
    """Serve ``routes`` (path -> Page or handler) on 127.0.0.1 at a free port; count requests per path."""

    def __init__(self, routes: Mapping[str, Page | Handler] | None = None) -> None:
        self.routes: dict[str, Page | Handler] = dict(routes or {})
        self.hits: Counter[str] = Counter()
        self.headers_seen: list[Mapping[str, str]] = []
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def host(self) -> str:
        return "127.0.0.1"

    @property
    def total_hits(self) -> int:
        return sum(self.hits.values())

    def url(self, path: str = "/") -> str:
        """Return the absolute http URL of a path on this server."""
        return f"http://127.0.0.1:{self.port}{path}"

    def add(self, path: str, route: Page | Handler) -> None:
        """Serve ``route`` at ``path`` (may be called while running)."""
        self.routes[path] = route

    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        self.hits[request.path] += 1
        self.headers_seen.append(dict(request.headers))
        route = self.routes.get(request.path)
        if route is None:
            return web.Response(status=404, text="not found")
        if isinstance(route, Page):
            return web.Response(status=route.status, headers=dict(route.headers), body=route.body)
        return await route(request)

    async def start(self) -> PageServer:
        """Start listening on 127.0.0.1 at a free port."""
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def close(self) -> None:
        """Stop the server."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> PageServer:
        return await self.start()

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()


class StaticResolver(AbstractResolver):
    """A resolver for fictional host names: name -> addresses. Unknown names fail like NXDOMAIN.

    Hand it to ``Fetcher(settings, resolver=...)``; the fetcher still vets every address it returns.
    """

    def __init__(self, table: Mapping[str, Iterable[str]]) -> None:
        self.table = {name.lower(): list(addresses) for name, addresses in table.items()}
        self.lookups: Counter[str] = Counter()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        self.lookups[host] += 1
        addresses = self.table.get(host.lower().rstrip("."))
        if not addresses:
            raise OSError(f"no such host: {host}")
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=0,
                flags=socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
            )
            for address in addresses
        ]

    async def close(self) -> None:
        return None
