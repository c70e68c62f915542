"""Scheduled jobs: thin wrappers around operations, each guarded by a `JobRun` lock.

`flask housing scheduler` runs them in one process (never in web workers). Every job inserts
a (job, period) row first: the unique key means a second scheduler, or a rerun in the same
period, finds the row taken and does nothing.
"""

from collections.abc import Callable
from datetime import datetime

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.exc import IntegrityError

from housing.extensions import db
from housing.models import JobRun
from housing.models._base import utcnow


def run_locked(job: str, period: str, work: Callable[[], dict]) -> dict | None:
    """Run `work` once per (job, period); None if it already ran or is running elsewhere."""
    run = JobRun(job=job, period=period)
    db.session.add(run)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return None
    run_id = run.id
    try:
        result = work()
    except Exception:
        db.session.rollback()
        # Free the period so the next tick retries; the error reaches the scheduler's log.
        db.session.execute(sa.delete(JobRun).where(JobRun.id == run_id))
        db.session.commit()
        raise
    db.session.execute(
        sa.update(JobRun)
        .where(JobRun.id == run_id)
        .values(finished_at=utcnow(), result=result or {})
    )
    db.session.commit()
    return result


def _day(now: datetime) -> str:
    return f"{now:%Y-%m-%d}"


def _minute(now: datetime) -> str:
    return f"{now:%Y-%m-%dT%H:%M}"


def recompute_priorities_job(now: datetime | None = None) -> dict | None:
    """Daily: months waited grow, so points move; snapshots are appended only on change."""
    from housing.policy import recompute_priorities

    return run_locked("recompute-priorities", _day(now or utcnow()), recompute_priorities)


def send_mail_job(now: datetime | None = None) -> dict | None:
    """Every minute: send what the outbox holds."""
    from housing.notify import send_outbox

    return run_locked("send-mail", _minute(now or utcnow()), send_outbox)


#: name -> (function, APScheduler trigger arguments)
JOBS: dict[str, tuple[Callable, dict]] = {
    "recompute-priorities": (recompute_priorities_job, {"trigger": "cron", "hour": 2}),
    "send-mail": (send_mail_job, {"trigger": "interval", "minutes": 1}),
}


def build_scheduler(app: Flask, blocking: bool = True):
    """A scheduler whose jobs each run inside an app context."""
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler

    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(timezone=app.config["SCHEDULER_TIMEZONE"])

    def in_context(function: Callable) -> Callable:
        def run():
            with app.app_context():
                try:
                    return function()
                finally:
                    db.session.remove()

        return run

    for name, (function, trigger) in JOBS.items():
        scheduler.add_job(in_context(function), id=name, coalesce=True, max_instances=1, **trigger)
    return scheduler
