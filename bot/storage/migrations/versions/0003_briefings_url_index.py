"""Drop the (guild_id, url, created_at) index on briefings.

PostgreSQL's btree rows hold at most 2704 bytes, so that index refused briefings of very long links (the
fetcher accepts links of up to 8192 characters). "Already briefed here" finds its row through
``ix_briefings_guild_created`` instead: one server's briefings of the last day are few.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_briefings_guild_url", "briefings")


def downgrade() -> None:
    op.create_index("ix_briefings_guild_url", "briefings", ["guild_id", "url", "created_at"])
