"""A full monthly round on the seeded demo district, and the latency of the round pages.

Seeds the demo (5,000 units, 20,000 applicants; its own two rounds run through the real
code) into a scratch database, then times next month's round from the database to offers in
applicants' hands: preview (input, both mechanisms, report, stored rows), commit (digest
check, allocation, notifications) and the offers job. Then requests the officer's round
pages (report, paginated assignments and exclusions) and an applicant's offer page N times
each and prints p50/p95/p99 in milliseconds.

    .venv/bin/python bench/round_full.py --requests 200
    .venv/bin/python bench/round_full.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_rounds
"""

import argparse
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestingConfig


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    scratch = Path(tempfile.gettempdir()) / "bench_rounds.sqlite"
    url = args.database_url or f"sqlite:///{scratch}"
    if not args.database_url:
        scratch.unlink(missing_ok=True)

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url
        WTF_CSRF_ENABLED = False
        UPLOAD_FOLDER = tempfile.mkdtemp(prefix="bench-uploads-")
        MAIL_FOLDER = tempfile.mkdtemp(prefix="bench-mail-")

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from housing import create_app
    from housing.demo import DEMO_ACCOUNTS, seed_demo
    from housing.extensions import db
    from housing.models import Application, Offer, OfferStatus, User
    from housing.models._base import utcnow
    from housing.rounds import offers, operations

    app = create_app(BenchConfig)
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        counts = seed_demo()
        print(f"seeded {counts} in {time.perf_counter() - started:.1f} s")
        now = utcnow()
        month = f"{(now.replace(day=1) + timedelta(days=32)):%Y-%m}"
        t0 = time.perf_counter()
        preview = operations.start_preview(month, None, background=False)
        t1 = time.perf_counter()
        round_ = operations.commit(preview.id, None)
        t2 = time.perf_counter()
        issued = offers.issue_offers(round_.notice_until + timedelta(minutes=1))
        t3 = time.perf_counter()
        m = preview.metrics
        print(
            f"round {month}: {m['applicants']} queued, {m['units']} vacant units, "
            f"{m['served']} served (serial dictatorship {m['serial']['served']}), "
            f"{issued['offers']} offers issued"
        )
        print(
            f"preview {t1 - t0:.1f} s (engine: {m['seconds']}), commit {t2 - t1:.1f} s, "
            f"offers {t3 - t2:.1f} s; total {t3 - t0:.1f} s"
        )
        round_id = round_.id
        pages = max(1, m["served"] // 50)
        holder = db.session.scalar(
            sa.select(User.email)
            .join(Application, Application.user_id == User.id)
            .join(Offer, Offer.application_id == Application.id)
            .where(Offer.round_id == round_id, Offer.status == OfferStatus.PENDING)
            .limit(1)
        )

    def timed(client, paths: list[str]) -> list[float]:
        out = []
        for i in range(args.requests):
            path = paths[i % len(paths)]
            t = time.perf_counter()
            response = client.get(path)
            out.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        return out

    officer = app.test_client()
    email, password, _role, _name = DEMO_ACCOUNTS["officer"]
    assert (
        officer.post("/auth/login", data={"email": email, "password": password}).status_code == 302
    )
    applicant = app.test_client()
    assert (
        applicant.post("/auth/login", data={"email": holder, "password": "Talent-2026"}).status_code
        == 302
    )
    cases = {
        "/officer/rounds/<id> (report)": (officer, [f"/officer/rounds/{round_id}"]),
        "/officer/rounds/<id>/assignments?page=k": (
            officer,
            [
                f"/officer/rounds/{round_id}/assignments?page={1 + (k * 7) % pages}"
                for k in range(50)
            ],
        ),
        "/officer/rounds/<id>/unassigned?page=k": (
            officer,
            [f"/officer/rounds/{round_id}/unassigned?page={1 + k * 13}" for k in range(50)],
        ),
        "/rounds/<id> (public notice)": (applicant, [f"/rounds/{round_id}"]),
        "/my/offers (applicant with an offer)": (applicant, ["/my/offers"]),
    }
    for name, (client, paths) in cases.items():
        timings = timed(client, paths)
        print(
            f"{name}: p50 {percentile(timings, 50):.1f} ms, p95 {percentile(timings, 95):.1f} ms, "
            f"p99 {percentile(timings, 99):.1f} ms ({args.requests} requests)"
        )


if __name__ == "__main__":
    main()
