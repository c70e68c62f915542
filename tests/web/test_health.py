"""Health: liveness, readiness and `flask housing check` report the same checks."""

from datetime import timedelta

import sqlalchemy as sa

from housing import jobs
from housing.models import JobRun
from housing.models._base import utcnow


def test_liveness_and_readiness(client, db):
    assert client.get("/healthz").json == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    checks = ready.json["checks"]
    assert checks["database"]["ok"] and checks["migrations"]["ok"] and checks["uploads"]["ok"]
    assert checks["scheduler"]["ok"] is False  # no scheduler in tests: reported, not fatal


def test_check_command_fails_until_the_scheduler_has_run(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["housing", "check"])
    assert first.exit_code == 1 and "FAIL scheduler" in first.output
    assert "ok   migrations: at head" in first.output
    jobs.send_mail_job()
    second = runner.invoke(args=["housing", "check"])
    assert second.exit_code == 0, second.output


def test_a_silent_scheduler_fails_the_check(app, db):
    db.session.add(JobRun(job="send-mail", period="old", started_at=utcnow() - timedelta(hours=1)))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["housing", "check"])
    assert result.exit_code == 1 and "last job started at" in result.output


def test_an_unwritable_upload_folder_is_not_ready(app, client, db, tmp_path, monkeypatch):
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(blocked / "uploads"))
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json["checks"]["uploads"]["ok"] is False


def test_a_database_behind_the_code_is_not_ready(app, client, db):
    head = db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
    db.session.execute(sa.text("UPDATE alembic_version SET version_num = '0001'"))
    db.session.commit()
    try:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert "database at ['0001']" in response.json["checks"]["migrations"]["detail"]
    finally:
        db.session.execute(sa.text("UPDATE alembic_version SET version_num = :v"), {"v": head})
        db.session.commit()
