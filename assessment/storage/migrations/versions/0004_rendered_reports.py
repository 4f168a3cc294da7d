"""Rendered reports: PDFs rendered by the task queue's workers, shared by every web instance.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the rendered_report table."""
    op.create_table(
        "rendered_report",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("assessment_id", sa.String(32), sa.ForeignKey("assessment.id", ondelete="CASCADE"), nullable=True,
                  index=True),
        sa.Column("workshop_id", sa.String(32), sa.ForeignKey("workshop.id", ondelete="CASCADE"), nullable=True,
                  index=True),
        sa.Column("stamp", sa.String(64), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=True),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rendered_at", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    """Drop the rendered_report table."""
    op.drop_table("rendered_report")
