"""Load test of issue 9: gunicorn on PostgreSQL with the seeded demo, driven by Locust.

    .venv/bin/python bench/load.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench_load

Steps: migrate and seed the demo into the given (empty or already seeded) PostgreSQL database
with `flask housing seed-demo` (development configuration, which alone may seed); issue API
tokens and sign session cookies for the people of the mix; start the scheduler and gunicorn
(deploy/gunicorn.conf.py) in the production configuration on 127.0.0.1; run Locust headless
(bench/locustfile.py) for a fixed time; stop both servers; print the figures and the load
average before the run. Everything listens on 127.0.0.1 only.
"""

import argparse
import csv
import json
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def flask(env: dict, *args: str) -> None:
    subprocess.run([str(BIN / "flask"), *args], env=env, cwd=ROOT, check=True)


def credentials(env: dict, month: str, out: Path) -> dict:
    """Tokens and session cookies for applicants, the landlord and the officer, and work."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import sqlalchemy as sa

    from housing import create_app
    from housing.auth.operations import issue_token
    from housing.demo import DEMO_ACCOUNTS
    from housing.extensions import db
    from housing.models import Application, ApplicationStatus, User

    app = create_app("production")
    sign = app.session_interface.get_signing_serializer(app)
    with app.app_context():

        def person(user: User) -> dict:
            raw, _token = issue_token(user)
            return {"token": raw, "cookie": sign.dumps({"_user_id": user.get_id(), "_fresh": True})}

        def applicants_in(status: ApplicationStatus, n: int) -> list[User]:
            return db.session.scalars(
                sa.select(User)
                .join(Application, Application.user_id == User.id)
                .where(Application.status == status)
                .order_by(User.id)
                .limit(n)
            ).all()

        # A third with an offer to answer, the others waiting in the queue.
        applicants = applicants_in(ApplicationStatus.OFFERED, 100)
        applicants += applicants_in(ApplicationStatus.WAITING, 300 - len(applicants))
        staff = {
            key: db.session.scalar(sa.select(User).where(User.email == DEMO_ACCOUNTS[key][0]))
            for key in ("landlord", "officer")
        }
        to_verify = list(
            db.session.scalars(
                sa.select(Application.id).where(Application.status == ApplicationStatus.SUBMITTED)
            )
        )
        random.Random(9).shuffle(to_verify)
        found = {
            "applicants": [person(u) for u in applicants],
            "landlords": [person(staff["landlord"]) for _ in range(30)],
            "officers": [person(staff["officer"]) for _ in range(30)],
            "to_verify": to_verify,
            "month": month,
        }
        db.session.commit()
    out.write_text(json.dumps(found))
    return {k: len(v) if isinstance(v, list) else v for k, v in found.items()}


def wait_for(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def summary(prefix: str) -> list[dict]:
    with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", required=True, help="an empty or seeded PostgreSQL db")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", default="180s")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8100)
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        raise SystemExit("the load test runs on PostgreSQL")

    work = Path(tempfile.mkdtemp(prefix="housing-load-"))
    keys = {name: secrets.token_hex(32) for name in ("SECRET_KEY", "ID_HASH_KEY")}
    base = {**os.environ, **keys, "DATABASE_URL": args.database_url, "FLASK_APP": "wsgi"}
    started = time.monotonic()
    flask({**base, "HOUSING_ENV": "development"}, "db", "upgrade")
    flask({**base, "HOUSING_ENV": "development"}, "housing", "seed-demo")
    print(f"database migrated and seeded in {time.monotonic() - started:.0f} s")

    prod = {**base, "HOUSING_ENV": "production", "PROXY_HOPS": "0"}
    today = date.today()
    month = f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}"
    print("credentials:", credentials(prod, month, work / "credentials.json"))

    server_env = {
        **prod,
        "HOUSING_BIND": f"127.0.0.1:{args.port}",
        "HOUSING_WORKERS": str(args.workers),
        "HOUSING_THREADS": str(args.threads),
    }
    logs = {name: (work / f"{name}.log").open("w") for name in ("gunicorn", "scheduler")}
    scheduler = subprocess.Popen(
        [str(BIN / "flask"), "housing", "scheduler"],
        env=prod,
        cwd=ROOT,
        stdout=logs["scheduler"],
        stderr=subprocess.STDOUT,
    )
    gunicorn = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "deploy/gunicorn.conf.py", "wsgi:app"],
        env=server_env,
        cwd=ROOT,
        stdout=logs["gunicorn"],
        stderr=subprocess.STDOUT,
    )
    host = f"http://127.0.0.1:{args.port}"
    try:
        wait_for(f"{host}/healthz", 60)
        time.sleep(3)
        with open("/proc/loadavg") as f:
            load_before = " ".join(f.read().split()[:3])
        print(f"load average before the run (1, 5, 15 min): {load_before}")
        command = [
            str(BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            args.duration,
            "--host",
            host,
            "--csv",
            str(work / "load"),
            "--only-summary",
        ]
        print("running:", " ".join(command[1:]))
        locust = subprocess.run(
            command, env={**os.environ, "LOAD_CREDENTIALS": str(work / "credentials.json")}
        )
    finally:
        for process in (gunicorn, scheduler):
            process.send_signal(signal.SIGTERM)
        for process in (gunicorn, scheduler):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    rows = summary(str(work / "load"))
    print("\n| request | count | failures | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        name = f"{row['Type']} {row['Name']}".strip() if row["Name"] != "Aggregated" else "**all**"
        print(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} "
            f"| {row['95%']} | {row['99%']} | {row['Max Response Time']} |"
        )
    total = rows[-1]
    print(f"\nthroughput {float(total['Requests/s']):.1f} requests/s; logs and CSVs in {work}")
    with open(work / "gunicorn.log", encoding="utf-8") as log:
        bad = sum(1 for line in log if '"status": 5' in line or '"level": "ERROR"' in line)
    print(f"5xx or ERROR lines in the app's log: {bad}; locust exit code {locust.returncode}")


if __name__ == "__main__":
    main()
