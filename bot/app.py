"""BriefBot: the discord.py bot. setup_hook builds the services and the digest scheduler, starts
housekeeping, loads the cogs and syncs the commands.

``run_bot(settings)`` is what ``briefbot run`` calls. It runs :class:`BotRunner`, which also handles the
privileged-intent refusal (gateway close 4014): it logs what to enable and reconnects without the
message-content intent, so /brief and "Brief message" keep working.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import logging
import signal
import sys
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands
from discord.ext import commands

from bot.briefing.errors import BriefingError
from bot.embeds import NO_MENTIONS, message_text
from bot.housekeeping import Housekeeping
from bot.scheduler import DigestScheduler
from bot.services import Services, StorageUnavailable
from bot.settings import Settings

log = logging.getLogger(__name__)

#: The feature modules the bot loads, in order. Each exposes ``async def setup(bot: BriefBot)``.
#: A new feature (e.g. ``cogs.digest``) is one more line here.
COGS: tuple[str, ...] = (
    "cogs.brief",
    "cogs.admin",
    "cogs.digest",
)

#: Permissions under the names Discord's own settings show (discord.py's names differ for these).
PERMISSION_NAMES = {
    "manage_guild": "Manage Server",
    "read_messages": "View Channel",
    "view_channel": "View Channel",
}

SERVER_ONLY = (
    "That command works only in a server where briefbot is installed, not in DMs or through your own "
    "User Install. /brief and “Brief message” work anywhere."
)
INTERNAL_ERROR = "Something went wrong on my side (it has been logged). Please try again in a moment."
RESTARTING = "briefbot is restarting. Please try again in a minute."
REQUEST_GRACE_SECONDS = 5.0  # SIGTERM lets requests in progress reply and be recorded, briefly
#: On shutdown, how long a housekeeping pass in progress may take to finish (a query cut off leaks its
#: connection).
HOUSEKEEPING_STOP_SECONDS = 30.0
EXIT_OK = 0
EXIT_FAILED = 1
EXIT_LOGIN_FAILED = 3


# Parsing big pages in worker threads fragments glibc's heap: a long-running bot keeps tens of MB it no
# longer uses. Fewer malloc arenas and handing free pages back to the OS when idle keep it lean.
_M_ARENA_MAX = -8
MALLOC_ARENAS = 2
TRIM_QUIET_SECONDS = 2.0


@functools.cache
def _libc() -> Any:
    # dlopen(NULL): the C library the interpreter already uses. ctypes.util.find_library would run ldconfig
    # in a subprocess, a fork of the whole bot until it execs.
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None)
    except OSError:
        return None
    return libc if hasattr(libc, "malloc_trim") else None  # glibc only (not musl)


def tune_allocator() -> None:
    """Limit glibc to a few malloc arenas (call once, before the worker threads start)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "mallopt"):
        libc.mallopt(_M_ARENA_MAX, MALLOC_ARENAS)


def release_free_memory() -> None:
    """Hand the allocator's free memory back to the OS (glibc's malloc_trim; a no-op elsewhere)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


def point_at_discord(settings: Settings) -> None:
    """Send discord.py's REST and gateway traffic to the configured URLs (Discord itself, or a test fake)."""
    discord.http.Route.BASE = settings.discord_api_url.rstrip("/")
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)


def make_intents(*, message_content: bool) -> discord.Intents:
    """Return the gateway intents briefbot needs: servers, their messages and reactions."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.guild_reactions = True
    intents.message_content = message_content
    return intents


async def reply_privately(interaction: discord.Interaction, text: str) -> None:
    """Answer an interaction with a short message only the user sees, whatever state it is in."""
    content = message_text(text)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
        else:
            await interaction.response.send_message(content, ephemeral=True, allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as exc:  # the token may have expired (15 min) or the channel vanished
        log.warning("could not tell the user about an error: %s", exc)


class BriefTree(app_commands.CommandTree[Any]):
    """The command tree with briefbot's one global error handler."""

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Track the command so that shutdown lets it finish; once shutdown has begun, refuse new ones."""
        client = interaction.client
        if not isinstance(client, BriefBot) or client.admit_interaction():
            return True
        if interaction.type is discord.InteractionType.application_command:
            await reply_privately(interaction, RESTARTING)
        return False

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        """Turn expected failures into friendly messages; log everything else with its traceback."""
        original = getattr(error, "original", error)
        if interaction.client.is_closed():
            # Shutdown outlasted the grace period and closed the HTTP session under the command: that is
            # no bug to trace, and no reply can go out any more.
            command = interaction.command.qualified_name if interaction.command else "?"
            log.warning("/%s was cut off by the shutdown: %r", command, original)
            return
        if isinstance(original, BriefingError):
            await reply_privately(interaction, original.user_message)
            return
        if isinstance(error, app_commands.MissingPermissions):
            needed = ", ".join(
                PERMISSION_NAMES.get(p, p.replace("_", " ").title()) for p in error.missing_permissions
            )
            await reply_privately(interaction, f"You need the **{needed}** permission to do that.")
            return
        if isinstance(error, app_commands.NoPrivateMessage):
            await reply_privately(interaction, SERVER_ONLY)
            return
        if isinstance(error, app_commands.CheckFailure):
            await reply_privately(interaction, "You can't use that command here.")
            return
        command = interaction.command.qualified_name if interaction.command else "?"
        log.error("command /%s failed", command, exc_info=original)
        await reply_privately(interaction, INTERNAL_ERROR)


class BriefBot(commands.Bot):
    """The briefbot Discord client: slash commands, the "Brief message" app command and auto-briefing."""

    def __init__(
        self,
        settings: Settings,
        *,
        message_content: bool | None = None,
        services: Services | None = None,
        **options: Any,
    ) -> None:
        if message_content is None:
            message_content = settings.message_content_intent
        if settings.shard_count is not None:
            options.setdefault("shard_count", settings.shard_count)
            if settings.shard_ids:
                options.setdefault("shard_ids", list(settings.shard_ids))
        options.setdefault("max_messages", 200)  # the message cache: small, we never look far back
        # Shown under the bot's name in the member list: what it does and how to start.
        options.setdefault(
            "activity", discord.Activity(type=discord.ActivityType.watching, name="news · /brief")
        )
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            tree_cls=BriefTree,
            intents=make_intents(message_content=message_content),
            allowed_mentions=NO_MENTIONS,
            **options,
        )
        self.settings = settings
        self._services: Services | None = services
        self._owns_services = services is None  # given ones outlive this bot (the runner closes them)
        self._scheduler: DigestScheduler | None = None
        self._housekeeper: asyncio.Task[None] | None = None
        self._stopping = asyncio.Event()
        self._shutdown: asyncio.Future[None] | None = None
        self._trimmer: asyncio.Task[None] | None = None
        self._interactions: set[asyncio.Task[Any]] = set()  # commands being handled (reply not yet sent)

    @property
    def services(self) -> Services:
        """The shared collaborators; available from setup_hook on."""
        if self._services is None:
            raise RuntimeError("BriefBot.services is used before setup_hook ran")
        return self._services

    @property
    def scheduler(self) -> DigestScheduler:
        """The digest scheduler of this process's shards; available from setup_hook on."""
        if self._scheduler is None:
            raise RuntimeError("BriefBot.scheduler is used before setup_hook ran")
        return self._scheduler

    @property
    def has_message_content(self) -> bool:
        """Whether the gateway sends message text (the privileged intent is on)."""
        return self.intents.message_content

    async def setup_hook(self) -> None:
        """Open the store (unless given), build the scheduler, start housekeeping, load the cogs, sync."""
        settings = self.settings
        if self._services is None:
            self._services = await Services.create(settings)
        services = self._services
        self._scheduler = DigestScheduler(
            services.store, shard_count=settings.shard_count, shard_ids=settings.shard_ids
        )
        housekeeping = Housekeeping(services.store, retention_days=settings.retention_days)
        self._housekeeper = asyncio.create_task(
            housekeeping.run_forever(self._stopping), name="briefbot-housekeeping"
        )
        for name in COGS:
            await self.load_extension(name)
        await self.sync_commands()
        self._trimmer = asyncio.create_task(self._trim_when_idle(), name="briefbot-memory-trim")

    async def sync_commands(self) -> None:
        """Register the commands: instantly in the development servers when set, else globally."""
        if self.settings.dev_guild_ids:
            for guild_id in self.settings.dev_guild_ids:
                guild = discord.Object(id=guild_id)
                self.tree.copy_global_to(guild=guild)
                synced = await self.tree.sync(guild=guild)
                log.info("synced %d commands to development server %d", len(synced), guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d global commands (Discord may take a while to show changes)", len(synced))

    async def on_ready(self) -> None:
        """Log who we are and where."""
        user = self.user
        log.info(
            "connected as %s (id %s) to %d servers; message content intent %s",
            user,
            user.id if user else "?",
            len(self.guilds),
            "on" if self.has_message_content else "OFF (auto-brief disabled)",
        )

    async def close(self) -> None:
        """Let briefings in progress finish, disconnect, then close the Briefer and the Store.

        Safe to call more than once and from several tasks (a signal handler and ``async with``): every
        caller waits for the one shutdown, so nothing is cut off half-way when the event loop ends.
        """
        if self._shutdown is None:
            self._shutdown = asyncio.ensure_future(self._close_once())
        await asyncio.shield(self._shutdown)

    async def wait_until_stopping(self) -> None:
        """Wait until shutdown has begun (new commands are refused from then on)."""
        await self._stopping.wait()

    def admit_interaction(self) -> bool:
        """Track the running task as a command being handled; return False once shutdown has begun."""
        task = asyncio.current_task()
        if task is not None and task not in self._interactions:
            self._interactions.add(task)
            task.add_done_callback(self._interactions.discard)
        return not self._stopping.is_set()

    async def _finish_interactions(self, grace: float) -> None:
        """Wait up to ``grace`` seconds for the commands being handled to send their replies."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + grace
        while pending := self._interactions - {asyncio.current_task()}:
            remaining = deadline - loop.time()
            if remaining <= 0:
                log.warning("shutting down with %d command(s) still being answered", len(pending))
                return
            await asyncio.wait(pending, timeout=remaining)

    async def _trim_when_idle(self) -> None:
        """Once briefings have run and the bot is quiet again, return freed memory to the OS."""
        while True:
            await asyncio.sleep(TRIM_QUIET_SECONDS / 2)
            services = self._services
            if services is not None and services.take_trim_due(TRIM_QUIET_SECONDS):
                await asyncio.to_thread(release_free_memory)

    async def _close_once(self) -> None:
        if self._trimmer is not None:
            self._trimmer.cancel()
        self._stopping.set()
        if self._housekeeper is not None:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(self._housekeeper, timeout=HOUSEKEEPING_STOP_SECONDS)
        if self._services is not None and not self.is_closed():
            # The HTTP session closes next: let the replies and records in progress go out first.
            await asyncio.gather(
                self._services.drain(REQUEST_GRACE_SECONDS), self._finish_interactions(REQUEST_GRACE_SECONDS)
            )
        try:
            await super().close()
        finally:
            services, self._services = self._services, None
            if services is not None and self._owns_services:
                await services.aclose()


class ShardedBriefBot(BriefBot, commands.AutoShardedBot):
    """BriefBot on AutoShardedBot, used when BRIEFBOT_SHARD_COUNT is set."""


def make_bot(
    settings: Settings,
    *,
    message_content: bool | None = None,
    services: Services | None = None,
    **options: Any,
) -> BriefBot:
    """Build the bot class the settings ask for (sharded or not)."""
    # briefbot never joins voice: discord.py's warnings about missing voice libraries would only alarm admins.
    discord.VoiceClient.warn_nacl = False
    discord.VoiceClient.warn_dave = False
    cls = ShardedBriefBot if settings.shard_count is not None else BriefBot
    return cls(settings, message_content=message_content, services=services, **options)


class BotRunner:
    """Run the bot until stopped, falling back to no message-content intent when Discord refuses it."""

    def __init__(self, settings: Settings, **bot_options: Any) -> None:
        self.settings = settings
        self.bot: BriefBot | None = None
        self._bot_options = bot_options
        self._stopping = False
        self._stop_task: asyncio.Task[None] | None = None
        self._bot_changed = asyncio.Event()

    async def run(self) -> None:
        """Open the store, then log in and serve until :meth:`stop`.

        Raises StorageUnavailable (before any contact with Discord) when the database is unusable, and
        discord.LoginFailure on a bad token.
        """
        tune_allocator()
        services = await Services.create(self.settings)
        try:
            await self._serve(services)
        finally:
            await services.aclose()

    async def _serve(self, services: Services) -> None:
        token = self.settings.discord_token.get_secret_value() if self.settings.discord_token else ""
        point_at_discord(self.settings)
        message_content = self.settings.message_content_intent
        while not self._stopping:
            bot = make_bot(
                self.settings, message_content=message_content, services=services, **self._bot_options
            )
            self.bot = bot
            self._bot_changed.set()
            try:
                try:
                    async with bot:
                        await bot.start(token)
                finally:
                    # `async with` skips close() once the gateway is closed; wait for the whole shutdown.
                    await bot.close()
                return
            except discord.PrivilegedIntentsRequired:
                if not message_content:
                    raise
                log.warning(
                    "Discord refused the privileged Message Content intent (gateway close 4014). "
                    "Reconnecting without it: /brief and “Brief message” still work, auto-brief does not. "
                    "To enable it: "
                    "developer portal -> your application -> Bot -> Privileged Gateway Intents -> "
                    "Message Content Intent (or set BRIEFBOT_MESSAGE_CONTENT_INTENT=false to silence this)."
                )
                message_content = False

    async def wait_ready(self) -> BriefBot:
        """Wait until the current bot is connected and ready, and return it (for tests and benches)."""
        while True:
            bot = self.bot
            if bot is not None and bot.is_ready() and not bot.is_closed():
                return bot
            self._bot_changed.clear()
            if bot is not None and not bot.is_closed():
                ready = asyncio.ensure_future(bot.wait_until_ready())
                changed = asyncio.ensure_future(self._bot_changed.wait())
                await asyncio.wait({ready, changed}, return_when=asyncio.FIRST_COMPLETED)
                ready.cancel()
                changed.cancel()
            else:
                await self._bot_changed.wait()

    async def stop(self) -> None:
        """Disconnect and release everything; run() then returns."""
        self._stopping = True
        if self.bot is not None:
            await self.bot.close()

    def request_stop(self) -> None:
        """Schedule :meth:`stop` (for signal handlers)."""
        if self._stop_task is None:
            log.info("shutting down")
            self._stop_task = asyncio.get_running_loop().create_task(self.stop())


def run_bot(settings: Settings) -> int:
    """Run briefbot until SIGINT/SIGTERM; return the process exit code."""

    async def main() -> int:
        runner = BotRunner(settings)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, runner.request_stop)
        try:
            await runner.run()
        except StorageUnavailable as exc:
            log.error("%s", exc)
            return EXIT_FAILED
        except discord.LoginFailure:
            log.error("Discord refused the bot token: check BRIEFBOT_DISCORD_TOKEN (developer portal, Bot).")
            return EXIT_LOGIN_FAILED
        except discord.PrivilegedIntentsRequired:
            log.error("Discord refused the gateway intents even without Message Content; see the log above.")
            return EXIT_FAILED
        except aiohttp.ClientConnectionError as exc:
            # Only the login can end here: once connected, discord.py reconnects on its own.
            log.error(
                "cannot reach Discord at %s (%s): check the network, or BRIEFBOT_DISCORD_API_URL.",
                settings.discord_api_url,
                exc,
            )
            return EXIT_FAILED
        except Exception:
            log.exception("briefbot stopped on an unexpected error")
            return EXIT_FAILED
        finally:
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(sig)
        log.info("stopped")
        return EXIT_OK

    log.info("starting briefbot; Discord API %s", settings.discord_api_url)
    return asyncio.run(main())
