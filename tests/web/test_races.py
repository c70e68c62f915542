"""State changes with a precondition hold under real concurrency (threads, separate sessions).

On PostgreSQL (CI's second pass) these are concurrent transactions on separate connections; on
SQLite the writes serialise, and the conditional UPDATE must still let exactly one through.
"""

import threading

import sqlalchemy as sa

from housing.applicants import operations as applicant_ops
from housing.extensions import db as _db
from housing.models import Application, ApplicationEvent, Notification, User
from housing.officers import operations as officer_ops
from tests.web.applicant_helpers import make_employer, submitted


def _race(app, *work) -> tuple[list, list]:
    """Run each callable in its own thread and app context, all released at once."""
    start = threading.Barrier(len(work))
    results, errors = [], []
    lock = threading.Lock()

    def run(job):
        with app.app_context():
            start.wait()
            try:
                outcome = job()
            except Exception as exc:
                with lock:
                    errors.append(exc)
            else:
                with lock:
                    results.append(outcome)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_verify_and_reject_at_once_exactly_one_decides(app, db, make_user):
    employer = make_employer(db)
    application_id = submitted(make_user(email="a@example.cn"), employer).id
    officer_ids = [make_user("officer").id, make_user("officer").id]

    def decide(kind: str, officer_id: int):
        def job():
            application = _db.session.get(Application, application_id)
            officer = _db.session.get(User, officer_id)
            if kind == "verify":
                return officer_ops.verify(application, officer).status
            return officer_ops.reject(application, officer, "Not in Changning").status

        return job

    results, errors = _race(app, decide("verify", officer_ids[0]), decide("reject", officer_ids[1]))
    assert len(results) == 1 and len(errors) == 1
    assert getattr(errors[0], "status", None) == 409, errors
    db.session.expire_all()
    application = db.session.get(Application, application_id)
    assert application.status == results[0]
    decisions = db.session.scalars(
        sa.select(ApplicationEvent.to_status).where(
            ApplicationEvent.application_id == application_id,
            ApplicationEvent.to_status.in_(["verified", "rejected"]),
        )
    ).all()
    assert decisions == [results[0].value]
    kinds = db.session.scalars(
        sa.select(Notification.kind).where(Notification.kind.like("application.%ed"))
    ).all()
    assert kinds.count("application.verified") + kinds.count("application.rejected") == 1


def test_parallel_first_edits_make_one_draft(app, db, make_user):
    user_id = make_user(email="a@example.cn").id

    def edit():
        return applicant_ops.ensure_draft(_db.session.get(User, user_id)).id

    results, errors = _race(app, *[edit] * 8)
    assert errors == []
    assert len(set(results)) == 1
    count = sa.select(sa.func.count()).select_from(Application)
    assert db.session.scalar(count.where(Application.user_id == user_id)) == 1
