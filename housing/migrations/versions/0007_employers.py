"""employers: the HR role, invitations, employment answers, recommendations, reminders

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 15:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

OLD_ROLES = ("applicant", "officer", "landlord", "admin")
NEW_ROLES = (*OLD_ROLES, "employer")


def _check(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=32)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_users_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_users_role"), _check("role", NEW_ROLES))
        batch_op.add_column(sa.Column("employer_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_users_employer_id_employers"), "employers", ["employer_id"], ["id"]
        )
        batch_op.create_index(batch_op.f("ix_users_employer_id"), ["employer_id"], unique=False)

    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("benefit", sa.String(length=16), nullable=True))

    with op.batch_alter_table("policy_versions", schema=None) as batch_op:
        for name, default in (
            ("recommendation_points", "60"),
            ("recommendation_quota_key_industry", "20"),
            ("recommendation_quota_other", "5"),
        ):
            batch_op.add_column(
                sa.Column(name, sa.Integer(), server_default=default, nullable=False)
            )

    op.create_table(
        "employer_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        _fk("employer_invitations", "created_by_id", "users"),
        _fk("employer_invitations", "employer_id", "employers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_employer_invitations_token_hash")),
    )
    with op.batch_alter_table("employer_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employer_invitations_employer_id"), ["employer_id"], unique=False
        )

    op.create_table(
        "employments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("status", _enum("employmentstatus", "confirmed", "denied", "left"), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("left_reported_by_id", sa.Integer(), nullable=True),
        sa.Column("left_reported_at", sa.DateTime(timezone=True), nullable=True),
        _fk("employments", "answered_by_id", "users"),
        _fk("employments", "application_id", "applications"),
        _fk("employments", "employer_id", "employers"),
        _fk("employments", "left_reported_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employments")),
        sa.UniqueConstraint(
            "application_id", "employer_id", name=op.f("uq_employments_application_id_employer_id")
        ),
    )
    with op.batch_alter_table("employments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employments_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_employments_employer_id"), ["employer_id"], unique=False)

    op.create_table(
        "recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("benefit", _enum("benefit", "apartment", "subsidy"), nullable=False),
        sa.Column("status", _enum("recommendationstatus", "active", "withdrawn"), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_by_id", sa.Integer(), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        _fk("recommendations", "application_id", "applications"),
        _fk("recommendations", "created_by_id", "users"),
        _fk("recommendations", "employer_id", "employers"),
        _fk("recommendations", "withdrawn_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendations")),
    )
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recommendations_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            "ix_recommendations_employer_id_year", ["employer_id", "year"], unique=False
        )
    op.create_index(
        "uq_recommendations_one_active",
        "recommendations",
        ["application_id"],
        unique=True,
        sqlite_where=sa.text("status = 'active'"),
        postgresql_where=sa.text("status = 'active'"),
    )

    op.create_table(
        "employer_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employer_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("confirmed_by_id", sa.Integer(), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        _fk("employer_reminders", "confirmed_by_id", "users"),
        _fk("employer_reminders", "employer_id", "employers"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employer_reminders")),
        sa.UniqueConstraint(
            "employer_id", "month", name=op.f("uq_employer_reminders_employer_id_month")
        ),
    )
    with op.batch_alter_table("employer_reminders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_employer_reminders_employer_id"), ["employer_id"], unique=False
        )


def downgrade():
    op.drop_table("employer_reminders")
    op.drop_index("uq_recommendations_one_active", table_name="recommendations")
    op.drop_table("recommendations")
    op.drop_table("employments")
    op.drop_table("employer_invitations")
    with op.batch_alter_table("policy_versions", schema=None) as batch_op:
        batch_op.drop_column("recommendation_quota_other")
        batch_op.drop_column("recommendation_quota_key_industry")
        batch_op.drop_column("recommendation_points")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_column("benefit")
    op.execute("DELETE FROM api_tokens WHERE user_id IN (SELECT id FROM users WHERE role = 'employer')")
    op.execute("DELETE FROM users WHERE role = 'employer'")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_employer_id"))
        batch_op.drop_constraint(op.f("fk_users_employer_id_employers"), type_="foreignkey")
        batch_op.drop_column("employer_id")
        batch_op.drop_constraint(op.f("ck_users_role"), type_="check")
        batch_op.create_check_constraint(op.f("ck_users_role"), _check("role", OLD_ROLES))
