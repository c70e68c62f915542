"""The audit trail: who did what to which record, written one way everywhere.

`record` adds one event to the session (the caller's transaction commits it, so an action
and its audit stand or fall together); `entry` and `record_all` serve bulk writers such as
the spreadsheet import, which insert thousands of events in one statement.
"""

import enum
from datetime import datetime

import sqlalchemy as sa

from housing.extensions import db
from housing.logs import request_id
from housing.models import AuditEvent, User

#: A record the event is about: a model instance, or (object_type, object_id) when only
#: the id is at hand; None for an event about nothing in particular.
Subject = db.Model | tuple[str, int] | None


def _plain(value):
    """Enums as their values, inside lists and dicts too, so `data` is plain JSON."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _subject(subject: Subject) -> tuple[str | None, int | None]:
    if subject is None:
        return None, None
    if isinstance(subject, tuple):
        return subject
    return subject.__tablename__.removesuffix("s"), subject.id


def entry(
    actor: User | None, action: str, subject: Subject, data: dict, at: datetime | None = None
) -> dict:
    """The column values of one event, for `record_all`."""
    object_type, object_id = _subject(subject)
    row = {
        "actor_id": actor.id if actor is not None else None,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "data": _plain(data),
        "request_id": request_id(),
    }
    if at is not None:
        row["at"] = at
    return row


def record(actor: User | None, action: str, subject: Subject = None, /, **data) -> AuditEvent:
    """Add an event to the session; the caller commits it with the change it describes."""
    event = AuditEvent(**entry(actor, action, subject, data))
    db.session.add(event)
    return event


def record_all(entries: list[dict]) -> None:
    """Insert many events in one statement (entries from `entry`, each with `at`)."""
    if entries:
        db.session.execute(sa.insert(AuditEvent.__table__), entries)


def search(
    actor: str | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    subject: tuple[str, int] | None = None,
) -> sa.Select:
    """Audit events, newest first: by the actor's e-mail or name (a part of it), the action,
    a time range [since, until) in UTC and what it was about; for the administrator's pages."""
    from sqlalchemy.orm import selectinload

    query = sa.select(AuditEvent).options(selectinload(AuditEvent.actor))
    if actor := (actor or "").strip().lower():
        like = f"%{actor.replace('%', '').replace('_', '')}%"
        # The few matching accounts first, then their events through the actor_id index.
        actors = sa.select(User.id).where(
            sa.or_(User.email.like(like), sa.func.lower(User.name).like(like))
        )
        query = query.where(AuditEvent.actor_id.in_(actors))
    if action:
        query = query.where(AuditEvent.action == action)
    if subject is not None:
        query = query.where(
            AuditEvent.object_type == subject[0], AuditEvent.object_id == subject[1]
        )
    if since is not None:
        query = query.where(AuditEvent.at >= since)
    if until is not None:
        query = query.where(AuditEvent.at < until)
    return query.order_by(AuditEvent.id.desc())
