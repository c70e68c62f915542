"""What the page benchmarks share: the app on a migrated database with the demo seeded once,
and one percentile definition, so their figures are comparable."""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestingConfig


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank percentile (no interpolation): a figure some request really took."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


def seeded_app(url: str, units: int, applicants: int, **settings):
    """The app on `url`, migrated, with the demo seeded unless it is already there.

    `settings` override the testing configuration (e.g. STATS_CACHE_SECONDS=60)."""
    from flask_migrate import upgrade

    from housing import create_app
    from housing.demo import seed_demo

    config = type(
        "BenchConfig",
        (TestingConfig,),
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": tempfile.mkdtemp(prefix="bench-uploads-"),
            "MAIL_FOLDER": tempfile.mkdtemp(prefix="bench-mail-"),
            **settings,
        },
    )
    app = create_app(config)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        counts = seed_demo(units=units, applicants=applicants)
        print(
            f"seeded {counts or 'nothing (already there)'} in {time.perf_counter() - started:.1f} s"
        )
    return app
