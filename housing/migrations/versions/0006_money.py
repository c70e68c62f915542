"""money: move-in and move-out days, annual reviews, monthly runs, the ledger in fen

The old yuan columns of subsidy payments and incentive statements held nothing outside
the demo (which never wrote them); they become fen columns.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 13:26:19.282561

"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "money_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "subsidy",
                "incentive",
                name="runkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("total_fen", sa.BigInteger(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_money_runs_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_money_runs")),
        sa.UniqueConstraint("kind", "month", name=op.f("uq_money_runs_kind_month")),
    )
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "subsidy",
                "incentive",
                name="entrykind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=True),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.Column("payee", sa.String(length=200), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["corrects_id"],
            ["ledger_entries.id"],
            name=op.f("fk_ledger_entries_corrects_id_ledger_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_ledger_entries_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["subsidy_grants.id"],
            name=op.f("fk_ledger_entries_grant_id_subsidy_grants"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["money_runs.id"], name=op.f("fk_ledger_entries_run_id_money_runs")
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["incentive_statements.id"],
            name=op.f("fk_ledger_entries_statement_id_incentive_statements"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
    )
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_ledger_entries_grant_id"), ["grant_id"], unique=False)
        batch_op.create_index("ix_ledger_entries_month_kind", ["month", "kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_ledger_entries_run_id"), ["run_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_ledger_entries_statement_id"), ["statement_id"], unique=False
        )

    op.create_table(
        "incentive_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("tenancy_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=False),
        sa.Column("last_day", sa.Date(), nullable=False),
        sa.Column("days", sa.Integer(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["incentive_statements.id"],
            name=op.f("fk_incentive_lines_statement_id_incentive_statements"),
        ),
        sa.ForeignKeyConstraint(
            ["tenancy_id"], ["tenancies.id"], name=op.f("fk_incentive_lines_tenancy_id_tenancies")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_incentive_lines_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incentive_lines")),
    )
    with op.batch_alter_table("incentive_lines", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incentive_lines_statement_id"), ["statement_id"], unique=False
        )

    op.create_table(
        "tenancy_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tenancy_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("at_lease_end", sa.Boolean(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "due",
                "answered",
                "escalated",
                "renewed",
                "continued",
                "refused",
                name="reviewstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("household_size", sa.Integer(), nullable=True),
        sa.Column("owns_housing_in_shanghai", sa.Boolean(), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("escalated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("renewal_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_tenancy_reviews_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"], name=op.f("fk_tenancy_reviews_employer_id_employers")
        ),
        sa.ForeignKeyConstraint(
            ["renewal_id"], ["tenancies.id"], name=op.f("fk_tenancy_reviews_renewal_id_tenancies")
        ),
        sa.ForeignKeyConstraint(
            ["tenancy_id"], ["tenancies.id"], name=op.f("fk_tenancy_reviews_tenancy_id_tenancies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancy_reviews")),
        sa.UniqueConstraint(
            "tenancy_id", "due_on", name=op.f("uq_tenancy_reviews_tenancy_id_due_on")
        ),
    )
    with op.batch_alter_table("tenancy_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tenancy_reviews_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_tenancy_reviews_tenancy_id"), ["tenancy_id"], unique=False
        )

    with op.batch_alter_table("incentive_statements", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("unit_days", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("amount_fen", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "status",
                sa.Enum(
                    "draft",
                    "approved",
                    name="statementstatus",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                nullable=False,
                server_default="draft",
            )
        )
        batch_op.add_column(sa.Column("run_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("approved_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("approved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_incentive_statements_run_id"), ["run_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_incentive_statements_run_id_money_runs"),
            "money_runs",
            ["run_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_incentive_statements_approved_by_id_users"),
            "users",
            ["approved_by_id"],
            ["id"],
        )
        batch_op.drop_column("unit_months")
        batch_op.drop_column("amount")

    with op.batch_alter_table("subsidy_grants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("months_paid", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("paid_fen", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("ends_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("end_reason", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("decision_reason", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_subsidy_grants_status"), ["status"], unique=False)

    with op.batch_alter_table("subsidy_payments", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("amount_fen", sa.BigInteger(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("days", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("run_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_subsidy_payments_run_id"), ["run_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_subsidy_payments_run_id_money_runs"), "money_runs", ["run_id"], ["id"]
        )
        batch_op.drop_column("amount")

    with op.batch_alter_table("tenancies", schema=None) as batch_op:
        batch_op.add_column(sa.Column("move_in_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("move_out_on", sa.Date(), nullable=True))

    # The defaults above only fill rows that existed before; the models carry none.
    for table, columns in {
        "incentive_statements": ("unit_days", "amount_fen", "status"),
        "subsidy_grants": ("months_paid", "paid_fen"),
        "subsidy_payments": ("amount_fen", "days"),
    }.items():
        with op.batch_alter_table(table, schema=None) as batch_op:
            for column in columns:
                batch_op.alter_column(column, server_default=None)


def downgrade():
    with op.batch_alter_table("tenancies", schema=None) as batch_op:
        batch_op.drop_column("move_out_on")
        batch_op.drop_column("move_in_on")

    with op.batch_alter_table("subsidy_payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amount", sa.INTEGER(), nullable=False, server_default="0"))
        batch_op.drop_constraint(
            batch_op.f("fk_subsidy_payments_run_id_money_runs"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_subsidy_payments_run_id"))
        batch_op.drop_column("run_id")
        batch_op.drop_column("days")
        batch_op.drop_column("amount_fen")

    with op.batch_alter_table("subsidy_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidy_grants_status"))
        batch_op.drop_column("decision_reason")
        batch_op.drop_column("decided_at")
        batch_op.drop_column("end_reason")
        batch_op.drop_column("ends_on")
        batch_op.drop_column("paid_fen")
        batch_op.drop_column("months_paid")

    with op.batch_alter_table("incentive_statements", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amount", sa.INTEGER(), nullable=False, server_default="0"))
        batch_op.add_column(
            sa.Column("unit_months", sa.INTEGER(), nullable=False, server_default="0")
        )
        batch_op.drop_constraint(
            batch_op.f("fk_incentive_statements_approved_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_incentive_statements_run_id_money_runs"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_incentive_statements_run_id"))
        batch_op.drop_column("approved_at")
        batch_op.drop_column("approved_by_id")
        batch_op.drop_column("run_id")
        batch_op.drop_constraint(op.f("ck_incentive_statements_statementstatus"), type_="check")
        batch_op.drop_column("status")
        batch_op.drop_column("amount_fen")
        batch_op.drop_column("unit_days")

    with op.batch_alter_table("tenancy_reviews", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tenancy_reviews_tenancy_id"))
        batch_op.drop_index(batch_op.f("ix_tenancy_reviews_status"))

    op.drop_table("tenancy_reviews")
    with op.batch_alter_table("incentive_lines", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incentive_lines_statement_id"))

    op.drop_table("incentive_lines")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ledger_entries_statement_id"))
        batch_op.drop_index(batch_op.f("ix_ledger_entries_run_id"))
        batch_op.drop_index("ix_ledger_entries_month_kind")
        batch_op.drop_index(batch_op.f("ix_ledger_entries_grant_id"))

    op.drop_table("ledger_entries")
    op.drop_table("money_runs")
