"""Accounts in a real Chromium: an overseas talent registers with a passport, a forgotten
password is reset through the e-mailed link, and the administrator manages a staff account.

Set SCREENSHOT_DIR to also keep a picture of each page (desktop and phone width) there.
"""

import os
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from housing.auth.operations import create_staff_user, register_applicant
from housing.models import OutboxMail, Role
from tests.browser.conftest import log_out, switch_to_english
from tests.web.conftest import VALID_IDS, activation_link

pytestmark = pytest.mark.browser


def _path(link: str) -> str:
    """The link in the mail, opened on the test server (the mail names the server's host)."""
    return re.sub(r"^https?://[^/]+", "", link)


def shot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def log_in(page, email: str, password: str) -> None:
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form button[type=submit]").last.click()


@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_overseas_talent_registers_with_a_passport(page, db, language):
    if language == "en":
        switch_to_english(page)
    page.goto("/auth/register")
    page.locator("#name").fill("Jane Doe")
    page.locator("#email").fill("jane@example.org")
    page.locator("#id_type").select_option("passport")
    page.locator("#id_number").fill("E12")
    page.locator("#password").fill("applicant-pass-1")
    page.locator("#confirm").fill("applicant-pass-1")
    page.locator("form button[type=submit]").last.click()
    error = page.locator("#id_number-error")
    error.wait_for()
    assert ("5 to 17" in error.inner_text()) == (language == "en")
    assert page.locator("#id_type").input_value() == "passport"  # the choice is kept
    shot(page, f"register-error-{language}")
    page.locator("#id_number").fill("e 1234 5678")
    page.locator("#password").fill("applicant-pass-1")
    page.locator("#confirm").fill("applicant-pass-1")
    page.locator("form button[type=submit]").last.click()
    page.get_by_test_id("check-email").wait_for()
    page.goto(_path(activation_link(db, "jane@example.org")))
    page.get_by_test_id("activate").click()
    page.wait_for_url("**/me/")
    page.get_by_test_id("start-application").click()
    page.wait_for_url("**/me/application/identity")
    assert page.get_by_test_id("id-masked").inner_text() == "E1*****78"
    kind = page.get_by_test_id("id-type").inner_text()
    assert kind == ("Passport" if language == "en" else "护照")
    shot(page, f"identity-{language}")
    page.goto("/me/application/documents")
    items = page.get_by_test_id("checklist-item")
    assert items.count() >= 3
    assert page.locator("#kind").input_value() == ""  # no kind chosen for the person
    shot(page, f"documents-{language}")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_forgotten_password_is_reset_through_the_emailed_link(page, db, language):
    register_applicant("chen@example.cn", "old-password-1", "陈思远", VALID_IDS[2])
    if language == "en":
        switch_to_english(page)
    page.goto("/auth/login")
    page.get_by_test_id("forgot-password").click()
    page.locator("#email").fill("chen@example.cn")
    shot(page, f"forgot-{language}")
    page.get_by_test_id("send-reset").click()
    page.get_by_test_id("reset-sent").wait_for()
    shot(page, f"reset-sent-{language}")
    body = db.session.scalar(sa.select(OutboxMail.body).where(OutboxMail.to == "chen@example.cn"))
    link = re.search(r"https?://\S+/auth/reset/[\w-]+", body).group(0)
    page.goto(_path(link))
    page.locator("#password").fill("new-password-22")
    page.locator("#confirm").fill("new-password-22")
    shot(page, f"reset-{language}")
    page.get_by_test_id("set-password").click()
    page.wait_for_url("**/auth/login")
    done = "new password is set" if language == "en" else "新密码已设置"
    assert done in page.locator("main").inner_text()
    log_in(page, "chen@example.cn", "new-password-22")
    page.wait_for_url("**/me/")
    log_out(page)
    page.goto(_path(link))  # a second use
    page.get_by_test_id("reset-invalid").wait_for()
    shot(page, f"reset-invalid-{language}")


def test_the_admin_disables_a_staff_account_and_reads_the_log(page, db):
    create_staff_user(Role.ADMIN, "admin@rcgy.cn", "admin-pass-11", name="管理员")
    create_staff_user(Role.OFFICER, "zhao@rcgy.cn", "officer-pass-1", name="赵经办")
    for language in ("zh", "en"):
        if language == "en":
            log_out(page)
            switch_to_english(page)
        log_in(page, "admin@rcgy.cn", "admin-pass-11")
        page.wait_for_url("**/officer/admin")
        page.get_by_test_id("nav-officers-staff-list").click()
        page.locator("#q").fill("zhao")
        page.locator("form.filters button").click()
        assert page.get_by_test_id("staff-row").count() == 1
        shot(page, f"admin-staff-{language}")
        page.get_by_test_id("staff-row").locator("a").click()
        if language == "zh":
            page.get_by_test_id("disable").click()
            assert page.get_by_test_id("staff-state").inner_text() == "已停用"
        else:
            page.get_by_test_id("enable").click()
            assert page.get_by_test_id("staff-state").inner_text() == "Active"
        shot(page, f"admin-staff-detail-{language}")
        page.get_by_test_id("nav-officers-audit-log").click()
        page.locator("#action").select_option("user.disabled")
        page.locator("form.filters button").click()
        assert page.get_by_test_id("audit-row").count() == 1
        shot(page, f"admin-audit-{language}")
    page.get_by_test_id("nav-officers-staff-list").click()
    page.get_by_test_id("new-staff").click()
    page.locator("#role").select_option("officer")
    page.locator("#name").fill("Li Officer")
    page.locator("#email").fill("li@rcgy.cn")
    page.locator("#password").fill("first-pass-11")
    shot(page, "admin-staff-new-en")
    page.get_by_test_id("create-staff").click()
    assert page.get_by_test_id("staff-name").inner_text() == "Li Officer"
