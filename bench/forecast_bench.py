"""The expected wait and the policy what-if on the seeded demo district, timed.

Seeds the demo (5,000 units, 20,000 applicants; the seed computes every queued applicant's
expected wait) into a scratch SQLite database in the temporary directory, or the one given by
--database-url (it must exist and be empty). Then, through Flask's test client:

1. the nightly forecast again (`forecast_queue`), timed;
2. the demo applicant's waitlist page with the expected wait, N times: p50/p95/p99 in ms;
3. an officer's what-if from the page, as in production (a worker thread, no scheduler): the
   POST of the draft, then the detail page polled every 0.5 s until the comparison shows;
   click to comparison in seconds, for each of --drafts drafts.

    .venv/bin/python bench/forecast_bench.py --requests 300
"""

import argparse
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestingConfig

DRAFTS = [
    {"points_young": 350},
    {"points_overseas": 300, "points_per_month": 3},
    {"key_industry_bonus": 150, "children_bonus": 80},
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--drafts", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    scratch = Path(tempfile.gettempdir()) / "bench_forecast.sqlite"
    url = args.database_url or f"sqlite:///{scratch}"
    if not args.database_url:
        scratch.unlink(missing_ok=True)

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url
        WTF_CSRF_ENABLED = False
        ROUNDS_INLINE = False  # the what-if runs in a worker thread, as in production
        UPLOAD_FOLDER = tempfile.mkdtemp(prefix="bench-uploads-")
        MAIL_FOLDER = tempfile.mkdtemp(prefix="bench-mail-")

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from housing import create_app
    from housing.demo import DEMO_ACCOUNTS, seed_demo
    from housing.extensions import db
    from housing.forecast.operations import forecast_queue
    from housing.models import JobRun
    from housing.models._base import utcnow
    from housing.policy import current_policy

    app = create_app(BenchConfig)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        counts = seed_demo()
        print(f"seeded {counts} in {time.perf_counter() - started:.1f} s", flush=True)
        print(f"forecast_queue: {forecast_queue()}", flush=True)
        # The seed's marker row would read as a live scheduler's heartbeat for two minutes
        # (housing.jobs.scheduler_alive), and the what-if would wait for a scheduler that is
        # not there: date it back, as a database seeded earlier would be.
        db.session.execute(sa.update(JobRun).values(started_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
        policy = current_policy()
        form = {f"points_{k}": v for k, v in policy.category_points.items()}
        form.update({n: getattr(policy, n) for n in ("points_per_month", "key_industry_bonus",
                     "children_bonus", "decline_penalty", "offer_days",
                     "declines_to_back_of_queue", "notice_days", "retention_months")})  # fmt: skip

    def logged_in(key: str):
        email, password, _role, _name = DEMO_ACCOUNTS[key]
        client = app.test_client()
        assert (
            client.post("/auth/login", data={"email": email, "password": password}).status_code
            == 302
        )
        client.post("/lang/en", data={"next": "/"})
        return client

    client = logged_in("applicant")
    first = client.get("/me/waitlist")
    found = re.search(r'data-testid="expected-wait-range"[^>]*>\s*<strong>([^<]+)<', first.text)
    position = re.search(r'data-testid="position">(\d+)<', first.text)
    print(f"demo applicant: position {position.group(1) if position else '?'}, "
          f"expected wait: {found.group(1) if found else '?'}")  # fmt: skip
    timings = []
    for _ in range(args.requests):
        t0 = time.perf_counter()
        response = client.get("/me/waitlist")
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    print(f"{args.requests} requests of /me/waitlist: p50 {percentile(timings, 50):.1f} ms, "
          f"p95 {percentile(timings, 95):.1f} ms, p99 {percentile(timings, 99):.1f} ms, "
          f"mean {statistics.fmean(timings):.1f} ms", flush=True)  # fmt: skip

    officer = logged_in("officer")
    for draft in DRAFTS[: args.drafts]:
        t0 = time.perf_counter()
        response = officer.post("/officer/policy/what-if", data=form | draft)
        assert response.status_code == 302, response.status_code
        location = response.headers["Location"]
        while True:
            page = officer.get(location)
            if 'data-testid="what-if-comparison"' in page.text or "failure" in page.text:
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - t0
        assert 'data-testid="what-if-comparison"' in page.text, page.text[:2000]
        stages = re.search(r"Computed in ([\d.]+) seconds", page.text)
        print(f"what-if {draft}: click to comparison {seconds:.1f} s "
              f"(computed in {stages.group(1) if stages else '?'} s)", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
