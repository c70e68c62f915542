"""Settings for every environment; the deployment's own values live in instance/config.py."""

import os
import secrets
from datetime import timedelta
from typing import ClassVar


class Config:
    #: Which configuration this is; the demo seed runs only in development and tests.
    ENV_NAME = "production"
    #: Signs sessions, CSRF tokens and invitation links. No default: development makes its own
    #: (see housing/__init__.py), production refuses to start without one.
    SECRET_KEY = os.environ.get("SECRET_KEY")
    #: Keys the hash of ID-card numbers, so a leaked table cannot be reversed by brute force.
    ID_HASH_KEY = os.environ.get("ID_HASH_KEY")
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
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    #: How long "keep me logged in" lasts; the server refuses older logins too (auth/session.py).
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    #: Login attempts within a rolling window: per account and address, then per address
    #: over all accounts (housing/auth/throttle.py). Past either, that address waits.
    LOGIN_WINDOW_MINUTES = 15
    LOGIN_MAX_FAILURES = 10
    LOGIN_ADDRESS_FAILURES = 50
    #: Password-reset links (housing/auth/passwords.py): how long one works, and how many may
    #: be asked for per e-mail (as typed) and per address within a rolling hour.
    PASSWORD_RESET_MINUTES = 60
    PASSWORD_RESET_PER_ACCOUNT = 3
    PASSWORD_RESET_PER_ADDRESS = 20
    #: Proxies in front of the app whose X-Forwarded-For/-Proto to believe (nginx: 1). Without
    #: it every client would share the proxy's address, and the login limits would be one.
    PROXY_HOPS = 0
    #: Lifetime of an API bearer token.
    API_TOKEN_HOURS = 24
    #: Default and maximum page size of API lists.
    API_PER_PAGE = 50
    API_MAX_PER_PAGE = 200
    #: Uploaded documents (stored under the instance folder) and their size limit.
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER")  # defaults to <instance>/uploads
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    #: Outgoing mail: empty host means "write .eml files to <instance>/mail".
    MAIL_HOST = os.environ.get("MAIL_HOST", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "noreply@rcgy.changning.example")
    #: Without MAIL_HOST, mail is written here as .eml files (default <instance>/mail).
    MAIL_FOLDER = os.environ.get("MAIL_FOLDER")
    #: Logs as JSON lines (production) or Flask's plain text (development and tests).
    LOG_JSON = False
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
    #: The scheduler is started only by `flask housing scheduler`, never by web workers.
    SCHEDULER_TIMEZONE = "Asia/Shanghai"
    #: The monthly preview runs on this day of the month at this hour (Shanghai time).
    ROUND_DAY = 1
    ROUND_HOUR = 9
    #: Compute previews inside the request instead of a worker thread (tests, scripts).
    ROUNDS_INLINE = False
    #: A job lock older than this (a crashed run) is taken over by the next run.
    JOB_LOCK_TIMEOUT_MINUTES = 30
    #: The place picker's map background (docs/places.md): a Leaflet tile URL template, e.g.
    #: "https://t{s}.example.cn/{z}/{x}/{y}.png", its {s} subdomains ("01234567") and the
    #: attribution to show. Empty: no tiles, the bundled metro lines are drawn instead.
    #: The CSP's img-src allows exactly these hosts.
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "")
    MAP_TILE_SUBDOMAINS = os.environ.get("MAP_TILE_SUBDOMAINS", "")
    MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "")
    #: An optional label layer drawn over the tiles (same subdomains).
    MAP_LABEL_URL = os.environ.get("MAP_LABEL_URL", "")
    #: Tianditu (天地图) key: turns on its geocoder for the picker's search, and (below) its tiles.
    TIANDITU_KEY = os.environ.get("TIANDITU_KEY", "")
    #: With a Tianditu key and no MAP_TILE_URL, use Tianditu's vector map and labels.
    MAP_TILES_FROM_TIANDITU = True
    #: Seconds to wait for the geocoder before falling back to the offline gazetteer.
    GEOCODER_TIMEOUT = float(os.environ.get("GEOCODER_TIMEOUT", "3"))
    #: The dashboards' and public statistics' figures are reused for this long (per worker):
    #: the public page is open to anyone, and no figure on it needs to be newer. 0: never.
    STATS_CACHE_SECONDS = 60


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = True


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    #: A fresh signing key per test run; the ID hash key only has to be stable within it.
    SECRET_KEY = secrets.token_hex(32)
    ID_HASH_KEY = "testing-only-id-hash-key"
    #: Tests read the database from TEST_DATABASE_URL (PostgreSQL in CI's second pass).
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    #: Fewer hashing rounds keep the suite fast; production keeps werkzeug's default.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    ROUNDS_INLINE = True
    SERVER_NAME = None
    #: Tests never reach an outside map service.
    MAP_TILE_URL = ""
    MAP_LABEL_URL = ""
    TIANDITU_KEY = ""
    #: Tests compare the figures with the rows they just wrote.
    STATS_CACHE_SECONDS = 0


class ProductionConfig(Config):
    LOG_JSON = True
    PROXY_HOPS = int(os.environ.get("PROXY_HOPS", "1"))
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    #: Sent as Strict-Transport-Security; production is served over HTTPS only.
    HSTS_SECONDS = 365 * 24 * 3600

    #: Secrets shorter than this are refused: they could be guessed.
    MIN_SECRET_LENGTH = 32

    @classmethod
    def check(cls, settings: dict) -> None:
        """Refuse to start with missing or weak secrets: they would sign real sessions."""
        for name in ("SECRET_KEY", "ID_HASH_KEY"):
            value = settings.get(name) or ""
            if len(value) < cls.MIN_SECRET_LENGTH:
                raise RuntimeError(
                    f"{name} must be set to a random value of at least "
                    f"{cls.MIN_SECRET_LENGTH} characters in production"
                )
        if not settings.get("SQLALCHEMY_DATABASE_URI"):
            raise RuntimeError("DATABASE_URL must be set in production")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}
