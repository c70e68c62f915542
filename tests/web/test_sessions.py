"""Sessions end when they should: logout ends copies of the cookie, remember-me expires."""

from datetime import timedelta

from housing.models._base import utcnow
from tests.web.conftest import csrf_token


def _cookies(client) -> dict[str, str]:
    return {cookie.key: cookie.value for cookie in client._cookies.values()}


def _replay(app, cookies: dict[str, str]):
    """A second browser that holds a copy of the cookies (stolen, or from another device)."""
    other = app.test_client()
    for key, value in cookies.items():
        other.set_cookie(key, value)
    return other


def _login(client, email: str, remember: bool = False):
    page = client.get("/auth/login")
    data = {"email": email, "password": "secret-pass-1", "csrf_token": csrf_token(page.text)}
    if remember:
        data["remember"] = "y"
    assert client.post("/auth/login", data=data).status_code == 302


def test_a_copied_session_cookie_stops_working_after_logout(app, client, make_user):
    officer = make_user("officer")
    _login(client, officer.email)
    copied = _cookies(client)
    assert _replay(app, copied).get("/officer/").status_code == 200
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/officer/").text)})
    assert _replay(app, copied).get("/officer/").status_code == 302  # back to the login page


def test_a_copied_remember_me_cookie_stops_working_after_logout(app, client, make_user):
    officer = make_user("officer")
    _login(client, officer.email, remember=True)
    remember = {k: v for k, v in _cookies(client).items() if k == "remember_token"}
    assert remember, "keep me logged in sets a remember-me cookie"
    assert _replay(app, remember).get("/officer/").status_code == 200
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/officer/").text)})
    assert _replay(app, remember).get("/officer/").status_code == 302


def test_remember_me_expires_on_the_server(app, client, make_user, monkeypatch):
    officer = make_user("officer")
    _login(client, officer.email, remember=True)
    remember = {k: v for k, v in _cookies(client).items() if k == "remember_token"}
    later = utcnow() + app.config["REMEMBER_COOKIE_DURATION"] + timedelta(minutes=1)
    monkeypatch.setattr("housing.auth.session.utcnow", lambda: later)
    assert _replay(app, remember).get("/officer/").status_code == 302


def test_remember_cookie_is_httponly_and_samesite(client, make_user):
    _login(client, make_user("officer").email, remember=True)
    cookie = next(c for c in client._cookies.values() if c.key == "remember_token")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_an_administrator_logs_someone_out_everywhere(app, client, make_user, token):
    from housing.auth import operations

    officer = make_user("officer")
    admin = make_user("admin")
    _login(client, officer.email, remember=True)
    copied = _cookies(client)
    bearer = token(officer.email)
    assert client.get("/api/v1/me", headers=bearer).status_code == 200
    operations.log_out_everywhere(admin, officer.email)
    assert _replay(app, copied).get("/officer/").status_code == 302
    assert client.get("/api/v1/me", headers=bearer).status_code == 401


def test_a_token_records_when_it_was_last_used(client, db, make_user, token):
    import sqlalchemy as sa

    from housing.models import ApiToken

    user = make_user("officer")
    headers = token(user.email)
    assert db.session.scalar(sa.select(ApiToken.last_used_at)) is None
    client.get("/api/v1/me", headers=headers)
    assert db.session.scalar(sa.select(ApiToken.last_used_at)) is not None


def test_the_admin_page_logs_someone_out_everywhere(client, make_user, login):
    officer = make_user("officer")
    admin = make_user("admin")
    login(admin.email)
    page = client.get("/officer/admin")
    done = client.post(
        "/officer/admin/log-out-everywhere",
        data={"email": officer.email, "csrf_token": csrf_token(page.text)},
    )
    assert done.status_code == 302
    unknown = client.post(
        "/officer/admin/log-out-everywhere",
        data={"email": "nobody@example.cn", "csrf_token": csrf_token(page.text)},
    )
    assert unknown.status_code == 422 and 'id="email-error"' in unknown.text
