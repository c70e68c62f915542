"""A round end to end in Chromium: preview twice, compare, commit, public notice, answers."""

import re

import pytest
import sqlalchemy as sa

from housing.extensions import db
from housing.models import AllocationRound, Offer, OfferStatus
from housing.rounds import operations
from tests.web.round_helpers import PASSWORD, make_world

pytestmark = pytest.mark.browser


def log_in(page, email):
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state()


def run_preview(page, month):
    page.goto("/officer/rounds/")
    page.get_by_test_id("month").fill(month)
    page.get_by_test_id("run-preview").click()
    page.wait_for_url(re.compile(r".*/officer/rounds/\d+$"))
    assert page.get_by_test_id("round-status").get_attribute("data-status") == "preview"
    return int(page.url.rsplit("/", 1)[1])


def test_officer_commits_and_applicants_answer(page, browser, live_server):
    world = make_world(units=2, applicants=4)
    policy = operations.current_policy()
    policy.notice_days = 0
    db.session.commit()
    first_id = None

    # 1. The officer previews, a unit becomes vacant, previews again, compares, commits.
    log_in(page, world.officer.email)
    first_id = run_preview(page, "2027-01")
    assert page.get_by_test_id("served").inner_text() == "2"
    world.add_units(1)
    second_id = run_preview(page, "2027-01")
    assert page.get_by_test_id("served").inner_text() == "3"
    page.goto("/officer/rounds/compare")
    page.get_by_test_id("compare-a").select_option(str(first_id))
    page.get_by_test_id("compare-b").select_option(str(second_id))
    page.get_by_test_id("compare").click()
    assert f"第 {world.applicants[2].id} 号" in page.get_by_test_id("gains").inner_text()
    page.goto(f"/officer/rounds/{first_id}")
    page.get_by_test_id("commit").click()
    assert "重新试运行" in page.content()  # stale: the pool changed since
    page.goto(f"/officer/rounds/{second_id}")
    page.get_by_test_id("commit").click()
    assert page.get_by_test_id("round-status").get_attribute("data-status") == "offers"
    log_out(page)

    # 2. The notice is public and masked.
    visitor = browser.new_context(base_url=live_server, locale="zh-CN").new_page()
    visitor.goto(f"/rounds/{second_id}")
    rows = visitor.get_by_test_id("notice-row")
    assert rows.count() == 3
    text = visitor.get_by_test_id("notice").inner_text()
    assert "王**" in text and "王小明" not in text and "李华" not in text
    assert "python -m allocation solve" in visitor.content()
    visitor.context.close()

    # 3. One applicant accepts.
    first, second, _third, fourth = world.applicants
    log_in(page, first.user.email)
    page.goto("/my/offers")
    page.get_by_test_id("accept").click()
    assert page.get_by_test_id("offer").first.get_attribute("data-status") == "accepted"
    log_out(page)

    # 4. Another declines with a reason; the next in order receives the cascade.
    log_in(page, second.user.email)
    page.goto("/my/offers")
    page.get_by_test_id("decline").click()
    assert page.locator("[aria-invalid=true]").count() == 1  # a reason is required
    page.get_by_test_id("decline-reason").fill("离孩子学校太远")
    page.get_by_test_id("decline").click()
    assert page.get_by_test_id("offer").first.get_attribute("data-status") == "declined"
    log_out(page)
    log_in(page, fourth.user.email)
    page.goto("/my/offers")
    offer = page.get_by_test_id("offer").first
    assert offer.get_attribute("data-status") == "pending"
    assert "由其他申请人递补给您" in offer.inner_text()
    db.session.expire_all()
    cascade = db.session.scalar(sa.select(Offer).where(Offer.application_id == fourth.id))
    assert cascade.status == OfferStatus.PENDING and cascade.cascade_of_id is not None
    assert db.session.get(AllocationRound, second_id).committed_month == "2027-01"
