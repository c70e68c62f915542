"""One-use, expiring invitation links, for every kind of organisation staff (landlords' and
employers' HR): the shape both invitation tables share (`token_hash`, `expires_at`,
`accepted_at`). Only the SHA-256 of a token is stored, as for API tokens.
"""

from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from housing.errors import ConflictError, NotFoundError
from housing.extensions import db
from housing.models._base import utcnow
from housing.security import new_token, token_digest

DEFAULT_DAYS = 7


def issue_invitation(
    model, days_setting: str, email: str, actor, **owner
) -> tuple[str, object, int]:
    """A new invitation row for a checked e-mail address, valid for the configured number of
    days; returns (raw token, invitation, days). Only the token's digest is stored."""
    days = current_app.config.get(days_setting, DEFAULT_DAYS)
    raw, digest = new_token()
    invitation = model(
        email=email,
        token_hash=digest,
        created_by_id=actor.id if actor else None,
        expires_at=utcnow() + timedelta(days=days),
        **owner,
    )
    db.session.add(invitation)
    db.session.flush()
    return raw, invitation, days


def open_invitation(model, raw: str):
    """The invitation a token names, if it can still be accepted."""
    invitation = db.session.scalar(sa.select(model).where(model.token_hash == token_digest(raw)))
    if invitation is None:
        raise NotFoundError(_("This invitation link is not valid."))
    if invitation.accepted_at is not None:
        raise ConflictError(_("This invitation has already been used. Log in instead."))
    if invitation.expires_at <= utcnow():
        raise ConflictError(_("This invitation has expired. Ask the housing office for a new one."))
    return invitation


def take_invitation(model, raw: str):
    """Open the invitation and mark it used in one conditional UPDATE, so two tabs (or two
    people with the link) cannot both turn it into an account."""
    invitation = open_invitation(model, raw)
    taken = db.session.execute(
        sa.update(model)
        .where(model.id == invitation.id, model.accepted_at.is_(None))
        .values(accepted_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        db.session.rollback()
        raise ConflictError(_("This invitation has already been used. Log in instead."))
    return invitation


def accept_invitation(model, raw: str, make_account: Callable[[object], object]):
    """Take the link and make its account in one transaction: if the account cannot be made
    (a blank name, a short password), everything is rolled back and the link stays unused."""
    invitation = take_invitation(model, raw)
    try:
        account = make_account(invitation)
    except BaseException:
        db.session.rollback()
        raise
    db.session.commit()
    return account
