"""Slowing down password guessing without letting an attacker lock anyone out.

Every attempt is written (and committed) *before* the password is checked, then counted: of
any number of parallel guesses, the k-th to commit sees at least k rows, so no more than the
limit are ever checked. The limits are rolling windows rather than a lock on the account:

- per account *and* address: after LOGIN_MAX_FAILURES in the window, that address must wait;
  the officer at another address logs in as usual, so guessing from outside locks nobody out;
- per address, any account: LOGIN_ADDRESS_FAILURES in the window stops one machine spraying
  many accounts.

Unknown e-mails are counted and answered exactly like known ones (and a dummy hash is checked,
so the time taken is the same): the answers never tell whether an account exists. A success
clears the account's attempts; `flask housing unlock` clears them by hand.
"""

import hashlib
import hmac
from datetime import timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from housing import audit
from housing.errors import TooManyAttempts
from housing.extensions import db
from housing.models import LoginAttempt
from housing.models._base import utcnow
from housing.security import hash_password


def account_key(email: str) -> str:
    """A keyed hash of the e-mail as typed: the table never holds addresses people mistyped."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()


@cache
def _dummy_hash(method: str) -> str:
    return hash_password("no account has this password")


def dummy_hash() -> str:
    """Checked when the e-mail is unknown, so that answer takes as long as a wrong password."""
    return _dummy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "default"))


def _window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_WINDOW_MINUTES"])


def admit(account: str, address: str) -> None:
    """Record this attempt, then refuse it (429) if it is over a limit. Commits."""
    now = utcnow()
    since = now - _window()
    db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.at < since))
    db.session.add(LoginAttempt(account=account, address=address, at=now))
    db.session.commit()
    recent = sa.select(sa.func.count()).where(LoginAttempt.at >= since)
    pair = db.session.scalar(
        recent.where(LoginAttempt.account == account, LoginAttempt.address == address)
    )
    from_address = db.session.scalar(recent.where(LoginAttempt.address == address))
    config = current_app.config
    if pair > config["LOGIN_MAX_FAILURES"] or from_address > config["LOGIN_ADDRESS_FAILURES"]:
        if pair == config["LOGIN_MAX_FAILURES"] + 1 or (
            from_address == config["LOGIN_ADDRESS_FAILURES"] + 1
        ):  # the first refusal, not every one after it
            audit.record(None, "login.throttled", None, account=account[:16], address=address)
            db.session.commit()
        raise TooManyAttempts(
            _(
                "Too many failed attempts. Try again after %(minutes)d minutes.",
                minutes=config["LOGIN_WINDOW_MINUTES"],
            ),
        )


def clear(account: str) -> int:
    """Forget the account's attempts: after a success, or an administrator's unlock."""
    deleted = db.session.execute(sa.delete(LoginAttempt).where(LoginAttempt.account == account))
    db.session.commit()
    return deleted.rowcount
