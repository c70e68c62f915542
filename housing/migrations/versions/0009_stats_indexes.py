"""stats: an index that answers the queue by category from the index alone

The dashboards and the public statistics count the queue by talent category on every
view; (status, category) lets both databases count it without reading the rows.

Revision ID: 0009
Revises: 0006
Create Date: 2026-11-28 15:30:00

"""

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index(
        "ix_applications_status_category", "applications", ["status", "category"], unique=False
    )


def downgrade():
    op.drop_index("ix_applications_status_category", table_name="applications")
