"""The tables, as SQLAlchemy Core metadata. Migrations under ``migrations/versions`` create exactly these."""

from __future__ import annotations

import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from bot.briefing.models import Engine, Length
from bot.guilds import ReplyMode

metadata = sa.MetaData()

# SQLite only has 64-bit INTEGER PRIMARY KEYs as rowid aliases when the type is exactly INTEGER.
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


class UTCDateTime(sa.TypeDecorator[datetime.datetime]):
    """An aware UTC datetime on every backend (SQLite keeps naive UTC text, PostgreSQL timestamptz)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(
        self, value: datetime.datetime | None, dialect: Dialect
    ) -> datetime.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored: pass an aware datetime")
        value = value.astimezone(datetime.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime.datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime.datetime)
        if value.tzinfo is None:
            return value.replace(tzinfo=datetime.UTC)
        return value.astimezone(datetime.UTC)


guild_configs = sa.Table(
    "guild_configs",
    metadata,
    sa.Column("guild_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("reply_mode", sa.String(16), nullable=False, server_default=ReplyMode.INLINE.value),
    sa.Column("default_length", sa.String(16), nullable=False, server_default=Length.STANDARD.value),
    sa.Column("engine", sa.String(16), nullable=False, server_default=Engine.EXTRACTIVE.value),
    sa.Column("digest_enabled", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("digest_channel_id", sa.BigInteger, nullable=True),
    sa.Column("digest_time", sa.String(8), nullable=True),  # "HH:MM", local time of day
    sa.Column("digest_timezone", sa.String(64), nullable=False, server_default="UTC"),
    # Scheduling (revision 0002): the next due instant and the local day it belongs to.
    sa.Column("digest_next_due", UTCDateTime, nullable=True),
    sa.Column("digest_next_date", sa.Date, nullable=True),
    # Bumped by every digest settings change, so a schedule computed from old settings is not written.
    sa.Column("digest_version", sa.Integer, nullable=False, server_default="0"),
    # Revision 0004: when the last digest posted by hand (/digest now) ended; it claims no day.
    sa.Column("digest_manual_at", UTCDateTime, nullable=True),
    # Revision 0005: a weekly digest ("week", on digest_weekday, 0 = Monday) and the 📰 reaction threshold.
    sa.Column("digest_every", sa.String(8), nullable=False, server_default="day"),
    sa.Column("digest_weekday", sa.SmallInteger, nullable=True),
    sa.Column("reaction_threshold", sa.Integer, nullable=False, server_default="0"),
    sa.Column("updated_at", UTCDateTime, nullable=False),
)
sa.Index("ix_guild_configs_digest_due", guild_configs.c.digest_enabled, guild_configs.c.digest_next_due)

autobrief_channels = sa.Table(
    "autobrief_channels",
    metadata,
    sa.Column("guild_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("channel_id", sa.BigInteger, primary_key=True, autoincrement=False),
)

briefings = sa.Table(
    "briefings",
    metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("guild_id", sa.BigInteger, nullable=False),
    sa.Column("channel_id", sa.BigInteger, nullable=False),
    sa.Column("user_id", sa.BigInteger, nullable=False),
    sa.Column("message_id", sa.BigInteger, nullable=True),
    sa.Column("jump_url", sa.Text, nullable=True),
    sa.Column("url", sa.Text, nullable=True),
    sa.Column("title", sa.Text, nullable=True),
    sa.Column("site_name", sa.Text, nullable=True),
    sa.Column("summary", sa.JSON, nullable=False),
    sa.Column("key_points", sa.JSON, nullable=False),
    sa.Column("quotes", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("repeat_of", sa.BigInteger, nullable=True),
)
sa.Index("ix_briefings_guild_created", briefings.c.guild_id, briefings.c.created_at)
sa.Index("ix_briefings_guild_user", briefings.c.guild_id, briefings.c.user_id)
sa.Index("ix_briefings_created", briefings.c.created_at)

# Revision 0002 ---------------------------------------------------------------------------------------

digest_posts = sa.Table(
    "digest_posts",
    metadata,
    # The primary key is the exactly-once guarantee: one claim per server and local day.
    sa.Column("guild_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("local_date", sa.Date, primary_key=True),
    sa.Column("claimed_at", UTCDateTime, nullable=False),
    sa.Column("posted_at", UTCDateTime, nullable=True),
    sa.Column("status", sa.String(16), nullable=False, server_default="claimed"),
    sa.Column("item_count", sa.Integer, nullable=False, server_default="0"),
)

llm_usage = sa.Table(
    "llm_usage",
    metadata,
    sa.Column("guild_id", sa.BigInteger, primary_key=True, autoincrement=False),
    sa.Column("day", sa.Date, primary_key=True),
    sa.Column("count", sa.Integer, nullable=False),
)

fetch_cache = sa.Table(
    "fetch_cache",
    metadata,
    sa.Column("key", sa.String(512), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("expires_at", UTCDateTime, nullable=False),
)
sa.Index("ix_fetch_cache_expires", fetch_cache.c.expires_at)
