"""Officers' and landlords' everyday tools in a real Chromium: the queue's search and bulk
request, the policy's review step, a building's edit and a unit's deletion with confirmation.

With SHOTS_DIR set, each page is also photographed at desktop and phone width in both
languages (for review; nothing is compared).
"""

import os
from pathlib import Path

import pytest

from housing.auth.operations import create_staff_user, register_applicant
from housing.extensions import db
from housing.landlords import operations as landlord_ops
from housing.models import Role, Unit, UnitStatus
from tests.browser.conftest import switch_to_english
from tests.web.applicant_helpers import make_employer, submitted
from tests.web.landlord_helpers import GOOD_BUILDING, GOOD_UNIT

pytestmark = pytest.mark.browser

PASSWORD = "secret-pass-1"
ORG = "长宁区国有资产经营有限公司"
SHOTS = os.environ.get("SHOTS_DIR")


def _shoot(page, name: str, again=None) -> None:
    """Photograph the current page at 1280 and 390 px, in Chinese and English; `again` brings
    back a page that a GET cannot (the answer to a POST) after switching language."""
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    url = page.url
    for lang in ("zh", "en"):
        button = page.locator(f'button[lang="{lang}"]')
        if button.count():
            with page.expect_navigation():
                button.first.click()
        if again is None:
            page.goto(url)
        else:
            again()
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(folder / f"{name}-{lang}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _log_in(page, email: str, home: str) -> None:
    switch_to_english(page)
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{home}")


def _queue() -> list[int]:
    employer = make_employer(db)
    people = [
        ("zhang@example.cn", "张伟", "11010519491231002X", "13800138000"),
        ("li@example.cn", "李娜", "440524188001010014", "13900139000"),
        ("wang@example.cn", "王芳", "310105199005012432", None),
    ]
    ids = []
    for email, name, id_number, phone in people:
        user = register_applicant(email, PASSWORD, name, id_number, phone=phone)
        ids.append(submitted(user, employer).id)
    create_staff_user(Role.OFFICER, "officer@example.cn", PASSWORD)
    return ids


def test_officer_searches_the_queue_and_requests_documents_from_two(page):
    zhang, li, wang = _queue()
    _log_in(page, "officer@example.cn", "/officer/")
    page.goto("/officer/applications")
    rows = page.get_by_test_id("queue-row")
    assert rows.count() == 3
    # By ID number, typed in lower case with a space: found by its keyed hash.
    page.get_by_test_id("queue-q").fill("110105 19491231002x")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=*")
    assert rows.count() == 1 and rows.first.get_attribute("data-id") == str(zhang)
    _shoot(page, "officer-queue-search")
    page.get_by_test_id("queue-q").fill("139 0013 9000")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**q=139*")
    assert rows.count() == 1 and rows.first.get_attribute("data-id") == str(li)
    page.get_by_role("link", name="Clear").click()
    page.wait_for_url("**/officer/applications")
    _shoot(page, "officer-queue")
    for application_id in (zhang, wang):
        page.locator(f'tr[data-id="{application_id}"] [data-testid="select-application"]').check()
    page.locator("#note").fill("Please upload your degree certificate.")
    page.get_by_test_id("bulk-submit").click()
    page.get_by_text("2 applications returned").wait_for()
    assert rows.count() == 1 and rows.first.get_attribute("data-id") == str(li)


def test_officer_reviews_a_policy_change_before_publishing(page):
    create_staff_user(Role.OFFICER, "officer@example.cn", PASSWORD)
    _log_in(page, "officer@example.cn", "/officer/")

    def review():
        page.goto("/officer/policy")
        page.locator("#points_young").fill("120")
        page.locator("#offer_days").fill("10")
        page.locator("#note").fill("More points for new graduates")
        page.get_by_test_id("publish-policy").click()
        page.get_by_test_id("policy-confirm").wait_for()

    review()
    assert "Young talent and new graduates" in page.get_by_test_id("policy-confirm").inner_text()
    assert page.locator('tr[data-key="category_points.young"]').count() == 1
    _shoot(page, "officer-policy-confirm", again=review)
    # While the publication runs the page says so and the button cannot be pressed twice: seen
    # here by stopping the form's navigation after the page's own handler has run.
    page.evaluate(
        "document.querySelector('form[data-busy]')"
        ".addEventListener('submit', event => event.preventDefault())"
    )
    page.get_by_test_id("confirm-publish").click()
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-testid=busy-status]');"
        " const b = document.querySelector('[data-testid=confirm-publish]');"
        " return !s.hidden && b.disabled; }"
    )
    assert "please wait" in page.get_by_test_id("busy-status").inner_text()
    review()
    page.get_by_test_id("confirm-publish").click()
    page.wait_for_url("**/officer/policy/history")
    assert page.locator('[data-testid="policy-version-row"][data-version="2"]').count() == 1
    _shoot(page, "officer-policy-history")


def _landlord() -> tuple[int, int, int]:
    user = create_staff_user(Role.LANDLORD, "estate@example.cn", PASSWORD, landlord_org=ORG)
    building = landlord_ops.create_building(user.landlord_id, user, GOOD_BUILDING)
    unit = landlord_ops.create_unit(
        user.landlord_id, user, {**GOOD_UNIT, "building_id": building.id}
    )
    offered = landlord_ops.create_unit(
        user.landlord_id, user, {**GOOD_UNIT, "code": "B01-0202", "building_id": building.id}
    )
    db.session.get(Unit, offered.id).status = UnitStatus.OFFERED
    db.session.commit()
    return building.id, unit.id, offered.id


def test_landlord_edits_a_building_and_deletes_a_unit_after_confirming(page):
    building_id, unit_id, offered_id = _landlord()
    _log_in(page, "estate@example.cn", "/landlord/")
    page.goto("/landlord/buildings")
    page.get_by_test_id("edit-building").click()
    page.wait_for_url(f"**/landlord/buildings/{building_id}/edit")
    _shoot(page, "landlord-building-edit")
    page.locator("#address").fill("上海市长宁区华阳路102号")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/landlord/buildings")
    assert "华阳路102号" in page.get_by_test_id("building-list").inner_text()
    # An offered unit: its true status, no moves, and a refusal on the delete page.
    page.goto(f"/landlord/units/{offered_id}")
    assert page.get_by_test_id("status-form").count() == 0
    _shoot(page, "landlord-unit-offered")
    page.get_by_test_id("delete-unit").click()
    page.get_by_test_id("delete-refused").wait_for()
    assert page.get_by_test_id("confirm-delete").count() == 0
    _shoot(page, "landlord-unit-delete-refused")
    # A vacant unit: the moves it allows, then deletion after the confirmation page.
    page.goto(f"/landlord/units/{unit_id}")
    assert page.get_by_test_id("move-maintenance").is_visible()
    assert page.get_by_test_id("move-vacant").count() == 0
    _shoot(page, "landlord-unit-vacant")
    page.get_by_test_id("delete-unit").click()
    page.wait_for_url(f"**/landlord/units/{unit_id}/delete")
    _shoot(page, "landlord-unit-delete-confirm")
    page.get_by_test_id("confirm-delete").click()
    page.wait_for_url("**/landlord/units")
    assert page.locator('[data-code="B01-0201"]').count() == 0
    assert page.locator('[data-code="B01-0202"]').count() == 1
