"""The brief cog's own pure helpers: which channel permissions auto-brief lacks."""

from __future__ import annotations

import discord

from cogs.brief import missing_permissions


def test_missing_permissions_inline_and_thread() -> None:
    """Auto-brief names the permissions it lacks, thread ones only in thread mode, in Discord's words."""
    everyday = discord.Permissions(
        view_channel=True, send_messages=True, embed_links=True, read_message_history=True
    )
    assert missing_permissions(everyday, threaded=False) == []
    assert missing_permissions(everyday, threaded=True) == [
        "Create Public Threads",
        "Send Messages in Threads",
    ]
    assert missing_permissions(discord.Permissions.none(), threaded=False) == [
        "View Channel",
        "Send Messages",
        "Embed Links",
        "Read Message History",
    ]
    everything = discord.Permissions.all()
    assert missing_permissions(everything, threaded=True) == []
