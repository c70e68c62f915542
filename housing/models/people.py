"""People and organisations: user accounts, API tokens, landlords and employers."""

import enum
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from housing.extensions import db
from housing.identity import IdType
from housing.models._base import UTCDateTime, enum_column, utcnow


class Role(enum.StrEnum):
    APPLICANT = "applicant"
    OFFICER = "officer"
    LANDLORD = "landlord"
    ADMIN = "admin"
    EMPLOYER = "employer"  # HR staff of an enterprise of the register


class LandlordKind(enum.StrEnum):
    DISTRICT_SOE = "district_soe"  # 区属国有企业
    PRIVATE_FIRM = "private_firm"  # 社会化住房租赁企业


class Landlord(db.Model):
    __tablename__ = "landlords"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    kind: Mapped[LandlordKind] = mapped_column(enum_column(LandlordKind))
    credit_code: Mapped[str | None] = mapped_column(sa.String(18), unique=True)
    contact_name: Mapped[str | None] = mapped_column(sa.String(100))
    contact_phone: Mapped[str | None] = mapped_column(sa.String(30))
    contact_email: Mapped[str | None] = mapped_column(sa.String(254))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    staff: Mapped[list["User"]] = relationship(back_populates="landlord")


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[Role] = mapped_column(enum_column(Role), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    phone: Mapped[str | None] = mapped_column(sa.String(30))
    # The ID-card number is never stored: a keyed hash for uniqueness, a mask for display.
    id_number_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    id_number_masked: Mapped[str | None] = mapped_column(sa.String(32))
    #: Which identity document the number belongs to (housing/identity.py).
    id_type: Mapped[IdType] = mapped_column(
        enum_column(IdType), default=IdType.RESIDENT_ID, server_default=IdType.RESIDENT_ID.value
    )
    landlord_id: Mapped[int | None] = mapped_column(sa.ForeignKey("landlords.id"), index=True)
    #: The enterprise an HR account speaks for (employer role only).
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    locale: Mapped[str | None] = mapped_column(sa.String(8))
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A self-registration waiting for its e-mailed link: the account cannot log in yet.
    awaiting_activation: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: Part of every session and remember-me cookie; raising it ends them all at once.
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    landlord: Mapped[Landlord | None] = relationship(back_populates="staff")
    employer: Mapped["Employer | None"] = relationship(foreign_keys=[employer_id])
    tokens: Mapped[list["ApiToken"]] = relationship(back_populates="user")

    @property
    def is_active(self) -> bool:  # Flask-Login asks this before logging in
        return self.active and not self.awaiting_activation

    def get_id(self) -> str:
        """What the session and the remember-me cookie carry: id, session version, login time.

        The loader in auth/session.py refuses a stale version or an old login, so logging out
        ends a copied cookie too, and "keep me logged in" expires on the server.
        """
        return f"{self.id}:{self.session_version}:{int(utcnow().timestamp())}"

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role.value} {self.email}>"


class ApiToken(db.Model):
    """Bearer tokens: only their SHA-256 is stored, so a database leak grants nothing."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")


class LandlordInvitation(db.Model):
    """An expiring link by which an officer brings a landlord's staff member on board."""

    __tablename__ = "landlord_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    landlord_id: Mapped[int] = mapped_column(sa.ForeignKey("landlords.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    landlord: Mapped[Landlord] = relationship()


class Employer(db.Model):
    """An enterprise registered in Changning: employment there makes a talent eligible."""

    __tablename__ = "employers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200), index=True)
    name_en: Mapped[str | None] = mapped_column(sa.String(200))
    credit_code: Mapped[str | None] = mapped_column(sa.String(18), unique=True)
    industry: Mapped[str] = mapped_column(sa.String(64))
    key_industry: Mapped[bool] = mapped_column(default=False)
    hub: Mapped[str | None] = mapped_column(sa.String(64))
    address: Mapped[str | None] = mapped_column(sa.String(300))
    lat: Mapped[float | None]
    lon: Mapped[float | None]
    registered_in_district: Mapped[bool] = mapped_column(default=True)


class LoginAttempt(db.Model):
    """One login attempt that has not (yet) succeeded: the rows are the counter.

    Written before the password is checked, so parallel guesses each see the others
    (auth/throttle.py). `account` is a keyed hash of the e-mail as typed, known or not.
    """

    __tablename__ = "login_attempts"
    __table_args__ = (sa.Index("ix_login_attempts_account_address", "account", "address", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(sa.String(64))
    address: Mapped[str] = mapped_column(sa.String(45), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class PasswordReset(db.Model):
    """Every request for a password-reset link, whether or not the e-mail has an account.

    The rows are the throttle's counter (`account` is a keyed hash of the e-mail as typed, as
    for logins), so the limits treat known and unknown addresses alike. When the account
    exists, the row also holds the SHA-256 of the e-mailed token, its expiry and when it was
    used: the token itself is never stored.
    """

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(sa.String(64), index=True)
    address: Mapped[str] = mapped_column(sa.String(45), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"), index=True)
    token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User | None] = relationship()
