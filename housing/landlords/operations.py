"""What landlords see and do with their own organisation's units."""

from datetime import date, timedelta

import sqlalchemy as sa

from housing.extensions import db
from housing.models import Building, Tenancy, TenancyStatus, Unit, UnitStatus


def unit_summary(landlord_id: int) -> dict:
    """Units by status and the occupancy rate of the units that can be let."""
    rows = db.session.execute(
        sa.select(Unit.status, sa.func.count())
        .where(Unit.landlord_id == landlord_id)
        .group_by(Unit.status)
    ).all()
    by_status = dict.fromkeys(UnitStatus, 0)
    by_status.update(dict(rows))
    lettable = sum(n for s, n in by_status.items() if s != UnitStatus.WITHDRAWN)
    occupied = by_status[UnitStatus.OCCUPIED]
    buildings = db.session.scalar(
        sa.select(sa.func.count()).select_from(Building).where(Building.landlord_id == landlord_id)
    )
    return {
        "by_status": by_status,
        "total": sum(by_status.values()),
        "buildings": buildings,
        "occupancy": (occupied / lettable) if lettable else 0.0,
    }


def upcoming_moves(landlord_id: int, today: date, days: int = 30) -> dict[str, list[Tenancy]]:
    """Move-ins and move-outs in the next `days` days, for the landlord's planning."""
    horizon = today + timedelta(days=days)
    base = (
        sa.select(Tenancy)
        .join(Unit, Unit.id == Tenancy.unit_id)
        .where(Unit.landlord_id == landlord_id)
    )
    move_ins = db.session.scalars(
        base.where(
            Tenancy.status == TenancyStatus.UPCOMING, Tenancy.start_date <= horizon
        ).order_by(Tenancy.start_date)
    ).all()
    move_outs = db.session.scalars(
        base.where(
            Tenancy.status.in_([TenancyStatus.ACTIVE, TenancyStatus.ENDING]),
            Tenancy.end_date <= horizon,
        ).order_by(Tenancy.end_date)
    ).all()
    return {"move_ins": move_ins, "move_outs": move_outs}
