"""Leases: from an accepted offer to move-in, annual reviews, renewals and exit."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from housing.extensions import db
from housing.models._base import UTCDateTime, enum_column, utcnow
from housing.models.housing import Unit
from housing.models.waitlist import Application


class TenancyStatus(enum.StrEnum):
    UPCOMING = "upcoming"  # signed, not yet moved in
    ACTIVE = "active"
    ENDING = "ending"  # notice given or eligibility lost: must move out by end_date
    ENDED = "ended"


class Tenancy(db.Model):
    __tablename__ = "tenancies"
    __table_args__ = (sa.CheckConstraint("end_date > start_date", name="dates"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(sa.ForeignKey("applications.id"), index=True)
    unit_id: Mapped[int] = mapped_column(sa.ForeignKey("units.id"), index=True)
    offer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("offers.id"))
    renewed_from_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tenancies.id"))
    status: Mapped[TenancyStatus] = mapped_column(
        enum_column(TenancyStatus), default=TenancyStatus.UPCOMING, index=True
    )
    start_date: Mapped[date]
    end_date: Mapped[date]
    rent: Mapped[int]  # yuan a month
    moved_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    moved_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The days the landlord confirmed (Shanghai dates): the incentive and the subsidy's end
    # are counted from these, never from the timestamps of the clicks.
    move_in_on: Mapped[date | None]
    move_out_on: Mapped[date | None]
    exit_reason: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship()
    unit: Mapped[Unit] = relationship()


class ReviewStatus(enum.StrEnum):
    DUE = "due"  # waiting for the tenant's answer
    ANSWERED = "answered"  # waiting for an officer
    ESCALATED = "escalated"  # no answer after the reminder: the officers follow it up
    RENEWED = "renewed"
    CONTINUED = "continued"  # a yearly review within a longer lease: the lease goes on
    REFUSED = "refused"


class TenancyReview(db.Model):
    """The annual review: the tenant's answers and the officer's decision."""

    __tablename__ = "tenancy_reviews"
    __table_args__ = (sa.UniqueConstraint("tenancy_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    tenancy_id: Mapped[int] = mapped_column(sa.ForeignKey("tenancies.id"), index=True)
    due_on: Mapped[date]  # the tenant answers by this day
    at_lease_end: Mapped[bool] = mapped_column(default=False)  # a renewal, not a yearly check
    status: Mapped[ReviewStatus] = mapped_column(
        enum_column(ReviewStatus), default=ReviewStatus.DUE, index=True
    )
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employers.id"))
    household_size: Mapped[int | None]
    owns_housing_in_shanghai: Mapped[bool | None]
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(sa.Text)
    renewal_id: Mapped[int | None] = mapped_column(sa.ForeignKey("tenancies.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tenancy: Mapped[Tenancy] = relationship(foreign_keys=[tenancy_id])
