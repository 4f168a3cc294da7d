"""Workshops: the client organisation's country, set by the consultant and inherited by participants.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the country column (null: not given, as for workshops created before it existed)."""
    with op.batch_alter_table("workshop") as batch:
        batch.add_column(sa.Column("country", sa.String(5), nullable=True))


def downgrade() -> None:
    """Remove the country column."""
    with op.batch_alter_table("workshop") as batch:
        batch.drop_column("country")
