"""Identity documents other than the resident ID; password-reset requests

Revision ID: 0008
Revises: 0006
Create Date: 2026-11-28 15:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

ID_TYPES = ("resident_id", "passport", "foreign_permanent_resident", "hk_macao_taiwan_residence")


def _id_type() -> sa.Column:
    # Every number stored so far is a resident ID number: that is the default.
    return sa.Column(
        "id_type",
        sa.Enum(*ID_TYPES, name="idtype", native_enum=False, create_constraint=True, length=32),
        server_default="resident_id",
        nullable=False,
    )


def upgrade():
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(_id_type())
    with op.batch_alter_table("household_members") as batch_op:
        batch_op.add_column(_id_type())
    op.create_table(
        "password_resets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=45), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_password_resets_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_password_resets_token_hash")),
    )
    with op.batch_alter_table("password_resets") as batch_op:
        batch_op.create_index(batch_op.f("ix_password_resets_account"), ["account"])
        batch_op.create_index(batch_op.f("ix_password_resets_address"), ["address"])
        batch_op.create_index(batch_op.f("ix_password_resets_requested_at"), ["requested_at"])
        batch_op.create_index(batch_op.f("ix_password_resets_user_id"), ["user_id"])


def downgrade():
    op.drop_table("password_resets")
    for table in ("household_members", "users"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_constraint(op.f(f"ck_{table}_idtype"), type_="check")
            batch_op.drop_column("id_type")
