"""Employers' answers and recommendations under real concurrency (threads, own sessions).

On PostgreSQL these are concurrent transactions: the unique key of employments and the row
lock on the enterprise decide. On SQLite the writes serialise and the same rules hold.
"""

from datetime import date

import sqlalchemy as sa
from freezegun import freeze_time

from housing.auth.operations import create_staff_user
from housing.employers import operations
from housing.extensions import db as _db
from housing.models import (
    Employment,
    Notification,
    Recommendation,
    Role,
    Tenancy,
    TenancyStatus,
    User,
)
from housing.policy import publish_policy
from tests.web.employer_helpers import CREDIT_CODE, employer_world
from tests.web.money_helpers import housed
from tests.web.round_helpers import PASSWORD
from tests.web.test_races import _race


def _second_hr() -> int:
    return create_staff_user(
        Role.EMPLOYER, "hr2@example.cn", PASSWORD, "人事三", employer_code=CREDIT_CODE
    ).id


def test_confirm_and_deny_at_once_leave_one_answer(app, db):
    with freeze_time("2027-03-10 02:00:00"):
        ew = employer_world(applicants=1)
    target = ew.staff[0].id
    hr_ids = [ew.hr.id, _second_hr()]

    def confirm():
        user = _db.session.get(User, hr_ids[0])
        return operations.confirm(user, target, date(2025, 3, 1)).status.value

    def deny():
        user = _db.session.get(User, hr_ids[1])
        return operations.deny(user, target, "不是本公司员工").status.value

    results, errors = _race(app, confirm, deny)
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert getattr(errors[0], "status", None) == 409, errors
    assert errors[0].extra["first"]["status"] == results[0]
    answers = db.session.scalars(sa.select(Employment.status)).all()
    assert [a.value for a in answers] == results


def test_two_recommendations_for_the_last_place_of_the_quota(app, db):
    with freeze_time("2027-03-10 02:00:00"):
        ew = employer_world(applicants=2)
        publish_policy(ew.world.officer, {"recommendation_quota_key_industry": 1})
        for application in ew.staff:
            operations.confirm(ew.hr, application.id, date(2025, 3, 1))
    hr_ids = [ew.hr.id, _second_hr()]
    targets = [a.id for a in ew.staff]

    def recommend(k: int):
        def job():
            user = _db.session.get(User, hr_ids[k])
            return operations.recommend(user, targets[k], "apartment").id

        return job

    with freeze_time("2027-03-10 03:00:00"):  # the policy of that day: a quota of one
        results, errors = _race(app, recommend(0), recommend(1))
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert getattr(errors[0], "status", None) == 422, errors
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Recommendation)) == 1


def test_two_departure_reports_at_once_end_the_lease_once(app, db):
    with freeze_time("2027-03-10 02:00:00"):
        ew = employer_world(applicants=1)
        tenant = ew.staff[0]
        lease = housed(ew.world, tenant, ew.world.units[0], date(2027, 1, 1), years=2)
        lease.status = TenancyStatus.ACTIVE
        db.session.commit()
        operations.confirm(ew.hr, tenant.id, date(2025, 3, 1))
    hr_ids = [ew.hr.id, _second_hr()]

    def report(k: int, day: date):
        def job():
            user = _db.session.get(User, hr_ids[k])
            return operations.report_departure(user, tenant.id, day)["move_out_by"]

        return job

    with freeze_time("2027-03-10 03:00:00"):
        results, errors = _race(app, report(0, date(2027, 3, 1)), report(1, date(2027, 3, 5)))
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert getattr(errors[0], "status", None) == 409, errors
    db.session.expire_all()
    assert db.session.get(Tenancy, lease.id).status == TenancyStatus.ENDING
    kinds = db.session.scalars(
        sa.select(Notification.kind).where(Notification.kind == "employment.departure")
    ).all()
    assert len(kinds) == 1
