"""clean_unit: every rule of a unit as the form, the API and the import meet it, without an app."""

import pytest

from housing.landlords.rules import UnitContext, clean_unit
from housing.models import Layout
from tests.web.landlord_helpers import GOOD_UNIT

GOOD = {**GOOD_UNIT, "building_id": 7}
CTX = UnitContext(rent_cap_pct=90, building_ids={7}, employer_codes={"E0001"})


def clean(**changes):
    return clean_unit({**GOOD, **changes}, CTX)


def test_a_good_unit_comes_back_typed():
    out, errors = clean()
    assert errors == {}
    assert out["layout"] is Layout.ONE_BR and out["code"] == "B01-0201"


def test_spreadsheet_spellings_are_understood():
    out, errors = clean(
        layout="一室一厅",
        bedrooms="",
        area_m2="45.5",
        rent="4,200",
        floor=2.0,
        accessible="是",
        reserved_for_employers="E0001；E0001",
        reserved_for_categories="青年人才, leading",
    )
    assert errors == {}
    assert out["layout"] is Layout.ONE_BR
    assert out["bedrooms"] == 1  # left blank: the layout says it
    assert (out["rent"], out["floor"], out["accessible"]) == (4200, 2, True)
    assert out["reserved_for_employers"] == ["E0001"]
    assert out["reserved_for_categories"] == ["young", "leading"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"building_id": 8}, "building_id"),  # another organisation's building
        ({"code": " "}, "code"),
        ({"code": "x" * 41}, "code"),
        ({"layout": "penthouse"}, "layout"),
        ({"bedrooms": 2}, "bedrooms"),  # a 1BR has one
        ({"area_m2": 20}, "area_m2"),  # below 40 * 0.7
        ({"area_m2": "lots"}, "area_m2"),
        ({"max_occupants": 5}, "max_occupants"),  # at most 2 * 1 + 2 for a 1BR
        ({"max_occupants": 0}, "max_occupants"),
        ({"floor": 121}, "floor"),
        ({"rent": 0}, "rent"),
        ({"rent": 100_001}, "rent"),  # a typo (fen, or a year), not a rent
        ({"rent": 4681}, "rent"),  # above 90% of 5200 = 4680
        ({"accessible": "maybe"}, "accessible"),
        ({"reserved_for_employers": ["E9999"]}, "reserved_for_employers"),
        ({"reserved_for_categories": ["astronaut"]}, "reserved_for_categories"),
    ],
)
def test_each_rule_names_its_field(changes, field):
    _out, errors = clean(**changes)
    assert set(errors) == {field}


def test_the_rent_cap_is_the_one_handed_in():
    assert clean(rent=4680)[1] == {}
    lower = UnitContext(rent_cap_pct=80, building_ids={7}, employer_codes=set())
    _out, errors = clean_unit({**GOOD, "rent": 4200}, lower)
    assert set(errors) == {"rent"} and "4160" in errors["rent"]


def test_all_faults_are_reported_together():
    _out, errors = clean(code="", layout="2BR", rent=6000)
    assert set(errors) == {"code", "bedrooms", "rent"}
