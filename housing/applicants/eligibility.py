"""Who may apply: the policy's eligibility rules as one pure check.

The public pre-check and submission share it, so the answer a visitor gets before
registering is the answer the wizard enforces.
"""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from housing.models import PolicyVersion


@dataclass(frozen=True)
class EligibilityFacts:
    employer_in_district: bool
    returnee: bool = False
    returned_on: date | None = None
    owns_housing_in_shanghai: bool = False
    owned_area_per_person_m2: float | None = None
    other_housing_benefit: bool = False
    social_insurance_in_shanghai: bool = False
    category: str | None = None


def check_eligibility(facts: EligibilityFacts, policy: PolicyVersion, today: date) -> dict:
    """Reasons why the person may not apply, keyed by the fact at fault; empty means eligible."""
    reasons: dict[str, str] = {}
    returnee_ok = (
        facts.returnee
        and facts.returned_on is not None
        and 0 <= (today - facts.returned_on).days <= policy.returnee_window_days
    )
    if not facts.employer_in_district and not returnee_ok:
        if facts.returnee:
            reasons["returned_on"] = _(
                "The returnee route is open for %(days)d days after returning from overseas study.",
                days=policy.returnee_window_days,
            )
        else:
            reasons["employer_in_district"] = _(
                "You must work for an enterprise registered in Changning, or have returned "
                "from overseas study within a year."
            )
    if facts.owns_housing_in_shanghai:
        limit = policy.max_owned_area_per_person_m2
        area = facts.owned_area_per_person_m2
        if area is None or area >= limit:
            reasons["owns_housing_in_shanghai"] = _(
                "You or your spouse own housing in Shanghai of %(limit)d m² or more per person.",
                limit=limit,
            )
    if facts.other_housing_benefit:
        reasons["other_housing_benefit"] = _(
            "You cannot receive another housing benefit at the same time."
        )
    if not facts.social_insurance_in_shanghai:
        reasons["social_insurance_in_shanghai"] = _("Social insurance must be paid in Shanghai.")
    if facts.category is not None and facts.category not in policy.category_points:
        reasons["category"] = _("This talent category is not part of the current policy.")
    return reasons
