"""Latency of the officers' dashboard, the public statistics and the landlord's home on the
seeded demo district.

Seeds the demo (5,000 units, 20,000 applicants) into a scratch SQLite database under /tmp
(or the database given by --database-url; a database already seeded is used as it is),
logs in with Flask's test client and requests each page N times, then prints p50/p95/p99
in milliseconds, as seen by the application (no network, no browser). By default every
request computes every figure (no cache); --cache-seconds 60 is production's setting.

    .venv/bin/python bench/dashboard_latency.py --requests 200 [--cache-seconds 60]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.demo_app import percentile, seeded_app

PAGES = [
    ("officer", "/officer/"),
    (None, "/stats"),
    (None, "/api/v1/public/stats"),
    ("landlord", "/landlord/"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--applicants", type=int, default=20000)
    parser.add_argument(
        "--cache-seconds", type=int, default=0,
        help="STATS_CACHE_SECONDS (production: 60); 0 computes every figure on every request",
    )  # fmt: skip
    args = parser.parse_args()

    scratch = Path(tempfile.gettempdir()) / "bench_dashboard.sqlite"
    url = args.database_url or f"sqlite:///{scratch}"

    app = seeded_app(url, args.units, args.applicants, STATS_CACHE_SECONDS=args.cache_seconds)
    from housing.demo import DEMO_ACCOUNTS

    for role, path in PAGES:
        client = app.test_client()
        if role:
            email, password, _role, _name = DEMO_ACCOUNTS[role]
            login = client.post("/auth/login", data={"email": email, "password": password})
            assert login.status_code == 302, login.status_code
        first = client.get(path)  # warms the caches, as a running server has them
        assert first.status_code == 200, (path, first.status_code)
        timings = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        print(
            f"{args.requests} requests of {path}: "
            f"p50 {percentile(timings, 50):.1f} ms, p95 {percentile(timings, 95):.1f} ms, "
            f"p99 {percentile(timings, 99):.1f} ms, mean {statistics.fmean(timings):.1f} ms"
        )


if __name__ == "__main__":
    main()
