"""Versioned policy: every round and every points computation names the version it used."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from housing.extensions import db
from housing.models._base import UTCDateTime, utcnow

#: The defaults of the design card; an officer changes them by publishing a new version.
DEFAULT_CATEGORY_POINTS = {
    "leading": 400,
    "high_level": 300,
    "key_industry": 200,
    "overseas": 200,
    "skilled": 150,
    "social_governance": 150,
    "young": 100,
}
#: Monthly rent subsidy in yuan by degree: first year, then later (S: returnee scheme).
DEFAULT_SUBSIDY = {"master": [3000, 2500], "phd": [4000, 3000]}


class PolicyVersion(db.Model):
    __tablename__ = "policy_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(unique=True)
    effective_from: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_by = relationship("User")
    # Priority points
    category_points: Mapped[dict[str, int]] = mapped_column(
        sa.JSON, default=lambda: dict(DEFAULT_CATEGORY_POINTS)
    )
    points_per_month: Mapped[int] = mapped_column(default=5)
    key_industry_bonus: Mapped[int] = mapped_column(default=50)
    children_bonus: Mapped[int] = mapped_column(default=30)
    decline_penalty: Mapped[int] = mapped_column(default=40)
    # Employers' recommendations: points in the queue, and each enterprise's yearly quota
    # (key-industry enterprises get the larger one).
    recommendation_points: Mapped[int] = mapped_column(default=60, server_default="60")
    recommendation_quota_key_industry: Mapped[int] = mapped_column(default=20, server_default="20")
    recommendation_quota_other: Mapped[int] = mapped_column(default=5, server_default="5")
    # Eligibility
    max_owned_area_per_person_m2: Mapped[int] = mapped_column(default=15)
    returnee_window_days: Mapped[int] = mapped_column(default=365)
    # Offers and public notice
    offer_days: Mapped[int] = mapped_column(default=7)
    declines_to_back_of_queue: Mapped[int] = mapped_column(default=2)
    notice_days: Mapped[int] = mapped_column(default=5)
    # Leases
    lease_min_years: Mapped[int] = mapped_column(default=1)
    lease_max_years: Mapped[int] = mapped_column(default=3)
    lease_total_max_years: Mapped[int] = mapped_column(default=6)
    rent_cap_pct_of_market: Mapped[int] = mapped_column(default=90)
    rent_raise_cap_pct: Mapped[int] = mapped_column(default=5)
    exit_grace_months: Mapped[int] = mapped_column(default=3)
    # Money
    subsidy_by_degree: Mapped[dict[str, list[int]]] = mapped_column(
        sa.JSON, default=lambda: {k: list(v) for k, v in DEFAULT_SUBSIDY.items()}
    )
    subsidy_max_months: Mapped[int] = mapped_column(default=12)
    incentive_per_unit_month: Mapped[int] = mapped_column(default=300)
    # Personal data
    #: Months after an application closes (withdrawn, rejected, exited) before its documents
    #: and personal details are purged (housing/applicants/retention.py).
    retention_months: Mapped[int] = mapped_column(default=24, server_default="24")
