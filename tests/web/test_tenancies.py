"""Leases after the offer: move-in and move-out, the lease rules, the annual review."""

from datetime import date

import pytest
from freezegun import freeze_time

from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db
from housing.models import (
    ApplicationStatus,
    ReviewStatus,
    TenancyReview,
    TenancyStatus,
    UnitStatus,
)
from housing.policy import current_policy
from housing.tenancies import operations, reviews
from housing.tenancies.leases import LeaseTerms, check_lease
from tests.web.money_helpers import housed, world_with_landlord


@pytest.fixture
def world(db):
    return world_with_landlord(units=3, applicants=4)


def test_move_in_occupies_and_move_out_frees_the_unit(world):
    unit = world.units[0]
    tenancy = housed(world, world.applicants[0], unit, date(2027, 1, 1))
    with freeze_time("2027-01-03 02:00:00"):
        operations.confirm_move_in(world.landlord_user, tenancy.id, date(2027, 1, 2))
        assert tenancy.status == TenancyStatus.ACTIVE and tenancy.move_in_on == date(2027, 1, 2)
        assert db.session.get(type(unit), unit.id).status == UnitStatus.OCCUPIED
    with freeze_time("2027-06-10 02:00:00"):
        operations.confirm_move_out(world.landlord_user, tenancy.id, date(2027, 6, 10))
    db.session.expire_all()
    assert tenancy.status == TenancyStatus.ENDED
    assert unit.status == UnitStatus.VACANT
    assert world.applicants[0].status == ApplicationStatus.EXITED


def test_move_out_bad_dates_are_refused_and_change_nothing(world):
    tenancy = housed(world, world.applicants[0], world.units[0], date(2027, 1, 1))
    with freeze_time("2027-01-05 02:00:00"):
        with pytest.raises(ValidationError) as future:
            operations.confirm_move_in(world.landlord_user, tenancy.id, date(2027, 1, 9))
        assert "date" in future.value.fields
        operations.confirm_move_in(world.landlord_user, tenancy.id, date(2027, 1, 5))
        with pytest.raises(ValidationError) as past:
            operations.confirm_move_out(world.landlord_user, tenancy.id, date(2027, 1, 4))
        assert "date" in past.value.fields
        with pytest.raises(ValidationError) as before:
            operations.confirm_move_out(world.landlord_user, tenancy.id, date(2027, 1, 5))
        assert "date" in before.value.fields
        with pytest.raises(ConflictError):
            operations.confirm_move_in(world.landlord_user, tenancy.id, date(2027, 1, 5))
    db.session.expire_all()
    assert tenancy.status == TenancyStatus.ACTIVE and tenancy.move_out_on is None


def test_another_landlord_cannot_touch_the_tenancy(world, make_user):
    tenancy = housed(world, world.applicants[0], world.units[0], date(2027, 1, 1))
    stranger = make_user("landlord", landlord_org="别家租赁公司")
    with pytest.raises(NotFoundError):
        operations.confirm_move_in(stranger, tenancy.id, date(2027, 1, 1))


def test_lease_rules_rent_cap_rise_cap_term_and_stay_cap(db):
    policy = current_policy()
    ok = LeaseTerms(start=date(2027, 1, 1), years=3, rent=4500, market_rent=5000)
    check_lease(ok, policy)
    cases = {
        "rent over 90% of market": (LeaseTerms(date(2027, 1, 1), 1, 4501, 5000), "rent"),
        "rise over 5%": (LeaseTerms(date(2027, 1, 1), 1, 4300, 5000, previous_rent=4000), "rent"),
        "four-year term": (LeaseTerms(date(2027, 1, 1), 4, 4000, 5000), "years"),
        "beyond six years": (
            LeaseTerms(date(2031, 1, 1), 3, 4000, 5000, stay_start=date(2027, 1, 1)),
            "years",
        ),
    }
    for name, (terms, field) in cases.items():
        with pytest.raises(ValidationError) as refused:
            check_lease(terms, policy)
        assert field in refused.value.fields, name
    check_lease(LeaseTerms(date(2027, 1, 1), 1, 4200, 5000, previous_rent=4000), policy)


def _active(world, k: int, start: date, years: int = 1):
    tenancy = housed(world, world.applicants[k], world.units[k], start, years)
    with freeze_time(f"{start.isoformat()} 02:00:00"):
        operations.confirm_move_in(world.landlord_user, tenancy.id, start)
    return tenancy


def test_review_opens_60_days_before_the_end_reminds_then_escalates(world):
    tenancy = _active(world, 0, date(2027, 1, 1))
    assert reviews.reviews_due(date(2027, 11, 1))["opened"] == 0
    assert reviews.reviews_due(date(2027, 11, 2))["opened"] == 1
    assert reviews.reviews_due(date(2027, 11, 2))["opened"] == 0
    review = db.session.query(TenancyReview).one()
    assert review.tenancy_id == tenancy.id and review.at_lease_end
    assert reviews.reviews_due(date(2027, 11, 16))["reminded"] == 1
    assert reviews.reviews_due(date(2027, 11, 17))["reminded"] == 0
    assert reviews.reviews_due(date(2027, 12, 2))["escalated"] == 1
    db.session.refresh(review)
    assert review.status == ReviewStatus.ESCALATED
    from housing.models import Notification

    told = db.session.query(Notification).filter_by(user_id=world.officer.id).all()
    assert [n.kind for n in told] == ["review.escalated"]


def test_yearly_review_within_a_longer_lease(world):
    _active(world, 0, date(2027, 1, 1), years=3)
    reviews.reviews_due(date(2027, 12, 1))
    review = db.session.query(TenancyReview).one()
    assert review.due_on == date(2028, 1, 1) and not review.at_lease_end


def test_tenant_answers_and_officer_renews_within_the_caps(world):
    tenancy = _active(world, 0, date(2027, 1, 1))
    reviews.reviews_due(date(2027, 11, 10))
    tenant = world.applicants[0].user
    with pytest.raises(NotFoundError):
        reviews.answer(world.applicants[1].user, world.employer.id, 1, False, review_id=1)
    review = reviews.answer(tenant, world.employer.id, 2, False)
    assert review.status == ReviewStatus.ANSWERED
    with pytest.raises(ValidationError) as too_much:
        reviews.renew(world.officer, review.id, years=2, rent=tenancy.rent * 106 // 100)
    assert "rent" in too_much.value.fields
    reviews.renew(world.officer, review.id, years=2, rent=tenancy.rent * 105 // 100)
    db.session.refresh(review)
    assert review.status == ReviewStatus.RENEWED
    renewal = db.session.get(type(tenancy), review.renewal_id)
    assert renewal.start_date == date(2028, 1, 1) and renewal.end_date == date(2030, 1, 1)
    reviews.reviews_due(date(2028, 1, 1))
    db.session.expire_all()
    assert tenancy.status == TenancyStatus.ENDED and renewal.status == TenancyStatus.ACTIVE
    assert tenancy.move_out_on == renewal.move_in_on == date(2028, 1, 1)


def test_not_qualifying_gets_a_move_out_within_the_grace_period(world):
    tenancy = _active(world, 0, date(2027, 1, 1), years=3)
    reviews.reviews_due(date(2027, 12, 1))
    review = reviews.answer(world.applicants[0].user, None, 1, True)
    found = reviews.problems(review)
    assert set(found) == {"employer_id", "owns_housing_in_shanghai"}
    with pytest.raises(ValidationError):
        reviews.renew(world.officer, review.id)
    with freeze_time("2027-12-01 02:00:00"):
        with pytest.raises(ValidationError):
            reviews.refuse(world.officer, review.id, "")
        reviews.refuse(world.officer, review.id, "Left the district enterprise")
    db.session.refresh(tenancy)
    assert tenancy.status == TenancyStatus.ENDING
    assert tenancy.end_date == date(2028, 3, 1)  # three months' grace from the decision


def test_stay_cap_reached_means_no_renewal(world):
    first = _active(world, 0, date(2021, 1, 1), years=3)
    first.status = TenancyStatus.ENDED
    second = housed(world, world.applicants[0], world.units[0], date(2024, 1, 1), years=3)
    second.renewed_from_id, second.status, second.move_in_on = (
        first.id,
        TenancyStatus.ACTIVE,
        second.start_date,
    )
    db.session.commit()
    reviews.reviews_due(date(2026, 11, 15))
    review = db.session.query(TenancyReview).filter_by(tenancy_id=second.id).one()
    review = reviews.answer(world.applicants[0].user, world.employer.id, 1, False)
    assert "stay" in reviews.problems(review)
    with pytest.raises(ValidationError):
        reviews.renew(world.officer, review.id)


def test_an_accepted_offer_becomes_the_lease_the_landlord_moves_in(db):
    """Through the rounds code: offer accepted, lease upcoming, move-in ends the subsidy."""
    import sqlalchemy as sa

    from housing.models import GrantStatus, Role, Tenancy, User
    from housing.money import runs
    from housing.rounds import offers
    from housing.tenancies.lease_pdf import lease_pdf
    from tests.web.money_helpers import granted
    from tests.web.round_helpers import _hash
    from tests.web.test_rounds_offers import offer_of, offers_out

    world, _round = offers_out()
    first = world.applicants[0]
    with freeze_time("2026-11-10 02:00:00"):
        grant = granted(first, "2026-11")
        runs.pay_subsidies("2026-11")
        offer = offers.accept(first.user, offer_of(db, first).id)
    tenancy = db.session.scalar(sa.select(Tenancy).where(Tenancy.offer_id == offer.id))
    assert tenancy.start_date == date(2026, 12, 1) and tenancy.status == TenancyStatus.UPCOMING
    assert lease_pdf(tenancy).startswith(b"%PDF")
    landlord = User(email="l@example.cn", password_hash=_hash(), role=Role.LANDLORD,
                    name="房东", landlord_id=world.landlord.id)  # fmt: skip
    db.session.add(landlord)
    db.session.commit()
    with freeze_time("2026-12-01 02:00:00"):
        operations.confirm_move_in(landlord, tenancy.id, date(2026, 12, 1))
    december, _new = runs.pay_subsidies("2026-12")
    assert december.total_fen == 0
    db.session.refresh(grant)
    assert grant.status == GrantStatus.ENDED and grant.ends_on == date(2026, 11, 30)
    assert grant.paid_fen == 300_000
