"""Where briefbot's commands may be used, and how it answers where it is not installed in the server.

/brief and "Brief message" work from a User Install anywhere (servers, group DMs, DMs); the commands that
manage a server work only in servers that installed briefbot. Both are declared explicitly on each command,
so the synced payload carries ``integration_types`` and ``contexts``.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.sharing import server_scope


def anywhere_installs() -> app_commands.AppInstallationType:
    """Installable in servers and on users' accounts."""
    return app_commands.AppInstallationType(guild=True, user=True)


def anywhere_contexts() -> app_commands.AppCommandContext:
    """Usable in servers, the bot's DM and other DMs or group DMs."""
    return app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)


def server_installs() -> app_commands.AppInstallationType:
    """Installable in servers only (a server-management command)."""
    return app_commands.AppInstallationType(guild=True, user=False)


def server_contexts() -> app_commands.AppCommandContext:
    """Usable in servers only."""
    return app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False)


def scope_of(interaction: discord.Interaction) -> int | None:
    """Return the server whose settings and history apply to an interaction; None to brief statelessly."""
    return server_scope(interaction.guild_id, installed_here=interaction.is_guild_integration())


def answers_privately(interaction: discord.Interaction) -> bool:
    """Tell whether briefbot must answer only the user: in a server that did not install it, where Discord
    lets it not post (the user may not use external apps publicly there)."""
    if interaction.guild_id is None or scope_of(interaction) is not None:
        return False  # a DM, or a server that installed briefbot: its usual answers
    return not interaction.app_permissions.send_messages


def require_installed_server(interaction: discord.Interaction) -> int:
    """Return the server's id when briefbot is installed there; else refuse (server-management commands)."""
    guild_id = scope_of(interaction)
    if guild_id is None:
        raise app_commands.NoPrivateMessage()
    return guild_id
