"""A small district after the rounds: landlords' tenants, subsidy claimants, frozen dates."""

import io
from datetime import date

from housing.extensions import db
from housing.models import (
    Application,
    ApplicationStatus,
    Degree,
    GrantStatus,
    Role,
    SubsidyGrant,
    Tenancy,
    TenancyStatus,
    UnitStatus,
    User,
)
from housing.money.subsidies import schedule
from housing.policy import current_policy
from tests.web.round_helpers import _hash, make_world

#: The smallest PDF the document checks accept: a market lease as evidence.
LEASE_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def lease_file() -> tuple[io.BytesIO, str]:
    return io.BytesIO(LEASE_PDF), "market-lease.pdf"


def world_with_landlord(units: int = 3, applicants: int = 5):
    world = make_world(units=units, applicants=applicants)
    landlord_user = User(
        email="landlord@example.cn",
        password_hash=_hash(),
        role=Role.LANDLORD,
        name="房东",
        landlord_id=world.landlord.id,
    )
    db.session.add(landlord_user)
    db.session.commit()
    world.landlord_user = landlord_user
    return world


def housed(world, applicant: Application, unit, start: date, years: int = 1) -> Tenancy:
    """What an accepted offer leaves behind: a housed application and an upcoming lease."""
    applicant.status = ApplicationStatus.HOUSED
    unit.status = UnitStatus.OCCUPIED
    tenancy = Tenancy(
        application_id=applicant.id,
        unit_id=unit.id,
        status=TenancyStatus.UPCOMING,
        start_date=start,
        end_date=date(start.year + years, start.month, start.day),
        rent=unit.rent,
    )
    db.session.add(tenancy)
    db.session.commit()
    return tenancy


def granted(applicant: Application, first_month: str, degree=Degree.MASTER) -> SubsidyGrant:
    """An approved grant, as an officer's approval leaves it."""
    policy = current_policy()
    applicant.degree = degree
    grant = SubsidyGrant(
        application_id=applicant.id,
        policy_version_id=policy.id,
        status=GrantStatus.APPROVED,
        first_month=first_month,
        months=policy.subsidy_max_months,
        monthly_amounts=schedule(policy.subsidy_by_degree[degree.value], 12),
    )
    db.session.add(grant)
    db.session.commit()
    return grant
