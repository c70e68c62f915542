"""The lease and money pages, in Chinese by default, as each person uses them."""

import io
from datetime import date

import pytest
from freezegun import freeze_time

from housing.extensions import db
from housing.models import Degree, GrantStatus, ReviewStatus, SubsidyGrant, TenancyReview
from housing.money import runs
from housing.tenancies import operations, reviews
from tests.web.conftest import csrf_token, post_form
from tests.web.money_helpers import LEASE_PDF, housed, world_with_landlord


@pytest.fixture
def world(db):
    return world_with_landlord(units=3, applicants=4)


def test_landlord_confirms_move_in_on_the_page_and_sees_errors_by_the_field(client, login, world):
    tenancy = housed(world, world.applicants[0], world.units[0], date(2027, 1, 1))
    with freeze_time("2027-01-03 02:00:00"):
        login("landlord@example.cn")
        page = client.get("/landlord/tenancies/")
        assert page.status_code == 200 and "已签约，尚未入住" in page.text
        token = csrf_token(page.text)
        future = client.post(
            f"/landlord/tenancies/{tenancy.id}/move-in",
            data={"date": "2027-02-01", "csrf_token": token},
        )
        assert future.status_code == 422 and "日期在未来" in future.text
        done = client.post(
            f"/landlord/tenancies/{tenancy.id}/move-in",
            data={"date": "2027-01-02", "csrf_token": token},
            follow_redirects=True,
        )
        assert "入住已确认" in done.text and "在住" in done.text


def test_tenant_answers_the_review_on_the_page_and_officer_renews(client, login, world):
    tenancy = housed(world, world.applicants[0], world.units[0], date(2027, 1, 1))
    with freeze_time("2027-01-01 02:00:00"):
        operations.confirm_move_in(world.landlord_user, tenancy.id, date(2027, 1, 1))
    with freeze_time("2027-11-10 02:00:00"):
        reviews.reviews_due()
        login(world.applicants[0].user.email)
        page = client.get("/me/tenancy")
        assert "年度复核" in page.text and "租赁合同PDF" not in page.text
        response = post_form(
            client, "/me/tenancy",
            {"employer_id": world.employer.id, "household_size": 2},
            follow_redirects=True,
        )  # fmt: skip
        assert "您的答复已转交住房管理人员" in response.text
        pdf = client.get("/me/tenancy/lease.pdf")
        assert pdf.data.startswith(b"%PDF")
        client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").text)})
        login("officer@example.cn")
        review = db.session.query(TenancyReview).one()
        page = client.get("/officer/reviews/")
        assert "已答复，待决定" in page.text
        renewed = client.post(
            f"/officer/reviews/{review.id}/renew",
            data={"renew-years": 2, "renew-rent": 4410, "csrf_token": csrf_token(page.text)},
            follow_redirects=True,
        )
        assert "租约已续签" in renewed.text
    db.session.expire_all()
    assert db.session.get(TenancyReview, review.id).status == ReviewStatus.RENEWED


def test_claim_runs_statements_and_ledger_pages(client, login, world):
    world.applicants[0].degree = Degree.MASTER
    db.session.commit()
    login(world.applicants[0].user.email)
    page = client.get("/me/subsidy")
    bad = client.post(
        "/me/subsidy",
        data={"lease": (io.BytesIO(b"not a pdf"), "x.txt"), "csrf_token": csrf_token(page.text)},
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and "仅支持 PDF、JPEG 和 PNG 格式的文件" in bad.text
    sent = client.post(
        "/me/subsidy",
        data={"lease": (io.BytesIO(LEASE_PDF), "lease.pdf"), "csrf_token": csrf_token(page.text)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "已申请，待决定" in sent.text
    grant = db.session.query(SubsidyGrant).one()
    client.post("/auth/logout", data={"csrf_token": csrf_token(client.get("/").text)})
    login("officer@example.cn")
    page = client.get("/officer/subsidies/")
    client.post(
        f"/officer/subsidies/{grant.id}/approve", data={"csrf_token": csrf_token(page.text)}
    )
    db.session.refresh(grant)
    assert grant.status == GrantStatus.APPROVED
    runs_page = client.get("/officer/runs/")
    done = client.post(
        "/officer/runs/pay",
        data={"pay-month": grant.first_month, "csrf_token": csrf_token(runs_page.text)},
        follow_redirects=True,
    )
    assert "3,000.00" in done.text
    bank = client.get(
        f"/officer/runs/{runs.find_run(runs.RunKind.SUBSIDY, grant.first_month).id}/bank-file"
    )
    assert b"300000" in bank.data
    ledger_page = client.get("/officer/ledger/")
    assert "对账一致" in ledger_page.text and "租房补贴" in ledger_page.text
    xlsx = client.get("/officer/ledger/export.xlsx")
    assert xlsx.data[:2] == b"PK"


def test_landlord_sees_statement_with_its_tenancies(client, login, world):
    tenancy = housed(world, world.applicants[1], world.units[1], date(2027, 1, 1))
    with freeze_time("2027-01-11 02:00:00"):
        operations.confirm_move_in(world.landlord_user, tenancy.id, date(2027, 1, 11))
    runs.incentive_statements("2027-01")
    login("landlord@example.cn")
    page = client.get("/landlord/statements/")
    assert "21" in page.text and "B01-0002" in page.text and "待审核" not in page.text
    assert 'data-testid="statement-line"' in page.text
