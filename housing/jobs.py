"""Scheduled jobs: thin wrappers around operations, each guarded by a `JobRun` lock.

`flask housing scheduler` runs them in one process (never in web workers). Every job inserts
a (job, period) row first: the unique key means a second scheduler, or a rerun in the same
period, finds the row taken and does nothing. A row left unfinished by a run that died (killed,
power cut) is taken over once it is older than JOB_LOCK_TIMEOUT_MINUTES, so that day's run is
not silently skipped.
"""

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy.exc import IntegrityError

from housing.extensions import db
from housing.models import JobRun
from housing.models._base import utcnow


def _take_over(job: str, period: str) -> int | None:
    """Claim a (job, period) row whose run died: unfinished and older than the timeout."""
    minutes = current_app.config.get("JOB_LOCK_TIMEOUT_MINUTES", 30)
    now = utcnow()
    claimed = db.session.execute(
        sa.update(JobRun)
        .where(
            JobRun.job == job,
            JobRun.period == period,
            JobRun.finished_at.is_(None),
            JobRun.started_at < now - timedelta(minutes=minutes),
        )
        .values(started_at=now)
        .returning(JobRun.id)
    ).scalar()
    db.session.commit()
    return claimed


def run_locked(job: str, period: str, work: Callable[[], dict]) -> dict | None:
    """Run `work` once per (job, period); None if it already ran or is running elsewhere."""
    run = JobRun(job=job, period=period)
    db.session.add(run)
    try:
        db.session.commit()
        run_id = run.id
    except IntegrityError:
        db.session.rollback()
        run_id = _take_over(job, period)
        if run_id is None:
            return None
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


def last_heartbeat() -> datetime | None:
    """When a scheduler last started a job: the mail job starts one every minute."""
    return db.session.scalar(sa.select(sa.func.max(JobRun.started_at)))


def scheduler_alive(within: timedelta = timedelta(minutes=2)) -> bool:
    last = last_heartbeat()
    return last is not None and utcnow() - last < within


def _day(now: datetime) -> str:
    return f"{now:%Y-%m-%d}"


def _minute(now: datetime) -> str:
    return f"{now:%Y-%m-%dT%H:%M}"


def recompute_priorities_job(now: datetime | None = None) -> dict | None:
    """Daily: months waited grow, so points move; snapshots are appended only on change."""
    from housing.policy import recompute_priorities

    return run_locked("recompute-priorities", _day(now or utcnow()), recompute_priorities)


def forecast_waits_job(now: datetime | None = None) -> dict | None:
    """Nightly: every queued applicant's expected wait, from the queue and the round history."""
    from housing.forecast.operations import forecast_queue

    now = now or utcnow()
    return run_locked("forecast-waits", _day(now), lambda: forecast_queue(now.date()))


def send_mail_job(now: datetime | None = None) -> dict | None:
    """Every minute: send what the outbox holds."""
    from housing.notify import send_outbox

    return run_locked("send-mail", _minute(now or utcnow()), send_outbox)


def purge_personal_data_job(now: datetime | None = None) -> dict | None:
    """Daily: documents and personal details of long-closed applications are deleted."""
    from housing.applicants.retention import purge_personal_data

    now = now or utcnow()
    return run_locked("purge-personal-data", _day(now), lambda: purge_personal_data(now))


def _hour(now: datetime) -> str:
    return f"{now:%Y-%m-%dT%H}"


def shanghai_month(now: datetime) -> str:
    return f"{now.astimezone(ZoneInfo('Asia/Shanghai')):%Y-%m}"


def round_job(
    now: datetime | None = None, month: str | None = None, again: bool = False
) -> dict | None:
    """Monthly: the preview of this month's round; officers are told to review and commit.

    Once per month; `again` (the command's --again) previews once more under its own period.
    """
    from housing.rounds.operations import preview_and_tell

    now = now or utcnow()
    month = month or shanghai_month(now)
    period = f"{month}@{now:%Y%m%dT%H%M%S}" if again else month
    return run_locked("round", period, lambda: preview_and_tell(month))


def issue_offers_job(now: datetime | None = None) -> dict | None:
    """Hourly: rounds whose public notice ended send their offers."""
    from housing.rounds.offers import issue_offers

    now = now or utcnow()
    return run_locked("issue-offers", _hour(now), lambda: issue_offers(now))


def expire_offers_job(now: datetime | None = None) -> dict | None:
    """Hourly: offers past their deadline expire and cascade; reminders a day before."""
    from housing.rounds.offers import expire_offers

    now = now or utcnow()
    return run_locked("expire-offers", _hour(now), lambda: expire_offers(now))


def previews_job(now: datetime | None = None) -> dict:
    """Every few seconds: compute previews and what-ifs that officers queued (each claimed once)."""
    from housing.forecast.whatif import run_queued_what_ifs
    from housing.rounds.operations import run_queued_previews

    return run_queued_previews() | run_queued_what_ifs()


def reviews_due_job(now: datetime | None = None) -> dict | None:
    """Daily: annual reviews open, remind and escalate; move-outs and renewals take effect."""
    from housing.tenancies.dates import today
    from housing.tenancies.reviews import reviews_due

    now = now or utcnow()
    return run_locked("reviews-due", _day(now), lambda: reviews_due(today(now)))


def _money_result(run_and_new) -> dict:
    run, new = run_and_new
    return {"run": run.id, "month": run.month, "entries": run.entries,
            "total_fen": run.total_fen, "new": new}  # fmt: skip


def pay_subsidies_job(now: datetime | None = None, month: str | None = None) -> dict | None:
    """Monthly (and by command): pay the month's subsidies; the run itself is keyed by month."""
    from housing.money.runs import pay_subsidies

    month = month or shanghai_month(now or utcnow())
    return run_locked("pay-subsidies", month, lambda: _money_result(pay_subsidies(month)))


def _previous_month(now: datetime) -> str:
    from housing.tenancies.dates import add_months, today

    return f"{add_months(today(now).replace(day=1), -1):%Y-%m}"


def incentive_statements_job(now: datetime | None = None, month: str | None = None) -> dict | None:
    """Monthly: last month's landlord statements, once its occupied days are all known."""
    from housing.money.runs import incentive_statements

    month = month or _previous_month(now or utcnow())
    return run_locked(
        "incentive-statements", month, lambda: _money_result(incentive_statements(month))
    )


def employer_reminders_job(now: datetime | None = None, month: str | None = None) -> dict | None:
    """Monthly: ask each enterprise to confirm its housed staff; escalate last month's
    unanswered requests to the officers (never treated as a departure)."""
    from housing.employers.reminders import send_reminders

    month = month or shanghai_month(now or utcnow())
    return run_locked("employer-reminders", month, lambda: send_reminders(month))


def _round_trigger() -> dict:
    config = current_app.config
    return {"trigger": "cron", "day": config["ROUND_DAY"], "hour": config["ROUND_HOUR"]}


#: name -> (function, APScheduler trigger arguments, or a function of the config giving them)
JOBS: dict[str, tuple[Callable, dict | Callable[[], dict]]] = {
    "recompute-priorities": (recompute_priorities_job, {"trigger": "cron", "hour": 2}),
    "forecast-waits": (forecast_waits_job, {"trigger": "cron", "hour": 2, "minute": 30}),
    "send-mail": (send_mail_job, {"trigger": "interval", "minutes": 1}),
    "purge-personal-data": (purge_personal_data_job, {"trigger": "cron", "hour": 3}),
    "round": (round_job, _round_trigger),
    "issue-offers": (issue_offers_job, {"trigger": "cron", "minute": 5}),
    "expire-offers": (expire_offers_job, {"trigger": "cron", "minute": 10}),
    "previews": (previews_job, {"trigger": "interval", "seconds": 5}),
    "reviews-due": (reviews_due_job, {"trigger": "cron", "hour": 3}),
    "pay-subsidies": (pay_subsidies_job, {"trigger": "cron", "day": 5, "hour": 4}),
    "incentive-statements": (incentive_statements_job, {"trigger": "cron", "day": 3, "hour": 4}),
    "employer-reminders": (employer_reminders_job, {"trigger": "cron", "day": 1, "hour": 5}),
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
        if callable(trigger):
            with app.app_context():
                trigger = trigger()
        scheduler.add_job(in_context(function), id=name, coalesce=True, max_instances=1, **trigger)
    return scheduler
