"""forecasts: each queued applicant's expected wait, and officers' policy what-ifs

Revision ID: 0010
Revises: 0006
Create Date: 2026-11-28 15:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "wait_forecasts",
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("p50", sa.Integer(), nullable=True),
        sa.Column("p90", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=32), nullable=True),
        sa.Column("ahead", sa.Double(), nullable=False),
        sa.Column("vacant_now", sa.Integer(), nullable=False),
        sa.Column("monthly", sa.Double(), nullable=False),
        sa.Column("history_months", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_wait_forecasts_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("application_id", name=op.f("pk_wait_forecasts")),
    )
    op.create_table(
        "what_if_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("base_policy_version_id", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["base_policy_version_id"],
            ["policy_versions.id"],
            name=op.f("fk_what_if_runs_base_policy_version_id_policy_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["users.id"], name=op.f("fk_what_if_runs_started_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_what_if_runs")),
    )


def downgrade():
    op.drop_table("what_if_runs")
    op.drop_table("wait_forecasts")
