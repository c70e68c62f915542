"""Employers in the service: HR invitations, employment answers, recommendations, reminders."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from housing.extensions import db
from housing.models._base import UTCDateTime, enum_column, utcnow
from housing.models.people import Employer, User
from housing.models.waitlist import Application


class EmployerInvitation(db.Model):
    """An expiring, one-use link by which an officer brings an enterprise's HR on board."""

    __tablename__ = "employer_invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employer: Mapped[Employer] = relationship()


class EmploymentStatus(enum.StrEnum):
    CONFIRMED = "confirmed"
    DENIED = "denied"
    LEFT = "left"  # confirmed, then the person left the enterprise


class Employment(db.Model):
    """The enterprise's answer about one application that names it: one row, never two."""

    __tablename__ = "employments"
    __table_args__ = (sa.UniqueConstraint("application_id", "employer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    status: Mapped[EmploymentStatus] = mapped_column(enum_column(EmploymentStatus))
    start_date: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(sa.Text)
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    left_on: Mapped[date | None]
    left_reported_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    left_reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship()
    employer: Mapped[Employer] = relationship()
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])


class Benefit(enum.StrEnum):
    APARTMENT = "apartment"
    SUBSIDY = "subsidy"


class RecommendationStatus(enum.StrEnum):
    ACTIVE = "active"
    WITHDRAWN = "withdrawn"


_ACTIVE_SQL = "status = 'active'"


class Recommendation(db.Model):
    """An enterprise puts a member of its staff forward; it counts against the year's quota
    while active, and gives points in the queue when it names the apartment."""

    __tablename__ = "recommendations"
    __table_args__ = (
        sa.Index("ix_recommendations_employer_id_year", "employer_id", "year"),
        # One active recommendation per application (the database keeps it, races too).
        sa.Index(
            "uq_recommendations_one_active",
            "application_id",
            unique=True,
            sqlite_where=sa.text(_ACTIVE_SQL),
            postgresql_where=sa.text(_ACTIVE_SQL),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"))
    year: Mapped[int]
    benefit: Mapped[Benefit] = mapped_column(enum_column(Benefit))
    status: Mapped[RecommendationStatus] = mapped_column(
        enum_column(RecommendationStatus), default=RecommendationStatus.ACTIVE
    )
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    withdrawn_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    application: Mapped[Application] = relationship()
    employer: Mapped[Employer] = relationship()


class EmployerReminder(db.Model):
    """The monthly request that an enterprise confirm its list of housed staff."""

    __tablename__ = "employer_reminders"
    __table_args__ = (sa.UniqueConstraint("employer_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id"), index=True)
    month: Mapped[str] = mapped_column(sa.String(7))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    confirmed_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employer: Mapped[Employer] = relationship()
