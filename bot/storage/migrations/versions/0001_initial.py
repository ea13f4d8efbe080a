"""Server settings, auto-brief channels and the briefing history.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_BIG_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "guild_configs",
        sa.Column("guild_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("reply_mode", sa.String(16), nullable=False, server_default="inline"),
        sa.Column("default_length", sa.String(16), nullable=False, server_default="standard"),
        sa.Column("engine", sa.String(16), nullable=False, server_default="extractive"),
        sa.Column("digest_enabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("digest_channel_id", sa.BigInteger, nullable=True),
        sa.Column("digest_time", sa.String(8), nullable=True),
        sa.Column("digest_timezone", sa.String(64), nullable=False, server_default="UTC"),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "autobrief_channels",
        sa.Column("guild_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("channel_id", sa.BigInteger, primary_key=True, autoincrement=False),
    )
    op.create_table(
        "briefings",
        sa.Column("id", _BIG_ID, primary_key=True, autoincrement=True),
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
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("repeat_of", sa.BigInteger, nullable=True),
    )
    op.create_index("ix_briefings_guild_created", "briefings", ["guild_id", "created_at"])
    op.create_index("ix_briefings_guild_url", "briefings", ["guild_id", "url", "created_at"])
    op.create_index("ix_briefings_guild_user", "briefings", ["guild_id", "user_id"])
    op.create_index("ix_briefings_created", "briefings", ["created_at"])


def downgrade() -> None:
    op.drop_table("briefings")
    op.drop_table("autobrief_channels")
    op.drop_table("guild_configs")
