"""Reading incentive statements: lists, one for a user who may see it, its lines in full."""

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from housing.errors import NotFoundError
from housing.extensions import db
from housing.models import IncentiveLine, IncentiveStatement, Role, Unit, User


def query(month: str | None = None, landlord_id: int | None = None) -> sa.Select:
    q = (
        sa.select(IncentiveStatement)
        .options(selectinload(IncentiveStatement.lines), selectinload(IncentiveStatement.landlord))
        .order_by(IncentiveStatement.month.desc(), IncentiveStatement.landlord_id)
    )
    if month:
        q = q.where(IncentiveStatement.month == month)
    if landlord_id is not None:
        q = q.where(IncentiveStatement.landlord_id == landlord_id)
    return q


def for_user(user: User, statement_id: int) -> IncentiveStatement:
    """Officers see every statement, a landlord only their own (404 otherwise)."""
    statement = db.session.get(IncentiveStatement, statement_id)
    allowed = statement is not None and (
        user.role == Role.OFFICER
        or (user.role == Role.LANDLORD and statement.landlord_id == user.landlord_id)
    )
    if not allowed:
        raise NotFoundError(_("No such statement."))
    return statement


def unit_labels(lines: list[IncentiveLine]) -> dict[int, str]:
    ids = {line.unit_id for line in lines}
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(Unit.id, Unit.code, Unit.building_id).where(Unit.id.in_(ids))
    ).all()
    from housing.models import Building

    names = dict(
        db.session.execute(
            sa.select(Building.id, Building.name).where(Building.id.in_({r[2] for r in rows}))
        ).all()
    )
    return {uid: f"{names.get(bid, '')} {code}".strip() for uid, code, bid in rows}


def as_dict(statement: IncentiveStatement) -> dict:
    labels = unit_labels(statement.lines)
    return {
        "id": statement.id,
        "landlord_id": statement.landlord_id,
        "landlord": statement.landlord.name,
        "month": statement.month,
        "unit_days": statement.unit_days,
        "rate": statement.rate,
        "amount_fen": statement.amount_fen,
        "status": statement.status.value,
        "lines": [
            {"tenancy_id": line.tenancy_id, "unit_id": line.unit_id,
             "unit": labels.get(line.unit_id, ""), "first_day": line.first_day,
             "last_day": line.last_day, "days": line.days, "amount_fen": line.amount_fen}
            for line in statement.lines
        ],
    }  # fmt: skip
