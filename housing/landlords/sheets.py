"""The downloadable import template as XLSX: headers, an example row and a guide sheet."""

import io

from flask_babel import gettext as _

from housing.landlords.imports import COLUMNS

EXAMPLE = {
    "building": "华阳路人才公寓1号楼",
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
}


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    units = book.active
    units.title = "units"
    units.append([en for en, _zh, _req, _doc in COLUMNS.values()])
    units.append([EXAMPLE[field] for field in COLUMNS])
    for cell in units[1]:
        cell.font = Font(bold=True)
    guide = book.create_sheet("guide")
    guide.append([_("Column"), _("Chinese column name"), _("Required"), _("What goes in it")])
    for en, zh, required, doc in COLUMNS.values():
        guide.append([en, zh, _("yes") if required else _("no"), str(doc)])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
