"""Enterprises and their HR staff: an officer invites by the unified social credit code, HR
accept by a one-use, expiring link (the same shape as landlords' invitations).

Only the SHA-256 of an invitation token is stored: whoever reads the database cannot use a
pending invitation.
"""

from collections.abc import Callable

import sqlalchemy as sa
from flask_babel import gettext as _

from housing import audit
from housing.auth import invitations
from housing.auth.operations import add_staff_user, check_email_address, check_email_free
from housing.errors import ValidationError
from housing.extensions import db
from housing.models import (
    Employer,
    EmployerInvitation,
    EmployerReminder,
    OutboxMail,
    Role,
    User,
)
from housing.models._base import utcnow


def find_employer(code: str | None) -> Employer | None:
    """An enterprise of the register by its unified social credit code or register code."""
    code = (code or "").strip().upper()
    if not code:
        return None
    return db.session.scalar(
        sa.select(Employer).where(
            sa.or_(Employer.credit_code == code, sa.func.upper(Employer.code) == code)
        )
    )


def list_enterprises() -> list[dict]:
    """Enterprises with HR accounts or open invitations, with their counts (monthly requests
    escalated and still unanswered among them)."""

    def counts(column, *where) -> dict[int, int]:
        query = sa.select(column, sa.func.count()).where(*where).group_by(column)
        return dict(db.session.execute(query).all())

    staff = counts(User.employer_id, User.employer_id.is_not(None))
    pending = counts(
        EmployerInvitation.employer_id,
        EmployerInvitation.accepted_at.is_(None),
        EmployerInvitation.expires_at > utcnow(),
    )
    unanswered = counts(
        EmployerReminder.employer_id,
        EmployerReminder.confirmed_at.is_(None),
        EmployerReminder.escalated_at.is_not(None),
    )
    ids = set(staff) | set(pending)
    if not ids:
        return []
    employers = db.session.scalars(
        sa.select(Employer).where(Employer.id.in_(ids)).order_by(Employer.name)
    )
    return [
        {
            "employer": e,
            "staff": staff.get(e.id, 0),
            "pending": pending.get(e.id, 0),
            "unanswered": unanswered.get(e.id, 0),
        }
        for e in employers
    ]


def invite(
    credit_code: str, email: str, actor: User | None, link_for: Callable[[str], str]
) -> tuple[str, EmployerInvitation]:
    """An invitation link for one HR staff member of a registered enterprise; the mail is
    queued in the same transaction. The raw token is returned once, for the officer to hand
    over directly if the mail goes astray."""
    fields = {}
    employer = find_employer(credit_code)
    if employer is None:
        fields["credit_code"] = _("No enterprise of the district's register has this code.")
    elif not employer.registered_in_district:
        fields["credit_code"] = _("This enterprise is not registered in the district.")
    email = (email or "").strip().lower()
    if problem := check_email_address(email):
        fields["email"] = problem
    if fields:
        raise ValidationError(_("Some fields need attention."), fields)
    check_email_free(email)
    raw, invitation, days = invitations.issue_invitation(
        EmployerInvitation, "EMPLOYER_INVITATION_DAYS", email, actor, employer=employer
    )
    db.session.add(
        OutboxMail(
            to=email,
            subject=_("Invitation: %(org)s on Changning Talent Apartments", org=employer.name),
            body=_(
                "You are invited to answer for %(org)s: confirm your staff's employment, "
                "recommend them and report departures. Open this link within %(days)d days "
                "to set your name and password:\n\n%(link)s",
                org=employer.name,
                days=days,
                link=link_for(raw),
            ),
        )
    )
    audit.record(actor, "employer.invited", employer, email=email)
    db.session.commit()
    return raw, invitation


def open_invitation(raw: str) -> EmployerInvitation:
    """The invitation a token names, if it can still be accepted."""
    return invitations.open_invitation(EmployerInvitation, raw)


def accept_invitation(raw: str, name: str, password: str) -> User:
    """Create the HR account the invitation names; the link works once (a conditional
    UPDATE takes it, so two tabs cannot both use it)."""
    return invitations.accept_invitation(
        EmployerInvitation,
        raw,
        lambda inv: add_staff_user(
            Role.EMPLOYER,
            inv.email,
            password,
            name,
            action="employer.invitation_accepted",
            by_self=True,
            employer=inv.employer,
        ),
    )
