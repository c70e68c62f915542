"""Who may apply: check_eligibility is pure, so every rule is checked without an app."""

from datetime import date, timedelta

import pytest

from housing.applicants.eligibility import EligibilityFacts, check_eligibility
from housing.policy import default_policy

TODAY = date(2026, 6, 15)
ELIGIBLE = {
    "employer_in_district": True,
    "social_insurance_in_shanghai": True,
    "category": "young",
}


def reasons(**changes) -> set[str]:
    facts = EligibilityFacts(**{**ELIGIBLE, **changes})
    return set(check_eligibility(facts, default_policy(), TODAY))


def test_a_district_employee_with_social_insurance_is_eligible():
    assert reasons() == set()


@pytest.mark.parametrize(
    ("changes", "fault"),
    [
        ({"employer_in_district": False}, {"employer_in_district"}),
        ({"social_insurance_in_shanghai": False}, {"social_insurance_in_shanghai"}),
        ({"other_housing_benefit": True}, {"other_housing_benefit"}),
        ({"category": "astronaut"}, {"category"}),
        ({"owns_housing_in_shanghai": True}, {"owns_housing_in_shanghai"}),  # area unknown
        (
            {"owns_housing_in_shanghai": True, "owned_area_per_person_m2": 15},
            {"owns_housing_in_shanghai"},  # the limit itself is too much
        ),
        ({"owns_housing_in_shanghai": True, "owned_area_per_person_m2": 14.9}, set()),
        ({"category": None}, set()),  # not chosen yet: the pre-check does not ask
    ],
)
def test_each_rule_names_the_fact_at_fault(changes, fault):
    assert reasons(**changes) == fault


@pytest.mark.parametrize(
    ("days_ago", "fault"),
    [
        (0, set()),
        (365, set()),
        (366, {"returned_on"}),
        (-1, {"returned_on"}),  # a return in the future is no return
    ],
)
def test_the_returnee_route_is_open_for_the_policys_window(days_ago, fault):
    returned = TODAY - timedelta(days=days_ago)
    assert reasons(employer_in_district=False, returnee=True, returned_on=returned) == fault


def test_the_window_is_the_policys():
    policy = default_policy()
    policy.returnee_window_days = 30
    facts = EligibilityFacts(
        **{**ELIGIBLE, "employer_in_district": False},
        returnee=True,
        returned_on=TODAY - timedelta(days=31),
    )
    assert set(check_eligibility(facts, policy, TODAY)) == {"returned_on"}


def test_every_fault_is_reported_at_once():
    assert reasons(
        employer_in_district=False,
        social_insurance_in_shanghai=False,
        other_housing_benefit=True,
    ) == {"employer_in_district", "social_insurance_in_shanghai", "other_housing_benefit"}
