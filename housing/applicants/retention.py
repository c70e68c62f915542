"""Personal data kept only as long as needed.

A policy-set number of months after an application closes (withdrawn, rejected, exited), its
documents, household members and workplace are deleted, and so are the person's phone and ID
number once they have no live application. What stays is what the records of the service
need: statuses, dates, points history, rounds, tenancies and payments, and the audit trail,
which records what was purged.
"""

from datetime import datetime

import sqlalchemy as sa

from housing import audit
from housing.applicants.documents import upload_folder
from housing.extensions import db
from housing.models import (
    LIVE,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    Document,
    HouseholdMember,
    User,
)
from housing.models._base import utcnow
from housing.policy import current_policy
from housing.security import mask_name

CLOSED = (ApplicationStatus.WITHDRAWN, ApplicationStatus.REJECTED, ApplicationStatus.EXITED)


def _months_before(now: datetime, months: int) -> datetime:
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    return now.replace(year=year, month=month + 1, day=min(now.day, 28))


def due_for_purge(now: datetime) -> sa.Select:
    """Closed applications, not yet purged, whose closing is older than the retention period."""
    cutoff = _months_before(now, current_policy().retention_months)
    closed_at = (
        sa.select(ApplicationEvent.application_id, sa.func.max(ApplicationEvent.at).label("at"))
        .where(ApplicationEvent.to_status.in_([s.value for s in CLOSED]))
        .group_by(ApplicationEvent.application_id)
        .subquery()
    )
    return (
        sa.select(Application)
        .join(closed_at, closed_at.c.application_id == Application.id)
        .where(
            Application.status.in_(CLOSED),
            Application.purged_at.is_(None),
            closed_at.c.at < cutoff,
        )
        .order_by(Application.id)
    )


def purge_personal_data(now: datetime | None = None) -> dict:
    """Purge every application due; one transaction each, files removed after it commits."""
    now = now or utcnow()
    counts = {"applications": 0, "documents": 0, "members": 0, "people": 0}
    for application_id in db.session.scalars(due_for_purge(now).with_only_columns(Application.id)):
        files = _purge(db.session.get(Application, application_id), now, counts)
        db.session.commit()
        for name in files:
            (upload_folder() / name).unlink(missing_ok=True)
    return counts


def _purge(application: Application, now: datetime, counts: dict) -> list[str]:
    files = [d.stored_name for d in application.documents]
    members = len(application.members)
    db.session.execute(sa.delete(Document).where(Document.application_id == application.id))
    db.session.execute(
        sa.delete(HouseholdMember).where(HouseholdMember.application_id == application.id)
    )
    application.workplace_address = None
    application.workplace_lat = application.workplace_lon = None
    application.decision_reason = None
    application.purged_at = now
    person_too = not db.session.scalar(
        sa.select(sa.func.count()).where(
            Application.user_id == application.user_id, Application.status.in_(LIVE)
        )
    )
    if person_too:
        user = db.session.get(User, application.user_id)
        user.name = mask_name(user.name)
        user.phone = user.id_number_hash = user.id_number_masked = None
        counts["people"] += 1
    audit.record(
        None,
        "personal_data.purged",
        application,
        documents=len(files),
        members=members,
        person=person_too,
    )
    counts["applications"] += 1
    counts["documents"] += len(files)
    counts["members"] += members
    return files
