"""After the offer, in Chromium: a tenant answers the review, an officer renews the lease,
runs the month's subsidies and downloads the bank file, a landlord reads the statement."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest

from housing.extensions import db
from housing.models import Degree, TenancyStatus
from housing.tenancies import reviews
from housing.tenancies.dates import add_years, month_of, today
from tests.browser.test_round_journey import log_in, log_out
from tests.web.money_helpers import granted, housed, world_with_landlord

pytestmark = pytest.mark.browser


def test_review_renewal_payment_run_and_statement(page):
    world = world_with_landlord(units=2, applicants=3)
    tenant, neighbour, talent = world.applicants
    end = today() + timedelta(days=50)
    lease = housed(world, tenant, world.units[0], add_years(end, -1))
    other = housed(world, neighbour, world.units[1], today().replace(day=1))
    for t in (lease, other):
        t.status, t.move_in_on = TenancyStatus.ACTIVE, t.start_date
    db.session.commit()
    month = month_of(today())
    granted(talent, month, Degree.PHD)
    reviews.reviews_due(today())

    # 1. The tenant answers the review on the lease page.
    log_in(page, tenant.user.email)
    page.goto("/me/tenancy")
    page.locator("#household_size").fill("2")
    page.get_by_test_id("review-submit").click()
    assert "您的答复已转交住房管理人员" in page.content()
    log_out(page)

    # 2. The officer renews it at 5% more.
    log_in(page, world.officer.email)
    page.goto("/officer/reviews/")
    page.get_by_test_id("renew-rent").fill(str(lease.rent * 105 // 100))
    page.get_by_test_id("renew").click()
    assert "租约已续签" in page.content()

    # 3. The officer pays the month's subsidies and downloads the bank file.
    page.goto("/officer/runs/")
    page.locator("#pay-month").fill(month)
    page.get_by_test_id("pay").click()
    assert "4,000.00" in page.content()
    with page.expect_download() as download:
        page.get_by_test_id("bank-file").first.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["payee_name"], r["amount_fen"]) for r in rows] == [(talent.user.name, "400000")]

    # ... and draws the landlords' statements and approves them.
    page.locator("#inc-month").fill(month)
    page.get_by_test_id("incentives").click()
    page.goto(f"/officer/statements/?month={month}")
    page.get_by_test_id("approve-statement").click()
    assert page.get_by_test_id("statement").get_attribute("data-status") == "approved"
    log_out(page)

    # 4. The landlord sees the statement with the tenancies behind it.
    log_in(page, "landlord@example.cn")
    page.goto("/landlord/statements/")
    statement = page.get_by_test_id("statement")
    assert statement.get_attribute("data-status") == "approved"
    lines = page.get_by_test_id("statement-line")
    assert lines.count() == 2
    assert world.units[1].code in statement.inner_text()
