"""The officers' and admins' overview of the service, and the verification of applications."""

import sqlalchemy as sa
from flask_babel import gettext as _

from housing import audit
from housing.applicants.operations import transition
from housing.errors import NotFoundError, ValidationError
from housing.extensions import db
from housing.models import (
    Application,
    ApplicationStatus,
    AuditEvent,
    Role,
    Unit,
    UnitStatus,
    User,
)
from housing.models._base import utcnow
from housing.notify import notify
from housing.policy import current_policy, recompute_priorities, snapshot_priority


def _counts(column, enum_cls) -> dict:
    counts = dict.fromkeys(enum_cls, 0)
    counts.update(
        dict(db.session.execute(sa.select(column, sa.func.count()).group_by(column)).all())
    )
    return counts


def dashboard() -> dict:
    return {
        "applications": _counts(Application.status, ApplicationStatus),
        "units": _counts(Unit.status, UnitStatus),
    }


def admin_overview(limit: int = 50) -> dict:
    return {
        "users": _counts(User.role, Role),
        "audit": db.session.scalars(
            sa.select(AuditEvent).order_by(AuditEvent.id.desc()).limit(limit)
        ).all(),
    }


# --- Verification -------------------------------------------------------------------------


def verification_queue(status: ApplicationStatus = ApplicationStatus.SUBMITTED) -> sa.Select:
    """Applications in `status`, oldest submission first (the order officers work in)."""
    from housing.officers.queue import QueueFilters, queue_query

    return queue_query(QueueFilters(status=status))


def application_for_officer(application_id: int) -> Application:
    application = db.session.get(Application, application_id)
    if application is None:
        raise NotFoundError(_("No such application."))
    return application


def _reason(reason: str | None, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason the applicant can act on."), {field: _("Required.")})
    return reason[:2000]


def verify(application: Application, officer: User, note: str | None = None) -> Application:
    """The application enters the queue: waiting starts today and points are computed."""
    transition(application, ApplicationStatus.VERIFIED, officer, (note or "").strip() or None)
    now = utcnow()
    application.verified_at = now
    application.verified_by_id = officer.id
    application.decision_reason = None
    if application.waiting_since is None:
        application.waiting_since = now.date()
    snapshot_priority(application, current_policy(), now.date())
    audit.record(officer, "application.verified", application, priority=application.priority)
    notify(application.user, "application.verified", id=application.id)
    db.session.commit()
    return application


def reject(application: Application, officer: User, reason: str | None) -> Application:
    reason = _reason(reason)
    transition(application, ApplicationStatus.REJECTED, officer, reason)
    application.decision_reason = reason
    application.priority = None
    audit.record(officer, "application.rejected", application, reason=reason)
    notify(application.user, "application.rejected", id=application.id, note=reason)
    db.session.commit()
    return application


def request_documents(application: Application, officer: User, note: str | None) -> Application:
    """Back to the applicant as a draft, with the officer's note saying what is missing."""
    note = _reason(note, "note")
    transition(application, ApplicationStatus.DRAFT, officer, note)
    application.decision_reason = note
    audit.record(officer, "application.documents_requested", application, note=note)
    notify(application.user, "application.documents_requested", id=application.id, note=note)
    db.session.commit()
    return application


def trigger_recompute(officer: User) -> dict:
    """An officer recomputes everyone's points (e.g. right after publishing a policy)."""
    return recompute_priorities(actor=officer)
