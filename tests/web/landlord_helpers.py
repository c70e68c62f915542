"""Shared set-up for the landlord tests: organisations, buildings and units in a few lines."""

import io

import sqlalchemy as sa

from housing.extensions import db
from housing.landlords import operations
from housing.models import Building, Employer, Landlord, Unit, User

ORG_A = "长宁区国有资产经营有限公司"
ORG_B = "魔方公寓"

GOOD_BUILDING = {
    "name": "华阳路人才公寓1号楼",
    "address": "上海市长宁区华阳路100号",
    "street": "huayang",
    "lat": 31.2235,
    "lon": 121.4240,
}
GOOD_UNIT = {
    "code": "B01-0201",
    "layout": "1BR",
    "bedrooms": 1,
    "area_m2": 45.5,
    "max_occupants": 2,
    "floor": 2,
    "rent": 4200,
    "market_rent": 5200,
    "accessible": False,
    "reserved_for_employers": [],
    "reserved_for_categories": [],
}


def org(user: User) -> int:
    return user.landlord_id


def add_building(user: User, **changes) -> Building:
    return operations.create_building(org(user), user, {**GOOD_BUILDING, **changes})


def add_unit(user: User, building: Building, **changes) -> Unit:
    return operations.create_unit(
        org(user), user, {**GOOD_UNIT, "building_id": building.id, **changes}
    )


def add_employer(code: str = "E0001") -> Employer:
    employer = Employer(code=code, name=f"上海测试企业{code}", industry="数字经济")
    db.session.add(employer)
    db.session.commit()
    return employer


def count_units(landlord_id: int | None = None) -> int:
    query = sa.select(sa.func.count()).select_from(Unit)
    if landlord_id is not None:
        query = query.where(Unit.landlord_id == landlord_id)
    return db.session.scalar(query)


def landlord_named(name: str) -> Landlord:
    return db.session.scalar(sa.select(Landlord).where(Landlord.name == name))


HEADER = (
    "building,code,layout,bedrooms,area_m2,max_occupants,floor,rent,market_rent,"
    "accessible,reserved_for_employers,reserved_for_categories"
)


def csv_bytes(rows: list[str], header: str = HEADER, encoding: str = "utf-8") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode(encoding)


def unit_line(code: str, building: str = GOOD_BUILDING["name"], **kw) -> str:
    values = {
        "layout": "1BR",
        "bedrooms": "1",
        "area_m2": "45.5",
        "max_occupants": "2",
        "floor": "2",
        "rent": "4200",
        "market_rent": "5200",
        "accessible": "no",
        "reserved_for_employers": "",
        "reserved_for_categories": "",
        **kw,
    }
    return ",".join([building, code, *values.values()])


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
