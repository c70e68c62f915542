"""Who may apply: the policy's eligibility rules as one pure check.

The public pre-check and submission share it, so the answer a visitor gets before
registering is the answer the wizard enforces.
"""

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from housing.extensions import db
from housing.models import PolicyVersion
from housing.models._base import utcnow


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


def current_policy(create: bool = True) -> PolicyVersion:
    """The latest version in force; the defaults of the design card if none was published."""
    policy = db.session.scalar(
        sa.select(PolicyVersion)
        .where(PolicyVersion.effective_from <= utcnow())
        .order_by(PolicyVersion.version.desc())
        .limit(1)
    )
    if policy is None:
        policy = db.session.scalar(sa.select(PolicyVersion).order_by(PolicyVersion.version))
    if policy is None:
        policy = PolicyVersion(version=1, note="default policy")
        if create:
            db.session.add(policy)
            db.session.flush()
        else:  # column defaults apply only on insert; fill them for an unsaved copy
            for column in PolicyVersion.__table__.columns:
                if getattr(policy, column.key) is None and column.default is not None:
                    arg = column.default.arg
                    setattr(policy, column.key, arg(None) if callable(arg) else arg)
    return policy


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
