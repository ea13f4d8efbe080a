"""A server's own settings (GuildConfig) and the choices they offer; stored by bot.storage, read by the cogs.

Pure values, no discord and no SQL: the briefing length and engine are the core's own types.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from enum import StrEnum

from bot.briefing.models import Engine, Length

#: The most people a 📰 reaction threshold may ask for.
MAX_REACTION_THRESHOLD = 50


class ReplyMode(StrEnum):
    """Where briefbot answers a shared message."""

    INLINE = "inline"  # a reply to the message, without a ping
    THREAD = "thread"  # a thread opened on the message


class DigestEvery(StrEnum):
    """How often a server's digest posts."""

    DAY = "day"
    WEEK = "week"


@dataclass(frozen=True)
class GuildConfig:
    """A server's settings; an unknown server gets these defaults."""

    guild_id: int
    autobrief_channel_ids: frozenset[int] = frozenset()
    reply_mode: ReplyMode = ReplyMode.INLINE
    default_length: Length = Length.STANDARD
    engine: Engine = Engine.EXTRACTIVE
    digest_enabled: bool = False
    digest_channel_id: int | None = None
    digest_time: datetime.time | None = None  # local time of day
    digest_timezone: str = "UTC"  # IANA name
    digest_every: DigestEvery = DigestEvery.DAY
    digest_weekday: int | None = None  # 0 = Monday; the day of a weekly digest
    reaction_threshold: int = 0  # brief a message once this many different people react 📰; 0 = off
