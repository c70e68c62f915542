"""The dashboards in Chromium: the charts draw (Chart.js under the site's CSP), their tables
open, their CSVs download, on the officers' home, the public statistics and the landlord's."""

import csv
import io
from pathlib import Path

import pytest

from housing.demo import DEMO_ACCOUNTS, seed_demo

pytestmark = pytest.mark.browser


def _log_in(page, role: str) -> None:
    email, password, _role, _name = DEMO_ACCOUNTS[role]
    page.goto("/auth/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def _charts_drawn(page, at_least: int) -> int:
    """Wait for every chart, then count the canvases that Chart.js has drawn into."""
    page.wait_for_function(
        "document.querySelectorAll('canvas[data-chart]').length > 0 &&"
        " [...document.querySelectorAll('canvas[data-chart]')].every(c => c.dataset.drawn)"
    )
    drawn = page.evaluate(
        "[...document.querySelectorAll('canvas[data-chart]')]"
        ".filter(c => window.Chart.getChart(c) && c.width > 0).length"
    )
    assert drawn >= at_least
    return drawn


def test_dashboard_stats_and_landlord_home_draw_their_charts(page, tmp_path):
    seed_demo(units=300, applicants=600, seed=5)
    problems = []
    # A script error or a CSP refusal shows in the console; a missing file as a 4xx response
    # (whose console line names no file: the response says which).
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("response", lambda r: problems.append(r.url) if r.status >= 400 else None)

    # Anyone: the public statistics, with a figure's numbers and its CSV.
    page.goto("/stats")
    assert _charts_drawn(page, 5) >= 5
    page.screenshot(path=str(tmp_path / "stats.png"), full_page=True)
    assert page.get_by_test_id("stats-title").is_visible()
    figure = page.locator("#queue-by-category")
    figure.locator("summary").click()
    assert figure.locator("table tbody tr").count() == 7
    with page.expect_download() as download:
        page.get_by_test_id("csv-queue-by-category").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert len(rows) == 8
    assert page.locator("#committed-rounds tbody tr[data-round]").count() >= 1

    # The officer: targets beside the figures, every chart drawn, the trends, the exports.
    _log_in(page, "officer")
    page.goto("/officer/")
    assert _charts_drawn(page, 12) >= 12
    page.screenshot(path=str(tmp_path / "officer.png"), full_page=True)
    assert page.locator("[data-kpi=pool]").inner_text().count("5000") == 1
    assert page.locator("#trend-pool canvas").is_visible()
    with page.expect_download() as download:
        page.get_by_test_id("export-queue-csv").click()
    assert download.value.suggested_filename == "queue.csv"

    # The landlord: units by status, occupancy, incentive, units under offer.
    page.locator("form[action$='/auth/logout'] button").click()
    _log_in(page, "landlord")
    page.goto("/landlord/")
    assert _charts_drawn(page, 3) == 3
    page.screenshot(path=str(tmp_path / "landlord.png"), full_page=True)
    assert page.get_by_test_id("under-offer-count").is_visible()
    assert [p for p in problems if not p.endswith("/favicon.ico")] == []
