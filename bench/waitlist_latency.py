"""Latency of the applicant's waitlist page on the seeded demo district.

Seeds the demo (5,000 units, 20,000 applicants) into a scratch SQLite database under /tmp
(or the database given by --database-url), logs in as the demo applicant with Flask's test
client and requests /me/waitlist N times, then prints p50/p95/p99 in milliseconds.

    .venv/bin/python bench/waitlist_latency.py --requests 300
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.demo_app import percentile, seeded_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--units", type=int, default=5000)
    parser.add_argument("--applicants", type=int, default=20000)
    args = parser.parse_args()

    scratch = Path(tempfile.gettempdir()) / "bench_waitlist.sqlite"
    url = args.database_url or f"sqlite:///{scratch}"
    if not args.database_url:
        scratch.unlink(missing_ok=True)

    app = seeded_app(url, args.units, args.applicants)
    from housing.demo import DEMO_ACCOUNTS

    email, password, _role, _name = DEMO_ACCOUNTS["applicant"]
    client = app.test_client()
    login = client.post("/auth/login", data={"email": email, "password": password})
    assert login.status_code == 302, login.status_code
    client.get("/lang/en")
    first = client.get("/me/waitlist")
    assert first.status_code == 200, first.status_code
    position = re.search(r'data-testid="position">(\d+)<', first.text)
    ahead = re.search(r'data-testid="waiting-ahead">(\d+)<', first.text)
    print(
        f"demo applicant: position {position.group(1) if position else '?'}, "
        f"{ahead.group(1) if ahead else '?'} ahead in the same layouts"
    )
    timings = []
    for _ in range(args.requests):
        t0 = time.perf_counter()
        response = client.get("/me/waitlist")
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    print(
        f"{args.requests} requests of /me/waitlist: "
        f"p50 {percentile(timings, 50):.1f} ms, p95 {percentile(timings, 95):.1f} ms, "
        f"p99 {percentile(timings, 99):.1f} ms, mean {statistics.fmean(timings):.1f} ms"
    )


if __name__ == "__main__":
    main()
