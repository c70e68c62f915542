"""The applicant's place in the queue: points breakdown, position, who waits ahead.

The points themselves are computed and kept in housing/policy.
"""

from dataclasses import dataclass

import sqlalchemy as sa

from housing.extensions import db
from housing.forecast.operations import Estimate, estimate
from housing.models import QUEUED, Application
from housing.policy import latest_snapshot


@dataclass
class Standing:
    status: str
    priority: float | None
    points: list[dict]
    position: int | None
    waiting: int | None
    queued: int
    #: The nightly expected wait (housing/forecast); None when not queued or not yet computed.
    expected: Estimate | None = None


def _ahead(application: Application) -> sa.ColumnElement:
    """Rows ahead in the queue: more points, then earlier application, then lower id."""
    p, at, ident = application.priority, application.submitted_at, application.id
    same_points = sa.and_(Application.priority == p)
    if at is not None:
        tie = sa.or_(
            Application.submitted_at < at,
            sa.and_(Application.submitted_at == at, Application.id < ident),
        )
    else:
        tie = Application.id < ident
    return sa.and_(
        Application.status.in_(QUEUED),
        sa.or_(Application.priority > p, sa.and_(same_points, tie)),
    )


def standing(application: Application) -> Standing:
    """What the applicant sees: points breakdown, place in the queue, who waits ahead."""
    snapshot = latest_snapshot(application)
    points = snapshot.breakdown if snapshot is not None else []
    queued = db.session.scalar(
        sa.select(sa.func.count()).select_from(Application).where(Application.status.in_(QUEUED))
    )
    position = waiting = None
    if application.status in QUEUED and application.priority is not None:
        ahead = _ahead(application)
        position = 1 + db.session.scalar(
            sa.select(sa.func.count()).select_from(Application).where(ahead)
        )
        layouts = application.layouts or []
        # JSON lists are stored as text on both databases: one LIKE per layout is portable.
        as_text = sa.cast(Application.layouts, sa.Text)
        same_layout = sa.or_(*(as_text.like(f'%"{layout}"%') for layout in layouts))
        waiting = (
            db.session.scalar(
                sa.select(sa.func.count()).select_from(Application).where(ahead, same_layout)
            )
            if layouts
            else 0
        )
    return Standing(
        status=application.status.value,
        priority=application.priority,
        points=points,
        position=position,
        waiting=waiting,
        queued=queued,
        expected=estimate(application) if position is not None else None,
    )
