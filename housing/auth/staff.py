"""Administering staff accounts: find, disable and enable, set a password, change the role.

Accounts are created through `operations.create_staff_user` (the one path, also the CLI's).
Every change here ends the account's sessions and API tokens, and is audited. The service
always keeps one working administrator: nobody can disable or demote themselves, and the last
active administrator cannot be disabled or demoted. That rule is part of the UPDATE itself,
after a lock on the active administrators' rows, so two administrators disabling each other
at the same moment cannot both succeed (tests/web/test_admin_staff.py proves it on PostgreSQL).
"""

import sqlalchemy as sa
import sqlalchemy.orm
from flask_babel import gettext as _

from housing import audit
from housing.auth.operations import _end_sessions, check_new_password
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.models import ApiToken, Role, User
from housing.models._base import utcnow
from housing.security import hash_password

#: Roles an administrator may move an account between. Landlord accounts belong to their
#: organisation and stay landlords: another role gets a new account.
CHANGEABLE_ROLES = (Role.OFFICER, Role.ADMIN)


def staff_accounts(q: str | None = None, role: Role | None = None) -> sa.Select:
    """Staff accounts (everyone but applicants) matching a name or e-mail, by role and e-mail."""
    query = sa.select(User).where(User.role != Role.APPLICANT)
    if role is not None:
        query = query.where(User.role == role)
    if q := (q or "").strip().lower():
        like = f"%{q.replace('%', '').replace('_', '')}%"
        query = query.where(sa.or_(User.email.like(like), sa.func.lower(User.name).like(like)))
    return query.order_by(User.role, User.email, User.id)


def staff_account(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or user.role == Role.APPLICANT:
        raise NotFoundError(_("No such staff account."))
    return user


def _end_everything(user_id: int) -> int:
    """Sessions and API tokens end: a disabled or changed account must log in afresh."""
    _end_sessions(user_id)
    return db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    ).rowcount


def _keep_an_admin(actor: User, user: User, field: str) -> sa.ColumnElement:
    """Refuse to take `user` out of the active administrators if the actor is taking
    themselves out; the condition returned keeps another active administrator.

    The caller puts the condition in its UPDATE, so the check and the write are one statement
    (SQLite runs it under its write lock). On PostgreSQL the active administrators' rows are
    locked first as well: two transactions taking out different administrators each see the
    other's change, instead of two snapshots where both are still active.
    """
    if user.id == actor.id:
        message = _("You cannot do this to your own account.")
        raise ConflictError(message, {field: message})
    db.session.execute(
        sa.select(User.id)
        .where(User.role == Role.ADMIN, User.active.is_(True))
        .order_by(User.id)
        .with_for_update()
    ).all()
    other = sa.orm.aliased(User)
    others = (
        sa.select(sa.func.count())
        .select_from(other)
        .where(other.role == Role.ADMIN, other.active.is_(True), other.id != user.id)
        .scalar_subquery()
    )
    return sa.or_(User.role != Role.ADMIN, User.active.is_(False), others >= 1)


def _last_admin(field: str) -> ConflictError:
    message = _("This is the last active administrator.")
    return ConflictError(message, {field: message})


def set_active(actor: User, user_id: int, active: bool) -> User:
    """Disable an account (it can no longer log in; its sessions end) or enable it again."""
    user = staff_account(user_id)
    try:
        keep = _keep_an_admin(actor, user, "active") if not active else sa.true()
        changed = db.session.execute(
            sa.update(User).where(User.id == user.id, keep).values(active=active)
        ).rowcount
        if changed != 1:
            raise _last_admin("active")
        _end_everything(user.id)
        audit.record(actor, "user.enabled" if active else "user.disabled", user)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    db.session.refresh(user)
    return user


def change_role(actor: User, user_id: int, role: Role | str) -> User:
    """Move an officer or administrator to the other role; their sessions end."""
    user = staff_account(user_id)
    try:
        role = Role(role)
    except ValueError:
        role = None
    if role not in CHANGEABLE_ROLES or user.role not in CHANGEABLE_ROLES:
        message = _("Only officers and administrators can change between those two roles.")
        raise ValidationError(message, {"role": message})
    if role == user.role:
        return user
    try:
        keep = _keep_an_admin(actor, user, "role") if user.role == Role.ADMIN else sa.true()
        old = user.role
        changed = db.session.execute(
            sa.update(User).where(User.id == user.id, User.role == old, keep).values(role=role)
        ).rowcount
        if changed != 1:
            raise _last_admin("role")
        _end_everything(user.id)
        audit.record(actor, "user.role_changed", user, old=old.value, new=role.value)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    db.session.refresh(user)
    return user


def set_password(actor: User, user_id: int, password: str) -> User:
    """An administrator sets a new password (to hand over in person); sessions end."""
    user = staff_account(user_id)
    if problem := check_new_password(password or ""):
        raise ValidationError(_("Some fields need attention."), {"password": problem})
    db.session.execute(
        sa.update(User).where(User.id == user.id).values(password_hash=hash_password(password))
    )
    _end_everything(user.id)
    audit.record(actor, "user.password_set", user)
    db.session.commit()
    db.session.refresh(user)
    return user


def account_history(user_id: int, limit: int = 20) -> list:
    """The latest audit events about an account, for its page."""
    return db.session.scalars(audit.search(subject=("user", user_id)).limit(limit)).all()
