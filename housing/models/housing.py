"""The apartment pool: buildings and their units."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from housing.extensions import db
from housing.models._base import UTCDateTime, enum_column, utcnow
from housing.models.people import Landlord


class Street(enum.StrEnum):
    """Changning's nine streets (街道) and one town (镇)."""

    HUAYANG = "huayang"
    JIANGSU = "jiangsu"
    XINHUA = "xinhua"
    ZHOUJIAQIAO = "zhoujiaqiao"
    TIANSHAN = "tianshan"
    XIANXIA = "xianxia"
    HONGQIAO = "hongqiao"
    CHENGJIAQIAO = "chengjiaqiao"
    BEIXINJING = "beixinjing"
    XINJING = "xinjing"


class Layout(enum.StrEnum):
    STUDIO = "studio"
    ONE_BR = "1BR"
    TWO_BR = "2BR"
    THREE_BR = "3BR"


class UnitStatus(enum.StrEnum):
    VACANT = "vacant"
    OFFERED = "offered"
    OCCUPIED = "occupied"
    MAINTENANCE = "maintenance"
    WITHDRAWN = "withdrawn"


#: Statuses a landlord may set; offered and occupied come only from offers and tenancies.
LANDLORD_STATUSES = (UnitStatus.VACANT, UnitStatus.MAINTENANCE, UnitStatus.WITHDRAWN)
#: Statuses that offers and tenancies set and leave: a landlord moves a unit neither into
#: nor out of them.
FLOW_STATUSES = (UnitStatus.OFFERED, UnitStatus.OCCUPIED)
#: The moves a landlord may make from each status. The unit page offers exactly these and
#: `landlords.operations` refuses any other, so the two cannot disagree.
LANDLORD_MOVES: dict[UnitStatus, tuple[UnitStatus, ...]] = {
    status: () if status in FLOW_STATUSES else tuple(s for s in LANDLORD_STATUSES if s != status)
    for status in UnitStatus
}


class Building(db.Model):
    __tablename__ = "buildings"
    __table_args__ = (sa.UniqueConstraint("landlord_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    landlord_id: Mapped[int] = mapped_column(sa.ForeignKey("landlords.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    address: Mapped[str] = mapped_column(sa.String(300))
    street: Mapped[Street] = mapped_column(enum_column(Street), index=True)
    lat: Mapped[float]
    lon: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    landlord: Mapped[Landlord] = relationship()
    units: Mapped[list["Unit"]] = relationship(back_populates="building")


class Unit(db.Model):
    __tablename__ = "units"
    __table_args__ = (
        # The unit code is the organisation's own key: re-imports update, never duplicate.
        sa.UniqueConstraint("landlord_id", "code"),
        sa.CheckConstraint("rent > 0 AND market_rent > 0", name="positive_rent"),
        sa.CheckConstraint("rent * 10 <= market_rent * 9", name="rent_cap"),
        sa.CheckConstraint("max_occupants BETWEEN 1 AND 8", name="occupants"),
        sa.Index("ix_units_status_layout", "status", "layout"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    landlord_id: Mapped[int] = mapped_column(sa.ForeignKey("landlords.id"), index=True)
    building_id: Mapped[int] = mapped_column(sa.ForeignKey("buildings.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(40))
    layout: Mapped[Layout] = mapped_column(enum_column(Layout))
    bedrooms: Mapped[int]
    area_m2: Mapped[float]
    max_occupants: Mapped[int]
    floor: Mapped[int | None]
    rent: Mapped[int]  # yuan a month
    market_rent: Mapped[int]  # yuan a month
    accessible: Mapped[bool] = mapped_column(default=False)
    reserved_for_employers: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    reserved_for_categories: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    status: Mapped[UnitStatus] = mapped_column(
        enum_column(UnitStatus), default=UnitStatus.VACANT, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    building: Mapped[Building] = relationship(back_populates="units")
    landlord: Mapped[Landlord] = relationship()
