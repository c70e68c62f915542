"""Time the unit import: a 5,000-unit CSV and XLSX through the same operation as the page.

    .venv/bin/python bench/import_units.py                       # scratch SQLite in /tmp
    DATABASE_URL=postgresql+psycopg://... .venv/bin/python bench/import_units.py

It migrates the database, creates a throw-away landlord with ten buildings, writes the files
to /tmp, times a first import, a re-import of the same file (nothing changes), a re-import
with every rent changed (5,000 updates) and the XLSX, then deletes what it created.
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LAYOUTS = [("studio", 0, 1, (25, 35)), ("1BR", 1, 2, (40, 55)), ("2BR", 2, 4, (60, 85))]


def header() -> list[str]:
    """The import's own English headers, so the file always matches what the page documents."""
    from housing.landlords.imports import COLUMNS

    return list(COLUMNS)


def make_rows(n: int, buildings: list[str], seed: int = 5, rent_delta: int = 0) -> list[list]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        layout, beds, occupants, (lo, hi) = LAYOUTS[i % len(LAYOUTS)]
        area = round(rng.uniform(lo, hi), 1)
        market = int(area * 120) // 10 * 10
        rent = market * 8 // 10 - rent_delta
        rows.append(
            [
                buildings[i % len(buildings)],
                f"BENCH-{i:05d}",
                layout,
                beds,
                area,
                occupants,
                i % 30 + 1,
                rent,
                market,
                "yes" if i % 20 == 0 else "no",
                "",
                "young;key_industry" if i % 7 == 0 else "",
            ]
        )
    return rows


def csv_bytes(rows: list[list]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header())
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("units")
    sheet.append(header())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=5000)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL")
    if not url:
        path = Path(tempfile.gettempdir()) / "bench-import-units.sqlite"
        path.unlink(missing_ok=True)
        url = f"sqlite:///{path}"

    from flask_migrate import upgrade

    from config import TestingConfig
    from housing import create_app

    class BenchConfig(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url

    app = create_app(BenchConfig)
    with app.app_context():
        import sqlalchemy as sa

        from housing.auth.operations import create_staff_user
        from housing.extensions import db
        from housing.landlords import imports, operations
        from housing.models import AuditEvent, Building, Landlord, Role, Unit, User

        upgrade()
        org = f"bench landlord {int(time.time())}"
        user = create_staff_user(
            Role.LANDLORD, f"bench-{time.time_ns()}@example.cn", "x" * 12, landlord_org=org
        )
        names = []
        for b in range(10):
            name = f"基准测试楼{b + 1}"
            operations.create_building(
                user.landlord_id,
                user,
                {
                    "name": name,
                    "address": f"上海市长宁区仙霞路{b + 1}号",
                    "street": "xianxia",
                    "lat": 31.205,
                    "lon": 121.395,
                },
            )
            names.append(name)
        rows = make_rows(args.units, names)
        tmp = Path(tempfile.gettempdir())
        files = {
            "csv": tmp / "bench-units.csv",
            "csv_changed": tmp / "bench-units-changed.csv",
            "xlsx": tmp / "bench-units.xlsx",
        }
        files["csv"].write_bytes(csv_bytes(rows))
        files["csv_changed"].write_bytes(csv_bytes(make_rows(args.units, names, rent_delta=10)))
        files["xlsx"].write_bytes(xlsx_bytes(rows))

        def timed(label: str, path: Path) -> None:
            data = path.read_bytes()
            start = time.perf_counter()
            result = imports.import_units(user.landlord_id, user, data)
            seconds = time.perf_counter() - start
            print(
                f"{label:<28} {seconds:6.2f} s  created={result.created} "
                f"updated={result.updated} unchanged={result.unchanged} "
                f"({len(data) / 1024:.0f} KiB)"
            )

        print(f"database: {db.engine.url.render_as_string(hide_password=True)}")
        timed("first import (CSV)", files["csv"])
        timed("re-import, same CSV", files["csv"])
        timed("re-import, all rents changed", files["csv_changed"])
        timed("XLSX (rents back: updates)", files["xlsx"])

        # Leave the database as it was.
        landlord_id = user.landlord_id
        unit_ids = sa.select(Unit.id).where(Unit.landlord_id == landlord_id)
        building_ids = sa.select(Building.id).where(Building.landlord_id == landlord_id)
        db.session.execute(
            sa.delete(AuditEvent).where(
                (AuditEvent.actor_id == user.id)
                | ((AuditEvent.object_type == "user") & (AuditEvent.object_id == user.id))
            )
        )
        db.session.execute(sa.delete(Unit).where(Unit.id.in_(unit_ids)))
        db.session.execute(sa.delete(Building).where(Building.id.in_(building_ids)))
        db.session.execute(sa.delete(User).where(User.id == user.id))
        db.session.execute(sa.delete(Landlord).where(Landlord.id == landlord_id))
        db.session.commit()


if __name__ == "__main__":
    main()
