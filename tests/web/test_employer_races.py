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
from housing.models import Employment, Recommendation, Role, User
from housing.policy import publish_policy
from tests.web.employer_helpers import CREDIT_CODE, employer_world
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
