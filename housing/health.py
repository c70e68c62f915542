"""Is this instance fit to serve? One set of checks for `flask housing check` and /readyz."""

import tempfile
from datetime import timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from housing.extensions import db
from housing.jobs import last_heartbeat
from housing.models._base import utcnow

#: The scheduler runs the mail job every minute; silence longer than this means it is down.
HEARTBEAT = timedelta(minutes=5)


def _database() -> str:
    db.session.execute(sa.text("SELECT 1"))
    return "reachable"


def _migrations() -> str:
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with db.engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    if current != heads:
        raise RuntimeError(f"database at {sorted(current)}, code at {sorted(heads)}")
    return f"at head {', '.join(sorted(heads))}"


def _uploads() -> str:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".health-"):
        pass
    return "writable"


def _scheduler() -> str:
    last = last_heartbeat()
    if last is None:
        raise RuntimeError("no job has ever run: start `flask housing scheduler`")
    if utcnow() - last > HEARTBEAT:
        raise RuntimeError(f"last job started at {last.isoformat()}")
    return f"last job started at {last.isoformat()}"


#: name -> (check, whether this instance can serve requests without it)
CHECKS = {
    "database": (_database, False),
    "migrations": (_migrations, False),
    "uploads": (_uploads, False),
    "scheduler": (_scheduler, True),
}


def run_checks() -> dict[str, dict]:
    """Each check's outcome; a failing check never raises, it reports why."""
    results = {}
    for name, (check, optional) in CHECKS.items():
        try:
            results[name] = {"ok": True, "detail": check(), "optional": optional}
        except Exception as exc:  # the point is to report whatever is wrong
            db.session.rollback()
            results[name] = {"ok": False, "detail": str(exc)[:500], "optional": optional}
    return results


def ready(results: dict[str, dict]) -> bool:
    """Ready to serve: everything a request needs works (the scheduler is a separate process)."""
    return all(r["ok"] for r in results.values() if not r["optional"])
