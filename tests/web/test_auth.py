"""Registration, login, lockout, roles and languages on the pages."""

import re

import pytest
import sqlalchemy as sa

from housing.models import AuditEvent, OutboxMail, User
from tests.web.conftest import (
    VALID_IDS,
    activation_link,
    csrf_token,
    post_form,
    switch_language,
)


def register(client, **overrides):
    page = client.get("/auth/register")
    data = {
        "name": "陈思远",
        "email": "chen@example.cn",
        "id_number": VALID_IDS[0],
        "phone": "13800000000",
        "password": "long-enough-1",
        "confirm": "long-enough-1",
        "csrf_token": csrf_token(page.text),
    }
    data.update(overrides)
    return client.post("/auth/register", data=data)


def test_register_then_activate_by_mail_and_id_stored_only_masked(client, db, login):
    response = register(client)
    assert response.status_code == 200 and 'data-testid="check-email"' in response.text
    user = db.session.scalar(sa.select(User))
    assert user.id_number_masked == "110***********002X"
    assert VALID_IDS[0] not in (user.id_number_hash or "")
    early = login("chen@example.cn", "long-enough-1")
    assert (early.status_code == 422 and "activate" in early.text.lower()) or "激活" in early.text
    path = activation_link(db, "chen@example.cn").split("localhost", 1)[-1]
    assert client.get(path).status_code == 200  # opening the link alone changes nothing
    assert db.session.scalar(sa.select(User.awaiting_activation)) is True
    opened = post_form(client, path, {})  # the button on that page
    assert opened.status_code == 302 and opened.headers["Location"].endswith("/me/")
    home = client.get("/me/")
    assert home.status_code == 200
    assert "陈思远" in home.text
    again = post_form(client, path, {})
    assert again.status_code == 409  # the link works once


def test_register_errors_stand_next_to_their_fields(client, db):
    response = register(client, id_number="110105194912310021", email="not-an-email", confirm="x")
    assert response.status_code == 422
    assert 'id="id_number-error"' in response.text
    assert 'id="email-error"' in response.text
    assert 'id="confirm-error"' in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_registration_never_says_whether_an_account_exists(client, db):
    first = register(client)
    again = register(client, id_number=VALID_IDS[1])  # a known e-mail
    same_person = register(client, email="other@example.cn")  # a known ID number
    # What the person reads: the page's main part (the header's CSRF tokens carry a timestamp).
    pages = [
        re.search(r"<main>.*</main>", r.text, re.S).group(0).replace("other@", "chen@")
        for r in (first, again, same_person)
    ]
    assert [r.status_code for r in (first, again, same_person)] == [200, 200, 200]
    assert pages[0] == pages[1] == pages[2]  # word for word the same answer
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1
    mails = db.session.scalars(sa.select(OutboxMail.to).order_by(OutboxMail.id)).all()
    # the new person's link, then the e-mail's owner and the ID's owner told, the new address asked
    assert mails == ["chen@example.cn", "chen@example.cn", "chen@example.cn", "other@example.cn"]


def test_form_without_csrf_token_is_refused(client, db):
    response = client.post("/auth/login", data={"email": "a@b.cn", "password": "x"})
    assert response.status_code in (400, 422)
    assert "csrf" in response.text.lower() or "CSRF" in response.text


def test_wrong_password_shows_error_next_to_password(client, make_user, login):
    make_user("officer", email="o@example.cn")
    response = login("o@example.cn", "wrong-password")
    assert response.status_code == 422
    assert 'id="password-error"' in response.text


def test_ten_failures_make_that_address_wait(client, make_user, login, db):
    make_user("officer", email="o@example.cn")
    for _ in range(10):
        login("o@example.cn", "wrong-password")
    locked = login("o@example.cn", "secret-pass-1")
    assert locked.status_code == 422
    assert "/officer/" not in locked.headers.get("Location", "")
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "login.throttled"))


@pytest.mark.parametrize(
    ("role", "home"),
    [
        ("applicant", "/me/"),
        ("officer", "/officer/"),
        ("landlord", "/landlord/"),
        ("admin", "/officer/admin"),
    ],
)
def test_each_role_lands_on_its_home(client, make_user, login, role, home):
    user = make_user(role)
    response = login(user.email)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(home)
    assert client.get(home).status_code == 200


def test_applicant_gets_403_on_officer_pages(client, make_user, login):
    user = make_user("applicant")
    login(user.email)
    for path in ("/officer/", "/officer/admin", "/landlord/"):
        response = client.get(path)
        assert response.status_code == 403
        assert "403" in response.text


def test_anonymous_is_sent_to_login(client):
    response = client.get("/officer/")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_chinese_by_default_and_english_on_request(client):
    assert "登录" in client.get("/auth/login").text
    switch_language(client, "en")
    assert "Log in" in client.get("/auth/login").text
    switch_language(client, "zh")
    assert "登录" in client.get("/auth/login").text


def test_unknown_page_is_404(client):
    assert client.get("/no/such/page").status_code == 404
