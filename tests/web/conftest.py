import re

import pytest
import sqlalchemy as sa

from housing.auth.operations import create_staff_user, register_applicant
from housing.models import Role

VALID_IDS = ["11010519491231002X", "440524188001010014", "310105199005012432"]


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def activation_link(db, email: str) -> str:
    """The activation link in the newest mail to `email`, as the person would click it."""
    from housing.models import OutboxMail

    body = db.session.scalar(
        sa.select(OutboxMail.body).where(OutboxMail.to == email).order_by(OutboxMail.id.desc())
    )
    match = re.search(r"https?://\S+/auth/activate/\S+", body or "")
    assert match, f"no activation link in the mail to {email}: {body!r}"
    return match.group(0)


def switch_language(client, code: str, next: str = "/"):
    """Press the language button of the header, as a person would."""
    page = client.get("/")
    data = {"next": next, "csrf_token": csrf_token(page.text)}
    return client.post(f"/lang/{code}", data=data)


def post_form(client, url: str, data: dict, **kw):
    """Open the form's page as a browser would, then post it back with the page's CSRF token."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, data={**data, "csrf_token": csrf_token(page.text)}, **kw)


@pytest.fixture
def make_user(db):
    def make(
        role: str = "applicant",
        email: str | None = None,
        password: str = "secret-pass-1",
        landlord_org: str = "长宁区国有资产经营有限公司",
        id_number: str | None = None,
    ):
        email = email or f"{role}-{make.n}@example.cn"
        make.n += 1
        if role == "applicant":
            return register_applicant(
                email, password, "测试用户", id_number or VALID_IDS[make.n % 3]
            )
        return create_staff_user(Role(role), email, password, landlord_org=landlord_org)

    make.n = 0
    return make


@pytest.fixture
def login(client):
    def do(email: str, password: str = "secret-pass-1"):
        page = client.get("/auth/login")
        return client.post(
            "/auth/login",
            data={"email": email, "password": password, "csrf_token": csrf_token(page.text)},
        )

    return do


@pytest.fixture
def token(client):
    def get(email: str, password: str = "secret-pass-1") -> dict:
        response = client.post("/api/v1/auth/token", json={"email": email, "password": password})
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}

    return get
