"""Briefing on Discord: /brief, the "Brief message" app command, /autobrief and the optional 📰 reaction.

The cog parses what Discord sends, asks bot.sharing (the use case: limits, LLM budget, "already briefed
here", the history row), renders with bot.embeds and replies. Which links of a message are articles, and what
a message offers to brief, is decided in bot.briefing.sources.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.briefing.errors import BadSource, BriefingError, EmptyInput, InputTooLarge, NotArticle
from bot.briefing.models import Length
from bot.briefing.sources import (
    AUTOBRIEF_MIN_WORDS,
    Source,
    autobrief_sources,
    is_briefable_file,
    message_sources,
)
from bot.embeds import (
    MESSAGE_CONTENT_HELP,
    NO_MENTIONS,
    message_text,
    shared_content,
    shared_embeds,
    thread_name,
)
from bot.guilds import MAX_REACTION_THRESHOLD, GuildConfig, ReplyMode
from bot.sharing import Place, Shared, reactions_needed
from cogs.choices import choices
from cogs.reach import (
    answers_privately,
    anywhere_contexts,
    anywhere_installs,
    scope_of,
    server_contexts,
    server_installs,
)

if TYPE_CHECKING:
    from bot.app import BriefBot
    from bot.services import Services

log = logging.getLogger(__name__)

REACTION = "📰"


#: What auto-brief needs in a channel, as Discord's settings name each permission.
AUTOBRIEF_PERMISSIONS = (
    ("view_channel", "View Channel"),
    ("send_messages", "Send Messages"),
    ("embed_links", "Embed Links"),
    ("read_message_history", "Read Message History"),
)
THREAD_PERMISSIONS = (
    ("create_public_threads", "Create Public Threads"),
    ("send_messages_in_threads", "Send Messages in Threads"),
)


#: In a forum, briefbot answers inside each post (a thread): it needs to post in threads, not in the forum.
FORUM_PERMISSIONS = (
    ("view_channel", "View Channel"),
    ("send_messages_in_threads", "Send Messages in Posts"),
    ("embed_links", "Embed Links"),
    ("read_message_history", "Read Message History"),
)

AutobriefChannel = discord.TextChannel | discord.ForumChannel


def missing_permissions(allowed: discord.Permissions, *, threaded: bool, forum: bool = False) -> list[str]:
    """Name the permissions auto-brief needs in a channel but lacks (thread ones only in thread mode)."""
    needed: tuple[tuple[str, str], ...] = FORUM_PERMISSIONS
    if not forum:
        needed = AUTOBRIEF_PERMISSIONS + (THREAD_PERMISSIONS if threaded else ())
    return [label for flag, label in needed if not getattr(allowed, flag)]


def watched_channel(message: discord.Message) -> int:
    """Return the channel whose auto-brief setting applies to a message.

    In a forum, the first message of each post (the post itself) is watched through the forum; replies in a
    post are conversation, watched only where auto-brief was turned on in that very post.
    """
    channel = message.channel
    if isinstance(channel, discord.Thread) and isinstance(channel.parent, discord.ForumChannel):
        return channel.parent.id if message.id == channel.id else channel.id
    return channel.id


class Brief(commands.Cog):
    """Turn links, pasted text and files into briefings."""

    def __init__(self, bot: BriefBot, services: Services) -> None:
        self.bot = bot
        self.services = services
        self.sharing = services.sharing
        self._reacted: OrderedDict[int, None] = OrderedDict()
        self._menu = app_commands.ContextMenu(
            name="Brief message",
            callback=self.brief_message,
            allowed_installs=anywhere_installs(),
            allowed_contexts=anywhere_contexts(),
        )

    async def cog_load(self) -> None:
        """Register the "Brief message" app command (context menus cannot live in a cog's class body)."""
        self.bot.tree.add_command(self._menu)

    async def cog_unload(self) -> None:
        """Remove the "Brief message" app command."""
        self.bot.tree.remove_command(self._menu.name, type=self._menu.type)

    # --- /brief -----------------------------------------------------------------------------------------
    @app_commands.command(name="brief", description="Summarise an article: a link, pasted text or a file.")
    @app_commands.describe(
        url="Link to the article",
        text="The article's text, pasted",
        file="A .txt, .md or .html file with the article",
        length="How much to keep (default: the server's setting)",
        private="Answer only to me",
        fresh="Brief again even if this link was briefed here recently",
    )
    @app_commands.choices(length=choices(Length))
    @app_commands.allowed_installs(guilds=True, users=True)
    @app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
    async def brief(
        self,
        interaction: discord.Interaction,
        url: str | None = None,
        text: str | None = None,
        file: discord.Attachment | None = None,
        length: str | None = None,
        private: bool = False,
        fresh: bool = False,
    ) -> None:
        """Brief a link, pasted text or an uploaded file (statelessly where briefbot is not installed)."""
        async with self.services.working():  # shutdown waits for the reply and the record
            scope = scope_of(interaction)
            private = private or answers_privately(interaction)
            await interaction.response.defer(thinking=True, ephemeral=private)
            try:
                source = await self._source_from_options(url, text, file)
                self.sharing.check_cooldown(interaction.user.id)
                config = await self.sharing.config(scope)
                shared = await self.sharing.brief(
                    source,
                    guild_id=scope,
                    config=config,
                    length=self.sharing.length(length, config),
                    fresh=fresh,
                )
            except BriefingError as exc:
                await self._fail(interaction, exc.user_message, deferred_privately=private)
                return
            sent = await interaction.followup.send(
                shared_content(shared) or discord.utils.MISSING,
                embeds=shared_embeds(shared),
                ephemeral=private,
                allowed_mentions=NO_MENTIONS,
                wait=True,
            )
            if not private and interaction.channel_id is not None:
                await self.sharing.record(  # stateless (scope None): nothing is recorded
                    shared,
                    Place(
                        scope,
                        interaction.channel_id,
                        interaction.user.id,
                        message_id=sent.id,
                        jump_url=sent.jump_url,
                    ),
                )

    async def _source_from_options(
        self, url: str | None, text: str | None, file: discord.Attachment | None
    ) -> Source:
        given = [x for x in (url, text, file) if x]
        if len(given) != 1:
            raise EmptyInput("Give exactly one of `url`, `text` or `file`, e.g. `/brief url:https://…`.")
        if url:
            return Source("url", url.strip())
        if text:
            return Source("text", text)
        assert file is not None
        return Source("file", file.filename, await self._read_attachment(file))

    async def _read_attachment(self, file: discord.Attachment) -> bytes:
        if not is_briefable_file(file.filename):
            raise BadSource(
                "I can read .txt, .md and .html files. Send the article as one of those, or a link."
            )
        limit = self.services.briefer.max_bytes
        if file.size > limit:
            raise InputTooLarge(f"That file is too large to brief (over {limit // 1_000_000 or 1} MB).")
        try:
            return await file.read()
        except discord.HTTPException as exc:
            log.warning("could not download attachment %s: %s", file.url, exc)
            raise BadSource("I couldn't download that file from Discord. Try uploading it again.") from exc

    async def _fail(self, interaction: discord.Interaction, text: str, *, deferred_privately: bool) -> None:
        """Replace a public "thinking…" message with an answer only the user sees."""
        if not deferred_privately:
            try:
                await interaction.delete_original_response()
            except discord.HTTPException as exc:
                log.debug("could not delete the deferred response: %s", exc)
        await interaction.followup.send(message_text(text), ephemeral=True, allowed_mentions=NO_MENTIONS)

    # --- "Brief message" --------------------------------------------------------------------------------
    async def brief_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Brief the links, text files or text of a message (right-click -> Apps -> Brief message)."""
        async with self.services.working():  # shutdown waits for the reply and the record
            scope = scope_of(interaction)
            private = answers_privately(interaction)
            await interaction.response.defer(thinking=True, ephemeral=private)
            sources = message_sources(message.content, [(a.filename, a.size) for a in message.attachments])
            if not sources:
                await self._fail(
                    interaction,
                    "That message has no article link, text file or text to brief. Try /brief with a link.",
                    deferred_privately=private,
                )
                return
            try:
                self.sharing.check_cooldown(interaction.user.id)
                sources = [await self._with_file_data(s, message) for s in sources]
            except BriefingError as exc:
                await self._fail(interaction, exc.user_message, deferred_privately=private)
                return
            config = await self.sharing.config(scope)
            results = await self.sharing.brief_each(sources, guild_id=scope, config=config)
            answers = [r for r in results if isinstance(r, Shared)]
            errors = [r.user_message for r in results if isinstance(r, BriefingError)]
            if not answers:
                await self._fail(interaction, errors[0], deferred_privately=private)
                return
            replier = MessageReplier(message, config)
            followed_up = False
            posted_on_message = False  # in a thread on the message, or in a reply to it
            for shared in answers:
                # Falls back to a reply to the message if no thread can be opened, and to the interaction if
                # the bot may not post in the channel at all.
                if replier.threaded and await self._post_on_message(replier, shared):
                    posted_on_message = True
                else:
                    await interaction.followup.send(
                        shared_content(shared) or discord.utils.MISSING,
                        embeds=shared_embeds(shared),
                        ephemeral=private,
                        allowed_mentions=NO_MENTIONS,
                        wait=True,
                    )
                    followed_up = True
                # The article was shared by the message's author, not by the asker (nothing when stateless).
                await self.sharing.record(shared, _place_of(message, scope))
            if replier.thread is not None and posted_on_message:
                await interaction.followup.send(
                    f"Briefed in {replier.thread.mention}.", allowed_mentions=NO_MENTIONS
                )
            elif posted_on_message and not followed_up:  # no thread: briefed in a reply to the message
                await interaction.followup.send(
                    f"Briefed in a reply to {message.jump_url}.", allowed_mentions=NO_MENTIONS
                )
            if errors:
                await interaction.followup.send(
                    message_text("\n".join(errors)), ephemeral=True, allowed_mentions=NO_MENTIONS
                )

    @staticmethod
    async def _post_on_message(replier: MessageReplier, shared: Shared) -> bool:
        """Post in a thread on the message (or a reply to it); False when the bot may not post there."""
        try:
            await replier.send(shared)
        except discord.Forbidden as exc:
            log.info(
                "could not post in channel %d, answering the interaction: %s", replier.message.channel.id, exc
            )
            replier.threaded = False
            return False
        return True

    async def _with_file_data(self, source: Source, message: discord.Message) -> Source:
        if source.kind != "file":
            return source
        attachment = next(a for a in message.attachments if a.filename == source.value)
        return Source("file", source.value, await self._read_attachment(attachment))

    # --- auto-brief -------------------------------------------------------------------------------------
    autobrief = app_commands.Group(
        name="autobrief",
        description="Brief article links and long pasted texts posted in a channel or forum.",
        guild_only=True,
        allowed_installs=server_installs(),
        allowed_contexts=server_contexts(),
        default_permissions=discord.Permissions(manage_guild=True),
    )

    @autobrief.command(name="on", description="Brief links and long texts posted in a channel or forum.")
    @app_commands.describe(channel="The channel or forum (default: this channel)")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def autobrief_on(
        self, interaction: discord.Interaction, channel: AutobriefChannel | None = None
    ) -> None:
        """Turn auto-briefing on in a channel."""
        await self._set_autobrief(interaction, channel, enabled=True)

    @autobrief.command(name="off", description="Stop briefing links posted in a channel or forum.")
    @app_commands.describe(channel="The channel or forum (default: this channel)")
    @app_commands.checks.has_permissions(manage_guild=True)
    async def autobrief_off(
        self, interaction: discord.Interaction, channel: AutobriefChannel | None = None
    ) -> None:
        """Turn auto-briefing off in a channel."""
        await self._set_autobrief(interaction, channel, enabled=False)

    async def _set_autobrief(
        self, interaction: discord.Interaction, channel: AutobriefChannel | None, *, enabled: bool
    ) -> None:
        guild_id = interaction.guild_id
        channel_id = channel.id if channel is not None else interaction.channel_id
        if guild_id is None or channel_id is None:
            raise app_commands.NoPrivateMessage()
        config = await self.services.configs.set_autobrief(guild_id, channel_id, enabled)
        where = f"<#{channel_id}>"
        if not enabled:
            text = f"Auto-brief is off in {where}."
        elif isinstance(channel, discord.ForumChannel):
            text = (
                f"Auto-brief is on in the forum {where}: article links and pasted texts of "
                f"{AUTOBRIEF_MIN_WORDS}+ words in each new post get a briefing as a reply inside the post."
            )
            text += _permission_warning(channel, threaded=False)
        else:
            text = (
                f"Auto-brief is on in {where}: article links and pasted texts of "
                f"{AUTOBRIEF_MIN_WORDS}+ words get a briefing as a reply ({config.reply_mode} mode)."
            )
            target = channel if channel is not None else interaction.channel
            text += _permission_warning(target, threaded=config.reply_mode == ReplyMode.THREAD)
            if not self.bot.has_message_content:
                text += "\n\n⚠ It cannot work yet. " + MESSAGE_CONTENT_HELP
        await interaction.response.send_message(
            message_text(text), ephemeral=True, allowed_mentions=NO_MENTIONS
        )

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Brief article links and long pasted texts in auto-brief channels."""
        if message.author.bot or message.webhook_id is not None or message.guild is None:
            return
        if not message.content or not self.bot.has_message_content:
            return
        sources = autobrief_sources(message.content)
        if not sources:
            return
        config = await self.services.configs.get(message.guild.id)
        if watched_channel(message) not in config.autobrief_channel_ids:
            return
        await self._brief_shared_message(message, sources, config, user_id=message.author.id)

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """Brief a message once enough different people reacted with 📰 (the server's threshold, or the
        first 📰 when BRIEFBOT_REACTION_TRIGGER is on)."""
        if str(payload.emoji) != REACTION or payload.guild_id is None:
            return
        if (self.bot.user and payload.user_id == self.bot.user.id) or (payload.member and payload.member.bot):
            return
        if payload.message_id in self._reacted:
            return
        config = await self.services.configs.get(payload.guild_id)
        needed = reactions_needed(config, reaction_trigger=self.services.settings.reaction_trigger)
        if needed == 0:
            return
        channel = self.bot.get_partial_messageable(payload.channel_id, guild_id=payload.guild_id)
        try:
            message = await channel.fetch_message(payload.message_id)
            if needed > 1 and await _people_reacting(message, needed) < needed:
                return
        except discord.HTTPException as exc:
            log.info("could not read the message reacted to: %s", exc)
            return
        if message.author.bot or await self.sharing.was_briefed(payload.guild_id, payload.message_id):
            return  # briefed already (auto-brief, an earlier 📰 before a restart): once is enough
        if payload.message_id in self._reacted:
            return
        self._reacted[payload.message_id] = None  # briefed once, however many more react
        while len(self._reacted) > 1000:
            self._reacted.popitem(last=False)
        sources = [s for s in message_sources(message.content, []) if s.kind != "file"]
        if not sources:
            return
        await self._brief_shared_message(message, sources, config, user_id=payload.user_id)

    async def _brief_shared_message(
        self, message: discord.Message, sources: list[Source], config: GuildConfig, *, user_id: int
    ) -> None:
        async with self.services.working():  # shutdown waits for the reply and the record
            guild_id = message.guild.id if message.guild else None
            try:
                self.sharing.check_cooldown(user_id)
            except BriefingError as exc:
                log.info("auto-brief skipped for user %d: %s", user_id, exc.user_message)
                return
            results = await self.sharing.brief_each(sources, guild_id=guild_id, config=config)
            replier = MessageReplier(message, config)
            for source, result in zip(sources, results, strict=True):
                try:
                    if isinstance(result, BriefingError):
                        # Text that isn't an article, or an empty page, is not worth a reply in the channel.
                        if source.kind == "url" and not isinstance(result, (NotArticle, EmptyInput)):
                            await replier.send_text(result.user_message)
                        continue
                    await replier.send(result)
                except discord.HTTPException as exc:  # e.g. no permission to write in that channel
                    log.warning("could not answer in channel %d: %s", message.channel.id, exc)
                    return
                # The sharer is the message's author, also when a 📰 reaction asked.
                await self.sharing.record(result, _place_of(message, guild_id))


async def _people_reacting(message: discord.Message, needed: int) -> int:
    """Count the different people (not bots) who reacted 📰 to a message, looking no further than needed."""
    reaction = next((r for r in message.reactions if str(r.emoji) == REACTION), None)
    if reaction is None or reaction.count < needed:  # Discord counts each user once per emoji
        return 0 if reaction is None else reaction.count
    people = {user.id async for user in reaction.users(limit=MAX_REACTION_THRESHOLD * 2) if not user.bot}
    return len(people)


def _place_of(message: discord.Message, guild_id: int | None) -> Place:
    """Where a message shared its article: its server, channel, author and jump link."""
    return Place(guild_id, message.channel.id, message.author.id, message.id, message.jump_url)


def _permission_warning(channel: object, *, threaded: bool) -> str:
    """A warning naming what the bot may not do in an auto-brief channel; empty when it may do it all."""
    if not isinstance(channel, (discord.abc.GuildChannel, discord.Thread)):
        return ""
    me = channel.guild.me
    if me is None:
        return ""
    forum = isinstance(channel, discord.ForumChannel)
    missing = missing_permissions(channel.permissions_for(me), threaded=threaded, forum=forum)
    if not missing:
        return ""
    return (
        f"\n⚠ I can't read or answer everything in {channel.mention} yet: give me {', '.join(missing)} there."
    )


class MessageReplier:
    """Answer a shared message inline (a reply without a ping) or in a thread opened on it (made once)."""

    def __init__(self, message: discord.Message, config: GuildConfig | None) -> None:
        self.message = message
        # In a thread (a forum post, too) the answer is a reply there: a thread cannot hold a thread.
        self.threaded = (
            config is not None
            and config.reply_mode == ReplyMode.THREAD
            and not isinstance(message.channel, discord.Thread)
        )
        self.thread: discord.Thread | None = None

    async def _target(self, title: str | None) -> discord.abc.Messageable | None:
        if not self.threaded:
            return None
        if self.thread is None:
            try:
                self.thread = await self.message.create_thread(name=thread_name(title))
            except (discord.HTTPException, ValueError) as exc:  # no permission, a thread exists, a DM
                log.info("could not open a thread, answering inline: %s", exc)
                self.threaded = False
                return None
        return self.thread

    async def _post(
        self, content: str | None, embeds: list[discord.Embed], title: str | None
    ) -> discord.Message:
        target = await self._target(title)
        if target is not None:
            return await target.send(content, embeds=embeds, allowed_mentions=NO_MENTIONS)
        # A reply without a ping; if the shared message was deleted meanwhile, a plain message.
        return await self.message.channel.send(
            content,
            embeds=embeds,
            reference=self.message.to_reference(fail_if_not_exists=False),
            mention_author=False,
            allowed_mentions=NO_MENTIONS,
        )

    async def send(self, shared: Shared) -> discord.Message:
        """Post a briefing (or "already briefed here")."""
        return await self._post(shared_content(shared), shared_embeds(shared), shared.title)

    async def send_text(self, text: str) -> discord.Message:
        """Post a short notice (an error)."""
        return await self._post(message_text(text), [], None)


async def setup(bot: BriefBot) -> None:
    """Add the cog (called by ``bot.load_extension``)."""
    await bot.add_cog(Brief(bot, bot.services))
