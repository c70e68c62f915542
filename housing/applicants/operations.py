"""What applicants do: their own application and place in the queue."""

import sqlalchemy as sa

from housing.extensions import db
from housing.models import LIVE, Application, Notification, User


def current_application(user: User) -> Application | None:
    """The person's live application, or their latest one if none is live."""
    apps = db.session.scalars(
        sa.select(Application).where(Application.user_id == user.id).order_by(Application.id.desc())
    ).all()
    for app in apps:
        if app.status in LIVE:
            return app
    return apps[0] if apps else None


def recent_notifications(user: User, limit: int = 10) -> list[Notification]:
    return db.session.scalars(
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id.desc())
        .limit(limit)
    ).all()
