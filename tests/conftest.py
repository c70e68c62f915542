"""Shared fixtures: an app whose schema is built by the migrations, on SQLite or PostgreSQL.

TEST_DATABASE_URL picks the database (CI's second pass points it at PostgreSQL); by default
each test session gets a fresh SQLite file.
"""

import os

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from config import TestingConfig


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    from flask_migrate import downgrade, upgrade

    from housing import create_app
    from housing.extensions import db

    class Config(TestingConfig):
        SQLALCHEMY_DATABASE_URI = _database_url(tmp_path_factory)
        UPLOAD_FOLDER = str(tmp_path_factory.mktemp("uploads"))
        MAIL_FOLDER = str(tmp_path_factory.mktemp("mail"))

    app = create_app(Config)
    with app.app_context():
        # A database left over from an interrupted run starts from nothing.
        leftover = sa.MetaData()
        leftover.reflect(db.engine)
        leftover.drop_all(db.engine)
        upgrade()
    yield app
    with app.app_context():
        downgrade(revision="base")
        db.engine.dispose()


@pytest.fixture
def db(app):
    """A clean database for each test: every table emptied, the schema kept."""
    from housing.extensions import db as _db

    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        tables = _db.metadata.sorted_tables
        with _db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(t.name for t in tables)
                conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
            else:
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                for table in reversed(tables):
                    conn.execute(table.delete())
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")


class FreshContextClient(FlaskClient):
    """Each request gets its own app context, as in production.

    Without this the test's own context would be reused and `g` (the logged-in user, the
    locale) would leak from one request into the next.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app, db):
    app.test_client_class = FreshContextClient
    return app.test_client()
