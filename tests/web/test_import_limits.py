"""Hostile or careless spreadsheets: bounded work, a clear refusal, never a 500."""

import io
import threading
import tracemalloc

import pytest
from openpyxl import Workbook

from housing.landlords import imports
from tests.web.landlord_helpers import HEADER, add_building, count_units, csv_bytes, unit_line


def _xlsx_with_a_far_cell() -> bytes:
    """A tiny file whose sheet declares A1:XFD1048576: one header row and one far cell."""
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.cell(row=1_048_576, column=16_384, value="x")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_sheet_declaring_a_billion_cells_is_refused_in_bounded_memory(make_user, db):
    user = make_user("landlord")
    data = _xlsx_with_a_far_cell()
    assert len(data) < 10_000
    tracemalloc.start()
    try:
        with pytest.raises(imports.ImportRefused) as refused:
            imports.import_units(user.landlord_id, user, data)
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert str(imports.MAX_ROWS) in refused.value.message  # "more than 20000 rows", in words
    assert peak < 100 * 1024 * 1024  # the unbounded reader grew to gigabytes
    assert count_units() == 0


def test_too_many_csv_rows_are_refused(make_user, db, monkeypatch):
    user = make_user("landlord")
    add_building(user)
    monkeypatch.setattr(imports, "MAX_ROWS", 3)
    data = csv_bytes([unit_line(f"U-{i}") for i in range(4)])
    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_units(user.landlord_id, user, data)
    assert refused.value.fields == {"file": refused.value.message} and "3" in refused.value.message
    assert count_units() == 0


def test_a_csv_cell_over_the_parser_limit_answers_422(client, make_user, token, db):
    user = make_user("landlord")
    add_building(user)
    data = csv_bytes([unit_line("U-1"), unit_line("U-2", floor='"' + "9" * 200_000)])
    response = client.post(
        "/api/v1/landlord/units/import",
        headers=token(user.email),
        data={"file": (io.BytesIO(data), "units.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422, response.status_code
    assert response.json["error"]["rows"][0]["field"] == "file"
    assert count_units() == 0


def test_the_same_file_sent_twice_at_once_imports_once(app, make_user, db):
    user = make_user("landlord")
    add_building(user)
    data = csv_bytes([unit_line(f"U-{i:03d}") for i in range(200)])
    landlord_id = user.landlord_id
    results, errors = [], []
    start = threading.Barrier(2)

    def send():
        with app.app_context():
            start.wait()
            try:
                results.append(imports.import_units(landlord_id, None, data))
            except Exception as exc:  # the test reports any error, a 500 in real life
                errors.append(exc)

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r.created for r in results) == [0, 200]
    assert sorted(r.unchanged for r in results) == [0, 200]
    assert count_units() == 200
