"""The monthly check of housed staff, and the enterprise's dashboard.

Each month every enterprise with housed or subsidised staff is asked to confirm that list.
A confirmation closes the month's request; no answer by the next month's run is escalated to
the officers. Silence is never taken as a departure: only HR's report ends a tenancy.
"""

import sqlalchemy as sa
from flask_babel import gettext as _

from housing import audit
from housing.employers.operations import employer_of, quota_for, quota_used
from housing.errors import ConflictError
from housing.extensions import db
from housing.models import (
    Application,
    ApplicationStatus,
    Employer,
    EmployerReminder,
    Employment,
    GrantStatus,
    Role,
    SubsidyGrant,
    User,
)
from housing.models._base import utcnow
from housing.notify import notify_many
from housing.tenancies.dates import today

S = ApplicationStatus


def _on_subsidy(on=None) -> sa.Select:
    """Applications with an approved subsidy still running on `on`."""
    on = on or today()
    return sa.select(SubsidyGrant.application_id).where(
        SubsidyGrant.status == GrantStatus.APPROVED,
        sa.or_(SubsidyGrant.ends_on.is_(None), SubsidyGrant.ends_on >= on),
    )


def housed_staff(employer_id: int) -> sa.Select:
    """The staff the monthly request lists: housed in a talent apartment or on a subsidy."""
    return (
        sa.select(Application)
        .where(
            Application.employer_id == employer_id,
            sa.or_(Application.status == S.HOUSED, Application.id.in_(_on_subsidy())),
        )
        .order_by(Application.id)
    )


def send_reminders(month: str) -> dict:
    """The month's requests, one per enterprise with housed staff and HR accounts; last
    months' unanswered requests go to the officers. Running twice adds nothing."""
    now = utcnow()
    escalated = db.session.scalars(
        sa.select(EmployerReminder).where(
            EmployerReminder.month < month,
            EmployerReminder.confirmed_at.is_(None),
            EmployerReminder.escalated_at.is_(None),
        )
    ).all()
    for reminder in escalated:
        reminder.escalated_at = now
        audit.record(None, "employer.reminder_escalated", reminder.employer, month=reminder.month)
    if escalated:
        officers = db.session.scalars(
            sa.select(User).where(User.role == Role.OFFICER, User.active.is_(True))
        ).all()
        names = ", ".join(sorted({r.employer.name for r in escalated}))
        notify_many(
            [(o, {"n": len(escalated), "names": names}) for o in officers],
            "employer.reminders_escalated",
        )
    housed = sa.select(Application.employer_id).where(
        Application.employer_id.is_not(None),
        sa.or_(Application.status == S.HOUSED, Application.id.in_(_on_subsidy())),
    )
    with_staff = sa.select(User.employer_id).where(
        User.role == Role.EMPLOYER, User.active.is_(True)
    )
    asked = sa.select(EmployerReminder.employer_id).where(EmployerReminder.month == month)
    employers = db.session.scalars(
        sa.select(Employer).where(
            Employer.id.in_(housed), Employer.id.in_(with_staff), Employer.id.not_in(asked)
        )
    ).all()
    for employer in employers:
        db.session.add(EmployerReminder(employer_id=employer.id, month=month, sent_at=now))
    if employers:
        hr = db.session.scalars(
            sa.select(User).where(
                User.role == Role.EMPLOYER,
                User.active.is_(True),
                User.employer_id.in_([e.id for e in employers]),
            )
        ).all()
        notify_many([(u, {"month": month}) for u in hr], "employer.reminder")
    db.session.commit()
    return {"month": month, "sent": len(employers), "escalated": len(escalated)}


def reminders_due(employer_id: int) -> list[EmployerReminder]:
    return db.session.scalars(
        sa.select(EmployerReminder)
        .where(EmployerReminder.employer_id == employer_id, EmployerReminder.confirmed_at.is_(None))
        .order_by(EmployerReminder.month)
    ).all()


def confirm_staff_list(user: User) -> int:
    """HR confirm that the housed staff listed still work there: every open request closes."""
    employer = employer_of(user)
    closed = db.session.execute(
        sa.update(EmployerReminder)
        .where(EmployerReminder.employer_id == employer.id, EmployerReminder.confirmed_at.is_(None))
        .values(confirmed_at=utcnow(), confirmed_by_id=user.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not closed:
        raise ConflictError(_("Nothing to confirm: no request is open."))
    audit.record(user, "employer.staff_confirmed", employer, requests=closed)
    db.session.commit()
    return closed


def dashboard(user: User) -> dict:
    """The enterprise's staff by stage, the year's quota and the open requests."""
    employer = employer_of(user)
    counts = dict(
        db.session.execute(
            sa.select(Application.status, sa.func.count())
            .where(Application.employer_id == employer.id)
            .group_by(Application.status)
        ).all()
    )
    answered = sa.select(Employment.application_id).where(Employment.employer_id == employer.id)
    unanswered = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Application)
        .where(
            Application.employer_id == employer.id,
            Application.status.in_((S.SUBMITTED, S.VERIFIED, S.WAITING, S.OFFERED, S.HOUSED)),
            Application.id.not_in(answered),
        )
    )
    subsidised = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Application)
        .where(Application.employer_id == employer.id, Application.id.in_(_on_subsidy()))
    )
    year = today().year
    return {
        "employer": employer,
        "to_answer": unanswered,
        "submitted": counts.get(S.SUBMITTED, 0),
        "queue": counts.get(S.VERIFIED, 0) + counts.get(S.WAITING, 0),
        "offered": counts.get(S.OFFERED, 0),
        "housed": counts.get(S.HOUSED, 0),
        "subsidy": subsidised,
        "year": year,
        "quota": quota_for(employer),
        "quota_used": quota_used(employer.id, year),
        "reminders": reminders_due(employer.id),
    }
