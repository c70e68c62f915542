"""Expected waits, precomputed nightly, and officers' policy what-ifs run in the background."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from housing.extensions import db
from housing.models._base import UTCDateTime, utcnow


class WaitForecast(db.Model):
    """One queued application's expected wait, as of `computed_at` (see docs/forecast.md).

    `p50`/`p90` are whole months (rounds) until an offer; both null with `note` saying why
    when there is no honest estimate.
    """

    __tablename__ = "wait_forecasts"

    application_id: Mapped[int] = mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    p50: Mapped[int | None]
    p90: Mapped[int | None]
    note: Mapped[str | None] = mapped_column(sa.String(32))
    # The figures the explanation quotes.
    ahead: Mapped[float] = mapped_column(default=0.0)
    vacant_now: Mapped[int] = mapped_column(default=0)
    monthly: Mapped[float] = mapped_column(default=0.0)
    history_months: Mapped[int] = mapped_column(default=0)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WhatIfRun(db.Model):
    """A draft policy tried on the current queue: nothing of it is published."""

    __tablename__ = "what_if_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The version in force when the draft was made: publishing refuses if it moved since.
    base_policy_version_id: Mapped[int] = mapped_column(sa.ForeignKey("policy_versions.id"))
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    # "queued", "points", "solve", "waits", "done", "failed"
    stage: Mapped[str] = mapped_column(sa.String(16), default="queued")
    result: Mapped[dict | None] = mapped_column(sa.JSON)
    error: Mapped[str | None] = mapped_column(sa.Text)
    started_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    published_version: Mapped[int | None]
