"""An enterprise in Chromium: an officer invites its HR, who confirm an applicant's employment
and recommend them; the officer sees the confirmation in the queue; later HR report a
tenant's departure and the tenancy moves to ending."""

from datetime import timedelta

import pytest

from housing.extensions import db
from housing.models import ApplicationStatus, Tenancy, TenancyStatus
from housing.models._base import utcnow
from housing.tenancies.dates import today
from tests.browser.test_round_journey import PASSWORD, log_in, log_out
from tests.web.money_helpers import housed, world_with_landlord

pytestmark = pytest.mark.browser

CREDIT_CODE = "91310105MA1FL0001X"


def test_invite_confirm_recommend_and_report_a_departure(page):
    world = world_with_landlord(units=2, applicants=1)
    world.employer.credit_code = CREDIT_CODE
    tenant = world.applicants[0]
    lease = housed(world, tenant, world.units[0], today().replace(day=1) - timedelta(days=60))
    lease.status, lease.move_in_on = TenancyStatus.ACTIVE, lease.start_date
    applicant = world.add_applicants(1, status=ApplicationStatus.SUBMITTED, name="林小雨")[0]
    applicant.submitted_at, applicant.priority, applicant.waiting_since = utcnow(), None, None
    db.session.commit()

    # 1. The officer invites the enterprise's HR by its unified social credit code.
    log_in(page, world.officer.email)
    page.goto("/officer/employers")
    page.locator("#credit_code").fill(CREDIT_CODE)
    page.locator("#email").fill("hr@example.cn")
    page.get_by_test_id("invite-employer-form").get_by_role("button").click()
    link = page.get_by_test_id("invitation-link").input_value()
    log_out(page)

    # 2. HR accept, confirm the applicant's employment and recommend them.
    page.goto(link)
    assert world.employer.name in page.get_by_test_id("invitation-title").inner_text()
    page.locator("#name").fill("周人事")
    page.locator("#password").fill(PASSWORD)
    page.locator("#confirm").fill(PASSWORD)
    page.get_by_role("button", name="创建我的账号").click()
    assert page.get_by_test_id("home-title").inner_text() == world.employer.name
    page.get_by_test_id("staff-link").click()
    page.locator(f"[data-testid=staff-row][data-id='{applicant.id}'] a").click()
    page.locator("#confirm-start_date").fill("2025-03-01")
    page.get_by_test_id("confirm-form").get_by_role("button").click()
    assert "用人单位已确认在职" in page.get_by_test_id("employment-answer").inner_text()
    page.locator("#recommend-benefit").select_option("apartment")
    page.get_by_test_id("recommend-form").get_by_role("button").click()
    assert "人才公寓" in page.get_by_test_id("recommendation").inner_text()
    log_out(page)

    # 3. The officer sees the confirmation in the verification queue.
    log_in(page, world.officer.email)
    page.goto("/officer/applications")
    row = page.locator(f"[data-testid=queue-row][data-id='{applicant.id}']")
    assert row.get_by_test_id("employment-confirmed").inner_text() == "用人单位已确认在职"
    row.get_by_test_id("open-application").click()
    assert "无需审核在职证明材料" in page.content()
    log_out(page)

    # 4. Later HR report that the tenant left: the tenancy moves to ending.
    page.goto("/auth/login")
    page.locator("#email").fill("hr@example.cn")
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.goto(f"/employer/staff/{tenant.id}")
    page.locator("#confirm-start_date").fill("2024-06-01")
    page.get_by_test_id("confirm-form").get_by_role("button").click()
    page.locator("#departure-left_on").fill(today().isoformat())
    page.get_by_test_id("departure-form").get_by_role("button").click()
    assert "离职已报告" in page.content()
    assert "已从用人单位离职" in page.get_by_test_id("employment-answer").inner_text()
    db.session.expire_all()
    assert db.session.get(Tenancy, lease.id).status == TenancyStatus.ENDING
