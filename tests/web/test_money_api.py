"""The tenancy and money resources over the API, as a tenant, a landlord and an officer."""

import csv
import io
from datetime import date

import pytest
from freezegun import freeze_time

from housing.extensions import db
from housing.models import Degree
from tests.web.money_helpers import LEASE_PDF, housed, world_with_landlord


@pytest.fixture
def world(db):
    return world_with_landlord(units=3, applicants=4)


def test_lease_review_and_renewal_over_the_api(client, token, world):
    tenancy = housed(world, world.applicants[0], world.units[0], date(2027, 1, 1))
    with freeze_time("2027-01-02 03:00:00"):
        landlord = token("landlord@example.cn")
        tenant = token(world.applicants[0].user.email)
        moved = client.post(
            f"/api/v1/landlord/tenancies/{tenancy.id}/move-in",
            json={"date": "2027-01-02"},
            headers=landlord,
        )
        assert moved.status_code == 200 and moved.json["status"] == "active", moved.json
        mine = client.get("/api/v1/me/tenancy", headers=tenant)
        assert mine.json["review_due_on"] == "2028-01-01" and mine.json["rent"] == 4200
        pdf = client.get(mine.json["lease_pdf"], headers=tenant)
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        listed = client.get("/api/v1/landlord/tenancies?status=active", headers=landlord)
        assert listed.json["total"] == 1
        bad = client.get("/api/v1/landlord/tenancies?status=gone", headers=landlord)
        assert bad.status_code == 400 and "status" in bad.json["error"]["fields"]
    with freeze_time("2027-11-05 03:00:00"):
        from housing.tenancies.reviews import reviews_due

        reviews_due()
        landlord = token("landlord@example.cn")
        tenant = token(world.applicants[0].user.email)
        officer = token("officer@example.cn")
        other = token(world.applicants[1].user.email)
        body = {"employer_id": world.employer.id, "household_size": 2,
                "owns_housing_in_shanghai": False}  # fmt: skip
        assert client.post("/api/v1/me/tenancy/review", json=body, headers=other).status_code == 404
        answered = client.post("/api/v1/me/tenancy/review", json=body, headers=tenant)
        assert answered.status_code == 200 and answered.json["status"] == "answered"
        due = client.get("/api/v1/officer/reviews?due_before=2028-02-01", headers=officer)
        review_id = due.json["items"][0]["id"]
        too_much = client.post(
            f"/api/v1/officer/reviews/{review_id}/renew", json={"rent": 4500}, headers=officer
        )
        assert too_much.status_code == 422 and "rent" in too_much.json["error"]["fields"]
        renewed = client.post(
            f"/api/v1/officer/reviews/{review_id}/renew",
            json={"years": 3, "rent": 4410},
            headers=officer,
        )
        assert renewed.status_code == 200 and renewed.json["status"] == "renewed", renewed.json
        past = client.post(
            f"/api/v1/landlord/tenancies/{tenancy.id}/move-out",
            json={"date": "2027-11-01"},
            headers=landlord,
        )
        assert past.status_code == 422 and "date" in past.json["error"]["fields"]


def test_subsidy_runs_bank_file_statements_and_ledger_over_the_api(client, token, world):
    world.applicants[0].degree = Degree.MASTER
    db.session.commit()
    with freeze_time("2027-01-10 03:00:00"):
        claimant = token(world.applicants[0].user.email)
        claim = client.post(
            "/api/v1/me/subsidy",
            data={"lease": (io.BytesIO(LEASE_PDF), "lease.pdf")},
            headers=claimant,
            content_type="multipart/form-data",
        )
        assert claim.status_code == 201 and claim.json["first_month"] == "2027-02", claim.json
        again = client.post(
            "/api/v1/me/subsidy",
            data={"lease": (io.BytesIO(LEASE_PDF), "lease.pdf")},
            headers=claimant,
            content_type="multipart/form-data",
        )
        assert again.status_code == 409
    grant_id = claim.json["id"]
    officer = token("officer@example.cn")
    landlord = token("landlord@example.cn")
    ok = client.post(f"/api/v1/officer/subsidies/{grant_id}/approve", headers=officer)
    assert ok.status_code == 200 and ok.json["status"] == "approved"
    run = client.post("/api/v1/officer/payment-runs", json={"month": "2027-02"}, headers=officer)
    assert run.status_code == 200 and run.json["total_fen"] == 300_000 and run.json["created"]
    rerun = client.post("/api/v1/officer/payment-runs", json={"month": "2027-02"}, headers=officer)
    assert rerun.json["id"] == run.json["id"] and not rerun.json["created"]
    bank = client.get(f"/api/v1/officer/payment-runs/{run.json['id']}/bank-file", headers=officer)
    rows = list(csv.DictReader(io.StringIO(bank.data.decode("utf-8-sig"))))
    assert [r["amount_fen"] for r in rows] == ["300000"]
    bad_month = client.post(
        "/api/v1/officer/payment-runs", json={"month": "2027-13"}, headers=officer
    )
    assert bad_month.status_code == 422 and "month" in bad_month.json["error"]["fields"]

    tenancy = housed(world, world.applicants[1], world.units[1], date(2027, 2, 1))
    with freeze_time("2027-02-15 03:00:00"):
        landlord_then = token("landlord@example.cn")
        client.post(
            f"/api/v1/landlord/tenancies/{tenancy.id}/move-in",
            json={"date": "2027-02-15"},
            headers=landlord_then,
        )
    inc = client.post("/api/v1/officer/incentive-runs", json={"month": "2027-02"}, headers=officer)
    assert inc.json["entries"] == 1 and inc.json["total_fen"] == 30_000 * 14 // 28
    mine = client.get("/api/v1/landlord/statements", headers=landlord).json["items"]
    assert mine[0]["lines"][0]["tenancy_id"] == tenancy.id and mine[0]["status"] == "draft"
    approved = client.post(f"/api/v1/officer/statements/{mine[0]['id']}/approve", headers=officer)
    assert approved.json["status"] == "approved"
    pdf = client.get(f"/api/v1/landlord/statements/{mine[0]['id']}.pdf", headers=landlord)
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    sheet = client.get(f"/api/v1/landlord/statements/{mine[0]['id']}.csv", headers=landlord)
    assert "15000" in sheet.data.decode("utf-8-sig")
    entries = client.get("/api/v1/officer/ledger?month=2027-02", headers=officer).json
    assert {e["kind"] for e in entries["items"]} == {"subsidy", "incentive"}
    fix = client.post(
        f"/api/v1/officer/ledger/{entries['items'][0]['id']}/corrections",
        json={"amount_fen": 1, "note": "more"},
        headers=officer,
    )
    assert fix.status_code == 201 and fix.json["corrects"] == entries["items"][0]["id"]
    xlsx = client.get("/api/v1/officer/exports/ledger?format=xlsx", headers=officer)
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    assert client.get("/api/v1/officer/ledger/reconciliation", headers=officer).json["ok"]
    assert client.get("/api/v1/officer/ledger", headers=landlord).status_code == 403


def test_openapi_lists_the_money_resources(client):
    spec = client.get("/api/v1/openapi.json").json
    for path in ["/api/v1/me/tenancy", "/api/v1/officer/payment-runs",
                 "/api/v1/officer/ledger", "/api/v1/landlord/statements"]:  # fmt: skip
        assert path in spec["paths"], path
    from openapi_spec_validator import validate

    validate(spec)


def test_exports_are_safe_against_formulas(client, token, world):
    world.applicants[0].user.name = "=cmd|' /C calc'!A0"
    db.session.commit()
    housed(world, world.applicants[0], world.units[0], date(2027, 1, 1))
    officer = token("officer@example.cn")
    sheet = client.get("/api/v1/officer/exports/tenancies?format=csv", headers=officer)
    rows = list(csv.DictReader(io.StringIO(sheet.data.decode("utf-8-sig"))))
    assert rows[0]["tenant"] == "'=cmd|' /C calc'!A0" and rows[0]["status"] == "upcoming"
    from openpyxl import load_workbook

    book = client.get("/api/v1/officer/exports/tenancies?format=xlsx", headers=officer)
    cells = [
        c.value for c in next(load_workbook(io.BytesIO(book.data)).active.iter_rows(min_row=2))
    ]
    assert "'=cmd|' /C calc'!A0" in cells
    bad = client.get("/api/v1/officer/exports/tenancies?format=ods", headers=officer)
    assert bad.status_code == 400 and "format" in bad.json["error"]["fields"]
