"""Units by spreadsheet: all or nothing, every bad row named, re-import updates."""

import io
import re

import pytest
import sqlalchemy as sa

from housing.landlords import imports
from housing.models import AuditEvent, Unit
from tests.web.conftest import csrf_token, switch_language
from tests.web.landlord_helpers import (
    ORG_B,
    add_building,
    add_employer,
    add_unit,
    count_units,
    csv_bytes,
    unit_line,
    xlsx_bytes,
)


def _upload(client, data: bytes, name: str = "units.csv"):
    token = csrf_token(client.get("/landlord/units/import").text)
    return client.post(
        "/landlord/units/import",
        data={"csrf_token": token, "file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_good_csv_imports_and_reimport_updates(make_user, db):
    user = make_user("landlord")
    add_building(user)
    add_employer("E0007")
    data = csv_bytes(
        [
            unit_line("A-101"),
            unit_line("A-102", layout="studio", bedrooms="", area_m2="28", max_occupants="1"),
            unit_line(
                "A-103",
                layout="2BR",
                bedrooms="2",
                area_m2="70",
                max_occupants="4",
                rent="5600",
                market_rent="7000",
                accessible="是",
                reserved_for_employers="E0007",
                reserved_for_categories="young;海外人才",
            ),
        ]
    )
    result = imports.import_units(user.landlord_id, user, data)
    assert (result.created, result.updated, result.imported) == (3, 0, 3)
    unit = db.session.scalar(sa.select(Unit).where(Unit.code == "A-103"))
    assert unit.accessible and unit.reserved_for_employers == ["E0007"]
    assert unit.reserved_for_categories == ["young", "overseas"]
    assert db.session.scalar(sa.select(Unit.bedrooms).where(Unit.code == "A-102")) == 0
    # The same file again: nothing new, nothing changed.
    again = imports.import_units(user.landlord_id, user, data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert count_units() == 3
    # A changed rent updates the unit in place.
    changed = data.replace(b"A-101,1BR,1,45.5,2,2,4200", b"A-101,1BR,1,45.5,2,2,4000")
    third = imports.import_units(user.landlord_id, user, changed)
    assert (third.created, third.updated) == (0, 1)
    db.session.expire_all()
    assert db.session.scalar(sa.select(Unit.rent).where(Unit.code == "A-101")) == 4000
    assert count_units() == 3
    audit = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "unit.updated")
    ).one()
    assert audit.data == {"rent": [4200, 4000]}


def test_chinese_headers_gbk_and_xlsx_are_accepted(make_user, db):
    user = make_user("landlord")
    add_building(user)
    zh = (
        "楼栋,房源编号,户型,卧室数,面积（平方米）,最多入住人数,楼层,"
        "租金（元/月）,市场租金（元/月）,无障碍,定向企业,定向人才类别"
    )
    data = csv_bytes([unit_line("Z-1", layout="一室一厅")], header=zh, encoding="gb18030")
    assert imports.import_units(user.landlord_id, user, data).created == 1
    header = ["building", "code", "layout", "area_m2", "max_occupants", "rent", "market_rent"]
    book = xlsx_bytes([header, ["华阳路人才公寓1号楼", 101, "studio", 30, 1, 2500, 3000]])
    result = imports.import_units(user.landlord_id, user, book)
    assert result.created == 1
    assert db.session.scalar(sa.select(Unit.code).where(Unit.layout == "studio")) == "101"


def test_bad_rows_are_all_listed_and_nothing_is_imported(client, make_user, login):
    user = make_user("landlord")
    add_building(user)
    add_unit(user, add_building(user, name="另一栋"), code="KEEP")
    data = csv_bytes(
        [
            unit_line("OK-1"),  # line 2: good
            unit_line("BAD-1", layout="2BR", bedrooms="2", area_m2="8", max_occupants="4"),
            unit_line("BAD-2", rent="6000", market_rent="5200"),  # line 4: above the cap
            unit_line("BAD-3", building="不存在的楼"),  # line 5: unknown building
            unit_line("OK-1"),  # line 6: duplicate code
            unit_line("BAD-5", area_m2="abc", reserved_for_employers="NOPE"),  # line 7
        ]
    )
    login(user.email)
    switch_language(client, "en")
    response = _upload(client, data)
    assert response.status_code == 422
    problems = {
        (int(line), field)
        for line, field in re.findall(
            r'data-testid="problem" data-line="(\d+)" data-field="([^"]+)"', response.text
        )
    }
    assert problems == {
        (3, "area_m2"),
        (4, "rent"),
        (5, "building"),
        (6, "code"),
        (7, "area_m2"),
        (7, "reserved_for_employers"),
    }
    assert "nothing was imported" in response.text
    assert count_units() == 1  # only the unit that was there before


def test_api_shape_of_problems(make_user, db):
    user = make_user("landlord")
    add_building(user)
    data = csv_bytes([unit_line("A"), unit_line("B", max_occupants="0")])
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_units(user.landlord_id, user, data)
    rows = exc.value.extra["rows"]
    assert rows == [
        {
            "line": 3,
            "field": "max_occupants",
            "column": "max_occupants",
            "message": rows[0]["message"],
        }
    ]


def test_header_problems(make_user, db):
    user = make_user("landlord")
    add_building(user)
    data = b"building,code,colour\nX,1,red\n"
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_units(user.landlord_id, user, data)
    fields = {(r["line"], r["field"]) for r in exc.value.extra["rows"]}
    assert (1, "colour") in fields
    assert {(1, "layout"), (1, "rent"), (1, "market_rent")} <= fields


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "units.csv"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(100), "units.xlsx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "units.xls"),
        (b"PK\x03\x04not really a zip", "units.xlsx"),
        (b"", "units.csv"),
    ],
)
def test_wrong_formats_are_refused(client, make_user, login, data, name):
    user = make_user("landlord")
    add_building(user)
    login(user.email)
    response = _upload(client, data, name)
    assert response.status_code == 422
    assert 'id="file-error"' in response.text
    assert count_units() == 0


def test_a_docx_is_not_an_xlsx(make_user, db):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    user = make_user("landlord")
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_units(user.landlord_id, user, buffer.getvalue())
    assert "file" in exc.value.fields


def test_files_over_20_mb_are_refused(make_user, db, app):
    user = make_user("landlord")
    add_building(user)
    big = csv_bytes([unit_line("A")]) + b"#" * (imports.MAX_BYTES)
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_units(user.landlord_id, user, big)
    assert "file" in exc.value.fields
    assert count_units() == 0


def test_import_is_per_organisation(make_user, db):
    a = make_user("landlord")
    b = make_user("landlord", landlord_org=ORG_B)
    add_building(a)
    add_building(b)
    data = csv_bytes([unit_line("SAME-1")])
    imports.import_units(a.landlord_id, a, data)
    imports.import_units(b.landlord_id, b, data)  # the same code in another organisation
    assert count_units(a.landlord_id) == count_units(b.landlord_id) == 1
    # A building name of the other organisation is unknown here.
    add_building(b, name="魔方独有楼")
    with pytest.raises(imports.ImportRefused) as exc:
        imports.import_units(a.landlord_id, a, csv_bytes([unit_line("X", building="魔方独有楼")]))
    assert exc.value.extra["rows"][0]["field"] == "building"


def test_crash_mid_write_leaves_nothing(make_user, db, monkeypatch):
    user = make_user("landlord")
    add_building(user)

    original = db.session.execute

    def flaky(statement, *args, **kwargs):
        # The audit rows are written last, after the units: fail there.
        if args and isinstance(args[0], list) and "actor_id" in args[0][0]:
            raise RuntimeError("disk full")
        return original(statement, *args, **kwargs)

    monkeypatch.setattr(db.session, "execute", flaky)
    with pytest.raises(RuntimeError):
        imports.import_units(user.landlord_id, user, csv_bytes([unit_line("A"), unit_line("B")]))
    monkeypatch.undo()
    assert count_units() == 0


def test_templates_download_and_import_back(client, make_user, login):
    user = make_user("landlord")
    add_building(user)
    login(user.email)
    csv_template = client.get("/landlord/units/import/template.csv")
    assert csv_template.status_code == 200
    xlsx_template = client.get("/landlord/units/import/template.xlsx")
    assert xlsx_template.data.startswith(b"PK")
    # Both templates are valid files for the landlord's own building, as they are.
    assert imports.import_units(user.landlord_id, user, csv_template.data).created == 2
    assert imports.import_units(user.landlord_id, user, xlsx_template.data).imported == 2
    page = client.get("/landlord/units/import")
    assert 'data-testid="template-xlsx"' in page.text


def test_page_import_success_redirects_to_units(client, make_user, login):
    user = make_user("landlord")
    add_building(user)
    login(user.email)
    response = _upload(client, csv_bytes([unit_line("P-1"), unit_line("P-2")]))
    assert response.status_code == 302
    listing = client.get(response.headers["Location"])
    assert 'data-code="P-1"' in listing.text and 'data-code="P-2"' in listing.text


@pytest.mark.slow
def test_5000_units_import_then_reimport_changes_nothing(make_user, db):
    """District scale through the same operation; its time is measured by bench/import_units.py."""
    user = make_user("landlord")
    add_building(user)
    lines = [unit_line(f"K-{i:05d}", floor=str(i % 30 + 1)) for i in range(5000)]
    data = csv_bytes(lines)
    assert imports.import_units(user.landlord_id, user, data).created == 5000
    assert imports.import_units(user.landlord_id, user, data).unchanged == 5000
    assert count_units() == 5000
