"""Jobs and commands: each once per period, a dead run's lock taken over, offers on schedule."""

from datetime import timedelta

import sqlalchemy as sa

from housing import jobs
from housing.models import AllocationRound, JobRun, Notification, Offer, RoundStatus
from housing.models._base import utcnow
from tests.web.round_helpers import make_world


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_round_command_previews_and_commits(app, db):
    make_world(units=2, applicants=3)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["housing", "round", "--month", "2027-01", "--commit"])
    assert result.exit_code == 0, result.output
    assert "preview, 2 served; committed, status notice" in result.output
    again = runner.invoke(args=["housing", "round", "--month", "2027-01"])
    assert again.exit_code != 0 and "already ran" in again.output
    forced = runner.invoke(args=["housing", "round", "--month", "2027-01", "--again"])
    assert forced.exit_code == 0, forced.output
    assert count(db, AllocationRound) == 2
    assert count(db, Notification, Notification.kind == "round.preview_ready") == 2
    bad = runner.invoke(args=["housing", "round", "--month", "2027-13"])
    assert bad.exit_code != 0 and "YYYY-MM" in bad.output


def test_offer_commands_change_nothing_the_second_time(app, db):
    make_world(units=2, applicants=3)
    runner = app.test_cli_runner()
    runner.invoke(args=["housing", "round", "--month", "2027-01", "--commit"])
    first = runner.invoke(args=["housing", "issue-offers"])
    assert first.exit_code == 0 and "0 offers issued" in first.output
    second = runner.invoke(args=["housing", "issue-offers"])
    assert "already ran this hour" in second.output
    expire = runner.invoke(args=["housing", "expire-offers"])
    assert "0 offers expired" in expire.output


def test_jobs_issue_and_expire_on_schedule(db):
    make_world(units=1, applicants=2)
    assert jobs.round_job(month="2027-01")["served"] == 1
    from housing.rounds.operations import commit

    commit(db.session.scalar(sa.select(AllocationRound.id)), None)
    later = utcnow() + timedelta(days=5, hours=1)
    assert jobs.issue_offers_job(later) == {"rounds": 1, "offers": 1}
    assert jobs.issue_offers_job(later) is None
    assert jobs.expire_offers_job(later + timedelta(days=8)) == {"expired": 1, "reminded": 0}
    assert count(db, Offer) == 2  # the expired one and its cascade
    assert db.session.scalar(sa.select(AllocationRound.status)) == RoundStatus.OFFERS


def test_a_dead_runs_lock_is_taken_over_after_the_timeout(app, db):
    now = utcnow()
    period = f"{now:%Y-%m-%dT%H}"
    db.session.add(JobRun(job="expire-offers", period=period, started_at=now))
    db.session.commit()
    assert jobs.expire_offers_job(now) is None  # still fresh: maybe running elsewhere
    db.session.execute(sa.update(JobRun).values(started_at=now - timedelta(minutes=31)))
    db.session.commit()
    assert jobs.expire_offers_job(now) == {"expired": 0, "reminded": 0}
    run = db.session.scalar(sa.select(JobRun))
    db.session.refresh(run)
    assert run.finished_at is not None
    assert jobs.expire_offers_job(now) is None  # finished: never again this hour


def test_a_running_scheduler_computes_queued_previews(app, db):
    from housing.models import RoundStatus
    from housing.rounds import operations

    world = make_world(units=1, applicants=2)
    db.session.add(JobRun(job="send-mail", period="now", started_at=utcnow()))
    db.session.commit()
    queued = operations.start_preview("2027-01", world.officer, background=True)
    assert queued.status == RoundStatus.RUNNING and queued.stage == "queued"
    assert jobs.previews_job() == {"previews": 1, "what_ifs": 0}
    db.session.expire_all()
    done = db.session.get(AllocationRound, queued.id)
    assert done.status == RoundStatus.PREVIEW and done.metrics["served"] == 1
    assert jobs.previews_job() == {"previews": 0, "what_ifs": 0}
    operations.run_preview(queued.id)  # claimed already: nothing happens twice
    assert count(db, AllocationRound) == 1
