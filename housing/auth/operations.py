"""Accounts: registration, login with lockout, API tokens, staff accounts."""

import re
from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeTimedSerializer

from housing import audit
from housing.auth import throttle
from housing.errors import AuthError, ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.identity import IdType, id_number_problem
from housing.models import ApiToken, Employer, Landlord, LandlordKind, Role, User
from housing.models._base import utcnow
from housing.notify import mail_to, notify
from housing.security import (
    check_password,
    hash_password,
    id_number_hash,
    mask_id_number,
    new_token,
    token_digest,
)

MIN_PASSWORD = 8
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _email(value: str) -> str:
    return value.strip().lower()


def check_email_address(email: str) -> str | None:
    """What is wrong with an address as typed, if anything (forms, API and CLI alike)."""
    if len(email) > 254 or not _EMAIL.fullmatch(email):
        return _("Enter a valid e-mail address.")
    return None


def check_new_password(password: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return _("Use at least %(n)d characters.", n=MIN_PASSWORD)
    return None


def check_email_free(email: str) -> None:
    """One account per e-mail address (the column is unique too; this says it in words)."""
    if db.session.scalar(sa.select(User.id).where(User.email == email)):
        message = _("An account with this e-mail already exists.")
        raise ConflictError(message, {"email": message})


def _registration(
    email: str, password: str, name: str, id_number: str, id_type: IdType | str
) -> tuple[str, str]:
    """The e-mail and ID-number hash of a well-formed registration; every bad field named.

    The hash covers the document type (housing/identity.py): the same passport number twice is
    the same person; a passport and a permanent-residence card are two documents, which the
    service cannot tell belong to one person (docs/accounts.md says how that is caught).
    """
    fields: dict[str, str] = {}
    email = _email(email or "")
    if problem := check_email_address(email):
        fields["email"] = problem
    if problem := check_new_password(password or ""):
        fields["password"] = problem
    if not (name or "").strip():
        fields["name"] = _("Enter your name.")
    if id_type not in set(IdType):
        fields["id_type"] = _("Choose the kind of identity document.")
    elif problem := id_number_problem(id_type, id_number or ""):
        fields["id_number"] = problem
    if fields:
        raise ValidationError(_("Some fields need attention."), fields)
    return email, id_number_hash(id_number, id_type)


def _applicant(
    email, password_hash, name, id_hash, id_number, id_type, phone, awaiting: bool
) -> User:
    user = User(
        email=email,
        password_hash=password_hash,
        role=Role.APPLICANT,
        name=name.strip(),
        phone=(phone or "").strip() or None,
        id_number_hash=id_hash,
        id_number_masked=mask_id_number(id_number),
        id_type=IdType(id_type),
        awaiting_activation=awaiting,
    )
    db.session.add(user)
    return user


def register_applicant(
    email: str,
    password: str,
    name: str,
    id_number: str,
    phone: str | None = None,
    id_type: IdType | str = IdType.RESIDENT_ID,
) -> User:
    """Create a confirmed applicant account at once (staff tools, tests and the demo).

    People register through `request_registration`, which never says whether an account exists.
    """
    email, id_hash = _registration(email, password, name, id_number, id_type)
    check_email_free(email)
    if db.session.scalar(sa.select(User.id).where(User.id_number_hash == id_hash)):
        raise ConflictError(
            _("An account with this ID number already exists."),
            {"id_number": _("An account with this ID number already exists.")},
        )
    user = _applicant(
        email, hash_password(password), name, id_hash, id_number, id_type, phone, False
    )
    db.session.commit()
    return user


#: How long an activation link works.
ACTIVATION_HOURS = 48


def _activation_tokens() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="account-activation")


def request_registration(
    email: str,
    password: str,
    name: str,
    id_number: str,
    phone: str | None,
    link_for: Callable[[str], str],
    locale: str | None = None,
    id_type: IdType | str = IdType.RESIDENT_ID,
) -> None:
    """Self-registration that never tells anyone whether an e-mail or ID number has an account.

    Badly formed fields are named as usual. Otherwise the answer is always "check your e-mail",
    and only the mailboxes learn more: a new person gets an activation link (`link_for(token)`);
    the owner of a known e-mail, or of a known ID number, is told that someone tried, and a new
    address whose ID number is taken is asked to log in or contact the office. Each path hashes
    the password, so they take as long as each other.
    """
    email, id_hash = _registration(email, password, name, id_number, id_type)
    password_hash = hash_password(password)
    owner = db.session.scalar(sa.select(User).where(User.email == email))
    id_owner = db.session.scalar(sa.select(User).where(User.id_number_hash == id_hash))
    if owner is not None:
        notify(owner, "account.email_taken")
    elif id_owner is not None:
        notify(id_owner, "account.id_number_taken")
        mail_to(email, "account.not_opened", locale)
    else:
        user = _applicant(email, password_hash, name, id_hash, id_number, id_type, phone, True)
        user.locale = locale
        db.session.flush()
        token = _activation_tokens().dumps(user.id)
        notify(user, "account.activate", note=link_for(token))
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # the same details registered a moment ago: same answer
        db.session.rollback()


def activate(token: str) -> User:
    """Open a self-registered account from its e-mailed link; the link works once."""
    try:
        user_id = _activation_tokens().loads(token, max_age=ACTIVATION_HOURS * 3600)
    except BadSignature:
        raise ValidationError(
            _("This activation link is not valid or has expired. Register again."),
            {"token": _("not valid or expired")},
        ) from None
    opened = db.session.execute(
        sa.update(User)
        .where(User.id == user_id, User.awaiting_activation.is_(True))
        .values(awaiting_activation=False)
    ).rowcount
    if opened != 1:
        db.session.rollback()
        raise ConflictError(_("This account is already active: log in."))
    user = db.session.get(User, user_id)
    audit.record(user, "account.activated", user)
    db.session.commit()
    return user


def authenticate(email: str, password: str, address: str) -> User:
    """Check a password, counted against the limits of auth/throttle.py.

    `address` is the client's IP address. Every failure gives the same answer, whether or not
    the account exists.
    """
    account = throttle.account_key(email or "")
    throttle.admit(account, address or "unknown")
    user = db.session.scalar(sa.select(User).where(User.email == _email(email or "")))
    known = user is not None and check_password(user.password_hash, password or "")
    if user is None:
        check_password(throttle.dummy_hash(), password or "")
    if not known:
        raise AuthError(
            _("Wrong e-mail or password."), {"password": _("Wrong e-mail or password.")}
        )
    if not user.active:
        raise AuthError(_("This account is disabled."))
    if user.awaiting_activation:
        raise AuthError(
            _("Open the link we e-mailed you to activate your account first."),
            {"email": _("Not activated yet: see the link in your e-mail.")},
        )
    throttle.clear(account)
    user.last_login_at = utcnow()
    db.session.commit()
    return user


def issue_token(user: User) -> tuple[str, ApiToken]:
    raw, digest = new_token()
    token = ApiToken(
        user=user,
        token_hash=digest,
        expires_at=utcnow() + timedelta(hours=current_app.config["API_TOKEN_HOURS"]),
    )
    db.session.add(token)
    db.session.commit()
    return raw, token


def user_for_token(raw: str) -> User | None:
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == token_digest(raw)))
    now = utcnow()
    if token is None or token.revoked_at is not None or token.expires_at <= now:
        return None
    if not token.user.active:
        return None
    # When a token was last used, to the minute: one small write a minute, not one a request.
    db.session.execute(
        sa.update(ApiToken)
        .where(
            ApiToken.id == token.id,
            sa.or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - TOKEN_TOUCH),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return token.user


#: How stale `ApiToken.last_used_at` may be.
TOKEN_TOUCH = timedelta(minutes=1)


def _end_sessions(user_id: int) -> None:
    """Every session and remember-me cookie of the user stops working (auth/session.py).

    One UPDATE, so two logouts at once both count and none is lost.
    """
    db.session.execute(
        sa.update(User).where(User.id == user_id).values(session_version=User.session_version + 1)
    )


def log_out(user: User) -> None:
    """Logging out ends this session and any copy of its cookies (on every device)."""
    _end_sessions(user.id)
    db.session.commit()


def log_out_everywhere(actor: User, email: str) -> User:
    """An administrator ends all of an account's sessions and API tokens (a stolen device)."""
    user = db.session.scalar(sa.select(User).where(User.email == _email(email or "")))
    if user is None:
        raise NotFoundError(_("No account has this e-mail."), {"email": _("No such account.")})
    _end_sessions(user.id)
    revoked = db.session.execute(
        sa.update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    ).rowcount
    audit.record(actor, "user.logged_out_everywhere", user, tokens_revoked=revoked)
    db.session.commit()
    return user


def revoke_token(raw: str) -> bool:
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == token_digest(raw)))
    if token is None or token.revoked_at is not None:
        return False
    token.revoked_at = utcnow()
    db.session.commit()
    return True


def _staff_errors(role: Role, email: str, password: str, name: str | None, org: bool) -> dict:
    fields = {}
    if problem := check_email_address(email):
        fields["email"] = problem
    if not (name or "").strip():
        fields["name"] = _("Enter your name.")
    if problem := check_new_password(password or ""):
        fields["password"] = problem
    if role == Role.LANDLORD and not org:
        fields["landlord_org"] = _("A landlord account belongs to an organisation.")
    if role == Role.EMPLOYER and not org:
        fields["employer_code"] = _("An employer account belongs to an enterprise of the register.")
    return fields


def add_staff_user(
    role: Role,
    email: str,
    password: str,
    name: str | None,
    actor: User | None = None,
    landlord: Landlord | None = None,
    action: str = "user.created",
    by_self: bool = False,
    employer: Employer | None = None,
) -> User:
    """The one path to a staff account: checked, unique by e-mail and audited; no commit.

    `by_self` records the new user as the actor (a landlord accepting an invitation).
    """
    email = _email(email or "")
    org = landlord is not None or employer is not None
    if fields := _staff_errors(role, email, password, name, org):
        raise ValidationError(_("Some fields need attention."), fields)
    check_email_free(email)
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=role,
        name=name.strip(),
        landlord=landlord,
        employer=employer,
    )
    db.session.add(user)
    db.session.flush()
    audit.record(user if by_self else actor, action, user, role=role.value, email=email)
    return user


def create_staff_user(
    role: Role,
    email: str,
    password: str,
    name: str | None = None,
    landlord_org: str | None = None,
    landlord_kind: LandlordKind = LandlordKind.PRIVATE_FIRM,
    actor: User | None = None,
    employer_code: str | None = None,
) -> User:
    """Officer, landlord, employer and admin accounts; a new landlord organisation is
    registered first; an employer account joins an enterprise of the register.

    All or nothing: a refused account leaves no organisation behind.
    """
    from housing.landlords.invitations import create_landlord  # it imports this module

    if role == Role.APPLICANT:
        raise ValidationError(_("Applicants register themselves."), {"role": _("Not allowed.")})
    email = _email(email or "")
    name = name or email.split("@")[0]
    org = (landlord_org or "").strip()
    employer = None
    if role == Role.EMPLOYER:
        from housing.employers.invitations import find_employer

        employer = find_employer(employer_code)
        org = employer.name if employer else ""
    if fields := _staff_errors(role, email, password, name, bool(org)):
        raise ValidationError(_("Some fields need attention."), fields)  # before any write
    try:
        landlord = None
        if role == Role.LANDLORD:
            landlord = db.session.scalar(sa.select(Landlord).where(Landlord.name == org))
            if landlord is None:
                landlord = create_landlord(org, landlord_kind, actor)
        user = add_staff_user(role, email, password, name, actor, landlord, employer=employer)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return user
