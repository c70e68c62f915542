"""Officers' exports (queue, rounds, offers; tenancies and ledger live in housing.money) and
the CSV behind every chart and table of the dashboards and the public statistics.

Rows are read with `yield_per` and written by `housing.money.exports.table_export`, which
streams CSV and writes XLSX in openpyxl's write-only mode; text cells go through `safe_cell`.
"""

import csv
import io
from collections.abc import Iterator

import sqlalchemy as sa
from flask import Response
from flask_babel import gettext as _

from housing.errors import NotFoundError
from housing.extensions import db
from housing.models import (
    AllocationRound,
    Application,
    Building,
    Employer,
    Landlord,
    Offer,
    RoundAssignment,
    RoundExclusion,
    Unit,
    User,
)
from housing.models.waitlist import QUEUED
from housing.money.exports import (
    csv_response,
    ledger_export,
    safe_cell,
    table_export,
    tenancies_export,
)

QUEUE_COLUMNS = ["application_id", "applicant", "category", "status", "priority", "waiting_since",
                 "verified_at", "household_size", "layouts", "employer"]  # fmt: skip


def _iso(value) -> str:
    return value.isoformat() if value else ""


def _queue_rows() -> Iterator[list]:
    query = (
        sa.select(Application, User.name, Employer.name)
        .join(User, User.id == Application.user_id)
        .outerjoin(Employer, Employer.id == Application.employer_id)
        .where(Application.status.in_(QUEUED))
        .order_by(Application.priority.desc(), Application.id)
        .execution_options(yield_per=1000)
    )
    for a, name, employer in db.session.execute(query):
        yield [a.id, safe_cell(name), a.category.value if a.category else "", a.status.value,
               a.priority if a.priority is not None else "", _iso(a.waiting_since),
               _iso(a.verified_at), a.household_size, " ".join(a.layouts or []),
               safe_cell(employer or "")]  # fmt: skip


ROUND_COLUMNS = ["round_id", "month", "status", "mechanism", "policy_version_id", "created_at",
                 "committed_at", "served", "not_served", "input_sha256"]  # fmt: skip


def _round_rows() -> Iterator[list]:
    served = (
        sa.select(sa.func.count())
        .where(RoundAssignment.round_id == AllocationRound.id)
        .scalar_subquery()
    )
    left = (
        sa.select(sa.func.count())
        .where(RoundExclusion.round_id == AllocationRound.id)
        .scalar_subquery()
    )
    query = sa.select(
        AllocationRound.id, AllocationRound.month, AllocationRound.status,
        AllocationRound.mechanism, AllocationRound.policy_version_id, AllocationRound.created_at,
        AllocationRound.committed_at, served, left, AllocationRound.input_sha256,
    ).order_by(AllocationRound.id)  # fmt: skip
    for r in db.session.execute(query):
        yield [r[0], r[1], r[2].value, safe_cell(r[3]), r[4], _iso(r[5]), _iso(r[6]), r[7], r[8],
               r[9] or ""]  # fmt: skip


OFFER_COLUMNS = ["offer_id", "round_month", "application_id", "applicant", "landlord",
                 "building", "unit", "layout", "status", "sent_at", "deadline_at",
                 "answered_at", "decline_reason", "cascade_of"]  # fmt: skip


def _offer_rows() -> Iterator[list]:
    query = (
        sa.select(Offer, AllocationRound.month, User.name, Landlord.name, Building.name, Unit)
        .join(AllocationRound, AllocationRound.id == Offer.round_id)
        .join(Application, Application.id == Offer.application_id)
        .join(User, User.id == Application.user_id)
        .join(Unit, Unit.id == Offer.unit_id)
        .join(Building, Building.id == Unit.building_id)
        .join(Landlord, Landlord.id == Unit.landlord_id)
        .order_by(Offer.id)
        .execution_options(yield_per=1000)
    )
    for o, month, name, landlord, building, unit in db.session.execute(query):
        yield [o.id, month, o.application_id, safe_cell(name), safe_cell(landlord),
               safe_cell(building), safe_cell(unit.code), unit.layout.value, o.status.value,
               _iso(o.sent_at), _iso(o.deadline_at), _iso(o.answered_at),
               safe_cell(o.decline_reason or ""), o.cascade_of_id or ""]  # fmt: skip


#: What an officer may export, by the name in the URL.
EXPORTS = ("queue", "rounds", "offers", "tenancies", "ledger")


def officer_export(name: str, fmt: str) -> Response:
    """One of `EXPORTS` as CSV (streamed) or XLSX (write-only); 404 for another name."""
    if name == "queue":
        return table_export(fmt, "queue", QUEUE_COLUMNS, _queue_rows())
    if name == "rounds":
        return table_export(fmt, "rounds", ROUND_COLUMNS, _round_rows())
    if name == "offers":
        return table_export(fmt, "offers", OFFER_COLUMNS, _offer_rows())
    if name == "tenancies":
        return tenancies_export(fmt)
    if name == "ledger":
        return ledger_export(fmt, None)
    raise NotFoundError(_("No such export."))


def table_csv(name: str, header: list[str], rows: list[list]) -> Response:
    """A small table (a chart's figures) as a CSV download, formula-safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return csv_response(out.getvalue(), f"{name}.csv")
