"""Reading rounds: the officer's lists, the public notice, and reasons in words.

The engine gives a reason code and an English detail for everyone it leaves out; people read
`reason_words`, in their own language, built from the code and the detail's numbers.
"""

import re

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy.orm import selectinload

from housing.errors import NotFoundError
from housing.extensions import db
from housing.models import (
    AllocationRound,
    Application,
    Offer,
    OfferStatus,
    RoundAssignment,
    RoundExclusion,
    RoundStatus,
    Unit,
    User,
)
from housing.security import mask_name

#: Rounds the public may see: committed ones.
PUBLIC = (RoundStatus.NOTICE, RoundStatus.OFFERS, RoundStatus.CLOSED)

_OUTRANKED = re.compile(r"(\d+) eligible unit")
_LONE = re.compile(r"excluded by (\w+) alone: (\d+) unit")


def reason_words(reason: str, detail: str | None) -> str:
    """Why an applicant was left out, as a sentence they can act on."""
    detail = detail or ""
    if reason == "outranked":
        match = _OUTRANKED.search(detail)
        n = int(match.group(1)) if match else 0
        return ngettext(
            "%(num)d unit met all your requirements, and it went to an applicant ahead of you "
            "in the order.",
            "%(num)d units met all your requirements, and all went to applicants ahead of you "
            "in the order.",
            n,
        )
    if "there are no units" in detail:
        return _("There were no vacant units in this round.")
    match = _LONE.search(detail)
    if match:
        n = int(match.group(2))
        rule = {
            "household_size": _("they are too small for your household"),
            "rent": _("their rent is above your budget"),
            "accessible": _("they are not accessible"),
            "layout": _("their layout is not one you chose"),
            "reserved": _("they are reserved for other employers or talent categories"),
            "commute": _("they are beyond your maximum commute"),
        }.get(match.group(1), match.group(1))
        return ngettext(
            "No unit met all your requirements. %(num)d unit met all but one: %(rule)s.",
            "No unit met all your requirements. %(num)d units met all but one: %(rule)s.",
            n,
            rule=rule,
        )
    return _("No unit met all your requirements at once.")


def public_round(round_id: int) -> AllocationRound:
    round_ = db.session.get(AllocationRound, round_id)
    if round_ is None or round_.status not in PUBLIC:
        raise NotFoundError(_("No such published round."))
    return round_


def assignments_query(round_id: int) -> sa.Select:
    return (
        sa.select(RoundAssignment)
        .where(RoundAssignment.round_id == round_id)
        .options(
            selectinload(RoundAssignment.unit).selectinload(Unit.building),
            selectinload(RoundAssignment.application).selectinload(Application.user),
        )
        .order_by(RoundAssignment.rank)
    )


def exclusions_query(round_id: int) -> sa.Select:
    """Left out, in the round's order (the engine lists them so, and so they were inserted)."""
    return (
        sa.select(RoundExclusion)
        .where(RoundExclusion.round_id == round_id)
        .order_by(RoundExclusion.id)
    )


def offer_statuses(round_id: int, application_ids: list[int]) -> dict[int, str]:
    """The latest offer's status for each application in the round."""
    rows = db.session.execute(
        sa.select(Offer.application_id, Offer.status)
        .where(Offer.round_id == round_id, Offer.application_id.in_(application_ids))
        .order_by(Offer.id)
    ).all()
    return {a: s.value for a, s in rows}


def notice_entry(assignment: RoundAssignment) -> dict:
    user = assignment.application.user
    return {
        "rank": assignment.rank,
        "name": mask_name(user.name),
        "id_number": user.id_number_masked or "",
        "building": assignment.unit.building.name,
        "layout": assignment.unit.layout.value,
    }


RERUN = (
    "python -m allocation solve input.json --out result.json\n"
    "# the order and assignments in result.json equal the published result byte for byte"
)


def landlord_offers_query(landlord_id: int) -> sa.Select:
    """Offers on one landlord's units, newest first: what is under offer and who accepted."""
    return (
        sa.select(Offer)
        .join(Unit, Unit.id == Offer.unit_id)
        .where(Unit.landlord_id == landlord_id)
        .options(
            selectinload(Offer.unit).selectinload(Unit.building),
            selectinload(Offer.application).selectinload(Application.user),
        )
        .order_by(Offer.id.desc())
    )


def offers_query(round_id: int | None = None, status: OfferStatus | None = None) -> sa.Select:
    query = sa.select(Offer).order_by(Offer.id.desc())
    if round_id is not None:
        query = query.where(Offer.round_id == round_id)
    if status is not None:
        query = query.where(Offer.status == status)
    return query


def my_offers(user: User) -> list[Offer]:
    return db.session.scalars(
        sa.select(Offer)
        .join(Application)
        .where(Application.user_id == user.id)
        .options(
            selectinload(Offer.unit).selectinload(Unit.building),
            selectinload(Offer.unit).selectinload(Unit.landlord),
        )
        .order_by(Offer.id.desc())
    ).all()
