"""Sessions that logout ends; an outbox that claims mail; one live application a person

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 12:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.add_column(sa.Column("claimed_until", sa.DateTime(timezone=True)))
        batch_op.add_column(sa.Column("dead_at", sa.DateTime(timezone=True)))
    live = "status IN ('draft', 'submitted', 'verified', 'waiting', 'offered', 'housed')"
    op.create_index(
        "uq_applications_one_live",
        "applications",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text(live),
        postgresql_where=sa.text(live),
    )


def downgrade():
    op.drop_index("uq_applications_one_live", table_name="applications")
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.drop_column("dead_at")
        batch_op.drop_column("claimed_until")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("session_version")
