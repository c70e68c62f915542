"""Two app servers and two schedulers on one database: every job runs once, every race has one
winner. Real processes on their own ports, as on two machines."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from housing.models import JobRun, OutboxMail
from tests.web.applicant_helpers import make_employer, submitted

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def environment(app, db, tmp_path):
    url = db.engine.url.render_as_string(hide_password=False)  # SQLite: a file both open
    return {
        **os.environ,
        "HOUSING_ENV": "testing",
        "TEST_DATABASE_URL": url,
        "MAIL_FOLDER": str(tmp_path / "mail"),
        "UPLOAD_FOLDER": app.config["UPLOAD_FOLDER"],
        "FLASK_APP": "wsgi",
    }


def _post(url: str, body: dict, headers: dict | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _flask(environment: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", *args],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_two_schedulers_run_every_job_once(app, db, environment, tmp_path):
    for i in range(30):
        db.session.add(OutboxMail(to=f"t{i}@example.cn", subject=f"Mail {i}", body="Hello"))
    db.session.commit()
    runs = [_flask(environment, "housing", "run-jobs") for _ in range(2)]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    db.session.expire_all()
    jobs = db.session.scalars(sa.select(JobRun.job)).all()
    assert sorted(jobs) == sorted(set(jobs)), jobs  # each (job, period) once
    assert db.session.scalar(sa.select(sa.func.count()).where(OutboxMail.sent_at.is_(None))) == 0
    assert len(list((tmp_path / "mail").glob("*.eml"))) == 30  # each mail delivered once


def test_two_app_servers_let_one_decision_win(app, db, environment, make_user):
    employer = make_employer(db)
    application = submitted(make_user(email="a@example.cn"), employer)
    make_user("officer", email="o1@example.cn")
    make_user("officer", email="o2@example.cn")
    ports = [_free_port(), _free_port()]
    servers = [_flask(environment, "run", "--port", str(port), "--no-reload") for port in ports]
    try:
        bases = [f"http://127.0.0.1:{port}/api/v1" for port in ports]
        for base in bases:
            for _ in range(100):
                try:
                    urllib.request.urlopen(base.replace("/api/v1", "/healthz"), timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
        tokens = []
        for base, email in zip(bases, ["o1@example.cn", "o2@example.cn"], strict=True):
            status, body = _post(
                f"{base}/auth/token", {"email": email, "password": "secret-pass-1"}
            )
            assert status == 200, body
            tokens.append({"Authorization": f"Bearer {body['token']}"})
        path = f"/officer/applications/{application.id}"
        calls = [
            (f"{bases[0]}{path}/verify", tokens[0], {}),
            (f"{bases[1]}{path}/reject", tokens[1], {"reason": "Not in Changning"}),
        ]
        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(lambda c: _post(c[0], c[2], c[1]), calls))
        assert sorted(status for status, _body in answers) == [200, 409], answers
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
