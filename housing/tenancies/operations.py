"""Tenancies after the offer: the landlord's move-in and move-out, leases ending and renewing.

A status move is one conditional UPDATE from the status the request saw (a double click or
two landlords' staff at once: the second gets a 409 and nothing of it stays).
"""

from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from housing import audit
from housing.applicants.operations import transition
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.models import (
    Application,
    ApplicationStatus,
    Role,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
    User,
)
from housing.models._base import utcnow
from housing.tenancies.dates import today

T = TenancyStatus
#: Tenancies that hold their unit (the tenant has it, or is about to).
HOLDING = (T.UPCOMING, T.ACTIVE, T.ENDING)


def landlord_tenancies(landlord_id: int, status: TenancyStatus | None = None) -> sa.Select:
    query = (
        sa.select(Tenancy)
        .join(Unit, Unit.id == Tenancy.unit_id)
        .where(Unit.landlord_id == landlord_id)
        .options(
            joinedload(Tenancy.unit).joinedload(Unit.building), joinedload(Tenancy.application)
        )
        .order_by(Tenancy.start_date.desc(), Tenancy.id.desc())
    )
    if status is not None:
        query = query.where(Tenancy.status == status)
    return query


def tenancy_for_landlord(user: User, tenancy_id: int) -> Tenancy:
    """The tenancy if it is on one of the landlord's units; 404 otherwise, so ids leak nothing."""
    tenancy = db.session.get(Tenancy, tenancy_id)
    if (
        tenancy is None
        or user.role != Role.LANDLORD
        or tenancy.unit.landlord_id != user.landlord_id
    ):
        raise NotFoundError(_("No such tenancy."))
    return tenancy


def current_tenancy(user: User) -> Tenancy | None:
    """The tenant's lease now: the one holding a unit, the latest renewal first."""
    return db.session.scalar(
        sa.select(Tenancy)
        .join(Application, Application.id == Tenancy.application_id)
        .where(Application.user_id == user.id, Tenancy.status.in_(HOLDING))
        .order_by(Tenancy.start_date)
        .limit(1)
    )


def stay_start(tenancy: Tenancy) -> date:
    """The first day of the first lease of this stay, following renewals back."""
    start = tenancy.start_date
    seen = tenancy.renewed_from_id
    while seen is not None:
        previous = db.session.get(Tenancy, seen)
        start, seen = previous.start_date, previous.renewed_from_id
    return start


def _move(tenancy: Tenancy, seen: TenancyStatus, **values) -> None:
    moved = db.session.execute(
        sa.update(Tenancy)
        .where(Tenancy.id == tenancy.id, Tenancy.status == seen)
        .values(**values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        db.session.rollback()
        raise ConflictError(_("The tenancy has changed meanwhile; reload and try again."))
    db.session.refresh(tenancy)


def confirm_move_in(user: User, tenancy_id: int, on: date) -> Tenancy:
    """The tenant has the keys: the lease is active, the unit occupied, any subsidy stops the
    day before (never a subsidy and an apartment on the same day)."""
    from housing.money.subsidies import stop_for_housing

    tenancy = tenancy_for_landlord(user, tenancy_id)
    if tenancy.status != T.UPCOMING:
        raise ConflictError(_("The move-in of this tenancy is already confirmed."))
    if on > today():
        raise ValidationError(
            _("A move-in can be confirmed once it has happened."),
            {"date": _("The date is in the future.")},
        )
    if on < tenancy.start_date - timedelta(days=31):
        raise ValidationError(
            _("The move-in date is long before the lease starts."),
            {"date": _("Not before %(day)s.", day=(tenancy.start_date - timedelta(days=31)))},
        )
    _move(tenancy, T.UPCOMING, status=T.ACTIVE, move_in_on=on, moved_in_at=utcnow())
    db.session.execute(
        sa.update(Unit)
        .where(Unit.id == tenancy.unit_id)
        .values(status=UnitStatus.OCCUPIED)
        .execution_options(synchronize_session=False)
    )
    stop_for_housing(tenancy.application_id, on, user)
    audit.record(user, "tenancy.moved_in", tenancy, date=on.isoformat())
    db.session.commit()
    return tenancy


def confirm_move_out(user: User, tenancy_id: int, on: date) -> Tenancy:
    """The day the unit is handed back (today or later); from that day it is vacant again."""
    tenancy = tenancy_for_landlord(user, tenancy_id)
    if tenancy.status not in (T.ACTIVE, T.ENDING):
        raise ConflictError(_("Only a tenant who has moved in can move out."))
    if on < today():
        raise ValidationError(
            _("The move-out date is in the past."), {"date": _("Today or later.")}
        )
    if tenancy.move_in_on and on <= tenancy.move_in_on:
        raise ValidationError(
            _("The move-out date is before the move-in."),
            {"date": _("After %(day)s.", day=tenancy.move_in_on.isoformat())},
        )
    _move(
        tenancy,
        tenancy.status,
        status=T.ENDING,
        move_out_on=on,
        end_date=on if on > tenancy.start_date else tenancy.end_date,
        exit_reason=tenancy.exit_reason or "moved_out",
    )
    audit.record(user, "tenancy.move_out_confirmed", tenancy, date=on.isoformat())
    finish_move_outs(on_or_before=today(), actor=user)
    db.session.commit()
    return tenancy


def finish_move_outs(on_or_before: date, actor: User | None = None) -> dict:
    """Move-outs whose day has come end the tenancy and free the unit for the next round;
    renewals whose predecessor ended take over (no move: the same unit). The caller commits."""
    ended = renewed = 0
    due = db.session.scalars(
        sa.select(Tenancy).where(
            Tenancy.status == T.ENDING,
            Tenancy.move_out_on.is_not(None),
            Tenancy.move_out_on <= on_or_before,
        )
    ).all()
    for tenancy in due:
        _move(tenancy, T.ENDING, status=T.ENDED, moved_out_at=utcnow())
        db.session.execute(
            sa.update(Unit)
            .where(Unit.id == tenancy.unit_id, Unit.status == UnitStatus.OCCUPIED)
            .values(status=UnitStatus.VACANT)
            .execution_options(synchronize_session=False)
        )
        application = db.session.get(Application, tenancy.application_id)
        if application.status == ApplicationStatus.HOUSED:
            transition(application, ApplicationStatus.EXITED, actor, _("Moved out"))
        audit.record(actor, "tenancy.ended", tenancy, date=tenancy.move_out_on.isoformat())
        ended += 1
    # A renewal starts where its lease ends: the old one ends, the new one is the tenant's.
    starting = db.session.scalars(
        sa.select(Tenancy).where(
            Tenancy.status == T.UPCOMING,
            Tenancy.renewed_from_id.is_not(None),
            Tenancy.start_date <= on_or_before,
        )
    ).all()
    for renewal in starting:
        previous = db.session.get(Tenancy, renewal.renewed_from_id)
        if previous.status == T.ACTIVE:
            _move(
                previous,
                T.ACTIVE,
                status=T.ENDED,
                move_out_on=renewal.start_date,
                moved_out_at=utcnow(),
                exit_reason="renewed",
            )
            _move(
                renewal,
                T.UPCOMING,
                status=T.ACTIVE,
                move_in_on=renewal.start_date,
                moved_in_at=utcnow(),
            )
            renewed += 1
    return {"ended": ended, "renewals_started": renewed}
