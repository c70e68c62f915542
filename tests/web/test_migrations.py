"""The migrations are the schema: they go down and up and build what the models say."""

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade


def test_migrations_downgrade_and_upgrade(app, db):
    downgrade(revision="base")
    inspector = sa.inspect(db.engine)
    assert "units" not in inspector.get_table_names()
    upgrade()
    assert "units" in sa.inspect(db.engine).get_table_names()


def test_models_and_migrations_agree(app, db):
    """What `flask db migrate` would write now: nothing, on this database."""
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "compare_server_default": True}
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == []
