"""/briefbot: per-server settings, forgetting a user's shares, purging a server's data, help and privacy."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.briefing.models import Engine, Length
from bot.embeds import NO_MENTIONS, fit, message_text
from bot.guilds import MAX_REACTION_THRESHOLD, ReplyMode
from cogs.choices import choices
from cogs.reach import anywhere_contexts, anywhere_installs, require_installed_server, scope_of

if TYPE_CHECKING:
    from bot.app import BriefBot
    from bot.guilds import GuildConfig
    from bot.services import Services

log = logging.getLogger(__name__)

HELP_TEXT = (
    "I turn shared news articles into compact **briefings**: a short summary, key points, direct quotes "
    "with who said them, and the site, author, date and reading time.\n\n"
    "**/brief** `url`, `text` or `file` (.txt, .md, .html): brief an article. `private` answers only to "
    "you; `length` is short, standard or detailed; `fresh` re-briefs a link briefed here recently.\n"
    "**Brief message** (right-click a message -> Apps): brief the links or text of that message.\n"
    "**/autobrief on|off** (Manage Server): brief article links and long pasted texts posted in a channel, "
    "or in each new post of a forum.\n"
    "**/digest setup** (Manage Server): a daily or weekly digest of what was shared, in a channel or forum.\n"
    "**/briefbot settings** (Manage Server to change): inline or thread replies, length, engine, and "
    "`reaction`: brief a message once that many people react 📰.\n"
    "**/briefbot forget**: delete what you shared in this server from my history.\n"
    "**/briefbot purge** (Manage Server): delete this server's settings and history."
)
ANYWHERE_TEXT = (
    "Add briefbot to your own account (User Install) and /brief and “Brief message” work in any server, "
    "group DM or DM. Where briefbot itself is not installed in the server, I have no settings or history "
    "there: I brief statelessly, with no “already briefed here” and no digest, and keep nothing of what you "
    "brief; where I may not post, only you see my answer."
)
HERE_STATELESS = (
    "Here briefbot is not installed in the server (or this is a DM): I keep nothing of what you brief."
)
PRIVACY_TEXT = (
    "I read only the links, texts and files you ask me to brief, and messages in channels where "
    "auto-brief is on. For each briefing in a server I keep the link, title, summary, key points, quotes, "
    "who shared it and where, so I can say “already briefed here” and write the daily digest. "
    "History older than the retention period is deleted. Nothing is sent to a third party unless the "
    "server's admins chose the LLM engine, which sends the article text to the configured model."
)


def describe_config(config: GuildConfig) -> str:
    """Return the server's settings as a few lines of text."""
    channels = ", ".join(f"<#{c}>" for c in sorted(config.autobrief_channel_ids)) or "none"
    threshold = config.reaction_threshold
    reaction = f"after **{threshold}** people react 📰" if threshold else "**off**"
    return (
        f"Reply: **{config.reply_mode}** · Default length: **{config.default_length}** · "
        f"Engine: **{config.engine}**\nAuto-brief channels: {channels}\nBrief on reactions: {reaction}"
    )


#: Seconds the purge buttons stay live before the question expires.
PURGE_TIMEOUT = 60.0


class ConfirmPurge(discord.ui.View):
    """Ask "are you sure?" before deleting a server's data; only the admin who asked may answer."""

    def __init__(
        self, services: Services, guild_id: int, user_id: int, *, timeout: float = PURGE_TIMEOUT
    ) -> None:
        super().__init__(timeout=timeout)
        self.services = services
        self.guild_id = guild_id
        self.user_id = user_id
        self.deleted: int | None = None
        # The /briefbot purge that asked: its answer is edited on timeout (tokens live 15 minutes).
        self.asked: discord.Interaction | None = None

    async def on_timeout(self) -> None:
        """Disable the buttons and say the question expired, so a late click doesn't "fail"."""
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.asked is None:
            return
        try:
            await self.asked.edit_original_response(
                content="Expired: nothing was deleted. Run /briefbot purge again if you still want to.",
                view=self,
                allowed_mentions=NO_MENTIONS,
            )
        except discord.HTTPException as exc:  # the message was dismissed, or the token expired
            log.info("could not mark the purge question of server %d expired: %s", self.guild_id, exc)

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Only the admin who ran /briefbot purge may confirm it."""
        if interaction.user.id != self.user_id:
            await interaction.response.send_message(
                "Only the admin who ran the command can confirm it.", ephemeral=True
            )
            return False
        return True

    @discord.ui.button(label="Delete everything", style=discord.ButtonStyle.danger)
    async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        """Delete the server's settings and history."""
        async with self.services.working():  # a shutdown waits for the purge and its answer
            self.deleted = await self.services.configs.purge(self.guild_id)
            log.info("purged server %d (%d rows)", self.guild_id, self.deleted)
            self.stop()
            await interaction.response.edit_message(
                content=f"Done: deleted this server's settings and {self.deleted} stored records.", view=None
            )

    @discord.ui.button(label="Cancel", style=discord.ButtonStyle.secondary)
    async def cancel(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        """Leave everything as it is."""
        async with self.services.working():  # a shutdown waits for the answer
            self.stop()
            await interaction.response.edit_message(content="Cancelled: nothing was deleted.", view=None)


class Admin(commands.Cog):
    """Server settings, data deletion and help."""

    def __init__(self, bot: BriefBot, services: Services) -> None:
        self.bot = bot
        self.services = services
        self.purge_timeout = PURGE_TIMEOUT  # an attribute so that a test can shorten it

    # Help works anywhere (also from a User Install); the server's settings and data only where installed.
    briefbot = app_commands.Group(
        name="briefbot",
        description="briefbot settings, your data and help.",
        allowed_installs=anywhere_installs(),
        allowed_contexts=anywhere_contexts(),
    )

    @briefbot.command(name="settings", description="Show or change how briefbot answers in this server.")
    @app_commands.describe(
        reply="Answer inline, or open a thread on the shared message",
        length="Default briefing length",
        engine="extractive (built in) or llm (if the bot's owner configured one)",
        reaction="Brief a message once this many different people react 📰 (0 = off)",
    )
    @app_commands.choices(reply=choices(ReplyMode), length=choices(Length), engine=choices(Engine))
    async def settings(
        self,
        interaction: discord.Interaction,
        reply: str | None = None,
        length: str | None = None,
        engine: str | None = None,
        reaction: app_commands.Range[int, 0, MAX_REACTION_THRESHOLD] | None = None,
    ) -> None:
        """Show the server's settings, or change them (Manage Server)."""
        guild_id = require_installed_server(interaction)
        changes: dict[str, Any] = {}
        if reaction is not None:
            changes["reaction_threshold"] = reaction
        if reply is not None:
            changes["reply_mode"] = reply
        if length is not None:
            changes["default_length"] = length
        if engine is not None:
            changes["engine"] = engine
        if not changes:
            config = await self.services.configs.get(guild_id)
            await self._say(interaction, describe_config(config))
            return
        if not interaction.permissions.manage_guild:
            raise app_commands.MissingPermissions(["manage_guild"])
        if engine == Engine.LLM and not self.services.briefer.llm_available:
            await self._say(
                interaction,
                "The LLM engine isn't available: the bot's owner has not configured one "
                "(BRIEFBOT_LLM_BASE_URL and BRIEFBOT_LLM_MODEL). Briefings stay extractive.",
            )
            return
        config = await self.services.configs.update(guild_id, **changes)
        await self._say(interaction, "Saved.\n" + describe_config(config))

    @briefbot.command(name="forget", description="Delete what you shared in this server from my history.")
    async def forget(self, interaction: discord.Interaction) -> None:
        """Delete the calling user's briefings in this server."""
        guild_id = require_installed_server(interaction)
        deleted = await self.services.store.forget_user(guild_id, interaction.user.id)
        await self._say(interaction, f"Done: deleted {deleted} briefing(s) you shared in this server.")

    @briefbot.command(name="purge", description="Delete this server's briefbot settings and history.")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def purge(self, interaction: discord.Interaction) -> None:
        """Ask for confirmation, then delete the server's settings and history."""
        guild_id = require_installed_server(interaction)
        view = ConfirmPurge(self.services, guild_id, interaction.user.id, timeout=self.purge_timeout)
        view.asked = interaction
        await interaction.response.send_message(
            "This deletes this server's briefbot settings and its whole briefing history. Sure?",
            view=view,
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @briefbot.command(name="help", description="What briefbot does and how to use it.")
    async def help(self, interaction: discord.Interaction) -> None:
        """Explain the commands and the privacy policy."""
        await interaction.response.send_message(
            embed=self._about_embed(stateless=scope_of(interaction) is None),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    @briefbot.command(name="about", description="About briefbot, and what it stores.")
    async def about(self, interaction: discord.Interaction) -> None:
        """Explain what briefbot is and what it keeps."""
        await interaction.response.send_message(
            embed=self._about_embed(stateless=scope_of(interaction) is None),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )

    def _about_embed(self, *, stateless: bool) -> discord.Embed:
        from bot import __version__

        text = f"{HERE_STATELESS}\n\n{HELP_TEXT}" if stateless else HELP_TEXT
        embed = discord.Embed(title="briefbot", description=fit(text, 4096))
        days = self.services.settings.retention_days
        embed.add_field(
            name="Privacy", value=fit(f"{PRIVACY_TEXT} Retention: {days} days.", 1024), inline=False
        )
        embed.add_field(name="Anywhere", value=fit(ANYWHERE_TEXT, 1024), inline=False)
        embed.set_footer(text=f"briefbot {__version__}")
        return embed

    async def _say(self, interaction: discord.Interaction, text: str) -> None:
        await interaction.response.send_message(
            message_text(text), ephemeral=True, allowed_mentions=NO_MENTIONS
        )


async def setup(bot: BriefBot) -> None:
    """Add the cog (called by ``bot.load_extension``)."""
    await bot.add_cog(Admin(bot, bot.services))
