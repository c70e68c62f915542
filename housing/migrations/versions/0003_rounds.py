"""rounds: running/failed previews, stored input and result, one commit a month, cascades

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 12:50:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

OLD = ("preview", "notice", "offers", "closed", "cancelled")
NEW = ("running", "failed", *OLD)


def _status_check(values: tuple[str, ...]) -> str:
    return "status IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade():
    with op.batch_alter_table("allocation_rounds", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_allocation_rounds_roundstatus"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_allocation_rounds_roundstatus"), _status_check(NEW)
        )
        batch_op.add_column(sa.Column("committed_month", sa.String(length=7), nullable=True))
        batch_op.add_column(sa.Column("stage", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("error", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("input_json", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("result_json", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("pseudonyms", sa.JSON(), nullable=True))
        batch_op.create_unique_constraint(
            op.f("uq_allocation_rounds_committed_month"), ["committed_month"]
        )

    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cascade_of_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("commute_min", sa.Double(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_offers_cascade_of_id_offers"), "offers", ["cascade_of_id"], ["id"]
        )

    op.create_table(
        "round_objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("upheld", sa.Boolean(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name="fk_round_objections_application_id_applications",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["users.id"], name="fk_round_objections_officer_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["allocation_rounds.id"],
            name="fk_round_objections_round_id_allocation_rounds",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_round_objections"),
    )
    with op.batch_alter_table("round_objections", schema=None) as batch_op:
        batch_op.create_index("ix_round_objections_round_id", ["round_id"], unique=False)


def downgrade():
    with op.batch_alter_table("round_objections", schema=None) as batch_op:
        batch_op.drop_index("ix_round_objections_round_id")
    op.drop_table("round_objections")

    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("fk_offers_cascade_of_id_offers"), type_="foreignkey")
        batch_op.drop_column("commute_min")
        batch_op.drop_column("reminded_at")
        batch_op.drop_column("cascade_of_id")

    op.execute("DELETE FROM allocation_rounds WHERE status IN ('running', 'failed')")
    with op.batch_alter_table("allocation_rounds", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_allocation_rounds_committed_month"), type_="unique")
        batch_op.drop_column("pseudonyms")
        batch_op.drop_column("result_json")
        batch_op.drop_column("input_json")
        batch_op.drop_column("finished_at")
        batch_op.drop_column("error")
        batch_op.drop_column("stage")
        batch_op.drop_column("committed_month")
        batch_op.drop_constraint(op.f("ck_allocation_rounds_roundstatus"), type_="check")
        batch_op.create_check_constraint(
            op.f("ck_allocation_rounds_roundstatus"), _status_check(OLD)
        )
