"""The Flask application: create_app() builds it from small _configure_* helpers."""

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: object | str | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
    )
    _configure_settings(app, config)
    _configure_extensions(app)
    _configure_blueprints(app)
    _configure_errors(app)
    _configure_templates(app)
    _configure_cli(app)
    return app


def _configure_settings(app: Flask, config: object | str | None) -> None:
    """Fail closed: with no HOUSING_ENV the app is production and needs real secrets."""
    from config import CONFIGS, ProductionConfig

    if config is None:
        config = os.environ.get("HOUSING_ENV", "production")
    if isinstance(config, str):
        if config not in CONFIGS:
            raise RuntimeError(f"HOUSING_ENV must be one of {', '.join(CONFIGS)}, not {config!r}")
        config = CONFIGS[config]
    app.config.from_object(config)
    if config is not CONFIGS["testing"] and not getattr(config, "TESTING", False):
        app.config.from_pyfile("config.py", silent=True)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["ENV_NAME"] == "development":
        _development_secrets(app)
    if app.config["ENV_NAME"] == "production":
        ProductionConfig.check(app.config)
    if hops := app.config["PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        db_path = Path(app.instance_path) / "housing.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{db_path}"
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = str(Path(app.instance_path) / "uploads")
    if not app.config.get("MAIL_FOLDER"):
        app.config["MAIL_FOLDER"] = str(Path(app.instance_path) / "mail")


def _development_secrets(app: Flask) -> None:
    """Random keys made once per checkout and kept in instance/, so no key is ever published.

    They persist because the demo's ID-number hashes and open sessions must survive a restart.
    """
    import json
    import secrets

    path = Path(app.instance_path) / "development-secrets.json"
    if path.exists():
        saved = json.loads(path.read_text())
    else:
        saved = {name: secrets.token_hex(32) for name in ("SECRET_KEY", "ID_HASH_KEY")}
        path.touch(mode=0o600)
        path.write_text(json.dumps(saved))
    for name, value in saved.items():
        if not app.config.get(name):
            app.config[name] = value


def _configure_extensions(app: Flask) -> None:
    from housing.auth.session import configure_login
    from housing.extensions import babel, csrf, db, migrate
    from housing.i18n import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_translation_directories=str(Path(__file__).parent / "translations"),
    )
    configure_login(app)
    _configure_sqlite(app)


def _configure_sqlite(app: Flask) -> None:
    """SQLite ignores foreign keys unless asked, and the rules rely on them."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return

    @event.listens_for(Engine, "connect")
    def _pragmas(dbapi_connection, _record):  # pragma: no cover - driver hook
        if type(dbapi_connection).__module__.startswith("sqlite3"):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()


def _configure_blueprints(app: Flask) -> None:
    from housing.api import bp as api_bp
    from housing.applicants.views import bp as applicants_bp
    from housing.auth.views import bp as auth_bp
    from housing.employers.views import bp as employers_bp
    from housing.extensions import csrf
    from housing.landlords.views import bp as landlords_bp
    from housing.main import bp as main_bp
    from housing.money.views import bp as money_bp
    from housing.officers.blueprint import bp as officers_bp
    from housing.parsing import IdConverter
    from housing.places.views import bp as places_bp
    from housing.rounds.views import bp as rounds_bp
    from housing.stats import bp as stats_bp
    from housing.tenancies.views import bp as tenancies_bp

    app.url_map.converters["int"] = IdConverter
    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(applicants_bp)
    app.register_blueprint(landlords_bp)
    app.register_blueprint(officers_bp)
    app.register_blueprint(rounds_bp)
    app.register_blueprint(tenancies_bp)
    app.register_blueprint(money_bp)
    app.register_blueprint(employers_bp)
    app.register_blueprint(places_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(stats_bp)
    csrf.exempt(api_bp)


def _configure_errors(app: Flask) -> None:
    from housing.errors import register_error_handlers
    from housing.headers import configure_security_headers
    from housing.logs import configure_logging

    register_error_handlers(app)
    configure_security_headers(app)
    configure_logging(app)


def _configure_templates(app: Flask) -> None:
    from housing import navigation
    from housing.forms import install_form_translations
    from housing.i18n import LABEL_GLOBALS, template_globals

    install_form_translations()

    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.globals.update(LABEL_GLOBALS)
    app.jinja_env.globals.update(navigation.template_globals())
    app.context_processor(template_globals)


def _configure_cli(app: Flask) -> None:
    from housing.cli import housing_cli

    app.cli.add_command(housing_cli)
