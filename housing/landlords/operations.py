"""What landlords see and do with their own organisation's units."""

from collections.abc import Iterable
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from housing import audit
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.landlords import rules
from housing.models import (
    LANDLORD_MOVES,
    LANDLORD_STATUSES,
    Building,
    Employer,
    Offer,
    OfferStatus,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
    User,
)
from housing.policy import rent_cap_pct


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
        .options(selectinload(Tenancy.unit))  # the page shows each unit's code
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


# --- Buildings and units -------------------------------------------------------------------

#: Tenancies that hold a unit: it cannot be withdrawn or deleted under them.
LIVE_TENANCY = (TenancyStatus.UPCOMING, TenancyStatus.ACTIVE, TenancyStatus.ENDING)


def known_employer_codes(codes: Iterable[str] | None = None) -> set[str]:
    """Employer codes that exist: those asked about, or all of them (for an import)."""
    query = sa.select(Employer.code)
    if codes is not None:
        codes = list(codes)
        if not codes:
            return set()
        query = query.where(Employer.code.in_(codes))
    return set(db.session.scalars(query))


def building_ids(landlord_id: int) -> set[int]:
    return set(
        db.session.scalars(sa.select(Building.id).where(Building.landlord_id == landlord_id))
    )


def list_buildings(landlord_id: int) -> sa.Select:
    return (
        sa.select(Building)
        .where(Building.landlord_id == landlord_id)
        .order_by(Building.name, Building.id)
    )


def buildings_with_counts(landlord_id: int) -> list[tuple[Building, int]]:
    counts = (
        sa.select(Unit.building_id, sa.func.count().label("n"))
        .group_by(Unit.building_id)
        .subquery()
    )
    return db.session.execute(
        sa.select(Building, sa.func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.building_id == Building.id)
        .where(Building.landlord_id == landlord_id)
        .order_by(Building.name)
    ).all()


def _check_building(landlord_id: int, values: dict, building_id: int | None = None) -> dict:
    """Clean building values, or a ValidationError naming each bad field."""
    clean, errors = rules.clean_building(values)
    if not errors:
        same_name = sa.select(Building.id).where(
            Building.landlord_id == landlord_id, Building.name == clean["name"]
        )
        if building_id is not None:
            same_name = same_name.where(Building.id != building_id)
        if db.session.scalar(same_name):
            errors["name"] = _("You already have a building of this name.")
    if errors:
        raise ValidationError(_("Some fields need attention."), errors)
    return clean


def create_building(landlord_id: int, actor: User | None, values: dict) -> Building:
    clean = _check_building(landlord_id, values)
    building = Building(landlord_id=landlord_id, **clean)
    db.session.add(building)
    db.session.flush()
    audit.record(actor, "building.created", building, **clean)
    db.session.commit()
    return building


def get_building(landlord_id: int, building_id: int) -> Building:
    """The organisation's own building; another's answers 404 like one that does not exist."""
    building = db.session.get(Building, building_id)
    if building is None or building.landlord_id != landlord_id:
        raise NotFoundError(_("No such building."))
    return building


def update_building(building: Building, actor: User | None, values: dict) -> Building:
    """Correct a building's name, address, street or location, by the same rules as adding it."""
    clean = _check_building(building.landlord_id, values, building.id)
    changes = {k: [getattr(building, k), v] for k, v in clean.items() if getattr(building, k) != v}
    for name, (_old, value) in changes.items():
        setattr(building, name, value)
    if changes:
        audit.record(actor, "building.updated", building, **changes)
    db.session.commit()
    return building


def list_units(
    landlord_id: int,
    status: UnitStatus | None = None,
    building_id: int | None = None,
    q: str | None = None,
) -> sa.Select:
    query = (
        sa.select(Unit)
        .where(Unit.landlord_id == landlord_id)
        .options(selectinload(Unit.building))  # the list shows each unit's building
    )
    if status:
        query = query.where(Unit.status == status)
    if building_id:
        query = query.where(Unit.building_id == building_id)
    if q:
        query = query.where(Unit.code.contains(q.strip(), autoescape=True))
    return query.order_by(Unit.code, Unit.id)


def get_unit(landlord_id: int, unit_id: int) -> Unit:
    unit = db.session.get(Unit, unit_id)
    if unit is None or unit.landlord_id != landlord_id:
        raise NotFoundError(_("No such unit."))
    return unit


def _unit_context(landlord_id: int, values: dict) -> rules.UnitContext:
    return rules.UnitContext(
        rent_cap_pct=rent_cap_pct(),
        building_ids=building_ids(landlord_id),
        employer_codes=known_employer_codes(rules.as_list(values.get("reserved_for_employers"))),
    )


def _code_taken(landlord_id: int, code: str, unit_id: int | None = None) -> bool:
    query = sa.select(Unit.id).where(Unit.landlord_id == landlord_id, Unit.code == code)
    if unit_id is not None:
        query = query.where(Unit.id != unit_id)
    return db.session.scalar(query) is not None


def create_unit(landlord_id: int, actor: User | None, values: dict) -> Unit:
    """A new vacant unit; the code is the organisation's own key and must be new."""
    clean, errors = rules.clean_unit(values, _unit_context(landlord_id, values))
    if "code" in clean and _code_taken(landlord_id, clean["code"]):
        errors["code"] = _("You already have a unit with this code.")
    if errors:
        raise ValidationError(_("Some fields need attention."), errors)
    unit = Unit(landlord_id=landlord_id, status=UnitStatus.VACANT, **clean)
    db.session.add(unit)
    db.session.flush()
    audit.record(actor, "unit.created", unit, **clean)
    db.session.commit()
    return unit


def unit_values(unit: Unit) -> dict:
    return {name: getattr(unit, name) for name in rules.UNIT_FIELDS}


def live_commitment(unit: Unit) -> str | None:
    """Why the unit is held by an offer or a tenancy, or None if it is free."""
    if db.session.scalar(
        sa.select(Offer.id).where(Offer.unit_id == unit.id, Offer.status == OfferStatus.PENDING)
    ):
        return _("This unit has an offer waiting for an answer.")
    if db.session.scalar(
        sa.select(Tenancy.id).where(Tenancy.unit_id == unit.id, Tenancy.status.in_(LIVE_TENANCY))
    ):
        return _("This unit has a current or upcoming tenancy.")
    return None


def _check_status_change(unit: Unit, status: UnitStatus) -> None:
    if status not in LANDLORD_STATUSES:
        raise ValidationError(
            _("Landlords may set a unit vacant, in maintenance or withdrawn."),
            {"status": _("Choose vacant, maintenance or withdrawn.")},
        )
    if status == unit.status:
        return
    if status not in LANDLORD_MOVES[unit.status]:
        message = _("Offers and tenancies set this unit's status; it cannot be changed here.")
        raise ConflictError(message, {"status": message})
    if status == UnitStatus.WITHDRAWN and (reason := live_commitment(unit)):
        raise ConflictError(reason, {"status": reason})


def update_unit(unit: Unit, actor: User | None, values: dict) -> Unit:
    """Change any of the unit's fields (and its status, within the landlord's statuses)."""
    status = values.get("status")
    if status is not None:
        try:
            status = UnitStatus(getattr(status, "value", status))
        except ValueError:
            raise ValidationError(
                _("Some fields need attention."),
                {"status": _("Choose vacant, maintenance or withdrawn.")},
            ) from None
        _check_status_change(unit, status)
    merged = {**unit_values(unit), **{k: v for k, v in values.items() if k in rules.UNIT_FIELDS}}
    clean, errors = rules.clean_unit(merged, _unit_context(unit.landlord_id, merged))
    if "code" in clean and _code_taken(unit.landlord_id, clean["code"], unit.id):
        errors["code"] = _("You already have a unit with this code.")
    if errors:
        raise ValidationError(_("Some fields need attention."), errors)
    changes = {}
    for name, value in clean.items():
        if getattr(unit, name) != value:
            changes[name] = [getattr(unit, name), value]
            setattr(unit, name, value)
    if status is not None and status != unit.status:
        changes["status"] = [unit.status.value, status.value]
        unit.status = status
    if changes:
        audit.record(actor, "unit.updated", unit, **changes)
    db.session.commit()
    return unit


def set_unit_status(unit: Unit, actor: User | None, status: UnitStatus | str) -> Unit:
    return update_unit(unit, actor, {"status": status})


def deletion_refusal(unit: Unit) -> str | None:
    """Why the unit may not be deleted, in words for its landlord; None if it may.

    Only a unit that never had an offer or a tenancy goes: the others are withdrawn instead,
    so the history of who was offered or housed where stays whole.
    """
    if unit.status == UnitStatus.OFFERED:
        return _("This unit is offered to an applicant, so it cannot be deleted.")
    if unit.status == UnitStatus.OCCUPIED:
        return _("A tenant lives in this unit, so it cannot be deleted.")
    if reason := live_commitment(unit):
        return reason
    if db.session.scalar(sa.select(_history(unit.id))):
        return _(
            "This unit has a history of offers or tenancies, so it cannot be deleted: "
            "withdraw it instead and its history stays."
        )
    return None


def _history(unit_id: int) -> sa.ColumnElement[bool]:
    return sa.or_(
        sa.exists().where(Offer.unit_id == unit_id),
        sa.exists().where(Tenancy.unit_id == unit_id),
    )


def delete_unit(unit: Unit, actor: User | None) -> None:
    """Delete a unit that never had an offer or a tenancy (see `deletion_refusal`).

    One conditional DELETE: a round that offers the unit at the same moment either comes
    first (the DELETE finds it offered and deletes nothing) or waits for it.
    """
    if reason := deletion_refusal(unit):
        raise ConflictError(reason)
    audit.record(actor, "unit.deleted", unit, code=unit.code)
    deleted = db.session.execute(
        sa.delete(Unit)
        .where(
            Unit.id == unit.id,
            Unit.status.in_(LANDLORD_STATUSES),
            ~_history(unit.id),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    if deleted != 1:
        db.session.rollback()
        db.session.refresh(unit)
        raise ConflictError(deletion_refusal(unit) or _("This unit changed meanwhile."))
    db.session.expunge(unit)
    db.session.commit()
