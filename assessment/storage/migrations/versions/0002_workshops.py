"""Workshops: consultants, workshops, participants' assessments, baselines.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create consultants and workshops; link assessments to workshops and baselines."""
    op.create_table(
        "consultant",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(254), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "workshop",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("code", sa.String(16), nullable=False, unique=True),
        sa.Column("consultant_id", sa.Integer(), sa.ForeignKey("consultant.id", ondelete="CASCADE"), nullable=False,
                  index=True),
        sa.Column("organisation", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("questionnaire_hash", sa.String(64), sa.ForeignKey("questionnaire_snapshot.content_hash"),
                  nullable=False),
        sa.Column("questionnaire_id", sa.String(80), nullable=False),
        sa.Column("questionnaire_version", sa.String(20), nullable=False),
        sa.Column("consensus", sa.JSON(), nullable=False),
        sa.Column("baseline_id", sa.String(32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("assessment") as batch:
        batch.add_column(sa.Column("workshop_id", sa.String(32), nullable=True))
        batch.add_column(sa.Column("participant_name", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("participant_role", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("baseline_id", sa.String(32), nullable=True))
        batch.create_foreign_key("fk_assessment_workshop", "workshop", ["workshop_id"], ["id"], ondelete="CASCADE")
        batch.create_index("ix_assessment_workshop_id", ["workshop_id"])


def downgrade() -> None:
    """Remove workshops and consultants."""
    with op.batch_alter_table("assessment") as batch:
        batch.drop_index("ix_assessment_workshop_id")
        batch.drop_constraint("fk_assessment_workshop", type_="foreignkey")
        batch.drop_column("baseline_id")
        batch.drop_column("participant_role")
        batch.drop_column("participant_name")
        batch.drop_column("workshop_id")
    op.drop_table("workshop")
    op.drop_table("consultant")
