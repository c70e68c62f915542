"""At 390 px (a phone): no page scrolls sideways, the menu folds, the steps are compact.

Every applicant page (a queued applicant's and a draft's wizard) and the landlord's unit list
are opened in Chromium at 390 × 844; `document.documentElement.scrollWidth` must not exceed
the window's width, in Chinese and in English.
"""

import pytest
import sqlalchemy as sa

from housing.auth.operations import create_staff_user
from housing.models import Application, ApplicationStatus, Role
from tests.browser.conftest import switch_to_english
from tests.web.round_helpers import PASSWORD, make_world

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
QUEUED_PAGES = [
    "/me/",
    "/me/waitlist",
    "/my/offers",
    "/me/tenancy",
    "/me/subsidy",
    "/me/application/change",
    "/me/application/withdraw",
    "/eligibility",
]
STEPS = ["identity", "category", "employer", "workplace", "household", "preferences"]
DRAFT_PAGES = [
    "/me/",
    *[f"/me/application/{step}" for step in STEPS],
    "/me/application/documents",
    "/me/application/review",
]


@pytest.fixture
def phone(browser, live_server, db):
    context = browser.new_context(base_url=live_server, locale="zh-CN", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def world(db):
    world = make_world(units=3, applicants=2)
    db.session.execute(
        sa.update(Application)
        .where(Application.id == world.applicants[1].id)
        .values(status=ApplicationStatus.DRAFT)
    )
    create_staff_user(
        Role.LANDLORD, "landlord@example.cn", PASSWORD, landlord_org=world.landlord.name
    )
    db.session.commit()
    return world


def _log_in(page, email: str) -> None:
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form:has(#password) button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_test_id("who").count(), "not logged in"


def _sideways(page, paths: list[str]) -> list[str]:
    wide = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if width[0] > width[1]:
            wide.append(f"{path}: {width[0]} px in {width[1]}")
    return wide


@pytest.mark.parametrize("english", [False, True])
def test_no_applicant_page_scrolls_sideways(phone, world, english):
    _log_in(phone, world.applicants[0].user.email)
    if english:
        switch_to_english(phone)
    assert not _sideways(phone, QUEUED_PAGES)


@pytest.mark.parametrize("english", [False, True])
def test_no_wizard_page_scrolls_sideways(phone, world, english):
    _log_in(phone, world.applicants[1].user.email)
    if english:
        switch_to_english(phone)
    assert not _sideways(phone, DRAFT_PAGES)


@pytest.mark.parametrize("english", [False, True])
def test_the_landlords_unit_list_fits(phone, world, english):
    _log_in(phone, "landlord@example.cn")
    if english:
        switch_to_english(phone)
    assert not _sideways(phone, ["/landlord/", "/landlord/units", "/landlord/buildings"])
    # Each unit is a card within the screen, not a row of a table to scroll.
    phone.goto("/landlord/units")
    box = phone.get_by_test_id("unit-row").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_the_menu_folds_on_a_phone_and_marks_the_current_area(phone, world):
    _log_in(phone, world.applicants[0].user.email)
    phone.goto("/me/waitlist")
    waitlist = phone.get_by_test_id("nav-applicants-waitlist-page")
    assert not waitlist.is_visible()
    phone.get_by_test_id("menu-button").click()
    assert waitlist.is_visible()
    assert waitlist.get_attribute("aria-current") == "page"
    waitlist_top = phone.get_by_test_id("brand").bounding_box()["y"]
    assert phone.get_by_test_id("menu-button").bounding_box()["y"] <= waitlist_top + 20


def test_the_header_does_not_wrap_its_words(phone, world):
    _log_in(phone, world.applicants[0].user.email)
    phone.goto("/me/")
    for selector in ("form[action$='/auth/logout'] button", ".lang strong", ".lang button"):
        box = phone.locator(selector).first.bounding_box()
        assert box["height"] < 40, selector  # one line, not "退出" over "登录"


def test_steps_are_compact_and_mark_the_current_one(phone, world):
    _log_in(phone, world.applicants[1].user.email)
    phone.goto("/me/application/category")
    current = phone.locator("nav.steps [aria-current=step]")
    assert current.get_attribute("data-testid") == "step-category"
    assert phone.get_by_test_id("step-of").is_visible()
    steps = phone.locator("nav.steps").bounding_box()
    assert steps["height"] < 160  # not the eight-line list that filled the first screen
    # The talent categories: whole rows to tap, at least 40 px high.
    option = phone.locator("#category li").first
    assert option.bounding_box()["height"] >= 40
    option.locator("label").click()
    assert phone.locator("#category input").first.is_checked()
