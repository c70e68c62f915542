"""Status rules: landlords set vacant, maintenance, withdrawn; offers and tenancies hold a unit."""

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from housing.errors import ConflictError, ValidationError
from housing.landlords import operations
from housing.models import (
    AllocationRound,
    Application,
    ApplicationStatus,
    AuditEvent,
    Offer,
    OfferStatus,
    PolicyVersion,
    RoundStatus,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
)
from housing.models._base import utcnow
from tests.web.conftest import csrf_token, switch_language
from tests.web.landlord_helpers import add_building, add_unit


@pytest.fixture
def landlord_unit(make_user, db):
    user = make_user("landlord")
    return user, add_unit(user, add_building(user))


def _application(make_user, db) -> Application:
    applicant = make_user("applicant")
    application = Application(user_id=applicant.id, status=ApplicationStatus.OFFERED)
    db.session.add(application)
    db.session.flush()
    return application


def _offer(make_user, db, unit: Unit, status=OfferStatus.PENDING) -> Offer:
    policy = PolicyVersion(version=1)
    db.session.add(policy)
    db.session.flush()
    round_ = AllocationRound(
        month="2026-12", status=RoundStatus.OFFERS, policy_version_id=policy.id, seed=1
    )
    db.session.add(round_)
    db.session.flush()
    offer = Offer(
        round_id=round_.id,
        application_id=_application(make_user, db).id,
        unit_id=unit.id,
        status=status,
        deadline_at=utcnow() + timedelta(days=7),
    )
    db.session.add(offer)
    db.session.commit()
    return offer


def _tenancy(make_user, db, unit: Unit, status=TenancyStatus.ACTIVE) -> Tenancy:
    today = date.today()
    tenancy = Tenancy(
        application_id=_application(make_user, db).id,
        unit_id=unit.id,
        status=status,
        start_date=today - timedelta(days=30),
        end_date=today + timedelta(days=20),
        rent=unit.rent,
    )
    db.session.add(tenancy)
    db.session.commit()
    return tenancy


def test_landlord_statuses_and_audit(landlord_unit, db):
    user, unit = landlord_unit
    operations.set_unit_status(unit, user, "maintenance")
    operations.set_unit_status(unit, user, "vacant")
    operations.set_unit_status(unit, user, UnitStatus.WITHDRAWN)
    assert unit.status == UnitStatus.WITHDRAWN
    changes = [
        e.data["status"]
        for e in db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "unit.updated").order_by(AuditEvent.id)
        )
    ]
    assert changes == [
        ["vacant", "maintenance"],
        ["maintenance", "vacant"],
        ["vacant", "withdrawn"],
    ]


@pytest.mark.parametrize("status", ["offered", "occupied", "let", ""])
def test_flow_statuses_cannot_be_set_by_landlord(landlord_unit, status):
    user, unit = landlord_unit
    with pytest.raises(ValidationError) as exc:
        operations.set_unit_status(unit, user, status)
    assert "status" in exc.value.fields


def test_offered_or_occupied_units_keep_their_status(landlord_unit, db):
    user, unit = landlord_unit
    unit.status = UnitStatus.OCCUPIED
    db.session.commit()
    for target in ("vacant", "maintenance", "withdrawn"):
        with pytest.raises(ConflictError):
            operations.set_unit_status(unit, user, target)
        db.session.rollback()
    with pytest.raises(ConflictError):
        operations.delete_unit(unit, user)


def test_live_offer_blocks_withdraw_and_delete(landlord_unit, make_user, db):
    user, unit = landlord_unit
    offer = _offer(make_user, db, unit)
    with pytest.raises(ConflictError):
        operations.set_unit_status(unit, user, "withdrawn")
    with pytest.raises(ConflictError):
        operations.delete_unit(unit, user)
    assert db.session.get(Unit, unit.id).status == UnitStatus.VACANT
    # Once the offer is declined the unit may be withdrawn, but not deleted: it has history.
    offer.status = OfferStatus.DECLINED
    db.session.commit()
    operations.set_unit_status(unit, user, "withdrawn")
    with pytest.raises(ConflictError):
        operations.delete_unit(unit, user)


@pytest.mark.parametrize(
    "status", [TenancyStatus.UPCOMING, TenancyStatus.ACTIVE, TenancyStatus.ENDING]
)
def test_live_tenancy_blocks_withdraw(landlord_unit, make_user, db, status):
    user, unit = landlord_unit
    _tenancy(make_user, db, unit, status)
    with pytest.raises(ConflictError):
        operations.set_unit_status(unit, user, "withdrawn")
    with pytest.raises(ConflictError):
        operations.delete_unit(unit, user)


def test_unit_without_history_can_be_deleted(landlord_unit, db):
    user, unit = landlord_unit
    operations.delete_unit(unit, user)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Unit)) == 0
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "unit.deleted"))


def test_status_over_pages_and_api(client, make_user, login, token, landlord_unit, db):
    user, unit = landlord_unit
    _offer(make_user, db, unit)
    login(user.email)
    switch_language(client, "en")
    page = client.get(f"/landlord/units/{unit.id}")
    response = client.post(
        f"/landlord/units/{unit.id}/status",
        data={"status": "withdrawn", "csrf_token": csrf_token(page.text)},
        follow_redirects=True,
    )
    assert "offer waiting for an answer" in response.text
    api = client.patch(
        f"/api/v1/landlord/units/{unit.id}",
        json={"status": "withdrawn"},
        headers=token(user.email),
    )
    assert api.status_code == 409
    ok = client.post(
        f"/landlord/units/{unit.id}/status",
        data={"status": "maintenance", "csrf_token": csrf_token(page.text)},
    )
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(Unit, unit.id).status == UnitStatus.MAINTENANCE


def test_home_shows_occupancy_and_moves(client, make_user, login, landlord_unit, db):
    user, unit = landlord_unit
    unit.status = UnitStatus.OCCUPIED
    db.session.commit()
    _tenancy(make_user, db, unit, TenancyStatus.ACTIVE)
    login(user.email)
    home = client.get("/landlord/")
    assert 'data-testid="occupancy">100.0%' in home.text
    assert 'data-testid="move-out"' in home.text
