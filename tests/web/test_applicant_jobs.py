"""Jobs and commands: the outbox is sent once, points are recomputed, a job runs once per period."""

import email
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from housing import jobs, notify
from housing.models import JobRun, OutboxMail
from tests.web.applicant_helpers import make_employer, submitted


def test_send_mail_writes_eml_files_once(app, db, make_user):
    employer = make_employer(db)
    submitted(make_user(email="a@example.cn"), employer)
    folder = Path(app.config["MAIL_FOLDER"])
    before = set(os.listdir(folder)) if folder.exists() else set()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["housing", "send-mail"])
    assert result.exit_code == 0 and "sent 1, failed 0" in result.output
    new = set(os.listdir(folder)) - before
    assert len(new) == 1
    message = email.message_from_bytes((folder / new.pop()).read_bytes())
    assert message["To"] == "a@example.cn"
    assert db.session.scalar(sa.select(OutboxMail.sent_at)) is not None
    assert "sent 0" in runner.invoke(args=["housing", "send-mail"]).output


def test_smtp_when_mail_host_is_set(app, db, make_user, monkeypatch):
    employer = make_employer(db)
    submitted(make_user(email="a@example.cn"), employer)
    sent = []

    class FakeSMTP:
        def __init__(self, host, port, timeout):
            assert host == "smtp.example.cn"

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

        def send_message(self, message):
            sent.append(message["To"])

    monkeypatch.setattr(notify.smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_HOST", "smtp.example.cn")
    assert notify.send_outbox() == {"sent": 1, "failed": 0, "dead": 0}
    assert sent == ["a@example.cn"]


def test_failed_delivery_stays_in_the_outbox(app, db, make_user, monkeypatch):
    employer = make_employer(db)
    submitted(make_user(email="a@example.cn"), employer)

    def refuse(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr(notify.smtplib, "SMTP", refuse)
    monkeypatch.setitem(app.config, "MAIL_HOST", "smtp.example.cn")
    assert notify.send_outbox() == {"sent": 0, "failed": 1, "dead": 0}
    mail = db.session.scalar(sa.select(OutboxMail))
    assert mail.sent_at is None and mail.attempts == 1 and "refused" in mail.last_error


def test_a_job_runs_once_per_period(app, db):
    now = datetime(2026, 12, 1, 8, 30, tzinfo=UTC)
    assert jobs.send_mail_job(now) == {"sent": 0, "failed": 0, "dead": 0}
    assert jobs.send_mail_job(now) is None  # a second scheduler finds the lock taken
    assert jobs.recompute_priorities_job(now)["applications"] == 0
    assert jobs.recompute_priorities_job(now) is None
    runs = db.session.scalars(sa.select(JobRun.job).order_by(JobRun.id)).all()
    assert runs == ["send-mail", "recompute-priorities"]


def test_a_failed_job_frees_its_period(app, db):
    def boom():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        jobs.run_locked("boom", "p1", boom)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(JobRun)) == 0
    assert jobs.run_locked("boom", "p1", lambda: {"ok": 1}) == {"ok": 1}


def test_recompute_command_and_scheduler_setup(app, db):
    result = app.test_cli_runner().invoke(args=["housing", "recompute-priorities"])
    assert result.exit_code == 0 and "0 queued applications" in result.output
    scheduler = jobs.build_scheduler(app, blocking=False)
    assert {job.id for job in scheduler.get_jobs()} == set(jobs.JOBS)
    assert set(jobs.JOBS) >= {"recompute-priorities", "send-mail", "round", "issue-offers"}
