"""Consultants' brand: firm name, logo (PNG or SVG, with its type and SHA-256) and accent colour.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the brand columns, all empty (null): a consultant without a brand, as before."""
    with op.batch_alter_table("consultant") as batch:
        batch.add_column(sa.Column("firm", sa.String(200), nullable=True))
        batch.add_column(sa.Column("logo", sa.LargeBinary(), nullable=True))
        batch.add_column(sa.Column("logo_type", sa.String(20), nullable=True))
        batch.add_column(sa.Column("logo_digest", sa.String(64), nullable=True))
        batch.add_column(sa.Column("accent", sa.String(7), nullable=True))
        batch.create_index("ix_consultant_logo_digest", ["logo_digest"])


def downgrade() -> None:
    """Remove the brand columns."""
    with op.batch_alter_table("consultant") as batch:
        batch.drop_index("ix_consultant_logo_digest")
        for column in ("accent", "logo_digest", "logo_type", "logo", "firm"):
            batch.drop_column(column)
