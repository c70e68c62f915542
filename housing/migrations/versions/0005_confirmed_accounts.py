"""Self-registered accounts open once the e-mail is confirmed

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28 13:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
    # Every account that exists today was opened under the old rules: none awaits activation.
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column(
                "awaiting_activation", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )


def downgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("awaiting_activation")
