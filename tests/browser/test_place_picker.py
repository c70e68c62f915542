"""The map picker in a real Chromium, at desktop and phone widths: search a metro station, the
point moves, save, and the stored coordinates are the station's."""

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from housing.applicants import operations as applicant_ops
from housing.auth.operations import create_staff_user, register_applicant
from housing.models import Application, Building, Role
from housing.places.gazetteer import stations
from tests.browser.conftest import switch_to_english
from tests.web.applicant_helpers import make_employer

pytestmark = pytest.mark.browser

#: Set PLACES_SHOTS to a folder to keep screenshots of the picker for review.
SHOTS = os.environ.get("PLACES_SHOTS")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _station(name_en: str):
    return next(s for s in stations() if s.name_en == name_en)


def _log_in(page, email: str, password: str, english: bool) -> None:
    if english:
        switch_to_english(page)
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()


def _no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], width


@pytest.mark.parametrize("width", [1280, 390])
def test_landlord_places_a_building_by_searching_a_station(page, db, width):
    page.set_viewport_size({"width": width, "height": 900})
    create_staff_user(Role.LANDLORD, "estate@example.cn", "secret-pass-1", landlord_org="长宁国资")
    _log_in(page, "estate@example.cn", "secret-pass-1", english=False)
    page.goto("/landlord/buildings/new")
    page.get_by_test_id("place-map").wait_for()  # shown only with JavaScript
    assert page.locator("#lat").get_attribute("type") == "hidden"

    page.locator("#name").fill("江苏路人才公寓")
    page.locator("#street").select_option("jiangsu")
    page.locator("#address").fill("长宁区江苏路 1 号")
    page.get_by_test_id("place-search").fill("江苏路")
    result = page.locator("button.place-result", has_text="江苏路站")
    result.click()
    station = _station("Jiangsu Road")
    map_el = page.get_by_test_id("place-map")
    assert abs(float(map_el.get_attribute("data-lat")) - station.lat) < 1e-6
    assert abs(float(map_el.get_attribute("data-lon")) - station.lon) < 1e-6
    assert page.locator(".leaflet-marker-icon").count() == 1
    assert page.locator("path.leaflet-interactive, .leaflet-overlay-pane path").count() > 10
    # A station moves the point, not the address the landlord typed.
    assert page.locator("#address").input_value() == "长宁区江苏路 1 号"
    _no_sideways_scroll(page)
    _shot(page, f"building-new-zh-{width}")
    page.locator("form[data-testid=building-form] > button[type=submit]").click()
    page.wait_for_url("**/landlord/buildings")
    building = db.session.scalar(sa.select(Building).where(Building.name == "江苏路人才公寓"))
    assert abs(building.lat - station.lat) < 1e-6 and abs(building.lon - station.lon) < 1e-6


@pytest.mark.parametrize("width", [1280, 390])
def test_applicant_moves_the_workplace_and_sees_the_commute(page, db, width):
    page.set_viewport_size({"width": width, "height": 900})
    employer = make_employer(db)
    user = register_applicant("li@example.cn", "secret-pass-1", "李雷", "310105199005012432")
    draft = applicant_ops.ensure_draft(user)
    applicant_ops.update_draft(draft, {"returnee": False, "employer_id": employer.id}, "employer")
    _log_in(page, "li@example.cn", "secret-pass-1", english=True)
    page.goto("/me/application/workplace")
    page.get_by_test_id("place-map").wait_for()
    # Prefilled from the employer; the engine's assumption is shown for it.
    assert "Zhongshan Park" in page.get_by_test_id("place-commute").inner_text()

    page.get_by_test_id("place-search").fill("Loushanguan")
    page.locator("button.place-result", has_text="Loushanguan Road").click()
    station = _station("Loushanguan Road")
    map_el = page.get_by_test_id("place-map")
    assert abs(float(map_el.get_attribute("data-lat")) - station.lat) < 1e-6
    page.get_by_test_id("place-commute").filter(has_text="Loushanguan Road").wait_for()
    _no_sideways_scroll(page)
    _shot(page, f"workplace-en-{width}")
    page.get_by_test_id("save-step").click()
    page.wait_for_url("**/me/application/household")
    application = db.session.scalar(sa.select(Application).where(Application.user_id == user.id))
    db.session.refresh(application)
    assert abs(application.workplace_lat - station.lat) < 1e-6
    assert abs(application.workplace_lon - station.lon) < 1e-6


def test_without_javascript_the_picker_is_a_search_and_a_list(browser, live_server, db):
    """Progressive enhancement: no map, but the search, the results and the save all work."""
    create_staff_user(Role.LANDLORD, "estate@example.cn", "secret-pass-1", landlord_org="长宁国资")
    context = browser.new_context(base_url=live_server, locale="zh-CN", java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        _log_in(page, "estate@example.cn", "secret-pass-1", english=False)
        page.goto("/landlord/buildings/new")
        assert not page.get_by_test_id("place-map").is_visible()
        page.locator("#name").fill("中山公园人才公寓")
        page.locator("#street").select_option("jiangsu")
        page.get_by_test_id("place-search").fill("中山公园站")
        page.get_by_test_id("place-search-button").click()
        page.wait_for_load_state()
        assert page.locator("#name").input_value() == "中山公园人才公寓"  # kept
        _shot(page, "building-nojs-results-zh")
        page.locator('input[name="place_pick"]').first.check()
        page.locator("form[data-testid=building-form] > button[type=submit]").click()
        page.wait_for_url("**/landlord/buildings")
    finally:
        context.close()
    station = _station("Zhongshan Park")
    building = db.session.scalar(sa.select(Building).where(Building.name == "中山公园人才公寓"))
    assert close_to(building, station) and building.address == "中山公园站"


def close_to(row, station) -> bool:
    return abs(row.lat - station.lat) < 1e-6 and abs(row.lon - station.lon) < 1e-6


def test_the_route_shows_its_own_part(page, db):
    make_employer(db)
    register_applicant("li@example.cn", "secret-pass-1", "李雷", "310105199005012432")
    _log_in(page, "li@example.cn", "secret-pass-1", english=True)
    page.goto("/me/application/employer")
    assert page.get_by_test_id("employer-picker").is_visible()
    assert not page.locator("#returned_on").is_visible()
    page.locator('input[name="route"][value="returnee"]').check()
    assert page.locator("#returned_on").is_visible()
    assert not page.get_by_test_id("employer-picker").is_visible()
