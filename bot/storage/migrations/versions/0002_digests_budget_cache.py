"""Digest scheduling and exactly-once claims, the LLM budget and the fetch cache.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable columns: existing rows keep their data; the scheduler fills these in on its next pass.
    with op.batch_alter_table("guild_configs") as batch:
        batch.add_column(sa.Column("digest_next_due", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("digest_next_date", sa.Date, nullable=True))
        batch.add_column(sa.Column("digest_version", sa.Integer, nullable=False, server_default="0"))
    op.create_index("ix_guild_configs_digest_due", "guild_configs", ["digest_enabled", "digest_next_due"])
    op.create_table(
        "digest_posts",
        sa.Column("guild_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("local_date", sa.Date, primary_key=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(16), nullable=False, server_default="claimed"),
        sa.Column("item_count", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "llm_usage",
        sa.Column("guild_id", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
    )
    op.create_table(
        "fetch_cache",
        sa.Column("key", sa.String(512), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_fetch_cache_expires", "fetch_cache", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_fetch_cache_expires", "fetch_cache")
    op.drop_table("fetch_cache")
    op.drop_table("llm_usage")
    op.drop_table("digest_posts")
    op.drop_index("ix_guild_configs_digest_due", "guild_configs")
    with op.batch_alter_table("guild_configs") as batch:
        batch.drop_column("digest_version")
        batch.drop_column("digest_next_date")
        batch.drop_column("digest_next_due")
