"""The downloadable import templates (CSV and XLSX), made for the landlord who downloads them.

The example rows name the landlord's own buildings, unit codes they do not use yet and a rent
within the cap in force, so a template imported unchanged is accepted (and the landlord sees
what a good row looks like before replacing the examples with real units).
"""

import csv
import io

import sqlalchemy as sa
from flask_babel import gettext as _

from housing.extensions import db
from housing.landlords.imports import COLUMNS
from housing.models import Building, Unit
from housing.policy import rent_cap_pct

#: The example units; `building` and `code` are filled in per landlord.
EXAMPLES = (
    {
        "code": "B01-0201",
        "layout": "1BR",
        "bedrooms": 1,
        "area_m2": 45.5,
        "max_occupants": 2,
        "floor": 2,
        "rent": 4200,
        "market_rent": 5200,
        "accessible": "no",
        "reserved_for_employers": "",
        "reserved_for_categories": "young;key_industry",
    },
    {
        "code": "B01-0202",
        "layout": "studio",
        "bedrooms": 0,
        "area_m2": 28,
        "max_occupants": 1,
        "floor": 2,
        "rent": 3000,
        "market_rent": 3600,
        "accessible": "yes",
        "reserved_for_employers": "",
        "reserved_for_categories": "",
    },
)


def _free_code(code: str, taken: set[str]) -> str:
    """`code`, or the next number after it that the landlord does not use yet."""
    prefix, _dash, number = code.rpartition("-")
    n = int(number)
    while code in taken:
        n += 1
        code = f"{prefix}-{n:04d}"
    taken.add(code)
    return code


def template_rows(landlord_id: int) -> list[dict]:
    """The example rows for this landlord; empty when they have no building yet."""
    names = db.session.scalars(
        sa.select(Building.name)
        .where(Building.landlord_id == landlord_id)
        .order_by(Building.name, Building.id)
        .limit(len(EXAMPLES))
    ).all()
    if not names:
        return []
    taken = set(db.session.scalars(sa.select(Unit.code).where(Unit.landlord_id == landlord_id)))
    cap = rent_cap_pct()
    rows = []
    for i, example in enumerate(EXAMPLES):
        row = {"building": names[i % len(names)], **example}
        row["code"] = _free_code(example["code"], taken)
        row["rent"] = min(example["rent"], example["market_rent"] * cap // 100)
        rows.append({field: row[field] for field in COLUMNS})
    return rows


def template_csv(landlord_id: int) -> bytes:
    """UTF-8 with a byte-order mark, so that Excel opens the Chinese names correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([en for en, _zh, _req, _doc in COLUMNS.values()])
    for row in template_rows(landlord_id):
        writer.writerow([row[field] for field in COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx(landlord_id: int) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    units = book.active
    units.title = "units"
    units.append([en for en, _zh, _req, _doc in COLUMNS.values()])
    for row in template_rows(landlord_id):
        units.append([row[field] for field in COLUMNS])
    for cell in units[1]:
        cell.font = Font(bold=True)
    guide = book.create_sheet("guide")
    guide.append([_("Column"), _("Chinese column name"), _("Required"), _("What goes in it")])
    for en, zh, required, doc in COLUMNS.values():
        guide.append([en, zh, _("yes") if required else _("no"), str(doc)])
    guide.append([])
    note = _("The example rows name your own buildings and import as they are: replace them.")
    guide.append([note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
