"""The few long-lived collaborators the cogs share: settings, Briefer, Store, the servers' settings (cached),
the sharing use case and the per-user / per-server briefing limiter.

Built once per bot in ``BriefBot.setup_hook`` and handed to each cog through its constructor.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import math
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from bot.briefing.errors import RateLimited
from bot.sharing import Sharing
from bot.storage import StorageUnavailable

if TYPE_CHECKING:
    from bot.briefing.fetch import FetchedPage
    from bot.briefing.pipeline import Briefer
    from bot.guilds import GuildConfig
    from bot.settings import Settings
    from bot.storage import Store

log = logging.getLogger(__name__)

__all__ = ["Services", "StorageUnavailable", "StoreFetchCache"]


@dataclass
class _GuildSlots:
    semaphore: asyncio.Semaphore
    waiting: int = 0
    holders: int = 0


class BriefingLimiter:
    """A per-user cooldown, and fair queueing of briefings per server.

    ``check_cooldown`` refuses a user who started a briefing less than ``cooldown`` seconds ago (and
    starts their cooldown otherwise). ``slot(guild_id)`` runs at most ``max_concurrent`` briefings per
    server at once; the others wait their turn in arrival order, up to ``max_wait`` seconds (then the user is
    told plainly that it could not start). Only a line longer than ``queue_size`` (a bound on memory, far
    above any real burst) refuses at once.

    Fairness between servers comes from the cap: a server in a burst has at most ``max_concurrent``
    briefings in the worker pool's line at any moment, so another server's link waits behind at most that
    many, not behind the whole burst.
    """

    def __init__(
        self,
        *,
        cooldown: float,
        max_concurrent: int,
        queue_size: int,
        max_wait: float = 45.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_concurrent < 1 or queue_size < 0 or cooldown < 0 or max_wait <= 0:
            raise ValueError(
                "max_concurrent >= 1, queue_size >= 0, cooldown >= 0 and max_wait > 0 are required"
            )
        self._cooldown = cooldown
        self._max_concurrent = max_concurrent
        self._queue_size = queue_size
        self._max_wait = max_wait
        self._clock = clock
        self._last_start: dict[int, float] = {}
        self._guilds: dict[int, _GuildSlots] = {}

    def cooldown_left(self, user_id: int) -> float:
        """Return the seconds before ``user_id`` may start another briefing (0 when they may now)."""
        last = self._last_start.get(user_id)
        if last is None:
            return 0.0
        return max(0.0, last + self._cooldown - self._clock())

    def check_cooldown(self, user_id: int) -> None:
        """Start the user's cooldown, or raise RateLimited when the previous one is still running."""
        left = self.cooldown_left(user_id)
        if left > 0:
            seconds = max(1, math.ceil(left))
            raise RateLimited(f"Easy there: you can ask for another briefing in {seconds} s.")
        now = self._clock()
        self._last_start[user_id] = now
        if len(self._last_start) > 10_000:  # forget users whose cooldown ended, so the map stays small
            cutoff = now - self._cooldown
            self._last_start = {u: t for u, t in self._last_start.items() if t > cutoff}

    def running(self, guild_id: int) -> int:
        """Return how many briefings are running in the server."""
        slots = self._guilds.get(guild_id)
        return 0 if slots is None else slots.holders

    def waiting(self, guild_id: int) -> int:
        """Return how many briefings are queued in the server."""
        slots = self._guilds.get(guild_id)
        return 0 if slots is None else slots.waiting

    @asynccontextmanager
    async def slot(self, guild_id: int) -> AsyncIterator[None]:
        """Hold one of the server's briefing slots for the block, waiting in line if needed."""
        slots = self._guilds.get(guild_id)
        if slots is None:
            slots = self._guilds[guild_id] = _GuildSlots(asyncio.Semaphore(self._max_concurrent))
        full = slots.holders + slots.waiting >= self._max_concurrent
        if full and slots.waiting >= self._queue_size:
            raise RateLimited(
                f"This server has too many briefings in progress right now ({slots.waiting} waiting). "
                "Try again in a minute."
            )
        slots.waiting += 1
        try:
            async with asyncio.timeout(self._max_wait):
                await slots.semaphore.acquire()  # asyncio's semaphore wakes waiters in arrival order
        except TimeoutError:
            slots.waiting -= 1
            self._drop_if_idle(guild_id, slots)
            raise RateLimited(
                "This server shared a lot at once: your briefing could not start within "
                f"{self._max_wait:g} s. Try again in a minute."
            ) from None
        except BaseException:  # cancelled while waiting: leave the queue, then let it propagate
            slots.waiting -= 1
            self._drop_if_idle(guild_id, slots)
            raise
        slots.waiting -= 1
        slots.holders += 1
        try:
            yield
        finally:
            slots.holders -= 1
            slots.semaphore.release()
            self._drop_if_idle(guild_id, slots)

    def _drop_if_idle(self, guild_id: int, slots: _GuildSlots) -> None:
        if slots.holders == 0 and slots.waiting == 0 and self._guilds.get(guild_id) is slots:
            del self._guilds[guild_id]


class StoreFetchCache:
    """The Fetcher's page cache kept in the Store: shared by the processes of a sharded bot, not in RAM."""

    def __init__(self, store: Store, ttl_seconds: float) -> None:
        self._store = store
        self._ttl = ttl_seconds

    async def get(self, key: str) -> FetchedPage | None:
        """Return the cached page for a canonical URL, if fresh."""
        from bot.briefing.fetch import FetchedPage

        if self._ttl <= 0:
            return None
        raw = await self._store.cache_get(key)
        if raw is None:
            return None
        try:
            # A cached page can be megabytes: parse it on a thread, not on the event loop.
            return FetchedPage.from_dict(await asyncio.to_thread(json.loads, raw))
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("ignoring an unreadable cached page for %s: %s", key, exc)
            return None

    async def put(self, key: str, page: FetchedPage) -> None:
        """Keep a fetched page for ``ttl_seconds``."""
        if self._ttl <= 0:
            return
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=self._ttl)
        raw = await asyncio.to_thread(json.dumps, page.to_dict())  # megabytes: off the event loop
        await self._store.cache_put(key, raw, expires)


class GuildConfigs:
    """The servers' settings, cached briefly (on_message asks for them on every message).

    Every change goes through here, so the cache never serves settings older than the last change made by
    this process, purges included.
    """

    def __init__(self, store: Store, *, ttl: float = 30.0, capacity: int = 5000) -> None:
        self._store = store
        self._ttl = ttl
        self._capacity = capacity
        self._cached: dict[int, tuple[float, GuildConfig]] = {}

    async def get(self, guild_id: int) -> GuildConfig:
        """Return a server's settings (the defaults for a server briefbot does not know)."""
        cached = self._cached.get(guild_id)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        return self._remember(guild_id, await self._store.guild_config(guild_id))

    async def update(self, guild_id: int, **changes: Any) -> GuildConfig:
        """Change some of a server's settings (GuildConfig field names) and return the result."""
        return self._remember(guild_id, await self._store.update_guild_config(guild_id, **changes))

    async def set_autobrief(self, guild_id: int, channel_id: int, enabled: bool) -> GuildConfig:
        """Turn auto-briefing on or off in a channel."""
        return self._remember(guild_id, await self._store.set_autobrief(guild_id, channel_id, enabled))

    async def purge(self, guild_id: int) -> int:
        """Delete a server's settings and its whole history; return how many rows were deleted."""
        try:
            return await self._store.purge_guild(guild_id)
        finally:
            self._cached.pop(guild_id, None)

    def _remember(self, guild_id: int, config: GuildConfig) -> GuildConfig:
        if len(self._cached) >= self._capacity and guild_id not in self._cached:
            self._cached.clear()
        self._cached[guild_id] = (time.monotonic() + self._ttl, config)
        return config


@dataclass
class Services:
    """What the cogs need: settings, the Briefer, the Store, the servers' settings, the sharing use case."""

    settings: Settings
    briefer: Briefer
    store: Store
    limiter: BriefingLimiter = field(init=False)
    configs: GuildConfigs = field(init=False)
    sharing: Sharing = field(init=False)
    _active: int = field(init=False, default=0)
    _idle: asyncio.Event = field(init=False, default_factory=asyncio.Event)
    _idle_since: float = field(init=False, default_factory=time.monotonic)
    _worked_since_trim: bool = field(init=False, default=False)

    def __post_init__(self) -> None:
        self.limiter = BriefingLimiter(
            cooldown=self.settings.user_cooldown_seconds,
            max_concurrent=self.settings.guild_max_concurrent,
            queue_size=self.settings.guild_queue_size,
            max_wait=self.settings.guild_queue_seconds,
        )
        self.configs = GuildConfigs(self.store)
        self.sharing = Sharing(
            settings=self.settings,
            briefer=self.briefer,
            store=self.store,
            limiter=self.limiter,
            configs=self.configs,
        )
        self._idle.set()

    @asynccontextmanager
    async def working(self) -> AsyncIterator[None]:
        """Mark a request in progress, so that shutdown lets it finish (reply sent, briefing recorded)."""
        self._active += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._active -= 1
            self._worked_since_trim = True
            if self._active == 0:
                self._idle_since = time.monotonic()
                self._idle.set()

    def idle_for(self) -> float:
        """Seconds since the last request finished (0 while one is running)."""
        return 0.0 if self._active else time.monotonic() - self._idle_since

    def take_trim_due(self, quiet_seconds: float) -> bool:
        """Tell whether requests ran since the last memory trim and all finished ``quiet_seconds`` ago."""
        if self._worked_since_trim and self.idle_for() >= quiet_seconds:
            self._worked_since_trim = False
            return True
        return False

    @property
    def active(self) -> int:
        """How many requests are in progress."""
        return self._active

    async def drain(self, grace: float) -> bool:
        """Wait up to ``grace`` seconds for requests in progress to finish; return whether they did."""
        try:
            async with asyncio.timeout(grace):
                await self._idle.wait()
        except TimeoutError:
            log.warning("shutting down with %d briefing(s) still in progress", self._active)
            return False
        return True

    @classmethod
    async def create(cls, settings: Settings) -> Services:
        """Open the store and build the Briefer."""
        from bot.briefing.fetch import Fetcher
        from bot.briefing.pipeline import Briefer
        from bot.storage import Store

        llm = None
        if settings.llm_enabled:
            from bot.briefing.llm import LLMEngine

            llm = LLMEngine(settings)
        store = await Store.open(settings.database_url)
        fetcher = Fetcher(settings, cache=StoreFetchCache(store, settings.fetch_cache_seconds))
        briefer = Briefer(settings, fetcher=fetcher, llm=llm, processes=settings.processes)
        try:
            await briefer.start()  # the workers import the core now, not on the first briefing
        except BaseException:
            await briefer.aclose()
            await store.close()
            raise
        return cls(settings=settings, briefer=briefer, store=store)

    async def aclose(self) -> None:
        """Close the Briefer (HTTP session, threads) and the Store."""
        try:
            await self.briefer.aclose()
        finally:
            await self.store.close()
