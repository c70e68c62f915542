"""Each role logs in through a real browser and sees its own home page."""

import pytest

from housing.auth.operations import create_staff_user, register_applicant
from housing.extensions import db
from housing.models import Employer, Role

pytestmark = pytest.mark.browser

HOMES = {
    "applicant": "/me/",
    "officer": "/officer/",
    "landlord": "/landlord/",
    "admin": "/officer/admin",
    "employer": "/employer/",
}


def _make(role: str):
    email = f"{role}@example.cn"
    if role == "applicant":
        register_applicant(email, "secret-pass-1", "陈思远", "310105199005012432")
    elif role == "employer":
        db.session.add(Employer(code="E0001", name="上海测试企业", industry="数字经济"))
        db.session.commit()
        create_staff_user(Role.EMPLOYER, email, "secret-pass-1", employer_code="E0001")
    else:
        create_staff_user(
            Role(role), email, "secret-pass-1", landlord_org="长宁区国有资产经营有限公司"
        )
    return email


@pytest.mark.parametrize("role", list(HOMES))
def test_role_logs_in_and_sees_home(page, role):
    email = _make(role)
    path = HOMES[role]
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("secret-pass-1")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"**{path}")
    assert page.get_by_test_id("home-title").is_visible()
    assert (
        page.get_by_test_id("who")
        .inner_text()
        .startswith("陈思远" if role == "applicant" else email.split("@")[0])
    )
    if role == "applicant":
        page.goto("/officer/")
        assert "403" in page.content()


def test_wrong_password_shows_error_next_to_field(page):
    email = _make("officer")
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    assert page.locator("#password-error").is_visible()


def test_language_switch(page):
    page.goto("/auth/login")
    assert page.get_by_role("heading", name="登录").is_visible()
    page.get_by_role("button", name="English").click()
    assert page.get_by_role("heading", name="Log in").is_visible()
