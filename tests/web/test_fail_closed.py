"""Fail closed: without a configuration the app is production, and production wants secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SECRET = "x" * 40


def _run(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"HOUSING_ENV", "SECRET_KEY",
             "ID_HASH_KEY", "DATABASE_URL"}}  # fmt: skip
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_no_environment_means_production_and_refuses_without_secrets(tmp_path):
    result = _run("from housing import create_app; create_app()", tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_a_short_secret(tmp_path):
    result = _run(
        "from housing import create_app; create_app()",
        tmp_path,
        SECRET_KEY="dev-only-not-secret",
        ID_HASH_KEY=SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite'}",
    )
    assert result.returncode != 0 and "at least 32 characters" in result.stderr


def test_production_starts_with_real_secrets_but_will_not_seed_the_demo(tmp_path):
    code = (
        "from housing import create_app\n"
        "app = create_app()\n"
        "assert not app.debug and app.config['SESSION_COOKIE_SECURE']\n"
        "assert app.config['REMEMBER_COOKIE_SECURE']\n"
        "result = app.test_cli_runner().invoke(args=['housing', 'seed-demo'])\n"
        "print(result.exit_code, result.output)\n"
    )
    result = _run(
        code,
        tmp_path,
        SECRET_KEY=SECRET,
        ID_HASH_KEY=SECRET,
        DATABASE_URL=f"sqlite:///{tmp_path / 'p.sqlite'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("2 ") and "only in development" in result.stdout


def test_development_makes_its_own_secrets_and_keeps_them(app):
    from config import DevelopmentConfig
    from housing import create_app

    class Dev(DevelopmentConfig):
        SECRET_KEY = None
        ID_HASH_KEY = None

    first, second = create_app(Dev), create_app(Dev)
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert first.config["ID_HASH_KEY"] != first.config["SECRET_KEY"]
    secrets_file = Path(first.instance_path) / "development-secrets.json"
    assert secrets_file.stat().st_mode & 0o077 == 0  # readable by its owner only
