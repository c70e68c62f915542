"""In Chromium: an officer tries a draft policy and reads the comparison; an applicant reads
the expected wait on the waitlist page.

Set SHOTS_DIR to keep screenshots of both pages at 1280 and 390 px, in Chinese and English.
"""

import os
import re
from pathlib import Path

import pytest

from housing.extensions import db
from housing.forecast.operations import forecast_queue
from housing.models import Category
from housing.models._base import utcnow
from housing.policy import recompute_priorities
from housing.rounds import operations as rounds
from tests.browser.conftest import switch_to_english
from tests.web.round_helpers import PASSWORD, make_world

pytestmark = pytest.mark.browser


def log_in(page, email):
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def shots(page, name: str, tmp_path) -> None:
    """Screenshots at a desktop and a phone width, in the page's current language."""
    folder = Path(os.environ.get("SHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    lang = page.locator("html").get_attribute("lang") or "zh"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{lang}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_officer_runs_a_what_if_and_sees_the_comparison(page, tmp_path):
    world = make_world(units=2, applicants=4)
    for application in world.applicants[2:]:
        application.category = Category.YOUNG
    db.session.commit()
    recompute_priorities()
    rounds.commit(rounds.start_preview(f"{utcnow():%Y-%m}", world.officer).id, world.officer)
    world.add_units(2)
    world.add_applicants(2)  # key-industry: ahead of the young under the policy in force
    recompute_priorities()

    log_in(page, world.officer.email)
    page.goto("/officer/policy")
    page.get_by_test_id("what-if-link").click()
    page.locator("#points_young").fill("700")
    page.get_by_test_id("run-what-if").click()
    page.wait_for_url(re.compile(r".*/officer/policy/what-if/\d+$"))
    page.get_by_test_id("what-if-comparison").wait_for()
    assert page.get_by_test_id("served-draft").inner_text() == "2"
    gains = page.get_by_test_id("gains").inner_text()
    assert all(f"第 {a.id} 号" in gains for a in world.applicants[2:4])
    losses = page.get_by_test_id("losses").inner_text()
    assert all(f"第 {a.id} 号" in losses for a in world.applicants[4:])
    assert page.get_by_test_id("what-if-waits").locator("tr[data-category=young]").count() == 1
    shots(page, "what-if", tmp_path)
    url = page.url
    switch_to_english(page)
    page.goto(url)
    assert "Housed only under the draft" in page.content()
    shots(page, "what-if", tmp_path)
    page.goto("/officer/policy/what-if")
    shots(page, "what-if-form", tmp_path)


def test_waitlist_page_shows_the_expected_wait(page, tmp_path):
    world = make_world(units=3, applicants=6)
    rounds.commit(rounds.start_preview(f"{utcnow():%Y-%m}", world.officer).id, world.officer)
    world.add_units(2)
    forecast_queue(utcnow().date().replace(day=28))
    applicant = world.applicants[5]
    log_in(page, applicant.user.email)
    page.goto("/me/waitlist")
    range_ = page.get_by_test_id("expected-wait-range")
    assert range_.get_attribute("data-p50") == "2"
    assert "个月内获配" in range_.inner_text()
    assert "空置" in page.get_by_test_id("expected-wait-how").inner_text()
    shots(page, "waitlist", tmp_path)
    switch_to_english(page)
    page.goto("/me/waitlist")
    assert "Likely within" in page.get_by_test_id("expected-wait-range").inner_text()
    shots(page, "waitlist", tmp_path)
