"""Remember when a digest was last posted by hand (``/digest now``).

A manual digest claims no day (the scheduled one still posts at its time), but the next digest's window
starts where it ended. A nullable column: existing rows keep their data and simply have no manual digest.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("guild_configs") as batch:
        batch.add_column(sa.Column("digest_manual_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("guild_configs") as batch:
        batch.drop_column("digest_manual_at")
