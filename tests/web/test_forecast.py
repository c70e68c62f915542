"""Expected waits: the model's arithmetic, the nightly forecast over a small district, and
what the applicant reads on the waitlist page and in the API."""

from datetime import date

import numpy as np
import sqlalchemy as sa

from housing.forecast import model
from housing.forecast.operations import forecast_queue
from housing.models import ApplicationStatus, Role, User, WaitForecast
from housing.models._base import utcnow
from housing.rounds import operations as rounds
from tests.web.round_helpers import PASSWORD, make_world


def test_competition_counts_only_the_overlap_with_those_ahead():
    # Three applicants on one group of units: each has everyone before them ahead.
    eligible = np.ones((3, 1), dtype=bool)
    ahead, total = model.competition(eligible, np.array([4.0]), np.array([0, 1, 2]))
    assert ahead.tolist() == [0, 1, 2] and total.tolist() == [4, 4, 4]
    # The order is the engine's, not the row order.
    ahead, _t = model.competition(eligible, np.array([4.0]), np.array([2, 0, 1]))
    assert ahead.tolist() == [1, 2, 0]
    # The first spreads over two equal groups; the second wants only one: half a competitor.
    eligible = np.array([[True, True], [True, False], [False, True]])
    ahead, _t = model.competition(eligible, np.array([1.0, 1.0]), np.array([0, 1, 2]))
    assert ahead.tolist() == [0, 0.5, 0.5]


def test_quantiles_reach_demand_with_supply():
    # 9 ahead, nothing vacant now, 2 new vacancies a month, a month until the next round:
    # the 10th unit is there by round 5; with the round tomorrow, by round 6.
    p50, p90 = model.quantiles(np.array([9.0]), np.array([0.0]), np.array([2.0]), 0.0, 1.0, 1.0)
    assert p50[0] == 5 and p90[0] > p50[0]
    p50, _p90 = model.quantiles(np.array([9.0]), np.array([0.0]), np.array([2.0]), 0.0, 0.0, 1.0)
    assert p50[0] == 6
    # Enough vacant now for everyone ahead and oneself: the next round, for sure.
    p50, p90 = model.quantiles(np.array([1.0]), np.array([20.0]), np.array([0.0]), 0.0)
    assert (p50[0], p90[0]) == (1, 1)
    # Nothing ever comes vacant: no figure within the horizon.
    p50, p90 = model.quantiles(np.array([0.0]), np.array([0.0]), np.array([0.0]), 0.0)
    assert (p50[0], p90[0]) == (-1, -1)


def _late() -> date:
    """The 28th of this month: a round on the 1st is days away, so few new vacancies reach it."""
    return utcnow().date().replace(day=28)


def _history(world, db):
    """A committed round this month: 3 units to the 3 best; then 2 more units come vacant."""
    round_ = rounds.start_preview(f"{utcnow():%Y-%m}", world.officer)
    rounds.commit(round_.id, world.officer)
    world.add_units(2)


def test_forecast_for_the_queue_after_a_round(db):
    world = make_world(units=3, applicants=6)
    _history(world, db)
    result = forecast_queue(_late())
    assert result["history_months"] == 1
    rows = {r.application_id: r for r in db.session.scalars(sa.select(WaitForecast))}
    waiting = world.applicants[3:]
    assert set(rows) == {a.id for a in waiting}  # the three offered are no longer queued
    first, second, third = (rows[a.id] for a in waiting)
    # Two vacant now for the first two; the third waits for the next month's three.
    assert (first.p50, second.p50) == (1, 1) and first.ahead == 0 and second.ahead == 1
    assert first.vacant_now == 2 and first.monthly == 3.0
    assert third.p50 == 2 and third.p90 >= third.p50 and third.note is None
    # Computed again, it replaces the rows rather than adding to them.
    forecast_queue(_late())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WaitForecast)) == 3


def test_no_history_and_filters_no_unit_meets_are_said(db):
    world = make_world(units=2, applicants=2)
    forecast_queue(_late())
    rows = db.session.scalars(sa.select(WaitForecast)).all()
    assert {r.note for r in rows} == {"no_history"} and {r.p50 for r in rows} == {None}
    _history(world, db)
    (big,) = world.add_applicants(1, layouts=["3BR"], household_size=3, priority=10.0)
    forecast_queue(_late())
    row = db.session.get(WaitForecast, big.id)
    assert row.note == "no_matching_units" and row.p50 is None and row.p90 is None


def _applicant_client(app, application):  # logs in as the applicant
    client = app.test_client()
    from tests.web.conftest import csrf_token

    page = client.get("/auth/login")
    client.post("/auth/login", data={"email": application.user.email, "password": PASSWORD,
                                     "csrf_token": csrf_token(page.text)})  # fmt: skip
    return client


def test_waitlist_page_and_api_show_the_range_and_how(app, db, client):
    world = make_world(units=3, applicants=6)
    _history(world, db)
    applicant = world.applicants[5]
    forecast_queue(_late())
    user_client = _applicant_client(app, applicant)
    from tests.web.conftest import switch_language

    switch_language(user_client, "en")
    page = user_client.get("/me/waitlist")
    assert page.status_code == 200
    assert 'data-testid="expected-wait-range" data-p50="2"' in page.text
    assert "Likely within 2" in page.text and "such units are vacant now" in page.text

    from housing.auth.operations import issue_token

    raw = issue_token(db.session.get(User, applicant.user_id))[0]
    body = client.get(
        "/api/v1/me/waitlist", headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"}
    ).json
    row = db.session.get(WaitForecast, applicant.id)
    assert body["expected_wait_months"] == {"p50": row.p50, "p90": row.p90}
    assert body["expected_wait_note"] and body["expected_wait_how"]


def test_unknown_wait_says_why_on_the_page_and_in_the_api(app, db, client):
    world = make_world(units=1, applicants=2)
    forecast_queue(_late())  # no round yet
    applicant = world.applicants[1]
    user_client = _applicant_client(app, applicant)
    from tests.web.conftest import switch_language

    switch_language(user_client, "en")
    page = user_client.get("/me/waitlist")
    assert "No estimate yet" in page.text and "no record of vacancies" in page.text
    from housing.auth.operations import issue_token

    raw = issue_token(db.session.get(User, applicant.user_id))[0]
    body = client.get(
        "/api/v1/me/waitlist", headers={"Authorization": f"Bearer {raw}", "Accept-Language": "en"}
    ).json
    assert body["expected_wait_months"] is None
    assert body["expected_wait_note"] == "No estimate yet"


def test_nightly_job_runs_once_a_day(db):
    from housing import jobs

    make_world(units=1, applicants=1)
    now = utcnow()
    assert jobs.forecast_waits_job(now)["applications"] == 1
    assert jobs.forecast_waits_job(now) is None


def test_not_queued_applicants_get_no_estimate(db):
    world = make_world(units=1, applicants=1)
    world.applicants[0].status = ApplicationStatus.SUBMITTED
    db.session.commit()
    forecast_queue(date.today())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(WaitForecast)) == 0
    assert Role.APPLICANT  # the page shows no expected-wait card without a position
