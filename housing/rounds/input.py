"""The engine's input, built from the database: `allocation-instance@1` with no personal data.

Applicants appear under a per-round pseudonym (a keyed hash of the round and the application,
so rebuilding the same round gives the same names and the same digest), and workplaces are
snapped to a grid of about 250 m before solving, so that the published file reproduces the
result exactly without pinpointing anyone's office. See docs/rounds.md.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from housing.extensions import db
from housing.models import QUEUED, Application, Employer, Offer, OfferStatus, Unit, UnitStatus

SCHEMA = "allocation-instance@1"
#: Grid steps in degrees: 250 m north-south, and 250 m east-west at Shanghai's latitude.
GRID_LAT = 0.00225
GRID_LON = 0.00263
#: A budget left blank means any rent; the engine wants a number.
ANY_RENT = 1_000_000


@dataclass(frozen=True)
class BuiltInput:
    text: str  # canonical JSON, as published
    sha256: str
    pseudonyms: dict[str, int]  # pseudonym -> application id (never published)
    skipped: int  # queued applications without a workplace location


def round_seed(month: str) -> int:
    """The lottery seed: the month's first day as a number, so anyone can see where it came from."""
    return int(month.replace("-", "") + "01")


def snap(lat: float, lon: float) -> list[float]:
    return [round(round(lat / GRID_LAT) * GRID_LAT, 5), round(round(lon / GRID_LON) * GRID_LON, 5)]


def pseudonym(month: str, application_id: int) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(key, f"round:{month}:{application_id}".encode(), hashlib.sha256)
    return "A" + digest.hexdigest()[:12].upper()


def unit_key(unit_id: int) -> str:
    return f"U{unit_id:07d}"


def unit_id_of(key: str) -> int:
    return int(key[1:])


def queue_query() -> sa.Select:
    """The queue a round serves: verified and waiting applications with their current points.

    Plain columns, not ORM objects: at district scale this read is most of a preview's time.
    """
    return (
        sa.select(
            Application.id,
            Application.priority,
            Application.waiting_since,
            Application.household_size,
            Application.category,
            Employer.code.label("employer"),
            Application.workplace_lat,
            Application.workplace_lon,
            Application.max_commute_min,
            Application.max_rent,
            Application.needs_accessible,
            Application.layouts,
        )
        .outerjoin(Employer, Employer.id == Application.employer_id)
        .where(Application.status.in_(QUEUED), Application.priority.is_not(None))
        # Who chose the cash subsidy instead is not offered a unit (housing/money/choice.py).
        .where(sa.or_(Application.benefit.is_(None), Application.benefit != "subsidy"))
        .order_by(Application.id)
    )


def pool_query() -> sa.Select:
    """Vacant units under no pending offer."""
    pending = sa.select(Offer.unit_id).where(Offer.status == OfferStatus.PENDING)
    return (
        sa.select(Unit)
        .where(Unit.status == UnitStatus.VACANT, Unit.id.not_in(pending))
        .options(selectinload(Unit.building))
        .order_by(Unit.id)
    )


def applicant_entry(row, key: str) -> dict:
    return {
        "id": key,
        "priority": float(row.priority),
        "applied_on": row.waiting_since.isoformat(),
        "household_size": row.household_size,
        "category": row.category.value if row.category else "",
        "employer": row.employer or "",
        "workplace": snap(row.workplace_lat, row.workplace_lon),
        "max_commute_min": row.max_commute_min,
        "max_rent": row.max_rent or ANY_RENT,
        "needs_accessible": row.needs_accessible,
        "layouts": sorted(row.layouts or []),
    }


def unit_entry(unit: Unit) -> dict:
    return {
        "id": unit_key(unit.id),
        "landlord": f"L{unit.landlord_id}",
        "building": f"B{unit.building_id}",
        "layout": unit.layout.value,
        "bedrooms": unit.bedrooms,
        "area_m2": unit.area_m2,
        "max_occupants": unit.max_occupants,
        "location": [unit.building.lat, unit.building.lon],
        "rent": unit.rent,
        "accessible": unit.accessible,
        "reserved_for_employers": sorted(unit.reserved_for_employers or []),
        "reserved_for_categories": sorted(unit.reserved_for_categories or []),
    }


def canonical(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def build_input(month: str) -> BuiltInput:
    """The instance for `month` from the database as it is now (read only)."""
    applicants, pseudonyms, skipped = [], {}, 0
    for application in db.session.execute(queue_query()):
        if application.workplace_lat is None or application.workplace_lon is None:
            skipped += 1
            continue
        key = pseudonym(month, application.id)
        pseudonyms[key] = application.id
        applicants.append(applicant_entry(application, key))
    applicants.sort(key=lambda a: a["id"])
    units = [unit_entry(u) for u in db.session.scalars(pool_query())]
    document = {
        "schema": SCHEMA,
        "round": month,
        "seed": round_seed(month),
        "applicants": applicants,
        "units": units,
        # The engine's own weights: the service uses their documented defaults.
        "policy": {},
    }
    text = canonical(document)
    return BuiltInput(text, hashlib.sha256(text.encode()).hexdigest(), pseudonyms, skipped)
