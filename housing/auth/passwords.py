"""Forgotten passwords: a one-use, expiring link by e-mail; the same answer for any address.

A request always ends the same way ("if the address has an account, a link is on its way"),
takes as long either way (the same queries and writes), and counts against the same limits, so
nobody learns from it whether an e-mail has an account. The link carries a random token; only
its SHA-256 is stored. Using it sets the new password, opens an account still awaiting
activation (the mailbox is proven), and ends every session and API token of the account.
"""

from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from housing import audit
from housing.auth import throttle
from housing.auth.operations import (
    _email,
    _end_sessions,
    check_email_address,
    check_new_password,
)
from housing.errors import TooManyAttempts, ValidationError
from housing.extensions import db
from housing.models import ApiToken, PasswordReset, User
from housing.models._base import utcnow
from housing.notify import mail_to
from housing.security import hash_password, new_token, token_digest

_WINDOW = timedelta(hours=1)


def request_reset(
    email: str, address: str, link_for: Callable[[str], str], locale: str | None = None
) -> None:
    """Record the request, refuse it (429) over a limit, and mail a link if the account exists.

    The limits count requests by the e-mail as typed and by the client address, known account
    or not. Disabled accounts get no link: an administrator re-enables them first.
    """
    if problem := check_email_address(_email(email or "")):
        raise ValidationError(problem, {"email": problem})
    config = current_app.config
    account = throttle.account_key(email or "")
    now = utcnow()
    # Written and committed before counting, as for logins: of parallel requests the k-th to
    # commit sees at least k rows, so none slips past the limit.
    row = PasswordReset(account=account, address=address or "unknown", requested_at=now)
    db.session.add(row)
    db.session.commit()
    recent = sa.select(sa.func.count()).where(PasswordReset.requested_at > now - _WINDOW)
    by_account = db.session.scalar(recent.where(PasswordReset.account == account))
    by_address = db.session.scalar(recent.where(PasswordReset.address == row.address))
    if (
        by_account > config["PASSWORD_RESET_PER_ACCOUNT"]
        or by_address > config["PASSWORD_RESET_PER_ADDRESS"]
    ):
        raise TooManyAttempts(_("Too many reset requests. Try again in an hour."))
    user = db.session.scalar(sa.select(User).where(User.email == _email(email or "")))
    if user is not None and user.active:
        raw, digest = new_token()
        row.user_id, row.token_hash = user.id, digest
        row.expires_at = now + timedelta(minutes=config["PASSWORD_RESET_MINUTES"])
        # A mail without an in-app copy: the link should live only in the mailbox.
        mail_to(
            user.email,
            "account.password_reset",
            user.locale or locale,
            note=link_for(raw),
            minutes=config["PASSWORD_RESET_MINUTES"],
        )
    db.session.commit()


def _usable(raw: str) -> sa.ColumnElement:
    return sa.and_(
        PasswordReset.token_hash == token_digest(raw or ""),
        PasswordReset.used_at.is_(None),
        PasswordReset.expires_at > utcnow(),
    )


def _invalid() -> ValidationError:
    return ValidationError(
        _("This link is not valid, was already used or has expired. Ask for a new one."),
        {"token": _("not valid or expired")},
    )


def check_reset_token(raw: str) -> None:
    """Whether a link still works, before the person types a new password (nothing changes)."""
    if db.session.scalar(sa.select(PasswordReset.id).where(_usable(raw))) is None:
        raise _invalid()


def reset_password(raw: str, password: str) -> User:
    """Set a new password with a link's token: once (a conditional UPDATE takes the token, so
    two uses at the same moment cannot both succeed), and only before it expires."""
    if problem := check_new_password(password or ""):
        raise ValidationError(_("Some fields need attention."), {"password": problem})
    now = utcnow()
    user_id = db.session.scalar(
        sa.update(PasswordReset)
        .where(_usable(raw))
        .values(used_at=now)
        .returning(PasswordReset.user_id)
    )
    if user_id is None:
        db.session.rollback()
        raise _invalid()
    # Every other link of the account stops working too.
    db.session.execute(
        sa.update(PasswordReset)
        .where(PasswordReset.user_id == user_id, PasswordReset.used_at.is_(None))
        .values(used_at=now)
    )
    db.session.execute(
        sa.update(User)
        .where(User.id == user_id)
        .values(password_hash=hash_password(password), awaiting_activation=False)
    )
    _end_sessions(user_id)
    db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    user = db.session.get(User, user_id)
    db.session.refresh(user)
    audit.record(user, "account.password_reset", user)
    db.session.commit()
    throttle.clear(throttle.account_key(user.email))
    return user
