"""Password reset by e-mail: one use, expires, hashed at rest, the same answer for any
address, throttled, and it ends every other session."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from housing.auth import passwords
from housing.auth.operations import issue_token
from housing.errors import TooManyAttempts, ValidationError
from housing.models import ApiToken, AuditEvent, OutboxMail, PasswordReset, User
from housing.models._base import utcnow
from tests.web.conftest import csrf_token


def reset_link(db, email: str) -> str:
    """The reset link in the newest mail to `email`, as the person would click it."""
    body = db.session.scalar(
        sa.select(OutboxMail.body).where(OutboxMail.to == email).order_by(OutboxMail.id.desc())
    )
    match = re.search(r"https?://\S+/auth/reset/[\w-]+", body or "")
    assert match, f"no reset link in the mail to {email}: {body!r}"
    return match.group(0)


def _ask(client, email: str):
    page = client.get("/auth/forgot")
    return client.post("/auth/forgot", data={"email": email, "csrf_token": csrf_token(page.text)})


def _set(client, link: str, password: str = "brand-new-pass-2"):
    page = client.get(link)
    data = {"password": password, "confirm": password, "csrf_token": csrf_token(page.text)}
    return client.post(link, data=data)


def test_the_link_sets_a_new_password_once(client, db, make_user, login):
    user = make_user("applicant")
    answer = _ask(client, user.email)
    assert answer.status_code == 200 and 'data-testid="reset-sent"' in answer.text
    link = reset_link(db, user.email)
    raw = link.rsplit("/", 1)[1]
    row = db.session.scalar(sa.select(PasswordReset).where(PasswordReset.user_id == user.id))
    assert row.token_hash != raw and raw not in str(row.__dict__)  # only the digest is stored
    done = _set(client, link)
    assert done.status_code == 302 and done.headers["Location"].endswith("/auth/login")
    assert login(user.email, "brand-new-pass-2").status_code == 302
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").text)})
    again = client.get(link)
    assert 'data-testid="reset-invalid"' in again.text  # used: the page says so
    assert _set(client, link, "third-pass-333").status_code == 200
    assert login(user.email, "third-pass-333").status_code != 302
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "account.password_reset")
        )
        == 1
    )


def test_unknown_and_known_addresses_get_the_same_answer(client, db, make_user):
    user = make_user("applicant")
    known = _ask(client, user.email)
    unknown = _ask(client, "nobody@example.org")
    strip = lambda text: re.sub(r'value="[^"]+"|[\w.+-]+@[\w.-]+', "", text)  # noqa: E731
    assert known.status_code == unknown.status_code == 200
    assert strip(known.text) == strip(unknown.text)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) == 1
    api_known = client.post("/api/v1/auth/password-reset", json={"email": user.email})
    api_unknown = client.post("/api/v1/auth/password-reset", json={"email": "x@example.org"})
    assert api_known.status_code == api_unknown.status_code == 202
    assert api_known.json == api_unknown.json


def test_a_link_expires(client, db, make_user):
    user = make_user("applicant")
    _ask(client, user.email)
    link = reset_link(db, user.email)
    db.session.execute(sa.update(PasswordReset).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert 'data-testid="reset-invalid"' in client.get(link).text
    with pytest.raises(ValidationError):
        passwords.reset_password(link.rsplit("/", 1)[1], "brand-new-pass-2")


def test_resetting_ends_every_session_and_token(app, db, make_user, login):
    user = make_user("applicant")
    other_device = app.test_client()
    page = other_device.get("/auth/login")
    other_device.post("/auth/login", data={"email": user.email, "password": "secret-pass-1",
                                           "csrf_token": csrf_token(page.text)})  # fmt: skip
    assert other_device.get("/me/").status_code == 200
    raw_token, _token = issue_token(user)
    with app.test_request_context():
        passwords.request_reset(user.email, "203.0.113.5", lambda t: f"http://x/auth/reset/{t}")
    raw = reset_link(db, user.email).rsplit("/", 1)[1]
    passwords.reset_password(raw, "brand-new-pass-2")
    assert other_device.get("/me/").status_code == 302  # back to the login page
    assert db.session.scalar(sa.select(ApiToken.revoked_at)) is not None
    headers = {"Authorization": f"Bearer {raw_token}"}
    assert app.test_client().get("/api/v1/me", headers=headers).status_code == 401


def test_a_new_link_is_the_only_one_after_use(app, db, make_user):
    user = make_user("applicant")
    with app.test_request_context():
        for _ in range(2):
            passwords.request_reset(user.email, "203.0.113.5", lambda t: f"http://x/auth/reset/{t}")
    links = db.session.scalars(sa.select(OutboxMail.body).order_by(OutboxMail.id)).all()
    first, second = (re.search(r"/auth/reset/([\w-]+)", b).group(1) for b in links)
    passwords.reset_password(second, "brand-new-pass-2")
    with pytest.raises(ValidationError):
        passwords.reset_password(first, "other-pass-333")


def test_requests_are_throttled_per_address_known_or_not(app, db, make_user):
    user = make_user("applicant")
    app.config["PASSWORD_RESET_PER_ACCOUNT"] = 2
    try:
        with app.test_request_context():
            for email in (user.email, "nobody@example.org"):
                for _ in range(2):
                    passwords.request_reset(email, "198.51.100.7", str)
                with pytest.raises(TooManyAttempts):
                    passwords.request_reset(email, "198.51.100.7", str)
    finally:
        app.config["PASSWORD_RESET_PER_ACCOUNT"] = 3
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) == 2


def test_the_api_throttles_with_429(client, db):
    for _ in range(3):
        client.post("/api/v1/auth/password-reset", json={"email": "a@example.org"})
    refused = client.post("/api/v1/auth/password-reset", json={"email": "A@example.org "})
    assert refused.status_code == 429
    bad = client.post("/api/v1/auth/password-reset", json={"email": "not an address"})
    assert bad.status_code == 422 and set(bad.json["error"]["fields"]) == {"email"}


def test_a_disabled_account_gets_no_link(app, db, make_user):
    user = make_user("officer")
    db.session.execute(sa.update(User).values(active=False))
    db.session.commit()
    with app.test_request_context():
        passwords.request_reset(user.email, "203.0.113.9", str)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMail)) == 0


def test_a_reset_proves_the_mailbox_of_an_unactivated_account(client, db):
    from housing.auth.operations import request_registration
    from tests.web.conftest import VALID_IDS

    with client.application.test_request_context():
        request_registration("new@example.org", "secret-pass-1", "New", VALID_IDS[0], None, str)
    _ask(client, "new@example.org")
    assert _set(client, reset_link(db, "new@example.org")).status_code == 302
    assert db.session.scalar(sa.select(User.awaiting_activation)) is False


def test_a_short_password_is_named_and_the_link_still_works(client, db, make_user):
    user = make_user("applicant")
    _ask(client, user.email)
    link = reset_link(db, user.email)
    refused = _set(client, link, "short")
    assert refused.status_code == 422 and 'id="password-error"' in refused.text
    assert _set(client, link).status_code == 302
