"""Settings for every environment; the deployment's own values live in instance/config.py."""

import os
from datetime import timedelta
from typing import ClassVar


class Config:
    #: Signs sessions, CSRF tokens and invitation links. Must be set in production.
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-not-secret")
    #: Keys the hash of ID-card numbers, so a leaked table cannot be reversed by brute force.
    ID_HASH_KEY = os.environ.get("ID_HASH_KEY", "dev-only-id-hash-key")
    #: SQLite in instance/ by default; PostgreSQL in production through DATABASE_URL.
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    #: Recycle pooled connections so a restarted PostgreSQL does not break workers.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict] = {"pool_pre_ping": True}
    #: Simplified Chinese first; English as the second language.
    LANGUAGES = ("zh", "en")
    BABEL_DEFAULT_LOCALE = "zh"
    #: Times are stored in UTC and shown in Shanghai time.
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    #: Where translation catalogues live (compiled by the build).
    BABEL_TRANSLATION_DIRECTORIES = "translations"
    #: CSRF on every page form; the JSON API authenticates by bearer token instead.
    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = 8 * 3600
    #: Session cookie hardening.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    #: Failed logins in a row that lock an account, and for how long.
    LOGIN_MAX_FAILURES = 10
    LOGIN_LOCK_MINUTES = 15
    #: Lifetime of an API bearer token.
    API_TOKEN_HOURS = 24
    #: Default and maximum page size of API lists.
    API_PER_PAGE = 50
    API_MAX_PER_PAGE = 200
    #: Uploaded documents (stored under the instance folder) and their size limit.
    UPLOAD_FOLDER = None  # defaults to <instance>/uploads
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    #: Outgoing mail: empty host means "write .eml files to <instance>/mail".
    MAIL_HOST = os.environ.get("MAIL_HOST", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "noreply@rcgy.changning.example")
    #: The scheduler is started only by `flask housing scheduler`, never by web workers.
    SCHEDULER_TIMEZONE = "Asia/Shanghai"
    #: The monthly preview runs on this day of the month at this hour (Shanghai time).
    ROUND_DAY = 1
    ROUND_HOUR = 9
    #: Compute previews inside the request instead of a worker thread (tests, scripts).
    ROUNDS_INLINE = False
    #: A job lock older than this (a crashed run) is taken over by the next run.
    JOB_LOCK_TIMEOUT_MINUTES = 30


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    #: Tests read the database from TEST_DATABASE_URL (PostgreSQL in CI's second pass).
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    #: Fewer hashing rounds keep the suite fast; production keeps werkzeug's default.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    ROUNDS_INLINE = True
    SERVER_NAME = None


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True

    @classmethod
    def check(cls) -> None:
        """Refuse to start with development secrets: they would sign real sessions."""
        for name in ("SECRET_KEY", "ID_HASH_KEY", "DATABASE_URL"):
            if not os.environ.get(name):
                raise RuntimeError(f"{name} must be set in production")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
