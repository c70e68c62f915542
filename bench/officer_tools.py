"""Latency of the officers' queue searches and the time to publish a policy, on the demo district.

Seeds the demo (5,000 units, 20,000 applicants) into a scratch SQLite database under the
temporary directory (or the database given by --database-url), logs in as the demo officer with
Flask's test client, requests the queue with each kind of search and filter N times and prints
p50/p95 in milliseconds; then reviews and publishes one policy change and prints how long the
publication (the new version and everyone's points, one transaction) took.

    .venv/bin/python bench/officer_tools.py --requests 50
"""

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestingConfig


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--reuse", action="store_true", help="keep a demo seeded before")
    args = parser.parse_args()

    scratch = Path(tempfile.gettempdir()) / "bench_officer_tools.sqlite"
    url = args.database_url or f"sqlite:///{scratch}"
    if not args.database_url and not args.reuse:
        scratch.unlink(missing_ok=True)

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url
        WTF_CSRF_ENABLED = False
        UPLOAD_FOLDER = tempfile.mkdtemp(prefix="bench-uploads-")
        MAIL_FOLDER = tempfile.mkdtemp(prefix="bench-mail-")

    from flask_migrate import upgrade

    from housing import create_app
    from housing.demo import DEMO_ACCOUNTS, seed_demo
    from housing.extensions import db
    from housing.models import Application, User
    from housing.security import id_number_hash

    app = create_app(BenchConfig)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        seed_demo()
        print(f"seeded in {time.perf_counter() - started:.1f} s")
        someone = db.session.execute(
            sa.select(User.id.label("user_id"), User.name, User.phone, Application.id)
            .join(Application, Application.user_id == User.id)
            .where(User.phone.is_not(None))
            .limit(1)
        ).one()
        # The demo keeps only hashes: give one person a number the search can be asked for.
        id_number = "11010519491231002X"
        db.session.execute(
            sa.update(User)
            .where(User.id == someone.user_id)
            .values(id_number_hash=id_number_hash(id_number))
        )
        db.session.commit()

    email, password, _role, _name = DEMO_ACCOUNTS["officer"]
    client = app.test_client()
    login = client.post("/auth/login", data={"email": email, "password": password})
    assert login.status_code == 302, login.status_code
    searches = {
        "submitted (default)": {},
        "all statuses": {"status": "all"},
        "category + dates": {"status": "all", "category": "young",
                             "submitted_from": "2020-01-01", "submitted_to": "2030-12-31"},
        "name": {"status": "all", "q": someone.name},
        "phone": {"status": "all", "q": someone.phone},
        "ID number": {"status": "all", "q": id_number},
        "application number": {"status": "all", "q": f"#{someone.id}"},
    }  # fmt: skip
    for label, query in searches.items():
        timings = []
        for _ in range(args.requests):
            t0 = time.perf_counter()
            response = client.get("/officer/applications", query_string=query)
            timings.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, response.status_code
        found = re.search(r'data-testid="queue-count">\D*(\d+)', response.text)
        print(
            f"queue, {label}: {found.group(1) if found else '?'} found; "
            f"p50 {percentile(timings, 50):.1f} ms, p95 {percentile(timings, 95):.1f} ms"
        )
    page = client.get("/officer/policy")
    base = re.search(r'name="base_version" type="hidden" value="(\d+)"', page.text).group(1)
    inputs = re.findall(r"<input [^>]*>", page.text)
    values = {}
    for tag in inputs:
        name, value = re.search(r'name="([^"]+)"', tag), re.search(r'value="([^"]*)"', tag)
        if name and value and name.group(1) != "csrf_token":
            values[name.group(1)] = value.group(1)
    young = str(int(values["points_young"]) + 1)  # a change, also on a database reused
    form = {**values, "points_young": young, "note": "bench", "base_version": base}
    t0 = time.perf_counter()
    review = client.post("/officer/policy", data=form)
    reviewed = (time.perf_counter() - t0) * 1000
    assert review.status_code == 200, review.status_code
    t0 = time.perf_counter()
    published = client.post("/officer/policy", data={**form, "action": "publish"})
    elapsed = time.perf_counter() - t0
    assert published.status_code == 302, published.status_code
    print(f"policy: review page {reviewed:.0f} ms; publish and recompute {elapsed:.2f} s")


if __name__ == "__main__":
    main()
