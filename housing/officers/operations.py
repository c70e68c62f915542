"""The officers' and admins' overview of the service."""

import sqlalchemy as sa

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
