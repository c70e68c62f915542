"""Partner organisations and their staff: officers invite, staff accept by an expiring link.

Only the SHA-256 of an invitation token is stored, like API tokens: whoever reads the
database cannot use a pending invitation.
"""

from collections.abc import Callable

import sqlalchemy as sa
from flask_babel import gettext as _

from housing import audit
from housing.auth import invitations
from housing.auth.operations import add_staff_user, check_email_address, check_email_free
from housing.errors import NotFoundError, ValidationError
from housing.extensions import db
from housing.models import (
    Building,
    Landlord,
    LandlordInvitation,
    LandlordKind,
    OutboxMail,
    Role,
    Unit,
    User,
)
from housing.models._base import utcnow


def list_partners() -> list[dict]:
    """Each organisation with its staff, buildings, units and open invitations."""

    def counts(column, *where) -> dict[int, int]:
        query = sa.select(column, sa.func.count()).where(*where).group_by(column)
        return dict(db.session.execute(query).all())

    staff = counts(User.landlord_id, User.landlord_id.is_not(None))
    buildings = counts(Building.landlord_id)
    units = counts(Unit.landlord_id)
    pending = counts(
        LandlordInvitation.landlord_id,
        LandlordInvitation.accepted_at.is_(None),
        LandlordInvitation.expires_at > utcnow(),
    )
    return [
        {
            "landlord": landlord,
            "staff": staff.get(landlord.id, 0),
            "buildings": buildings.get(landlord.id, 0),
            "units": units.get(landlord.id, 0),
            "pending": pending.get(landlord.id, 0),
        }
        for landlord in db.session.scalars(sa.select(Landlord).order_by(Landlord.name))
    ]


def get_landlord(landlord_id: int) -> Landlord:
    landlord = db.session.get(Landlord, landlord_id)
    if landlord is None:
        raise NotFoundError(_("No such organisation."))
    return landlord


def create_landlord(
    name: str,
    kind: LandlordKind | str,
    actor: User | None,
    credit_code: str | None = None,
    contact_name: str | None = None,
    contact_phone: str | None = None,
    contact_email: str | None = None,
) -> Landlord:
    """Register a partner organisation (no commit: the first invitation goes with it)."""
    name = (name or "").strip()
    credit_code = (credit_code or "").strip().upper() or None
    fields = {}
    if not name:
        fields["name"] = _("Required.")
    elif db.session.scalar(sa.select(Landlord.id).where(Landlord.name == name)):
        fields["name"] = _("An organisation of this name is already registered.")
    if credit_code and db.session.scalar(
        sa.select(Landlord.id).where(Landlord.credit_code == credit_code)
    ):
        fields["credit_code"] = _("An organisation with this code is already registered.")
    try:
        kind = LandlordKind(kind)
    except ValueError:
        fields["kind"] = _("Choose a kind.")
    if fields:
        raise ValidationError(_("Some fields need attention."), fields)
    landlord = Landlord(
        name=name,
        kind=kind,
        credit_code=credit_code,
        contact_name=(contact_name or "").strip() or None,
        contact_phone=(contact_phone or "").strip() or None,
        contact_email=(contact_email or "").strip().lower() or None,
    )
    db.session.add(landlord)
    db.session.flush()
    audit.record(actor, "landlord.created", landlord, name=name)
    return landlord


def invite(
    landlord: Landlord, email: str, actor: User | None, link_for: Callable[[str], str]
) -> tuple[str, LandlordInvitation]:
    """An invitation link for one staff member; the mail is queued in the same transaction.

    `link_for(token)` turns the raw token into the absolute accept URL; the raw token is
    returned once so the officer can also hand the link over directly.
    """
    email = (email or "").strip().lower()
    if problem := check_email_address(email):
        raise ValidationError(_("Some fields need attention."), {"email": problem})
    check_email_free(email)
    raw, invitation, days = invitations.issue_invitation(
        LandlordInvitation, "LANDLORD_INVITATION_DAYS", email, actor, landlord=landlord
    )
    link = link_for(raw)
    db.session.add(
        OutboxMail(
            to=email,
            subject=_("Invitation: %(org)s on Changning Talent Apartments", org=landlord.name),
            body=_(
                "You are invited to manage the units of %(org)s. Open this link within "
                "%(days)d days to set your name and password:\n\n%(link)s",
                org=landlord.name,
                days=days,
                link=link,
            ),
        )
    )
    audit.record(actor, "landlord.invited", landlord, email=email)
    db.session.commit()
    return raw, invitation


def open_invitation(raw: str) -> LandlordInvitation:
    """The invitation a token names, if it can still be accepted."""
    return invitations.open_invitation(LandlordInvitation, raw)


def accept_invitation(raw: str, name: str, password: str) -> User:
    """Create the staff account the invitation names; the link works once (taken by a
    conditional UPDATE before the account is made)."""
    return invitations.accept_invitation(
        LandlordInvitation,
        raw,
        lambda inv: add_staff_user(
            Role.LANDLORD,
            inv.email,
            password,
            name,
            landlord=inv.landlord,
            action="landlord.invitation_accepted",
            by_self=True,
        ),
    )


def register_partner(
    values: dict, email: str, actor: User | None, link_for: Callable[[str], str]
) -> tuple[str, LandlordInvitation]:
    """A new organisation and its first invitation, together or not at all."""
    try:
        landlord = create_landlord(actor=actor, **values)
        return invite(landlord, email, actor, link_for)
    except BaseException:
        db.session.rollback()
        raise
