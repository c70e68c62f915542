"""The dashboards and public statistics: every figure reached two ways must agree.

A small demo district (real rounds, offers, answers, leases) plus a few ledger entries and
incentive statements; each figure of `housing.stats` (SQL aggregates) is compared with a
count in Python over the ORM objects, written here without the module's helpers.
"""

import csv
import io
import math
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from housing.demo import seed_demo
from housing.models import (
    AllocationRound,
    Application,
    ApplicationStatus,
    EntryKind,
    IncentiveStatement,
    Landlord,
    LedgerEntry,
    Offer,
    OfferStatus,
    RoundAssignment,
    Tenancy,
    TenancyStatus,
    Unit,
    UnitStatus,
    User,
)
from housing.models.waitlist import QUEUED
from housing.money.exports import safe_cell
from housing.stats import figures, public
from housing.stats.months import last_months
from housing.stats.public import small

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _month(moment) -> str:
    if isinstance(moment, datetime):
        moment = moment.astimezone(SHANGHAI).date()
    return f"{moment:%Y-%m}"


def _nearest_rank(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * p)) - 1]


@pytest.fixture
def district(db):
    """A demo district of 500 units and 1,000 applicants, with money in the ledger."""
    seed_demo(units=500, applicants=1000, seed=7)
    months = last_months()
    landlords = db.session.scalars(sa.select(Landlord).order_by(Landlord.id)).all()
    for i, m in enumerate(months[-3:]):
        db.session.add(LedgerEntry(kind=EntryKind.SUBSIDY, month=m.key, amount_fen=150_000 + i,
                                   payee="=SUM(A1:A9)"))  # fmt: skip
        db.session.add(LedgerEntry(kind=EntryKind.INCENTIVE, month=m.key, amount_fen=90_000,
                                   payee=landlords[0].name))  # fmt: skip
        db.session.add(IncentiveStatement(landlord_id=landlords[0].id, month=m.key,
                                          unit_days=30 * (i + 1), rate=500,
                                          amount_fen=50_000 * (i + 1)))  # fmt: skip
    db.session.commit()
    return db


def _all(db, model):
    return db.session.scalars(sa.select(model)).all()


def test_pool_queue_and_use_agree_with_a_count_over_the_objects(district):
    db = district
    units = _all(db, Unit)
    held = [u for u in units if u.status != UnitStatus.WITHDRAWN]
    pool = figures.pool()
    assert pool["held"] == len(held) and pool["target"] == 5000
    assert pool["by_status"] == {s.value: sum(u.status == s for u in units) for s in UnitStatus}
    assert {k: v for k, v in pool["by_landlord_kind"].items() if v} == dict(
        Counter(u.landlord.kind.value for u in held)
    )
    assert {k: v for k, v in pool["by_street"].items() if v} == dict(
        Counter(u.building.street.value for u in held)
    )
    assert {k: v for k, v in pool["by_layout"].items() if v} == dict(
        Counter(u.layout.value for u in held)
    )
    vacant = sum(u.status == UnitStatus.VACANT for u in held)
    occupied = sum(u.status == UnitStatus.OCCUPIED for u in held)
    assert pool["vacancy_rate"] == round(vacant / len(held), 4)
    assert pool["occupancy_rate"] == round(occupied / len(held), 4)

    apps = _all(db, Application)
    queued = Counter(a.category.value for a in apps if a.status in QUEUED and a.category)
    queue = figures.queue()
    assert {k: v for k, v in queue["by_category"].items() if v} == dict(queued)
    assert queue["total"] == sum(queued.values()) > 0


def test_waits_offers_and_housed_shares_agree(district):
    db = district
    offers = _all(db, Offer)
    first: dict[int, Offer] = {}
    for o in sorted(offers, key=lambda o: o.id):
        first.setdefault(o.application_id, o)
    waits = []
    by_layout: dict[str, list[float]] = {}
    for o in first.values():
        verified = o.application.verified_at
        if verified is None or o.sent_at < verified:
            continue
        months = (o.sent_at - verified).total_seconds() / 86400 / 30.4375
        waits.append(months)
        by_layout.setdefault(o.unit.layout.value, []).append(months)
    w = figures.waits()
    assert w["n"] == len(waits) > 0
    assert w["median_months"] == round(_nearest_rank(waits, 0.5), 1)
    assert w["p90_months"] == round(_nearest_rank(waits, 0.9), 1)
    for layout, values in by_layout.items():
        assert w["by_layout"][layout]["n"] == len(values)
        assert w["by_layout"][layout]["mean_months"] == round(sum(values) / len(values), 1)

    o = figures.offers()
    statuses = Counter(x.status.value for x in offers)
    assert {k: v for k, v in o["by_status"].items() if v} == dict(statuses)
    answered = statuses["accepted"] + statuses["declined"] + statuses["expired"]
    assert o["acceptance_rate"] == round(statuses["accepted"] / answered, 4)
    reasons = Counter(x.decline_reason for x in offers if x.status == OfferStatus.DECLINED)
    assert {r["reason"]: r["n"] for r in o["decline_reasons"]} == dict(reasons)

    housed = [a for a in _all(db, Application) if a.status == ApplicationStatus.HOUSED]
    shares = figures.housed_shares()
    assert shares["housed"] == len(housed) > 0
    overseas = sum(a.category.value == "overseas" for a in housed)
    key = sum(a.category.value == "key_industry" for a in housed)
    assert shares["overseas_share"] == round(overseas / len(housed), 4)
    assert shares["key_industry_share"] == round(key / len(housed), 4)
    assert (shares["overseas_target"], shares["key_industry_target"]) == (0.24, 0.35)


def _out_day(t: Tenancy) -> date | None:
    if t.move_out_on:
        return t.move_out_on
    return t.moved_out_at.astimezone(SHANGHAI).date() if t.moved_out_at else None


def test_trends_agree_month_by_month(district):
    db = district
    months = last_months()
    keys = [m.key for m in months]
    trends = figures.trends(months)
    assert trends["months"] == keys and len(keys) == 24
    tenancies = _all(db, Tenancy)
    served = Counter(_month(t.start_date) for t in tenancies if t.renewed_from_id is None)
    assert trends["served"] == [served[k] for k in keys]
    assert sum(trends["served"]) > 0
    occupied = []
    for m in months:
        occupied.append(sum(
            1 for t in tenancies
            if t.status != TenancyStatus.UPCOMING and t.start_date < m.next_first
            and (_out_day(t) is None or _out_day(t) >= m.next_first)
        ))  # fmt: skip
    assert trends["occupied"] == occupied
    assert occupied[0] > 0  # leases from before the window are carried in
    offers = _all(db, Offer)
    sent = Counter(_month(o.sent_at) for o in offers)
    assert trends["offers_sent"] == [sent[k] for k in keys]
    accepted = Counter(_month(o.answered_at) for o in offers if o.status == OfferStatus.ACCEPTED)
    assert trends["offers_accepted"] == [accepted[k] for k in keys]
    ledger = _all(db, LedgerEntry)
    for kind, column in ((EntryKind.SUBSIDY, "subsidies_fen"), (EntryKind.INCENTIVE,
                                                                 "incentives_fen")):  # fmt: skip
        paid = Counter()
        for e in ledger:
            if e.kind == kind:
                paid[e.month] += e.amount_fen
        assert trends[column] == [paid[k] for k in keys]
    assert trends["subsidies_fen"][-1] == 150_002


def test_month_boundaries_are_shanghai_midnight(db):
    """An offer sent at 23:30 UTC on the last day of a month is in the next month in Shanghai."""
    seed_demo(units=300, applicants=400, seed=3)
    months = last_months()
    boundary = datetime.combine(months[-2].next_first, datetime.min.time(), UTC)
    offer = db.session.scalars(sa.select(Offer).order_by(Offer.id)).first()
    offer.sent_at = boundary - timedelta(minutes=30)  # 07:30 in Shanghai: the last month
    db.session.commit()
    before = figures.trends(months)["offers_sent"]
    offer.sent_at = boundary - timedelta(hours=8, minutes=30)  # 23:30 the day before
    db.session.commit()
    after = figures.trends(months)["offers_sent"]
    assert after[-1] == before[-1] - 1 and after[-2] == before[-2] + 1


def test_landlord_figures_are_their_own(district):
    from housing.stats.tables import landlord_data

    db = district
    landlord = db.session.scalars(sa.select(Landlord).order_by(Landlord.id)).first()
    data = landlord_data(landlord.id)
    units = [u for u in _all(db, Unit) if u.landlord_id == landlord.id]
    assert data["pool"]["by_status"] == {
        s.value: sum(u.status == s for u in units) for s in UnitStatus
    }
    mine = {u.id for u in units}
    offers = [o for o in _all(db, Offer) if o.unit_id in mine]
    assert data["offers"]["pending"] == sum(o.status == OfferStatus.PENDING for o in offers)
    reasons = Counter(o.decline_reason for o in offers if o.status == OfferStatus.DECLINED)
    assert {r["reason"]: r["n"] for r in figures.offers(landlord.id)["decline_reasons"]} == dict(
        reasons
    )
    tenancies = [t for t in _all(db, Tenancy) if t.unit_id in mine]
    months = last_months()
    assert data["occupied"] == [
        sum(1 for t in tenancies
            if t.status != TenancyStatus.UPCOMING and t.start_date < m.next_first
            and (_out_day(t) is None or _out_day(t) >= m.next_first))
        for m in months
    ]  # fmt: skip
    assert data["incentive_fen"][-3:] == [50_000, 100_000, 150_000]
    assert sum(data["incentive_fen"][:-3]) == 0


def test_small_counts_are_hidden():
    assert [small(n) for n in (0, 1, 2, 3, 4, 5, 6, 1000)] == [0, "<5", "<5", "<5", "<5", 5, 6,
                                                               1000]  # fmt: skip


def test_public_statistics_agree_and_hide_small_counts(district):
    db = district
    raw = public.raw()
    shown = public.public_stats()
    rounds = db.session.scalars(
        sa.select(AllocationRound).where(AllocationRound.committed_month.is_not(None))
    ).all()
    assert [r["id"] for r in raw["rounds"]] == sorted(
        (r.id for r in rounds), key=lambda i: db.session.get(AllocationRound, i).month,
        reverse=True,
    )  # fmt: skip
    for r in raw["rounds"]:
        assignments = db.session.scalars(
            sa.select(RoundAssignment).where(RoundAssignment.round_id == r["id"])
        ).all()
        cats = Counter(a.application.category.value for a in assignments)
        layouts = Counter(a.unit.layout.value for a in assignments)
        assert {k: v for k, v in r["by_category"].items() if v} == dict(cats)
        assert {k: v for k, v in r["by_layout"].items() if v} == dict(layouts)
        assert r["served"] == len(assignments)
    hidden = 0
    for raw_round, shown_round in zip(raw["rounds"], shown["rounds"], strict=True):
        for key, n in raw_round["by_category"].items():
            assert shown_round["by_category"][key] == ("<5" if 0 < n < 5 else n)
            hidden += 0 < n < 5
    for layout, w in raw["waits"]["by_layout"].items():
        if 0 < w["n"] < 5:
            assert shown["waits"]["by_layout"][layout] == {
                "n": "<5", "mean_months": None, "median_months": None,
            }  # fmt: skip
    assert shown["queue"]["by_category"] == {
        k: ("<5" if 0 < n < 5 else n) for k, n in raw["queue"]["by_category"].items()
    }
    assert hidden > 0, "the fixture should have a small count to hide"


def test_public_pages_and_api(district, client):
    page = client.get("/stats")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "data-chart=" in text and "&lt;5" in text
    api = client.get("/api/v1/public/stats").get_json()
    assert api["pool"]["held"] == figures.pool()["held"]
    assert api["targets"]["overseas_target"] == 0.24
    assert all(isinstance(r["committed_at"], str) for r in api["rounds"])
    rows = list(csv.reader(io.StringIO(
        client.get("/stats/rounds.csv").get_data(as_text=True).lstrip("\ufeff")
    )))  # fmt: skip
    assert len(rows) == 1 + len(api["rounds"])
    assert client.get("/stats/nothing.csv").status_code == 404


def test_safe_cell_neutralises_formulas():
    for value in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(value) == "'" + value
    assert safe_cell("Huayang") == "Huayang" and safe_cell(-3) == -3


def test_exports_stream_and_neutralise_formulas(district, client):
    from tests.web import matrix_world

    db = district
    officer = db.session.scalars(sa.select(User).where(User.role == "officer")).first()
    applicant = db.session.scalars(
        sa.select(Application).where(Application.status.in_(QUEUED)).order_by(Application.id)
    ).first()
    applicant.user.name = '=HYPERLINK("http://x")'
    offer = db.session.scalars(sa.select(Offer).where(Offer.status == OfferStatus.DECLINED)).first()
    offer.decline_reason = "+cmd|' /C calc'!A0"
    db.session.commit()
    matrix_world.log_in(client, officer)
    for name in ("queue", "rounds", "offers", "tenancies", "ledger"):
        response = client.get(f"/officer/exports/{name}.csv")
        assert response.status_code == 200 and response.is_streamed, name
        text = response.get_data(as_text=True)
        assert text.startswith("\ufeff")
        for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))):
            assert all(not cell or cell[0] not in "=+@" for cell in row), (name, row)
        book = client.get(f"/officer/exports/{name}.xlsx")
        assert book.status_code == 200 and book.is_streamed, name
        sheet = load_workbook(io.BytesIO(book.get_data()), read_only=True).active
        for row in sheet.iter_rows(values_only=True):
            assert all(not isinstance(c, str) or c[:1] not in "=+@" for c in row), (name, row)
    queue = client.get("/officer/exports/queue.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in queue
    assert "'+cmd" in client.get("/officer/exports/offers.csv").get_data(as_text=True)
    assert "'=SUM(A1:A9)" in client.get("/officer/exports/ledger.csv").get_data(as_text=True)
    assert client.get("/officer/exports/people.csv").status_code == 404


def test_officer_and_landlord_pages_and_api(district, client):
    from tests.web import matrix_world

    db = district
    officer = db.session.scalars(sa.select(User).where(User.role == "officer")).first()
    matrix_world.log_in(client, officer)
    page = client.get("/officer/").get_data(as_text=True)
    assert page.count("<canvas data-chart=") >= 12
    assert 'data-kpi="pool"' in page and "5000" in page
    trend = client.get("/officer/dashboard/trend-money.csv").get_data(as_text=True)
    assert trend.strip().splitlines()[-1].endswith(",1500.02,900.0")
    token = matrix_world.bearer(officer)
    api = client.get("/api/v1/officer/dashboard", headers=token).get_json()
    assert api["pool"]["held"] == figures.pool()["held"]
    assert len(api["trends"]["months"]) == 24
    queue = client.get("/api/v1/officer/exports/queue?format=xlsx", headers=token)
    assert queue.status_code == 200
    assert client.get("/api/v1/officer/exports/queue?format=pdf", headers=token).status_code == 400

    landlord_user = db.session.scalars(sa.select(User).where(User.role == "landlord")).first()
    client.post("/auth/logout")
    matrix_world.log_in(client, landlord_user)
    home = client.get("/landlord/").get_data(as_text=True)
    assert home.count("<canvas data-chart=") == 3
    assert 'data-testid="under-offer-count"' in home
    csv_text = client.get("/landlord/dashboard/occupancy.csv").get_data(as_text=True)
    assert len(csv_text.strip().splitlines()) == 25


def test_figures_are_reused_within_the_cache_time(app, db, client, monkeypatch):
    monkeypatch.setitem(app.config, "STATS_CACHE_SECONDS", 60)
    app.extensions.pop("stats_cache", None)
    first = client.get("/api/v1/public/stats").get_json()
    db.session.add(Landlord(name="新来的出租方", kind="private_firm"))
    db.session.commit()
    again = client.get("/api/v1/public/stats").get_json()
    assert again["as_of"] == first["as_of"]  # the same figures, not recomputed
    monkeypatch.setitem(app.config, "STATS_CACHE_SECONDS", 0)
    assert client.get("/api/v1/public/stats").get_json()["as_of"] != first["as_of"]
    app.extensions.pop("stats_cache", None)


def test_an_empty_district_shows_empty_figures(db, client):
    """No units, no applicants, no rounds: nothing divides by zero, every chart says so."""
    page = client.get("/stats").get_data(as_text=True)
    assert "No round has been committed yet." in page or "尚无已确定的配租批次" in page
    assert 'data-testid="empty-rounds"' in page
    data = figures.dashboard()
    assert data["pool"]["vacancy_rate"] is None and data["waits"]["median_months"] is None
    assert data["offers"]["acceptance_rate"] is None
    assert data["housed"]["overseas_share"] is None
    assert data["trends"]["occupied"] == [0] * 24
