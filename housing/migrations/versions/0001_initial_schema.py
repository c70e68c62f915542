"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-27 10:00:23.584541

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "employers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=True),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.Column("industry", sa.String(length=64), nullable=False),
        sa.Column("key_industry", sa.Boolean(), nullable=False),
        sa.Column("hub", sa.String(length=64), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("registered_in_district", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_employers")),
        sa.UniqueConstraint("code", name=op.f("uq_employers_code")),
        sa.UniqueConstraint("credit_code", name=op.f("uq_employers_credit_code")),
    )
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_employers_name"), ["name"], unique=False)

    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(length=64), nullable=False),
        sa.Column("period", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_runs")),
        sa.UniqueConstraint("job", "period", name=op.f("uq_job_runs_job_period")),
    )
    op.create_table(
        "landlords",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "district_soe",
                "private_firm",
                name="landlordkind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.Column("contact_name", sa.String(length=100), nullable=True),
        sa.Column("contact_phone", sa.String(length=30), nullable=True),
        sa.Column("contact_email", sa.String(length=254), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_landlords")),
        sa.UniqueConstraint("credit_code", name=op.f("uq_landlords_credit_code")),
        sa.UniqueConstraint("name", name=op.f("uq_landlords_name")),
    )
    op.create_table(
        "outbox_mails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("to", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_mails")),
    )
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_mails_sent_at"), ["sent_at"], unique=False)

    op.create_table(
        "buildings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("landlord_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column(
            "street",
            sa.Enum(
                "huayang",
                "jiangsu",
                "xinhua",
                "zhoujiaqiao",
                "tianshan",
                "xianxia",
                "hongqiao",
                "chengjiaqiao",
                "beixinjing",
                "xinjing",
                name="street",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("lat", sa.Double(), nullable=False),
        sa.Column("lon", sa.Double(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["landlord_id"], ["landlords.id"], name=op.f("fk_buildings_landlord_id_landlords")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_buildings")),
        sa.UniqueConstraint("landlord_id", "name", name=op.f("uq_buildings_landlord_id_name")),
    )
    with op.batch_alter_table("buildings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_buildings_landlord_id"), ["landlord_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_buildings_street"), ["street"], unique=False)

    op.create_table(
        "incentive_statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("landlord_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("unit_months", sa.Integer(), nullable=False),
        sa.Column("rate", sa.Integer(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["landlord_id"],
            ["landlords.id"],
            name=op.f("fk_incentive_statements_landlord_id_landlords"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incentive_statements")),
        sa.UniqueConstraint(
            "landlord_id", "month", name=op.f("uq_incentive_statements_landlord_id_month")
        ),
    )
    with op.batch_alter_table("incentive_statements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_incentive_statements_landlord_id"), ["landlord_id"], unique=False
        )

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=256), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "applicant",
                "officer",
                "landlord",
                "admin",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("id_number_hash", sa.String(length=64), nullable=True),
        sa.Column("id_number_masked", sa.String(length=32), nullable=True),
        sa.Column("landlord_id", sa.Integer(), nullable=True),
        sa.Column("locale", sa.String(length=8), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["landlord_id"], ["landlords.id"], name=op.f("fk_users_landlord_id_landlords")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
        sa.UniqueConstraint("id_number_hash", name=op.f("uq_users_id_number_hash")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_users_landlord_id"), ["landlord_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_users_role"), ["role"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_tokens_user_id"), ["user_id"], unique=False)

    op.create_table(
        "applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "verified",
                "rejected",
                "waiting",
                "offered",
                "housed",
                "exited",
                "withdrawn",
                name="applicationstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "category",
            sa.Enum(
                "leading",
                "high_level",
                "key_industry",
                "overseas",
                "skilled",
                "young",
                "social_governance",
                name="category",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "degree",
            sa.Enum(
                "none",
                "bachelor",
                "master",
                "phd",
                name="degree",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("employer_id", sa.Integer(), nullable=True),
        sa.Column("returnee", sa.Boolean(), nullable=False),
        sa.Column("returned_on", sa.Date(), nullable=True),
        sa.Column("workplace_address", sa.String(length=300), nullable=True),
        sa.Column("workplace_lat", sa.Double(), nullable=True),
        sa.Column("workplace_lon", sa.Double(), nullable=True),
        sa.Column("household_size", sa.Integer(), nullable=False),
        sa.Column("has_children", sa.Boolean(), nullable=False),
        sa.Column("layouts", sa.JSON(), nullable=False),
        sa.Column("max_commute_min", sa.Integer(), nullable=False),
        sa.Column("max_rent", sa.Integer(), nullable=True),
        sa.Column("needs_accessible", sa.Boolean(), nullable=False),
        sa.Column("owns_housing_in_shanghai", sa.Boolean(), nullable=False),
        sa.Column("owned_area_per_person_m2", sa.Double(), nullable=True),
        sa.Column("other_housing_benefit", sa.Boolean(), nullable=False),
        sa.Column("social_insurance_in_shanghai", sa.Boolean(), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("wizard_step", sa.String(length=32), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("verified_by_id", sa.Integer(), nullable=True),
        sa.Column("decision_reason", sa.Text(), nullable=True),
        sa.Column("waiting_since", sa.Date(), nullable=True),
        sa.Column("declines_in_row", sa.Integer(), nullable=False),
        sa.Column("declines_total", sa.Integer(), nullable=False),
        sa.Column("priority", sa.Double(), nullable=True),
        sa.Column("duplicate_of_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "household_size BETWEEN 1 AND 8", name=op.f("ck_applications_household_size")
        ),
        sa.ForeignKeyConstraint(
            ["duplicate_of_id"],
            ["applications.id"],
            name=op.f("fk_applications_duplicate_of_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["employer_id"], ["employers.id"], name=op.f("fk_applications_employer_id_employers")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_applications_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["verified_by_id"], ["users.id"], name=op.f("fk_applications_verified_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_applications")),
    )
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applications_employer_id"), ["employer_id"], unique=False
        )
        batch_op.create_index("ix_applications_queue", ["status", "priority"], unique=False)
        batch_op.create_index(batch_op.f("ix_applications_user_id"), ["user_id"], unique=False)

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("object_type", sa.String(length=32), nullable=True),
        sa.Column("object_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_audit_events_actor_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_events_at"), ["at"], unique=False)

    op.create_table(
        "landlord_invitations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("landlord_id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_landlord_invitations_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["landlord_id"],
            ["landlords.id"],
            name=op.f("fk_landlord_invitations_landlord_id_landlords"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_landlord_invitations")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_landlord_invitations_token_hash")),
    )
    with op.batch_alter_table("landlord_invitations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_landlord_invitations_landlord_id"), ["landlord_id"], unique=False
        )

    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notifications_user_id"), ["user_id"], unique=False)

    op.create_table(
        "policy_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("effective_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("category_points", sa.JSON(), nullable=False),
        sa.Column("points_per_month", sa.Integer(), nullable=False),
        sa.Column("key_industry_bonus", sa.Integer(), nullable=False),
        sa.Column("children_bonus", sa.Integer(), nullable=False),
        sa.Column("decline_penalty", sa.Integer(), nullable=False),
        sa.Column("max_owned_area_per_person_m2", sa.Integer(), nullable=False),
        sa.Column("returnee_window_days", sa.Integer(), nullable=False),
        sa.Column("offer_days", sa.Integer(), nullable=False),
        sa.Column("declines_to_back_of_queue", sa.Integer(), nullable=False),
        sa.Column("notice_days", sa.Integer(), nullable=False),
        sa.Column("lease_min_years", sa.Integer(), nullable=False),
        sa.Column("lease_max_years", sa.Integer(), nullable=False),
        sa.Column("lease_total_max_years", sa.Integer(), nullable=False),
        sa.Column("rent_cap_pct_of_market", sa.Integer(), nullable=False),
        sa.Column("rent_raise_cap_pct", sa.Integer(), nullable=False),
        sa.Column("exit_grace_months", sa.Integer(), nullable=False),
        sa.Column("subsidy_by_degree", sa.JSON(), nullable=False),
        sa.Column("subsidy_max_months", sa.Integer(), nullable=False),
        sa.Column("incentive_per_unit_month", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_policy_versions_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_versions")),
        sa.UniqueConstraint("version", name=op.f("uq_policy_versions_version")),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("landlord_id", sa.Integer(), nullable=False),
        sa.Column("building_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column(
            "layout",
            sa.Enum(
                "studio",
                "1BR",
                "2BR",
                "3BR",
                name="layout",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("bedrooms", sa.Integer(), nullable=False),
        sa.Column("area_m2", sa.Double(), nullable=False),
        sa.Column("max_occupants", sa.Integer(), nullable=False),
        sa.Column("floor", sa.Integer(), nullable=True),
        sa.Column("rent", sa.Integer(), nullable=False),
        sa.Column("market_rent", sa.Integer(), nullable=False),
        sa.Column("accessible", sa.Boolean(), nullable=False),
        sa.Column("reserved_for_employers", sa.JSON(), nullable=False),
        sa.Column("reserved_for_categories", sa.JSON(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "vacant",
                "offered",
                "occupied",
                "maintenance",
                "withdrawn",
                name="unitstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("max_occupants BETWEEN 1 AND 8", name=op.f("ck_units_occupants")),
        sa.CheckConstraint("rent * 10 <= market_rent * 9", name=op.f("ck_units_rent_cap")),
        sa.CheckConstraint("rent > 0 AND market_rent > 0", name=op.f("ck_units_positive_rent")),
        sa.ForeignKeyConstraint(
            ["building_id"], ["buildings.id"], name=op.f("fk_units_building_id_buildings")
        ),
        sa.ForeignKeyConstraint(
            ["landlord_id"], ["landlords.id"], name=op.f("fk_units_landlord_id_landlords")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("landlord_id", "code", name=op.f("uq_units_landlord_id_code")),
    )
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_units_building_id"), ["building_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_units_landlord_id"), ["landlord_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_units_status"), ["status"], unique=False)
        batch_op.create_index("ix_units_status_layout", ["status", "layout"], unique=False)

    op.create_table(
        "allocation_rounds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "preview",
                "notice",
                "offers",
                "closed",
                "cancelled",
                name="roundstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("policy_version_id", sa.Integer(), nullable=False),
        sa.Column("mechanism", sa.String(length=32), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("input_sha256", sa.String(length=64), nullable=True),
        sa.Column("metrics", sa.JSON(), nullable=False),
        sa.Column("started_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notice_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["policy_version_id"],
            ["policy_versions.id"],
            name=op.f("fk_allocation_rounds_policy_version_id_policy_versions"),
        ),
        sa.ForeignKeyConstraint(
            ["started_by_id"], ["users.id"], name=op.f("fk_allocation_rounds_started_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocation_rounds")),
    )
    with op.batch_alter_table("allocation_rounds", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocation_rounds_month"), ["month"], unique=False)

    op.create_table(
        "application_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=32), nullable=True),
        sa.Column("to_status", sa.String(length=32), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_application_events_actor_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_events_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_application_events")),
    )
    with op.batch_alter_table("application_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_application_events_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("stored_name", sa.String(length=80), nullable=False),
        sa.Column("content_type", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_documents_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("stored_name", name=op.f("uq_documents_stored_name")),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_documents_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "household_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("relation", sa.String(length=32), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("id_number_hash", sa.String(length=64), nullable=True),
        sa.Column("id_number_masked", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_household_members_application_id_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_members")),
    )
    with op.batch_alter_table("household_members", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_household_members_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_household_members_id_number_hash"), ["id_number_hash"], unique=False
        )

    op.create_table(
        "priority_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("policy_version_id", sa.Integer(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("total", sa.Double(), nullable=False),
        sa.Column("breakdown", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_priority_snapshots_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["policy_version_id"],
            ["policy_versions.id"],
            name=op.f("fk_priority_snapshots_policy_version_id_policy_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_priority_snapshots")),
    )
    with op.batch_alter_table("priority_snapshots", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_priority_snapshots_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "offers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "accepted",
                "declined",
                "expired",
                "withdrawn",
                name="offerstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deadline_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_offers_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["allocation_rounds.id"],
            name=op.f("fk_offers_round_id_allocation_rounds"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_offers_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offers")),
    )
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_offers_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_offers_round_id"), ["round_id"], unique=False)
        batch_op.create_index("ix_offers_status_deadline", ["status", "deadline_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_offers_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "round_assignments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("commute_min", sa.Double(), nullable=False),
        sa.Column("cost", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_round_assignments_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["allocation_rounds.id"],
            name=op.f("fk_round_assignments_round_id_allocation_rounds"),
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_round_assignments_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_assignments")),
        sa.UniqueConstraint(
            "round_id", "application_id", name=op.f("uq_round_assignments_round_id_application_id")
        ),
        sa.UniqueConstraint(
            "round_id", "unit_id", name=op.f("uq_round_assignments_round_id_unit_id")
        ),
    )
    with op.batch_alter_table("round_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_round_assignments_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_round_assignments_unit_id"), ["unit_id"], unique=False)

    op.create_table(
        "round_exclusions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_round_exclusions_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["round_id"],
            ["allocation_rounds.id"],
            name=op.f("fk_round_exclusions_round_id_allocation_rounds"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_exclusions")),
        sa.UniqueConstraint(
            "round_id", "application_id", name=op.f("uq_round_exclusions_round_id_application_id")
        ),
    )
    with op.batch_alter_table("round_exclusions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_round_exclusions_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "subsidy_grants",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("policy_version_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "requested",
                "approved",
                "rejected",
                "ended",
                name="grantstatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("first_month", sa.String(length=7), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("monthly_amounts", sa.JSON(), nullable=False),
        sa.Column("lease_evidence_document_id", sa.Integer(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_subsidy_grants_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_subsidy_grants_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["lease_evidence_document_id"],
            ["documents.id"],
            name=op.f("fk_subsidy_grants_lease_evidence_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["policy_version_id"],
            ["policy_versions.id"],
            name=op.f("fk_subsidy_grants_policy_version_id_policy_versions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidy_grants")),
    )
    with op.batch_alter_table("subsidy_grants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subsidy_grants_application_id"), ["application_id"], unique=False
        )

    op.create_table(
        "subsidy_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("grant_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["subsidy_grants.id"],
            name=op.f("fk_subsidy_payments_grant_id_subsidy_grants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subsidy_payments")),
        sa.UniqueConstraint("grant_id", "month", name=op.f("uq_subsidy_payments_grant_id_month")),
    )
    with op.batch_alter_table("subsidy_payments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subsidy_payments_grant_id"), ["grant_id"], unique=False
        )

    op.create_table(
        "tenancies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=True),
        sa.Column("renewed_from_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "upcoming",
                "active",
                "ending",
                "ended",
                name="tenancystatus",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("rent", sa.Integer(), nullable=False),
        sa.Column("moved_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("moved_out_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("exit_reason", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("end_date > start_date", name=op.f("ck_tenancies_dates")),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_tenancies_application_id_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["offer_id"], ["offers.id"], name=op.f("fk_tenancies_offer_id_offers")
        ),
        sa.ForeignKeyConstraint(
            ["renewed_from_id"],
            ["tenancies.id"],
            name=op.f("fk_tenancies_renewed_from_id_tenancies"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_tenancies_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tenancies")),
    )
    with op.batch_alter_table("tenancies", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tenancies_application_id"), ["application_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_tenancies_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_tenancies_unit_id"), ["unit_id"], unique=False)


def downgrade():
    with op.batch_alter_table("tenancies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tenancies_unit_id"))
        batch_op.drop_index(batch_op.f("ix_tenancies_status"))
        batch_op.drop_index(batch_op.f("ix_tenancies_application_id"))

    op.drop_table("tenancies")
    with op.batch_alter_table("subsidy_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidy_payments_grant_id"))

    op.drop_table("subsidy_payments")
    with op.batch_alter_table("subsidy_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subsidy_grants_application_id"))

    op.drop_table("subsidy_grants")
    with op.batch_alter_table("round_exclusions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_round_exclusions_application_id"))

    op.drop_table("round_exclusions")
    with op.batch_alter_table("round_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_round_assignments_unit_id"))
        batch_op.drop_index(batch_op.f("ix_round_assignments_application_id"))

    op.drop_table("round_assignments")
    with op.batch_alter_table("offers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_offers_unit_id"))
        batch_op.drop_index("ix_offers_status_deadline")
        batch_op.drop_index(batch_op.f("ix_offers_round_id"))
        batch_op.drop_index(batch_op.f("ix_offers_application_id"))

    op.drop_table("offers")
    with op.batch_alter_table("priority_snapshots", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_priority_snapshots_application_id"))

    op.drop_table("priority_snapshots")
    with op.batch_alter_table("household_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_household_members_id_number_hash"))
        batch_op.drop_index(batch_op.f("ix_household_members_application_id"))

    op.drop_table("household_members")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_documents_application_id"))

    op.drop_table("documents")
    with op.batch_alter_table("application_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_application_events_application_id"))

    op.drop_table("application_events")
    with op.batch_alter_table("allocation_rounds", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocation_rounds_month"))

    op.drop_table("allocation_rounds")
    with op.batch_alter_table("units", schema=None) as batch_op:
        batch_op.drop_index("ix_units_status_layout")
        batch_op.drop_index(batch_op.f("ix_units_status"))
        batch_op.drop_index(batch_op.f("ix_units_landlord_id"))
        batch_op.drop_index(batch_op.f("ix_units_building_id"))

    op.drop_table("units")
    op.drop_table("policy_versions")
    with op.batch_alter_table("notifications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notifications_user_id"))

    op.drop_table("notifications")
    with op.batch_alter_table("landlord_invitations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_landlord_invitations_landlord_id"))

    op.drop_table("landlord_invitations")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_at"))
        batch_op.drop_index(batch_op.f("ix_audit_events_actor_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_action"))

    op.drop_table("audit_events")
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_applications_user_id"))
        batch_op.drop_index("ix_applications_queue")
        batch_op.drop_index(batch_op.f("ix_applications_employer_id"))

    op.drop_table("applications")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_user_id"))

    op.drop_table("api_tokens")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_users_role"))
        batch_op.drop_index(batch_op.f("ix_users_landlord_id"))

    op.drop_table("users")
    with op.batch_alter_table("incentive_statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incentive_statements_landlord_id"))

    op.drop_table("incentive_statements")
    with op.batch_alter_table("buildings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_buildings_street"))
        batch_op.drop_index(batch_op.f("ix_buildings_landlord_id"))

    op.drop_table("buildings")
    with op.batch_alter_table("outbox_mails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_mails_sent_at"))

    op.drop_table("outbox_mails")
    op.drop_table("landlords")
    op.drop_table("job_runs")
    with op.batch_alter_table("employers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_employers_name"))

    op.drop_table("employers")
