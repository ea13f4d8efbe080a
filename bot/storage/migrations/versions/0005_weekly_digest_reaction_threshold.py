"""A weekly digest option and the 📰 reaction threshold.

``digest_every`` is "day" or "week"; a weekly digest posts on ``digest_weekday`` (0 = Monday, local time).
``reaction_threshold`` is how many different people must react 📰 before a message is briefed (0 = off).
Existing servers keep a daily digest and no threshold: the defaults are what they had.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("guild_configs") as batch:
        batch.add_column(sa.Column("digest_every", sa.String(8), nullable=False, server_default="day"))
        batch.add_column(sa.Column("digest_weekday", sa.SmallInteger, nullable=True))
        batch.add_column(sa.Column("reaction_threshold", sa.Integer, nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("guild_configs") as batch:
        batch.drop_column("reaction_threshold")
        batch.drop_column("digest_weekday")
        batch.drop_column("digest_every")
