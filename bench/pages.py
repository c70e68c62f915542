"""Latency of every page, as each demo account, on the seeded demo district.

Seeds the demo (5,000 units, 20,000 applicants) into a scratch database, then for every
demo account (and anonymously) requests every page of the URL map that takes no
parameter and answers that account with 200, N times each, through Flask's test client
(routing, session, login, queries, template). Prints p50/p95 per page and the slowest p95.
API routes, downloads and static files are left out: they are measured elsewhere.

    .venv/bin/python bench/pages.py --requests 30
    .venv/bin/python bench/pages.py --requests 30 --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_pages
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.demo_app import percentile, seeded_app

SKIPPED_PREFIXES = ("/api/", "/static/", "/healthz", "/readyz")


def pages(app) -> list[str]:
    """Every GET rule without parameters that serves a page."""
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.arguments:
            continue
        if rule.rule.startswith(SKIPPED_PREFIXES) or rule.rule.endswith((".csv", ".xlsx", ".pdf")):
            continue
        found.append(rule.rule)
    return sorted(set(found))


def measure(client, paths: list[str], requests: int) -> list[tuple[str, float, float]]:
    rows = []
    for path in paths:
        first = client.get(path)
        if first.status_code != 200 or not first.mimetype.startswith("text/html"):
            continue
        timings = []
        for _ in range(requests):
            t0 = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        rows.append((path, statistics.median(timings), percentile(timings, 95)))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--applicants", type=int, default=20000)
    args = parser.parse_args()

    scratch = Path(tempfile.gettempdir()) / "bench_pages.sqlite"
    if not args.database_url:
        scratch.unlink(missing_ok=True)
    app = seeded_app(args.database_url or f"sqlite:///{scratch}", args.units, args.applicants)
    from housing.demo import DEMO_ACCOUNTS

    paths = pages(app)
    accounts = {"anonymous": None} | dict(DEMO_ACCOUNTS)
    worst = ("", 0.0)
    for key, account in accounts.items():
        client = app.test_client()
        if account:
            email, password = account[0], account[1]
            login = client.post("/auth/login", data={"email": email, "password": password})
            assert login.status_code == 302, (key, login.status_code)
        print(f"\n{key}")
        for path, p50, p95 in measure(client, paths, args.requests):
            print(f"  {path:<45} p50 {p50:6.1f} ms  p95 {p95:6.1f} ms")
            if p95 > worst[1]:
                worst = (f"{key} {path}", p95)
    print(f"\nslowest p95: {worst[1]:.1f} ms ({worst[0]})")


if __name__ == "__main__":
    main()
