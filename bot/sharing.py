"""Briefing what someone shared in a server: the use case behind /brief, "Brief message", auto-brief, 📰.

Within the server's limits (the user's cooldown, the server's briefing slots, its daily LLM budget), brief a
source, or find the earlier briefing of the same link ("already briefed here"), and remember what was shared
for the digest. No discord import: the brief cog parses what Discord sends, calls :class:`Sharing` and
renders the :class:`Shared` it gets back with ``bot.embeds``.

Stateless mode: in a DM or group DM, and in a server where briefbot itself is not installed (someone uses it
from their User Install), there are no server settings and no history. :func:`server_scope` gives None
there, and with ``guild_id=None`` Sharing briefs with the defaults, finds no earlier briefing, spends no
LLM budget and records nothing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.briefing.errors import BriefingError, TooSlow
from bot.briefing.fetch import canonical_url
from bot.briefing.models import Briefing, Engine, Length
from bot.briefing.sources import Source
from bot.storage import BriefingRecord, StoredBriefing

if TYPE_CHECKING:
    from bot.briefing.pipeline import Briefer
    from bot.guilds import GuildConfig
    from bot.services import BriefingLimiter, GuildConfigs
    from bot.settings import Settings
    from bot.storage import Store

log = logging.getLogger(__name__)


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def server_scope(guild_id: int | None, *, installed_here: bool) -> int | None:
    """Return the server whose settings and history apply, or None to brief statelessly.

    ``installed_here`` is whether briefbot is installed in that server (not only in the user's account).
    """
    return guild_id if guild_id is not None and installed_here else None


def reactions_needed(config: GuildConfig, *, reaction_trigger: bool) -> int:
    """Return how many different people must react 📰 before a message is briefed; 0 when never.

    The server's own threshold (``/briefbot settings reaction:``) wins; without one, the bot-wide
    BRIEFBOT_REACTION_TRIGGER briefs on the first 📰.
    """
    if config.reaction_threshold > 0:
        return config.reaction_threshold
    return 1 if reaction_trigger else 0


@dataclass(frozen=True)
class Shared:
    """One source shared in a server and what it got: a new briefing, or the earlier briefing of its link."""

    source: Source
    canonical: str | None  # the link's canonical form (None for text and files)
    length: Length
    briefing: Briefing | None = None
    repeat: StoredBriefing | None = None

    @property
    def title(self) -> str | None:
        """The article's title, from the new or the earlier briefing."""
        if self.repeat is not None:
            return self.repeat.title
        return self.briefing.title if self.briefing is not None else None


@dataclass(frozen=True)
class Place:
    """Where something was shared: the server, channel and sharer, and the message when there is one."""

    guild_id: int | None  # None when stateless (DMs, servers without briefbot): nothing is remembered
    channel_id: int
    user_id: int
    message_id: int | None = None
    jump_url: str | None = None


class Sharing:
    """Brief sources shared in servers within each server's limits, and remember them for the digest."""

    def __init__(
        self,
        *,
        settings: Settings,
        briefer: Briefer,
        store: Store,
        limiter: BriefingLimiter,
        configs: GuildConfigs,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        self._settings = settings
        self._briefer = briefer
        self._store = store
        self._limiter = limiter
        self._configs = configs
        self._clock = clock

    async def config(self, guild_id: int | None) -> GuildConfig | None:
        """Return a server's settings (None in direct messages)."""
        return None if guild_id is None else await self._configs.get(guild_id)

    def length(self, chosen: str | None, config: GuildConfig | None) -> Length:
        """Return the length asked for, else the server's default, else the bot's."""
        if chosen:
            return Length(chosen)
        return config.default_length if config is not None else self._settings.default_length

    def check_cooldown(self, user_id: int) -> None:
        """Start the user's cooldown, or raise RateLimited when they asked too recently."""
        self._limiter.check_cooldown(user_id)

    async def brief(
        self,
        source: Source,
        *,
        guild_id: int | None,
        config: GuildConfig | None,
        length: Length,
        fresh: bool = False,
    ) -> Shared:
        """Brief one source within the server's limits, or find the earlier briefing of the same link.

        The answer is due within BRIEFBOT_ANSWER_SECONDS, every stage counted (the server's line, the fetch,
        the worker, the LLM): past it, TooSlow says plainly that the source could not be briefed in time.
        """
        seconds = self._settings.answer_seconds
        due = asyncio.get_running_loop().time() + seconds
        window = asyncio.timeout_at(due)
        try:
            async with window:
                return await self._brief_by(due, source, guild_id, config, length, fresh)
        except TimeoutError:
            if not window.expired():
                raise
            log.warning("could not brief %s for server %s within %g s", source.kind, guild_id, seconds)
            raise TooSlow(
                f"Sorry, that could not be briefed within {seconds:g} s (many links at once, or a slow "
                "site). Try again in a minute."
            ) from None

    async def _brief_by(
        self,
        due: float,
        source: Source,
        guild_id: int | None,
        config: GuildConfig | None,
        length: Length,
        fresh: bool,
    ) -> Shared:
        canonical = canonical_url(source.value) if source.kind == "url" else None
        if not fresh:
            earlier = await self._earlier(guild_id, canonical)
            if earlier is not None:
                return Shared(source, canonical, length, repeat=earlier)
        async with self._limiter.slot(guild_id or 0):
            started = time.monotonic()
            engine, spent = await self._engine(config, guild_id)
            briefing = await self._briefer.brief(source, length=length, engine=engine, deadline=due)
        log.info(
            "briefed %s (%d words, %s) for server %s in %.0f ms",
            source.kind,
            briefing.word_count,
            briefing.engine,
            guild_id,
            (time.monotonic() - started) * 1000,
        )
        if spent:
            from bot.briefing.llm import budget_spent  # the LLM module loads only where it is used

            briefing = budget_spent(briefing)
        return Shared(source, canonical, length, briefing=briefing)

    async def brief_each(
        self, sources: Sequence[Source], *, guild_id: int | None, config: GuildConfig | None
    ) -> list[Shared | BriefingError]:
        """Brief several sources of one message at once, in the server's default length; a failure is
        returned in its place rather than raised."""
        length = self.length(None, config)
        return await asyncio.gather(
            *(self._try_brief(source, guild_id, config, length) for source in sources)
        )

    async def was_briefed(self, guild_id: int, message_id: int) -> bool:
        """Tell whether a shared message was already briefed in the server (a 📰 then briefs nothing)."""
        return await self._store.message_briefed(guild_id, message_id)

    async def record(self, shared: Shared, place: Place) -> int | None:
        """Remember a briefing shared in a server (for the digest and "already briefed here"); return its
        id, or None in direct messages, where nothing is kept."""
        if place.guild_id is None:
            return None
        repeat_of: int | None = None
        if shared.repeat is not None:  # a share of an earlier briefing: it counts in the digest too
            r = shared.repeat
            url, title, site_name = r.url, r.title, r.site_name
            summary, key_points, quotes = list(r.summary), list(r.key_points), list(r.quotes)
            repeat_of = r.id
        elif shared.briefing is not None:
            b = shared.briefing
            url, title, site_name = shared.canonical, b.title, b.site_name
            summary, key_points = list(b.summary), list(b.key_points)
            quotes = [q.to_dict() for q in b.quotes]
        else:
            raise ValueError("a Shared holds a briefing or a repeat")
        record = BriefingRecord(
            guild_id=place.guild_id,
            channel_id=place.channel_id,
            user_id=place.user_id,
            message_id=place.message_id,
            jump_url=place.jump_url,
            url=url,
            title=title,
            site_name=site_name,
            summary=summary,
            key_points=key_points,
            quotes=quotes,
            created_at=self._clock(),
            repeat_of=repeat_of,
        )
        return await self._store.record_briefing(record)

    # --- the steps --------------------------------------------------------------------------------------

    async def _try_brief(
        self, source: Source, guild_id: int | None, config: GuildConfig | None, length: Length
    ) -> Shared | BriefingError:
        try:
            return await self.brief(source, guild_id=guild_id, config=config, length=length)
        except BriefingError as exc:
            log.info("briefing %s failed: %s (%s)", source.kind, exc.kind, exc.user_message)
            return exc

    async def _earlier(self, guild_id: int | None, canonical: str | None) -> StoredBriefing | None:
        hours = self._settings.rebrief_window_hours
        if guild_id is None or canonical is None or hours <= 0:
            return None
        since = self._clock() - dt.timedelta(hours=hours)
        return await self._store.find_recent_briefing(guild_id, canonical, since)

    async def _engine(self, config: GuildConfig | None, guild_id: int | None) -> tuple[Engine, bool]:
        """Pick the engine; return it and whether the server's LLM budget for today is spent."""
        if config is None or config.engine != Engine.LLM or guild_id is None:
            return Engine.EXTRACTIVE, False
        if not self._briefer.llm_available:
            return Engine.LLM, False  # the Briefer adds a "not configured" warning
        today = self._clock().date()
        allowed = await self._store.consume_llm_budget(guild_id, today, self._settings.llm_daily_budget)
        return (Engine.LLM, False) if allowed else (Engine.EXTRACTIVE, True)
