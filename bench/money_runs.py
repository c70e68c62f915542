"""The monthly payment and incentive runs at the district's real scale.

Seeds a scratch database with 5,000 units of 40 landlords, 4,000 talent tenancies moved in
over the past two years (some moving out this month) and 11,000 approved rent-subsidy grants
at every stage (starting, midway, at their last month, stopped by a move-in or lost
eligibility), then times `pay_subsidies` and `incentive_statements` for one month, each one
transaction as the officers run it, runs each again (adds nothing) and reconciles the ledger.

    .venv/bin/python bench/money_runs.py
    .venv/bin/python bench/money_runs.py --database-url postgresql+psycopg://USER@HOST/DB
"""

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import TestingConfig

UNITS, LANDLORDS, TENANCIES, GRANTS = 5_000, 40, 4_000, 11_000
MONTH = "2027-06"


def seed(rng: random.Random) -> None:
    import sqlalchemy as sa

    from housing.extensions import db
    from housing.models import (
        Application,
        ApplicationStatus,
        Building,
        Category,
        Degree,
        GrantStatus,
        Landlord,
        LandlordKind,
        Role,
        Street,
        SubsidyGrant,
        Tenancy,
        TenancyStatus,
        Unit,
        UnitStatus,
        User,
    )  # fmt: skip
    from housing.money.subsidies import schedule
    from housing.policy import current_policy

    def insert(model, rows):
        for start in range(0, len(rows), 2000):
            db.session.execute(sa.insert(model.__table__), rows[start : start + 2000])

    policy = current_policy()
    insert(Landlord, [{"name": f"租赁企业{i:02d}", "kind": LandlordKind.PRIVATE_FIRM.value}
                      for i in range(LANDLORDS)])  # fmt: skip
    landlords = db.session.scalars(sa.select(Landlord.id)).all()
    insert(Building, [{"landlord_id": landlords[i % LANDLORDS], "name": f"人才公寓{i}号楼",
                       "address": f"长宁区测试路{i}号", "street": Street.HUAYANG.value,
                       "lat": 31.22, "lon": 121.42} for i in range(200)])  # fmt: skip
    buildings = db.session.execute(sa.select(Building.id, Building.landlord_id)).all()
    insert(Unit, [{"landlord_id": buildings[i % 200][1], "building_id": buildings[i % 200][0],
                   "code": f"U{i:05d}", "layout": "1BR", "bedrooms": 1, "area_m2": 45.0,
                   "max_occupants": 2, "rent": 3600, "market_rent": 4500,
                   "status": (UnitStatus.OCCUPIED if i < TENANCIES else UnitStatus.VACANT).value,
                   "reserved_for_employers": [], "reserved_for_categories": []}
                  for i in range(UNITS)])  # fmt: skip
    units = db.session.scalars(sa.select(Unit.id).order_by(Unit.id)).all()
    people = TENANCIES + GRANTS
    insert(User, [{"email": f"t{i}@bench.cn", "password_hash": "x", "role": Role.APPLICANT.value,
                   "name": f"人才{i}"} for i in range(people)])  # fmt: skip
    users = db.session.scalars(sa.select(User.id).order_by(User.id)).all()
    insert(Application, [{"user_id": users[i], "category": Category.YOUNG.value,
                          "degree": (Degree.PHD if i % 3 == 0 else Degree.MASTER).value,
                          "status": (ApplicationStatus.HOUSED if i < TENANCIES
                                     else ApplicationStatus.WAITING).value}
                         for i in range(people)])  # fmt: skip
    apps = db.session.scalars(sa.select(Application.id).order_by(Application.id)).all()
    first_of_month = date(2027, 6, 1)
    tenancies = []
    for i in range(TENANCIES):
        start = first_of_month - timedelta(days=rng.randint(-20, 700))
        move_out = first_of_month + timedelta(days=rng.randint(1, 29)) if i % 25 == 0 else None
        tenancies.append({
            "application_id": apps[i], "unit_id": units[i],
            "status": (TenancyStatus.ENDING if move_out else TenancyStatus.ACTIVE).value,
            "start_date": start, "end_date": start + timedelta(days=730), "rent": 3600,
            "move_in_on": start, "move_out_on": move_out,
        })  # fmt: skip
    insert(Tenancy, tenancies)
    grants = []
    for k in range(GRANTS):
        i = TENANCIES + k
        degree = "phd" if i % 3 == 0 else "master"
        started = rng.randint(0, 13)  # months before June 2027
        first = date(2027, 6, 1)
        for _ in range(started):
            first = (first - timedelta(days=1)).replace(day=1)
        ends_on = first_of_month + timedelta(days=rng.randint(0, 29)) if k % 40 == 0 else None
        grants.append({
            "application_id": apps[i], "policy_version_id": policy.id,
            "status": GrantStatus.APPROVED.value, "first_month": f"{first:%Y-%m}",
            "months": 12, "monthly_amounts": schedule(policy.subsidy_by_degree[degree], 12),
            "months_paid": min(started, 12), "paid_fen": 0, "ends_on": ends_on,
            "end_reason": "eligibility_lost" if ends_on else None,
        })  # fmt: skip
    # Months paid before this ledger existed are counted (so amounts follow the schedule and
    # caps are reached) but not in `paid_fen`, so the ledger of this month reconciles alone.
    insert(SubsidyGrant, grants)
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    scratch = Path(tempfile.gettempdir()) / "bench_money.sqlite"
    url = args.database_url or f"sqlite:///{scratch}"
    if not args.database_url:
        scratch.unlink(missing_ok=True)

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    import sqlalchemy as sa
    from flask_migrate import upgrade

    from housing import create_app
    from housing.extensions import db
    from housing.models import LedgerEntry, SubsidyGrant, Tenancy, Unit
    from housing.money import ledger, runs

    app = create_app(BenchConfig)
    with app.app_context():
        leftover = sa.MetaData()
        leftover.reflect(db.engine)
        leftover.drop_all(db.engine)
        upgrade()
        started = time.perf_counter()
        seed(random.Random(2027))
        count = lambda model: db.session.scalar(sa.select(sa.func.count()).select_from(model))  # noqa: E731
        took = time.perf_counter() - started
        print(f"seeded {count(Unit)} units, {count(Tenancy)} tenancies, {count(SubsidyGrant)} "
              f"grants in {took:.1f} s ({db.engine.dialect.name})")  # fmt: skip
        for name, run in (("payment run", runs.pay_subsidies),
                          ("incentive run", runs.incentive_statements)):  # fmt: skip
            started = time.perf_counter()
            result, created = run(MONTH)
            took = time.perf_counter() - started
            print(f"{name} {MONTH}: {result.entries} entries, {result.total_fen / 100:,.2f} yuan "
                  f"in {took:.2f} s (created={created})")  # fmt: skip
            started = time.perf_counter()
            _again, created = run(MONTH)
            print(f"  again: created={created} in {time.perf_counter() - started:.2f} s")
        started = time.perf_counter()
        check = ledger.reconcile()
        print(f"reconcile: ok={check['ok']} in {time.perf_counter() - started:.2f} s; "
              f"{count(LedgerEntry)} ledger entries")  # fmt: skip
        db.session.remove()
        db.engine.dispose()


if __name__ == "__main__":
    main()
