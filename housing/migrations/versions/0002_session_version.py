"""Hardening: sessions, login attempts, mail claims, one live application, request ids

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
        batch_op.drop_column("failed_logins")
        batch_op.drop_column("locked_until")
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_attempts")),
    )
    op.create_index(
        "ix_login_attempts_account_address", "login_attempts", ["account", "address", "at"]
    )
    op.create_index(op.f("ix_login_attempts_address"), "login_attempts", ["address"])
    op.create_index(op.f("ix_login_attempts_at"), "login_attempts", ["at"])
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.add_column(sa.Column("request_id", sa.String(length=64)))
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
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.drop_column("request_id")
    op.drop_table("login_attempts")
    with op.batch_alter_table("outbox_mails") as batch_op:
        batch_op.drop_column("dead_at")
        batch_op.drop_column("claimed_until")
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("session_version")
        batch_op.add_column(
            sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("locked_until", sa.DateTime(timezone=True)))
