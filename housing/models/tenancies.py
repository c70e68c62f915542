"""Leases: from an accepted offer to move-in, renewals and exit."""

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
    exit_reason: Mapped[str | None] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    application: Mapped[Application] = relationship()
    unit: Mapped[Unit] = relationship()
