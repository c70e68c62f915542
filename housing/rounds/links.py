"""The one place where rounds reach into other areas: the policy, points, statuses and audit.

Kept together so that moving those homes (policy, audit) changes one import each.
"""

from housing.applicants.eligibility import current_policy
from housing.applicants.operations import transition
from housing.applicants.waitlist import snapshot_priority
from housing.extensions import db
from housing.models import AuditEvent, User

__all__ = ["audit", "current_policy", "snapshot_priority", "transition"]


def audit(actor: User | None, action: str, subject, **data) -> None:
    """Record who did what to which row; joins the caller's transaction."""
    db.session.add(
        AuditEvent(
            actor_id=actor.id if actor else None,
            action=action,
            object_type=type(subject).__tablename__ if subject is not None else None,
            object_id=subject.id if subject is not None else None,
            data=data,
        )
    )
