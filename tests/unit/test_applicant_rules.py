"""The applicant rules and capabilities: pure, so checked without an app or a database."""

from datetime import date, timedelta

import pytest

from housing.applicants import rules
from housing.models import TRANSITIONS, Application, ApplicationStatus, Category, Degree

S = ApplicationStatus
TODAY = date(2026, 6, 15)
CTX = rules.ApplicantContext(today=TODAY, district_employer_ids={3})


def clean(**values):
    return rules.clean_application(values, CTX)


def test_only_the_given_fields_are_checked_and_typed():
    out, errors = clean(category="young", degree="", phone="  138 0000 0000 ", returnee=1)
    assert errors == {}
    assert out == {
        "category": Category.YOUNG,
        "degree": None,
        "phone": "138 0000 0000",
        "returnee": True,
    }
    assert clean(degree="phd")[0] == {"degree": Degree.PHD}


def test_layouts_come_back_in_the_order_of_the_choices():
    assert clean(layouts=["2BR", "studio", "2BR"])[0] == {"layouts": ["studio", "2BR"]}


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"category": "astronaut"}, "category"),
        ({"category": None}, "category"),
        ({"degree": "mba"}, "degree"),
        ({"employer_id": 4}, "employer_id"),  # not registered in the district
        ({"employer_id": "abc"}, "employer_id"),
        ({"returned_on": TODAY + timedelta(days=1)}, "returned_on"),
        ({"owned_area_per_person_m2": 1000.5}, "owned_area_per_person_m2"),
        ({"workplace_address": "x" * 301}, "workplace_address"),
        ({"workplace_lat": 121.4}, "workplace_lat"),  # swapped with the longitude
        ({"workplace_lon": 31.2}, "workplace_lon"),
        ({"layouts": []}, "layouts"),
        ({"layouts": ["castle"]}, "layouts"),
        ({"max_commute_min": None}, "max_commute_min"),
        ({"max_commute_min": 121}, "max_commute_min"),
        ({"max_rent": 499}, "max_rent"),
        ({"phone": "1" * 31}, "phone"),
        ({"favourite_colour": "red"}, "favourite_colour"),  # not a field at all
    ],
)
def test_each_rule_names_its_field(values, field):
    out, errors = clean(**values)
    assert set(errors) == {field} and out == {}


@pytest.mark.parametrize(
    "values",
    [
        {"employer_id": 3},
        {"employer_id": None},  # the returnee route
        {"returned_on": TODAY},
        {"owned_area_per_person_m2": None},
        {"workplace_lat": 31.2, "workplace_lon": 121.4},
        {"max_commute_min": 10},
        {"max_rent": None},
    ],
)
def test_edges_that_are_allowed(values):
    assert clean(**values)[1] == {}


def test_member_rules():
    good = {"name": "李娜", "relation": "child", "id_number": "110101199003071372"}
    assert rules.member_errors(good, TODAY, lambda number, id_type: False) == {}
    bad = {
        "name": " ",
        "relation": "cousin",
        "id_number": "123",
        "birth_date": TODAY.replace(year=2027),
    }
    assert set(rules.member_errors(bad, TODAY, lambda number, id_type: False)) == {
        "name",
        "relation",
        "id_number",
        "birth_date",
    }
    twice = rules.member_errors(
        good, TODAY, lambda number, id_type: (number, id_type) == (good["id_number"], "resident_id")
    )
    assert set(twice) == {"id_number"}
    # A member may hold another document; its own rule checks the number.
    spouse = {
        "name": "John Doe",
        "relation": "spouse",
        "id_type": "passport",
        "id_number": "X98765",
    }
    assert rules.member_errors(spouse, TODAY, lambda number, id_type: False) == {}
    wrong = {**spouse, "id_number": "110101199003071372"}  # too long for a passport
    assert set(rules.member_errors(wrong, TODAY, lambda number, id_type: False)) == {"id_number"}
    unknown = {**spouse, "id_type": "visa"}
    assert set(rules.member_errors(unknown, TODAY, lambda number, id_type: False)) == {"id_type"}


def test_household_size_counts_the_applicant_and_the_members():
    assert rules.household_size_error(3, members=2) is None
    assert rules.household_size_error(2, members=2) is not None
    assert rules.household_size_error(rules.MAX_HOUSEHOLD, members=0) is None
    assert rules.household_size_error(rules.MAX_HOUSEHOLD + 1, members=0) is not None


# The statuses the pages listed by hand before the capabilities were read off TRANSITIONS.
BY_HAND = {
    "can_withdraw": {S.DRAFT, S.SUBMITTED, S.VERIFIED, S.WAITING, S.OFFERED},
    "can_report_change": {S.SUBMITTED, S.VERIFIED, S.WAITING},
    "can_reopen": {S.REJECTED},
    "awaits_decision": {S.SUBMITTED},
    "is_closed": {S.WITHDRAWN, S.EXITED},
    "is_ranked": {S.VERIFIED, S.WAITING, S.OFFERED, S.HOUSED},
    "is_draft": {S.DRAFT},
}


@pytest.mark.parametrize("capability", sorted(BY_HAND))
def test_capabilities_follow_the_status_machine(capability):
    allowed = {s for s in S if getattr(Application(status=s), capability)}
    assert allowed == BY_HAND[capability]


def test_withdrawing_is_exactly_a_move_the_machine_allows():
    for status in S:
        assert Application(status=status).can_withdraw == (S.WITHDRAWN in TRANSITIONS[status])
