"""The administrator manages staff accounts and reads the audit log.

Disabling and role changes end the account's sessions; the last administrator and one's own
account are protected, under concurrency too (the race tests run on PostgreSQL in CI's second
pass and serialise on SQLite)."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from housing.auth import passwords, staff
from housing.auth.operations import issue_token
from housing.errors import ConflictError, ValidationError
from housing.extensions import db as _db
from housing.models import ApiToken, AuditEvent, Role, User
from tests.web.conftest import csrf_token
from tests.web.test_races import _race


def _log_in_elsewhere(app, email: str, password: str = "secret-pass-1"):
    device = app.test_client()
    page = device.get("/auth/login")
    device.post("/auth/login", data={"email": email, "password": password,
                                     "csrf_token": csrf_token(page.text)})  # fmt: skip
    return device


def test_admin_creates_an_officer_account_on_the_page(client, db, make_user, login):
    admin = make_user("admin")
    login(admin.email)
    page = client.get("/officer/admin/staff/new")
    data = {"role": "", "name": "王经办", "email": "wang@rcgy.cn", "password": "secret-pass-1",
            "csrf_token": csrf_token(page.text)}  # fmt: skip
    refused = client.post("/officer/admin/staff/new", data=data)
    assert refused.status_code == 422 and 'id="role-error"' in refused.text
    done = client.post("/officer/admin/staff/new", data={**data, "role": "officer"})
    assert done.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "wang@rcgy.cn"))
    assert user.role == Role.OFFICER
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "user.created",
                                    AuditEvent.object_id == user.id)
    )  # fmt: skip
    assert event.actor_id == admin.id
    landlord = {**data, "role": "landlord", "email": "l@mofang.cn", "landlord_org": ""}
    refused = client.post("/officer/admin/staff/new", data=landlord)
    assert refused.status_code == 422 and 'id="landlord_org-error"' in refused.text


def test_disabling_ends_sessions_and_tokens_and_enabling_restores_login(app, db, make_user):
    admin, officer = make_user("admin"), make_user("officer")
    device = _log_in_elsewhere(app, officer.email)
    assert device.get("/officer/").status_code == 200
    issue_token(officer)
    staff.set_active(admin, officer.id, False)
    assert device.get("/officer/").status_code == 302
    assert db.session.scalar(sa.select(ApiToken.revoked_at)) is not None
    again = _log_in_elsewhere(app, officer.email)
    assert again.get("/officer/").status_code == 302  # "This account is disabled."
    staff.set_active(admin, officer.id, True)
    assert _log_in_elsewhere(app, officer.email).get("/officer/").status_code == 200
    actions = db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-2:] == ["user.disabled", "user.enabled"]


def test_role_change_ends_sessions_and_only_between_officer_and_admin(app, db, make_user):
    admin, officer, landlord = make_user("admin"), make_user("officer"), make_user("landlord")
    device = _log_in_elsewhere(app, officer.email)
    staff.change_role(admin, officer.id, "admin")
    assert device.get("/officer/admin").status_code == 302
    assert db.session.get(User, officer.id).role == Role.ADMIN
    with pytest.raises(ValidationError):
        staff.change_role(admin, landlord.id, "officer")
    with pytest.raises(ValidationError):
        staff.change_role(admin, officer.id, "applicant")


def test_nobody_disables_or_demotes_themselves_or_the_last_admin(db, make_user):
    admin, other = make_user("admin"), make_user("admin")
    for attempt in (
        lambda: staff.set_active(admin, admin.id, False),
        lambda: staff.change_role(admin, admin.id, "officer"),
    ):
        with pytest.raises(ConflictError):
            attempt()
    staff.set_active(admin, other.id, False)  # two admins: one may go
    db.session.execute(sa.update(User).where(User.id == admin.id).values(active=True))
    db.session.commit()
    # `other` disabled, so `admin` is the last; a third admin cannot remove them either.
    third = make_user("admin")
    staff.change_role(third, admin.id, "officer")
    with pytest.raises(ConflictError) as caught:
        staff.set_active(admin, third.id, False)  # an officer now, but the rule is the same
    assert "last" in caught.value.message or "最后" in caught.value.message
    assert db.session.get(User, third.id).active


def test_two_admins_disabling_each_other_at_once_leave_one(app, db, make_user):
    first_id, second_id = make_user("admin").id, make_user("admin").id

    def disable(actor_id: int, target_id: int):
        def job():
            return staff.set_active(_db.session.get(User, actor_id), target_id, False).id

        return job

    results, errors = _race(app, disable(first_id, second_id), disable(second_id, first_id))
    db.session.expire_all()
    active = db.session.scalar(
        sa.select(sa.func.count()).where(User.role == Role.ADMIN, User.active.is_(True))
    )
    assert active == 1, (results, errors)
    assert len(results) == 1 and len(errors) == 1


def test_one_reset_link_used_twice_at_once_sets_one_password(app, db, make_user):
    user = make_user("applicant")
    with app.test_request_context():
        passwords.request_reset(user.email, "203.0.113.5", lambda t: f"http://x/auth/reset/{t}")
    from tests.web.test_password_reset import reset_link

    raw = reset_link(db, user.email).rsplit("/", 1)[1]
    results, errors = _race(
        app,
        lambda: passwords.reset_password(raw, "first-pass-111").id,
        lambda: passwords.reset_password(raw, "second-pass-22").id,
    )
    assert len(results) == 1 and len(errors) == 1, (results, errors)
    assert isinstance(errors[0], ValidationError)


def test_admin_sets_a_password_and_the_account_is_logged_out(app, client, db, make_user, login):
    admin, officer = make_user("admin"), make_user("officer")
    device = _log_in_elsewhere(app, officer.email)
    login(admin.email)
    page = client.get(f"/officer/admin/staff/{officer.id}")
    assert 'data-testid="staff-role"' in page.text
    short = client.post(f"/officer/admin/staff/{officer.id}/password",
                        data={"password": "x", "csrf_token": csrf_token(page.text)})  # fmt: skip
    assert short.status_code == 422 and 'id="password-error"' in short.text
    data = {"password": "handed-over-9", "csrf_token": csrf_token(page.text)}
    done = client.post(f"/officer/admin/staff/{officer.id}/password", data=data)
    assert done.status_code == 302
    assert device.get("/officer/").status_code == 302
    handed_over = _log_in_elsewhere(app, officer.email, "handed-over-9")
    assert handed_over.get("/officer/").status_code == 200


def test_the_admin_page_refuses_self_disable_with_a_message(client, db, make_user, login):
    admin = make_user("admin")
    make_user("admin")
    login(admin.email)
    page = client.get(f"/officer/admin/staff/{admin.id}")
    assert 'data-testid="disable"' not in page.text  # no button for oneself
    token = csrf_token(client.get("/officer/admin").text)
    client.post(
        f"/officer/admin/staff/{admin.id}/active", data={"active": "0", "csrf_token": token}
    )
    assert db.session.get(User, admin.id).active


def test_staff_list_searches_and_pages(client, db, make_user, login):
    admin = make_user("admin")
    for n in range(3):
        make_user("officer", email=f"officer-{n}@rcgy.cn")
    login(admin.email)
    page = client.get("/officer/admin/staff?q=officer-1")
    assert page.text.count('data-testid="staff-row"') == 1
    page = client.get("/officer/admin/staff?role=officer")
    assert page.text.count('data-testid="staff-row"') == 3
    assert client.get("/officer/admin/staff?role=applicant").status_code == 200


def _event(db, actor, action, at):
    db.session.add(AuditEvent(actor_id=actor.id if actor else None, action=action, at=at,
                              object_type="unit", object_id=7, data={}))  # fmt: skip


def test_audit_log_filters_by_actor_action_and_shanghai_date(client, db, make_user, login):
    admin, officer = make_user("admin"), make_user("officer", email="zhao@rcgy.cn")
    # 2027-01-01 23:30 in Shanghai is 15:30 UTC; 2027-01-02 00:30 Shanghai is 16:30 UTC.
    _event(db, officer, "unit.deleted", datetime(2027, 1, 1, 15, 30, tzinfo=UTC))
    _event(db, officer, "unit.created", datetime(2027, 1, 1, 16, 30, tzinfo=UTC))
    _event(db, None, "unit.deleted", datetime(2027, 1, 1, 16, 40, tzinfo=UTC))
    db.session.commit()
    login(admin.email)
    everything = client.get("/officer/admin/audit").text
    table = everything[everything.index('data-testid="audit"') :]
    assert "unit.deleted" not in table and "unit" not in table  # codes are words
    assert "房源已删除" in table and "房源" in table
    by_actor = client.get("/officer/admin/audit?actor=ZHAO")
    assert by_actor.text.count('data-testid="audit-row"') == 2
    by_action = client.get("/officer/admin/audit?action=unit.deleted")
    assert by_action.text.count('data-testid="audit-row"') == 2
    one_day = client.get("/officer/admin/audit?since=2027-01-02&until=2027-01-02")
    assert one_day.text.count('data-testid="audit-row"') == 2
    bad = client.get("/officer/admin/audit?since=yesterday")
    assert bad.status_code == 422 and 'id="since-error"' in bad.text


def test_audit_log_pages(client, db, make_user, login):
    admin = make_user("admin")
    for n in range(55):
        _event(db, admin, "unit.updated", datetime(2027, 1, 1, 1, n, tzinfo=UTC))
    db.session.commit()
    login(admin.email)
    first = client.get("/officer/admin/audit?action=unit.updated")
    assert first.text.count('data-testid="audit-row"') == 50
    second = client.get("/officer/admin/audit?action=unit.updated&page=2")
    assert second.text.count('data-testid="audit-row"') == 5


def test_log_out_everywhere_still_works(app, client, db, make_user, login):
    admin, officer = make_user("admin"), make_user("officer")
    device = _log_in_elsewhere(app, officer.email)
    login(admin.email)
    page = client.get("/officer/admin")
    client.post("/officer/admin/log-out-everywhere",
                data={"email": officer.email, "csrf_token": csrf_token(page.text)})  # fmt: skip
    assert device.get("/officer/").status_code == 302
