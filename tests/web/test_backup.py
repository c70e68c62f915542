"""A backup is only as good as its restore: dump the database, restore it elsewhere, compare."""

import os
import subprocess
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.web.landlord_helpers import add_building, add_unit

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def postgres(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("pg_dump backups are for PostgreSQL, production's database")
    return db.engine.url


def test_backup_restores_into_an_empty_database(postgres, db, make_user, tmp_path):
    user = make_user("landlord")
    add_unit(user, add_building(user))
    url = postgres.render_as_string(hide_password=False)
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [ROOT / "deploy/backup.sh", tmp_path], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    dump = next(tmp_path.glob("housing-*.dump"))

    target_name = f"{postgres.database}_restore"
    admin = sa.create_engine(postgres.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{target_name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{target_name}"'))
    target = postgres.set(database=target_name)
    try:
        restored = subprocess.run(
            [ROOT / "deploy/restore.sh", dump, target.render_as_string(hide_password=False)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert restored.returncode == 0, restored.stderr
        copy = sa.create_engine(target)
        with copy.connect() as connection:
            for table in ("users", "landlords", "buildings", "units", "audit_events"):
                query = sa.text(f"SELECT count(*) FROM {table}")
                assert connection.scalar(query) == db.session.scalar(query), table
            head = connection.scalar(sa.text("SELECT version_num FROM alembic_version"))
        assert head == db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
        copy.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{target_name}"'))
        admin.dispose()
