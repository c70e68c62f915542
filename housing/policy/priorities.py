"""Priority points of queued applications, kept as history; publishing a policy version.

Points are appended as `PrioritySnapshot` rows (history is never rewritten) and the latest
total is cached on `Application.priority`, so a place in the queue is one indexed count.
"""

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from housing import audit
from housing.errors import ConflictError, ValidationError
from housing.extensions import db
from housing.models import (
    QUEUED,
    Application,
    Benefit,
    PolicyVersion,
    PrioritySnapshot,
    Recommendation,
    RecommendationStatus,
    User,
)
from housing.models._base import utcnow
from housing.policy.history import policy_settings
from housing.policy.points import PointsInput, compute_points
from housing.policy.versions import current_policy


def _today() -> date:
    return utcnow().date()


def recommended_ids(application_ids: list[int] | None = None) -> set[int]:
    """Applications with an active recommendation naming the apartment (one query)."""
    query = sa.select(Recommendation.application_id).where(
        Recommendation.status == RecommendationStatus.ACTIVE,
        Recommendation.benefit == Benefit.APARTMENT,
    )
    if application_ids is not None:
        query = query.where(Recommendation.application_id.in_(application_ids))
    return set(db.session.scalars(query))


def points_input(application: Application, recommended: bool | None = None) -> PointsInput:
    employer = application.employer
    if recommended is None:
        recommended = application.id in recommended_ids([application.id])
    return PointsInput(
        recommended=recommended,
        category=application.category.value if application.category else "",
        key_industry=bool(employer and employer.key_industry),
        has_children=application.has_children,
        waiting_since=application.waiting_since or _today(),
        declines_total=application.declines_total,
    )


def snapshot_priority(
    application: Application,
    policy: PolicyVersion,
    today: date,
    latest: PrioritySnapshot | None = None,
    look_up: bool = True,
    recommended: bool | None = None,
) -> PrioritySnapshot | None:
    """Append a snapshot if the points differ from the latest one; the caller commits."""
    total, breakdown = compute_points(points_input(application, recommended), policy, today)
    if latest is None and look_up:
        latest = latest_snapshot(application)
    application.priority = total
    if (
        latest is not None
        and latest.policy_version_id == policy.id
        and latest.total == total
        and latest.breakdown == breakdown
    ):
        return None
    snapshot = PrioritySnapshot(
        application_id=application.id,
        policy_version_id=policy.id,
        total=total,
        breakdown=breakdown,
    )
    db.session.add(snapshot)
    return snapshot


def latest_snapshot(application: Application) -> PrioritySnapshot | None:
    return db.session.scalar(
        sa.select(PrioritySnapshot)
        .where(PrioritySnapshot.application_id == application.id)
        .order_by(PrioritySnapshot.id.desc())
        .limit(1)
    )


def recompute_priorities(today: date | None = None, actor: User | None = None) -> dict:
    """Points of every queued application under the current policy; a no-op if nothing moved."""
    today = today or _today()
    policy = current_policy()
    applications = db.session.scalars(
        sa.select(Application)
        .where(Application.status.in_(QUEUED))
        .options(selectinload(Application.employer))
    ).all()
    newest = (
        sa.select(sa.func.max(PrioritySnapshot.id))
        .join(Application, Application.id == PrioritySnapshot.application_id)
        .where(Application.status.in_(QUEUED))
        .group_by(PrioritySnapshot.application_id)
    )
    latest = {
        s.application_id: s
        for s in db.session.scalars(
            sa.select(PrioritySnapshot).where(PrioritySnapshot.id.in_(newest))
        )
    }
    added = 0
    recommended = recommended_ids()
    for application in applications:
        snapshot = snapshot_priority(
            application,
            policy,
            today,
            latest.get(application.id),
            look_up=False,
            recommended=application.id in recommended,
        )
        added += snapshot is not None
    result = {"applications": len(applications), "snapshots": added, "policy": policy.version}
    if actor is not None:
        audit.record(actor, "priorities.recomputed", policy, **result)
    db.session.commit()
    return result


def publish_policy(
    actor: User, changes: dict, note: str | None = None, base_version: int | None = None
) -> PolicyVersion:
    """A new version copied from the current one with `changes`; points follow at once.

    Versions are never edited in place, so every round and snapshot keeps naming the rules
    it was computed under. The version and everyone's points are one transaction: a round
    never sees a policy whose points are not computed yet. `base_version` is the version the
    officer reviewed: when another was published since (or the same form was sent twice),
    nothing is published and the answer is a 409.
    """
    base = current_policy()
    columns = set(policy_settings())
    if unknown := sorted(set(changes) - columns):
        raise ValidationError(
            _("Unknown policy settings."), {name: _("not a policy setting") for name in unknown}
        )
    top = db.session.scalar(sa.select(sa.func.max(PolicyVersion.version))) or 0
    if base_version is not None and base_version != top:
        _stale(base_version, top)
    values = {key: getattr(base, key) for key in columns}
    values.update(changes)
    policy = PolicyVersion(version=top + 1, created_by_id=actor.id, note=note, **values)
    db.session.add(policy)
    try:
        db.session.flush()
    except IntegrityError:  # the same version number published at the same moment
        db.session.rollback()
        _stale(base_version if base_version is not None else top, top + 1)
    audit.record(actor, "policy.published", policy, version=policy.version, changes=sorted(changes))
    recompute_priorities(actor=actor)
    return policy


def _stale(seen: int, now: int) -> None:
    message = _(
        "Version %(now)d was published after you opened version %(seen)d; nothing was "
        "published. Review the settings in force and try again.",
        now=now,
        seen=seen,
    )
    raise ConflictError(message, {"base_version": message})
