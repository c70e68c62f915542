"""The whole applicant journey in a real Chromium: pre-check, register, wizard, upload,
submit; an officer verifies; the applicant sees points and position."""

import pytest

from housing.auth.operations import create_staff_user
from housing.models import Role
from tests.browser.conftest import log_out, switch_to_english
from tests.web.applicant_helpers import MEMBER_ID, PDF, make_employer
from tests.web.conftest import activation_link

pytestmark = pytest.mark.browser


def log_in(page, email: str, password: str) -> None:
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.get_by_role("button", name="Log in").click()


def save_step(page) -> None:
    page.get_by_test_id("save-step").click()


def test_applicant_journey(page, db):
    employer = make_employer(db, code="E0042", name="上海中山公园数字经济第42有限公司")
    create_staff_user(Role.OFFICER, "officer@example.cn", "officer-pass-1")
    switch_to_english(page)

    # Pre-check, without an account.
    page.get_by_test_id("precheck-link").click()
    page.locator('input[name="route"][value="employer"]').check()
    page.locator("#category").select_option("key_industry")
    page.get_by_test_id("precheck-submit").click()
    result = page.get_by_test_id("precheck-result")
    assert result.get_attribute("data-eligible") == "true"
    page.get_by_test_id("precheck-register").click()

    # Register.
    page.locator("#name").fill("陈思远")
    page.locator("#email").fill("chen@example.cn")
    page.locator("#id_number").fill("310105199005012432")
    page.locator("#password").fill("applicant-pass-1")
    page.locator("#confirm").fill("applicant-pass-1")
    page.get_by_role("button", name="Create account").click()
    page.get_by_test_id("check-email").wait_for()
    link = activation_link(db, "chen@example.cn")
    page.goto(link.split("localhost", 1)[-1])  # the link in the mail, opened
    page.get_by_test_id("activate").click()
    page.wait_for_url("**/me/")

    # The wizard.
    page.get_by_test_id("start-application").click()
    page.wait_for_url("**/me/application/identity")
    assert page.get_by_test_id("id-masked").inner_text() == "310***********2432"
    page.locator("#phone").fill("13800000000")
    page.locator("#degree").select_option("master")
    save_step(page)
    page.locator('input[name="category"][value="key_industry"]').check()
    save_step(page)
    page.get_by_test_id("employer-search").fill("中山公园")
    page.get_by_role("button", name="Search").click()
    page.locator(f'input[name="employer_id"][value="{employer.id}"]').check()
    page.locator("#social_insurance_in_shanghai").check()
    save_step(page)
    page.wait_for_url("**/me/application/workplace")
    assert page.locator("#workplace_lat").input_value().startswith("31.22")
    save_step(page)
    page.locator("#member-name").fill("陈小宝")
    page.locator("#member-relation").select_option("child")
    page.locator("#member-id_number").fill(MEMBER_ID)
    page.get_by_test_id("add-member").click()
    assert page.get_by_test_id("household-size").inner_text() == "2"
    save_step(page)
    page.locator('input[name="layouts"][value="1BR"]').check()
    page.locator('input[name="layouts"][value="2BR"]').check()
    page.locator("#max_rent").fill("6000")
    save_step(page)

    # Upload the category evidence.
    page.wait_for_url("**/me/application/documents")
    page.locator("#kind").select_option("category_evidence")
    page.locator("#file").set_input_files(
        {"name": "certificate.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_test_id("upload").click()
    assert page.get_by_test_id("document-row").count() == 1

    # Review and submit.
    page.get_by_test_id("to-review").click()
    page.locator("#consent").check()
    page.get_by_test_id("submit-application").click()
    page.wait_for_url("**/me/")
    assert page.get_by_test_id("status").get_attribute("data-status") == "submitted"
    log_out(page)

    # An officer verifies, with the document inline.
    log_in(page, "officer@example.cn", "officer-pass-1")
    page.wait_for_url("**/officer/")
    page.get_by_test_id("queue-link").click()
    page.get_by_test_id("open-application").first.click()
    assert page.get_by_test_id("document").count() == 1
    page.get_by_test_id("verify").click()
    page.wait_for_url("**/officer/applications")
    log_out(page)

    # The applicant sees the points and the place in the queue.
    log_in(page, "chen@example.cn", "applicant-pass-1")
    page.wait_for_url("**/me/")
    assert page.get_by_test_id("status").get_attribute("data-status") == "verified"
    assert page.locator('[data-kind="application.verified"]').is_visible()
    page.get_by_test_id("waitlist-link").click()
    assert page.get_by_test_id("position").inner_text() == "1"
    assert page.get_by_test_id("waiting-ahead").inner_text() == "0"
    assert page.get_by_test_id("priority").inner_text() == "280.0"
    assert page.locator('[data-rule="children"]').is_visible()
