"""Personal data kept only as long as the policy says

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 13:35:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("policy_versions") as batch_op:
        batch_op.add_column(
            sa.Column("retention_months", sa.Integer(), server_default="24", nullable=False)
        )
    with op.batch_alter_table("applications") as batch_op:
        batch_op.add_column(sa.Column("purged_at", sa.DateTime(timezone=True)))


def downgrade():
    with op.batch_alter_table("applications") as batch_op:
        batch_op.drop_column("purged_at")
    with op.batch_alter_table("policy_versions") as batch_op:
        batch_op.drop_column("retention_months")
