"""Employers: invitations, employment answers, recommendations, departures, reminders."""

from datetime import date

import pytest
import sqlalchemy as sa
from freezegun import freeze_time

from housing.employers import invitations, operations, reminders
from housing.errors import ConflictError, NotFoundError, ValidationError
from housing.extensions import db as _db
from housing.jobs import employer_reminders_job
from housing.models import (
    ApplicationStatus,
    AuditEvent,
    EmployerReminder,
    Employment,
    Notification,
    PrioritySnapshot,
    Recommendation,
    Role,
    SubsidyGrant,
    Tenancy,
    TenancyStatus,
    User,
)
from housing.money.choice import choose_benefit
from housing.policy import latest_snapshot, publish_policy
from housing.rounds.input import queue_query
from tests.web.conftest import csrf_token, post_form
from tests.web.employer_helpers import CREDIT_CODE, employer_world
from tests.web.money_helpers import granted, housed

TODAY = "2027-03-10 02:00:00"


@pytest.fixture
def ew(db):
    with freeze_time(TODAY):
        yield employer_world()


def _kinds(user_id: int) -> list[str]:
    return _db.session.scalars(
        sa.select(Notification.kind).where(Notification.user_id == user_id)
    ).all()


# --- Accounts -----------------------------------------------------------------------------


def test_cli_creates_an_employer_account_of_the_register(app, db, ew):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["housing", "create-user", "--role", "employer", "--email", "hr2@example.cn",
              "--password", "secret-pass-1", "--employer-code", CREDIT_CODE.lower()]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "hr2@example.cn"))
    assert user.role == Role.EMPLOYER and user.employer_id == ew.employer.id
    result = runner.invoke(
        args=["housing", "create-user", "--role", "employer", "--email", "hr3@example.cn",
              "--password", "secret-pass-1", "--employer-code", "NOPE"]
    )  # fmt: skip
    assert result.exit_code != 0 and "employer_code" in result.output
    assert db.session.scalar(sa.select(User).where(User.email == "hr3@example.cn")) is None


def test_officer_invites_by_credit_code_and_the_link_works_once(app, db, ew, client, login):
    login("officer@example.cn")
    bad = post_form(client, "/officer/employers", {"credit_code": "91310105MA1FL9999Z",
                                                   "email": "new-hr@example.cn"})  # fmt: skip
    assert bad.status_code == 422 and "credit_code-error" in bad.text
    response = post_form(
        client, "/officer/employers", {"credit_code": CREDIT_CODE, "email": "new-hr@example.cn"}
    )
    assert response.status_code == 200
    link = response.text.split('data-testid="invitation-link" class="wide"')[0]
    link = link.rsplit('value="', 1)[1].split('"')[0]
    token = link.rsplit("/", 1)[1]
    user = invitations.accept_invitation(token, "新人事", "secret-pass-1")
    assert user.role == Role.EMPLOYER and user.employer_id == ew.employer.id
    with pytest.raises(ConflictError):
        invitations.accept_invitation(token, "又一个", "secret-pass-1")
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert "employer.invited" in actions and "employer.invitation_accepted" in actions


# --- Employment answers -------------------------------------------------------------------


def test_hr_see_only_the_staff_who_name_them(app, db, ew, client, token):
    headers = token("hr@example.cn")
    listed = client.get("/api/v1/employer/applications", headers=headers).json
    assert {i["id"] for i in listed["items"]} == {a.id for a in ew.staff}
    assert all("*" in i["id_number"] for i in listed["items"])
    stranger = ew.world.stranger.id
    assert (
        client.get(f"/api/v1/employer/applications/{stranger}", headers=headers).status_code == 404
    )
    confirm = client.post(
        f"/api/v1/employer/applications/{stranger}/confirm",
        headers=headers,
        json={"start_date": "2025-01-01"},
    )
    assert confirm.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employment)) == 0
    other = client.get("/api/v1/employer/applications", headers=token("hr@other.example.cn")).json
    assert [i["id"] for i in other["items"]] == [stranger]


def test_confirmation_shows_in_the_officers_queue(app, db, make_user, client, login, token):
    from tests.web.applicant_helpers import submitted

    with freeze_time(TODAY):
        ew = employer_world(applicants=0)
        application = submitted(make_user(email="talent@example.cn"), ew.employer)
        operations.confirm(ew.hr, application.id, date(2025, 3, 1))
        login("officer@example.cn")
        queue = client.get("/officer/applications")
        assert 'data-testid="employment-confirmed"' in queue.text
        detail = client.get(f"/officer/applications/{application.id}")
        assert "2025-03-01" in detail.text
    api = client.get(f"/api/v1/officer/applications/{application.id}",
                     headers=token("officer@example.cn"))  # fmt: skip
    assert api.json["employment"]["status"] == "confirmed"
    assert api.json["employment"]["start_date"] == "2025-03-01"


def test_a_contradicting_second_answer_is_409_showing_the_first(app, db, ew, client, token):
    headers = token("hr@example.cn")
    target = ew.staff[0].id
    url = f"/api/v1/employer/applications/{target}"
    first = client.post(f"{url}/confirm", headers=headers, json={"start_date": "2025-03-01"})
    assert first.status_code == 200 and first.json["employment"]["status"] == "confirmed"
    again = client.post(f"{url}/confirm", headers=headers, json={"start_date": "2025-03-01"})
    assert again.status_code == 200
    deny = client.post(f"{url}/deny", headers=headers, json={"note": "不是我们的员工"})
    assert deny.status_code == 409
    assert deny.json["error"]["first"]["status"] == "confirmed"
    assert deny.json["error"]["first"]["start_date"] == "2025-03-01"
    other_date = client.post(f"{url}/confirm", headers=headers, json={"start_date": "2024-01-01"})
    assert other_date.status_code == 409
    answer = db.session.scalar(sa.select(Employment))
    assert answer.status.value == "confirmed" and answer.start_date == date(2025, 3, 1)


def test_denial_goes_to_the_officers_with_the_note(app, db, ew):
    with freeze_time(TODAY):
        operations.deny(ew.hr, ew.staff[0].id, "查无此人")
    assert "employment.denied" in _kinds(ew.world.officer.id)
    with pytest.raises(ValidationError) as caught:
        operations.deny(ew.hr, ew.staff[1].id, "  ")
    assert "note" in caught.value.fields


def test_future_start_date_is_refused(app, db, ew):
    with freeze_time(TODAY), pytest.raises(ValidationError) as caught:
        operations.confirm(ew.hr, ew.staff[0].id, date(2027, 4, 1))
    assert "start_date" in caught.value.fields


def test_a_confirmed_employment_stands_in_for_the_labour_contract(app, db, ew):
    """The applicant's checklist ticks the employment item once HR confirm, and says why."""
    from housing.applicants.checklist import checklist

    application = ew.staff[0]
    assert not operations.employment_confirmed(application)
    before = {n.kind: n for n in checklist(application)}
    assert not before["employment"].uploaded
    with freeze_time(TODAY):
        operations.confirm(ew.hr, application.id, date(2025, 3, 1))
    assert operations.employment_confirmed(application)
    after = {
        n.kind: n for n in checklist(application, operations.employment_confirmed(application))
    }
    assert after["employment"].uploaded
    assert "无需提交材料" in str(after["employment"].why)  # Chinese, the default language


# --- Recommendations ----------------------------------------------------------------------


def test_recommendation_is_a_points_rule_and_can_be_withdrawn(app, db, ew):
    target = ew.staff[0]
    with freeze_time(TODAY):
        with pytest.raises(ConflictError):  # employment not confirmed yet
            operations.recommend(ew.hr, target.id, "apartment")
        operations.confirm(ew.hr, target.id, date(2025, 3, 1))
        operations.recommend(ew.hr, target.id, "apartment")
        rules = [item["rule"] for item in latest_snapshot(target).breakdown]
        assert "recommended" in rules
        operations.withdraw_recommendation(ew.hr, target.id)
        assert "recommended" not in [i["rule"] for i in latest_snapshot(target).breakdown]
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert {"employer.recommended", "employer.recommendation_withdrawn"} <= set(actions)


def test_recommendation_over_quota_is_refused_and_changes_nothing(app, db, ew, client, token):
    publish_policy(ew.world.officer, {"recommendation_quota_key_industry": 1})
    headers = token("hr@example.cn")
    with freeze_time(TODAY):
        for a in ew.staff[:2]:
            operations.confirm(ew.hr, a.id, date(2025, 3, 1))
        first = client.post(f"/api/v1/employer/applications/{ew.staff[0].id}/recommend",
                            headers=headers, json={"benefit": "subsidy"})  # fmt: skip
        assert first.status_code == 201 and first.json["recommendation"] == "subsidy"
        snapshots = db.session.scalar(sa.select(sa.func.count()).select_from(PrioritySnapshot))
        over = client.post(f"/api/v1/employer/applications/{ew.staff[1].id}/recommend",
                           headers=headers, json={"benefit": "apartment"})  # fmt: skip
        assert over.status_code == 422 and "quota" in over.json["error"]["fields"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Recommendation)) == 1
    after = db.session.scalar(sa.select(sa.func.count()).select_from(PrioritySnapshot))
    assert after == snapshots
    # The other enterprise's quota is its own (not key industry: the smaller one, 5).
    assert operations.quota_for(ew.other) == 5


# --- Departures ---------------------------------------------------------------------------


def test_departure_of_a_tenant_starts_the_exit(app, db, ew, client, token):
    tenant = ew.staff[0]
    with freeze_time(TODAY):
        tenancy = housed(ew.world, tenant, ew.world.units[0], date(2027, 1, 1), years=2)
        tenancy.status, tenancy.move_in_on = TenancyStatus.ACTIVE, date(2027, 1, 1)
        db.session.commit()
        operations.confirm(ew.hr, tenant.id, date(2025, 3, 1))
        headers = token("hr@example.cn")
        url = "/api/v1/employer/departures"
        early = client.post(
            url, headers=headers, json={"application_id": tenant.id, "left_on": "2025-02-01"}
        )
        assert early.status_code == 422 and "left_on" in early.json["error"]["fields"]
        late = client.post(
            url, headers=headers, json={"application_id": tenant.id, "left_on": "2027-04-11"}
        )
        assert late.status_code == 422 and "left_on" in late.json["error"]["fields"]
        stranger = client.post(
            url,
            headers=token("hr@other.example.cn"),
            json={"application_id": tenant.id, "left_on": "2027-03-01"},
        )
        assert stranger.status_code == 404
        assert db.session.get(Tenancy, tenancy.id).status == TenancyStatus.ACTIVE
        done = client.post(
            url, headers=headers, json={"application_id": tenant.id, "left_on": "2027-03-01"}
        )
        assert done.status_code == 200, done.json
    db.session.expire_all()
    tenancy = db.session.get(Tenancy, tenancy.id)
    assert tenancy.status == TenancyStatus.ENDING and tenancy.exit_reason == "left_employer"
    assert tenancy.end_date == date(2027, 6, 10)  # three months' grace from today
    assert done.json["move_out_by"] == "2027-06-10"
    assert "employment.departure" in _kinds(tenant.user_id)
    assert "employment.departure_officers" in _kinds(ew.world.officer.id)
    again = client.post(
        "/api/v1/employer/departures",
        headers=headers,
        json={"application_id": tenant.id, "left_on": "2027-03-01"},
    )
    assert again.status_code == 409 and again.json["error"]["first"]["left_on"] == "2027-03-01"


def test_departure_ends_a_subsidy_at_the_month_end(app, db, ew):
    person = ew.staff[1]
    with freeze_time(TODAY):
        grant = granted(person, "2027-01")
        operations.confirm(ew.hr, person.id, date(2025, 3, 1))
        result = operations.report_departure(ew.hr, person.id, date(2027, 3, 15))
    assert result["subsidy_ends_on"] == "2027-03-31"
    grant = db.session.get(SubsidyGrant, grant.id)
    assert grant.ends_on == date(2027, 3, 31) and grant.end_reason == "left_employer"


# --- Monthly reminders --------------------------------------------------------------------


def test_reminders_escalate_silence_but_never_end_a_tenancy(app, db, ew):
    tenant = ew.staff[0]
    with freeze_time(TODAY):
        tenancy = housed(ew.world, tenant, ew.world.units[0], date(2027, 1, 1))
        tenancy.status = TenancyStatus.ACTIVE
        db.session.commit()
        assert employer_reminders_job(month="2027-03")["sent"] == 1
        assert employer_reminders_job(month="2027-03") is None  # the month's lock
        assert "employer.reminder" in _kinds(ew.hr.id)
        assert "employer.reminder" not in _kinds(ew.other_hr.id)  # nobody housed there
        assert [r.month for r in reminders.dashboard(ew.hr)["reminders"]] == ["2027-03"]
    with freeze_time("2027-04-01 06:00:00"):
        result = employer_reminders_job(month="2027-04")
    assert result == {"month": "2027-04", "sent": 1, "escalated": 1}
    assert "employer.reminders_escalated" in _kinds(ew.world.officer.id)
    assert db.session.get(Tenancy, tenancy.id).status == TenancyStatus.ACTIVE
    listed = {row["employer"].id: row["unanswered"] for row in invitations.list_enterprises()}
    assert listed == {ew.employer.id: 1, ew.other.id: 0}
    assert reminders.confirm_staff_list(ew.hr) == 2
    assert all(r.confirmed_at for r in db.session.scalars(sa.select(EmployerReminder)))
    with pytest.raises(ConflictError):
        reminders.confirm_staff_list(ew.hr)


def test_dashboard_counts_the_enterprise_only(app, db, ew, client, token):
    with freeze_time(TODAY):
        granted(ew.staff[2], "2027-01")
        operations.confirm(ew.hr, ew.staff[0].id, date(2025, 3, 1))
        operations.recommend(ew.hr, ew.staff[0].id, "apartment")
        body = client.get("/api/v1/employer/dashboard", headers=token("hr@example.cn")).json
    assert body["queue"] == 3 and body["subsidy"] == 1 and body["quota_used"] == 1
    assert body["quota"] == 20 and body["to_answer"] == 2
    with freeze_time(TODAY):
        other = client.get("/api/v1/employer/dashboard", headers=token("hr@other.example.cn"))
    assert other.json["queue"] == 1 and other.json["quota_used"] == 0


# --- Apartment or subsidy -----------------------------------------------------------------


def test_subsidy_choice_leaves_the_round_and_is_refused_when_housed(app, db, ew):
    chooser, tenant = ew.staff[0], ew.staff[1]
    choose_benefit(chooser, chooser.user, "subsidy")
    ids = {row.id for row in db.session.execute(queue_query())}
    assert chooser.id not in ids and ew.staff[2].id in ids
    choose_benefit(chooser, chooser.user, "apartment")
    assert chooser.id in {row.id for row in db.session.execute(queue_query())}
    with freeze_time(TODAY):
        housed(ew.world, tenant, ew.world.units[0], date(2027, 4, 1))
    with pytest.raises(ConflictError):
        choose_benefit(tenant, tenant.user, "subsidy")
    assert tenant.benefit is None
    with pytest.raises(ValidationError):
        choose_benefit(chooser, chooser.user, "both")


def test_pages_of_hr(app, db, ew, client, login):
    with freeze_time(TODAY):
        login("hr@example.cn")
        home = client.get("/employer/")
        assert home.status_code == 200 and ew.employer.name in home.text
        staff = client.get("/employer/staff")
        assert staff.text.count('data-testid="staff-row"') == 3
        target = ew.staff[0].id
        page = client.get(f"/employer/staff/{target}")
        token_ = csrf_token(page.text)
        ok = client.post(
            f"/employer/staff/{target}/confirm",
            data={"confirm-start_date": "2025-03-01", "confirm-csrf_token": token_},
        )
        assert ok.status_code == 302
        bad = client.post(
            f"/employer/staff/{target}/departure",
            data={"departure-left_on": "2020-01-01", "departure-csrf_token": token_},
        )
        assert bad.status_code == 422 and "departure-left_on-error" in bad.text
        assert client.get(f"/employer/staff/{ew.world.stranger.id}").status_code == 404
    assert db.session.get(Employment, 1).status.value == "confirmed"
    assert ew.staff[0].status == ApplicationStatus.WAITING


def test_stranger_hr_cannot_answer(app, db, ew):
    with pytest.raises(NotFoundError):
        operations.confirm(ew.other_hr, ew.staff[0].id, date(2025, 3, 1))
