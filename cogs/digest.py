"""The daily digest: /digest setup|off|now|preview, and the background loop that posts due digests."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import discord
from discord import app_commands
from discord.ext import commands

from bot.digest import Digest
from bot.embeds import NO_MENTIONS, digest_embeds, digest_post_name, message_text
from bot.guilds import DigestEvery, GuildConfig
from bot.scheduler import (
    POLL_SECONDS,
    WEEKDAYS,
    DigestRun,
    DigestScheduler,
    next_occurrence,
    parse_time,
    parse_timezone,
    timezone_choices,
    weekday_of,
)
from cogs.choices import choices
from cogs.reach import server_contexts, server_installs

if TYPE_CHECKING:
    from bot.app import BriefBot
    from bot.services import Services

log = logging.getLogger(__name__)

#: On unload, how long a digest pass in progress may take to finish before it is cancelled.
_STOP_TIMEOUT = 30.0
NOTHING_SHARED = "Nothing was shared since the last digest (or in the last 24 hours)."

Sendable = discord.TextChannel | discord.Thread | discord.VoiceChannel | discord.StageChannel
#: Where a digest may go: a channel, or a forum (one post per digest, titled with its day).
DigestTarget = Sendable | discord.ForumChannel
WEEKDAY_CHOICES: list[app_commands.Choice[int]] = [
    app_commands.Choice(name=name, value=number) for number, name in enumerate(WEEKDAYS)
]


class DigestCog(commands.Cog, name="Digest"):
    """Post a daily digest of what the server shared, at a time and in a time zone the server chooses."""

    def __init__(
        self,
        bot: BriefBot,
        services: Services,
        scheduler: DigestScheduler,
        *,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.bot = bot
        self.services = services
        self.scheduler = scheduler
        self._clock = scheduler.clock
        self._poll_seconds = poll_seconds
        self._task: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._in_pass = False

    # --- background loop ------------------------------------------------------------------------------

    async def cog_load(self) -> None:
        """Start the digest loop."""
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name="briefbot-digest-loop")

    async def cog_unload(self) -> None:
        """Stop the digest loop, letting a pass in progress finish (a query cut off mid-way leaks its
        connection)."""
        self._stopping.set()
        task, self._task = self._task, None
        if task is None:
            return
        if not self._in_pass:
            task.cancel()  # it is waiting (for the gateway or the next pass): nothing to interrupt
        with contextlib.suppress(asyncio.CancelledError, TimeoutError):
            await asyncio.wait_for(task, timeout=_STOP_TIMEOUT)

    async def _run(self) -> None:
        await self.bot.wait_until_ready()  # channels are known only once connected
        while not self._stopping.is_set():
            self._in_pass = True
            try:
                await self.tick()
            finally:
                self._in_pass = False
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), timeout=self._poll_seconds)

    async def tick(self) -> list[DigestRun]:
        """Post the due digests; never raises."""
        runs: list[DigestRun] = []
        try:
            runs = await self.scheduler.run_due(self.post_digest)
            for run in runs:
                log.info("digest of server %s for %s: %s", run.guild_id, run.local_date, run.outcome)
        except Exception:  # the loop must outlive a database hiccup; the next tick tries again
            log.exception("digest loop pass failed")
        return runs

    async def post_digest(self, config: GuildConfig, digest: Digest) -> bool:
        """Send a digest to the server's digest channel; False when that channel is gone or closed to us."""
        if config.digest_channel_id is None:
            return False
        channel = await self._channel(config.digest_channel_id)
        if channel is None:
            log.warning("digest channel %s of server %s is gone", config.digest_channel_id, config.guild_id)
            return False
        try:
            await self._send(channel, digest, config)
        except discord.HTTPException as exc:  # Forbidden, NotFound, ...: report and do not retry today
            log.warning("could not post the digest of server %s: %s", config.guild_id, exc)
            return False
        return True

    async def _channel(self, channel_id: int) -> DigestTarget | None:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.HTTPException:
                return None
        return channel if isinstance(channel, DigestTarget) else None

    @staticmethod
    async def _send(channel: DigestTarget, digest: Digest, config: GuildConfig) -> None:
        title = "Weekly digest" if config.digest_every is DigestEvery.WEEK else "Daily digest"
        messages = digest_embeds(digest, timezone=config.digest_timezone, title=title)
        if not messages:
            return
        target: discord.abc.Messageable
        if isinstance(channel, discord.ForumChannel):  # one post per digest, named for its day
            name = digest_post_name(digest, timezone=config.digest_timezone, title=title)
            post = await channel.create_thread(name=name, embeds=messages[0], allowed_mentions=NO_MENTIONS)
            target, messages = post.thread, messages[1:]
        else:
            target = channel
        for embeds in messages:
            await target.send(embeds=embeds, allowed_mentions=NO_MENTIONS)

    # --- commands -------------------------------------------------------------------------------------

    digest = app_commands.Group(
        name="digest",
        description="A daily or weekly digest of the articles shared in this server.",
        guild_only=True,
        allowed_installs=server_installs(),
        allowed_contexts=server_contexts(),
    )

    @digest.command(name="setup", description="Post a daily or weekly digest in a channel or forum.")
    @app_commands.describe(
        channel="Where to post the digest: a channel, or a forum (one post per digest)",
        time="Local time of day, 24-hour HH:MM (e.g. 08:30)",
        timezone="IANA time zone, e.g. Europe/Berlin or America/New_York (default UTC)",
        every="day (default) or week",
        weekday="The day of a weekly digest (default Monday)",
    )
    @app_commands.choices(every=choices(DigestEvery))
    @app_commands.choices(weekday=WEEKDAY_CHOICES)
    @app_commands.checks.has_permissions(manage_guild=True)
    async def setup_digest(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel | discord.ForumChannel,
        time: str,
        timezone: str = "UTC",
        every: str = DigestEvery.DAY.value,
        weekday: int | None = None,
    ) -> None:
        """Turn the digest on (Manage Server)."""
        guild_id = _guild_id(interaction)
        at = parse_time(time)
        zone = parse_timezone(timezone)
        cadence = DigestEvery(every)
        day = (weekday or 0) if cadence is DigestEvery.WEEK else None
        config = await self.services.configs.update(
            guild_id,
            digest_enabled=True,
            digest_channel_id=channel.id,
            digest_time=at,
            digest_timezone=zone,
            digest_every=cadence,
            digest_weekday=day,
        )
        upcoming = next_occurrence(at, ZoneInfo(zone), self._clock(), weekday=weekday_of(config))
        if await self.services.store.digest_status(guild_id, upcoming.local_date) is not None:
            # That day's digest was already taken (at the earlier time): the scheduler moves on.
            upcoming = next_occurrence(at, ZoneInfo(zone), upcoming.due_at, weekday=weekday_of(config))
        weekly = day is not None
        when = f"every {WEEKDAYS[day]}" if day is not None else "every day"
        where = channel.mention
        if isinstance(channel, discord.ForumChannel):
            where = f"the forum {channel.mention} (one post per digest)"
        text = (
            f"{'Weekly' if weekly else 'Daily'} digest on: {when} at {at:%H:%M} ({zone}) in {where}. "
            f"Next: <t:{int(upcoming.due_at.timestamp())}:F>. A {'week' if weekly else 'day'} with nothing "
            "shared posts nothing."
        )
        me = channel.guild.me
        if me is not None:
            allowed = channel.permissions_for(me)
            if not (allowed.send_messages and allowed.embed_links):
                text += f"\n⚠ I can't post in {channel.mention} yet: give me Send Messages and Embed Links."
        await interaction.response.send_message(
            message_text(text), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @setup_digest.autocomplete("timezone")
    async def timezone_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        """Suggest IANA zone names matching what was typed."""
        return [app_commands.Choice(name=name, value=name) for name in timezone_choices(current)]

    @digest.command(name="off", description="Stop the daily digest.")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def off(self, interaction: discord.Interaction) -> None:
        """Turn the daily digest off (Manage Server)."""
        await self.services.configs.update(_guild_id(interaction), digest_enabled=False)
        await interaction.response.send_message(
            "Daily digest off.", ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @digest.command(name="now", description="Post the digest now, in the digest channel or here.")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def now(self, interaction: discord.Interaction) -> None:
        """Post what was shared since the last digest (at most 24 h), without waiting for the daily time."""
        guild_id = _guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        config = await self.services.configs.get(guild_id)
        built = await self.scheduler.preview(guild_id)
        if built.is_empty:
            await interaction.followup.send(NOTHING_SHARED, ephemeral=True)
            return
        target: DigestTarget | None = None
        if config.digest_channel_id is not None:
            target = await self._channel(config.digest_channel_id)
        if target is None and isinstance(interaction.channel, Sendable):
            target = interaction.channel
        if target is None:
            await interaction.followup.send("I can't post in this channel.", ephemeral=True)
            return
        try:
            await self._send(target, built, config)
        except discord.Forbidden:
            await interaction.followup.send(
                f"I may not post in {target.mention}: give me Send Messages and Embed Links there.",
                ephemeral=True,
                allowed_mentions=NO_MENTIONS,
            )
            return
        # The next digest (also the scheduled one, which still posts at its time) starts after this one.
        await self.scheduler.record_manual(built)
        await interaction.followup.send(
            f"Posted the digest in {target.mention}.", ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @digest.command(name="preview", description="Show me the digest so far (only you see it).")
    async def preview(self, interaction: discord.Interaction) -> None:
        """Show the digest as it stands, ephemerally."""
        guild_id = _guild_id(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        config = await self.services.configs.get(guild_id)
        title = "Weekly digest" if config.digest_every is DigestEvery.WEEK else "Daily digest"
        built = await self.scheduler.preview(guild_id)
        messages = digest_embeds(built, timezone=config.digest_timezone, title=title)
        if not messages:
            await interaction.followup.send(NOTHING_SHARED, ephemeral=True)
            return
        for embeds in messages:
            await interaction.followup.send(embeds=embeds, ephemeral=True, allowed_mentions=NO_MENTIONS)


def _guild_id(interaction: discord.Interaction) -> int:
    if interaction.guild_id is None:
        raise app_commands.NoPrivateMessage()
    return interaction.guild_id


async def setup(bot: BriefBot) -> None:
    """Add the cog (called by ``bot.load_extension``)."""
    await bot.add_cog(DigestCog(bot, bot.services, bot.scheduler))
